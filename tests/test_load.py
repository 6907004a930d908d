"""Load: gunicorn with 4 workers on the default SQLite, 20 concurrent clients ticking off and
updating 500 different tasks and re-reading them. Every update must land, in the table and in
the history, and no response may be a 500. Bounded: it stops by itself, loopback only."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.load
ROOT = Path(__file__).resolve().parent.parent
CLIENTS, TASKS = 20, 500
PASSWORD = "mật khẩu tải thử"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(env: dict) -> None:
    script = f"""
from datetime import timedelta
from minutes import create_app
from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, User
from minutes.tasks import services
app = create_app()
with app.app_context():
    city = Organisation(name="Thành phố", level="province")
    units = [Organisation(name=f"Đơn vị {{i:03d}}", level="grassroots", parent=city) for i in range({TASKS})]
    conference = Conference(title="Hội nghị tải thử", kind="review", status="published")
    directive = Directive(conference=conference, position=1, text="Báo cáo kết quả.")
    people = []
    for i in range({CLIENTS}):
        user = User(username=f"thuky{{i}}", full_name=f"Thư ký {{i}}", role="secretariat", organisation=city)
        user.set_password({PASSWORD!r})
        people.append(user)
    db.session.add_all([city, *units, conference, directive, *people])
    db.session.flush()
    services.assign(directive, people[0], units, due_date=today() + timedelta(days=30))
    db.session.commit()
"""
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, timeout=120)


class Client:
    def __init__(self, base: str, statuses: Counter, lock: threading.Lock):
        self.base, self.statuses, self.lock = base, statuses, lock
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect())

    def call(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        with self.lock:
            self.statuses[status] += 1
        return status, text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_twenty_clients_update_500_tasks_under_gunicorn(tmp_path):
    port = _free_port()
    env = dict(os.environ, MINUTES_INSTANCE=str(tmp_path), FLASK_APP="minutes",
               SECRET_KEY="load-test-" + "k" * 40, LOGIN_LIMIT_ADDRESS="1000 per minute",
               PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    _seed(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "minutes:create_app()"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)

        statuses: Counter = Counter()
        lock = threading.Lock()
        failures: list[str] = []
        ids = list(range(1, TASKS + 1))

        def work(n: int) -> None:
            client = Client(base, statuses, lock)
            _status, page = client.call("/login")
            status, _ = client.call("/login", {"csrf_token": _csrf(page), "username": f"thuky{n}",
                                               "password": PASSWORD})
            if status != 302:
                failures.append(f"login {n}: {status}")
                return
            for task_id in ids[n::CLIENTS]:
                status, page = client.call(f"/tasks/{task_id}")
                token = _csrf(page)
                version = re.search(r'name="version" value="(\d+)"', page).group(1)
                status, _ = client.call(f"/tasks/{task_id}/progress", {
                    "csrf_token": token, "version": version, "percent": "60", "note": f"c{n}"})
                if status != 303:
                    failures.append(f"progress {task_id}: {status}")
                    continue
                status, page = client.call(f"/tasks/{task_id}")
                version = re.search(r'name="version" value="(\d+)"', page).group(1)
                status, _ = client.call(f"/tasks/{task_id}/complete", {
                    "csrf_token": _csrf(page), "version": version,
                    "completed_on": time.strftime("%Y-%m-%d"), "result_note": f"xong {task_id}"})
                if status != 303:
                    failures.append(f"complete {task_id}: {status}")
                status, page = client.call(f"/tasks/{task_id}")
                if f"xong {task_id}" not in page:
                    failures.append(f"re-read {task_id}: result note missing")

        started = time.monotonic()
        threads = [threading.Thread(target=work, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in threads), "clients did not finish in time"
    finally:
        server.terminate()
        server.wait(timeout=20)

    requests = sum(statuses.values())
    print(f"\nload: {requests} requests in {elapsed:.1f} s = {requests / elapsed:.0f} req/s "
          f"with {CLIENTS} clients, statuses {dict(statuses)}")
    assert statuses[500] == 0 and not failures, failures[:10]

    check = subprocess.run([sys.executable, "-c", """
from minutes import create_app
from minutes.extensions import db
from minutes.models import Task, TaskEvent
app = create_app()
def count(query):
    return db.session.scalar(db.select(db.func.count()).select_from(query))
with app.app_context():
    done = count(db.select(Task).where(Task.completed_on.is_not(None)).subquery())
    progress = count(db.select(TaskEvent).where(TaskEvent.action == "progress").subquery())
    completed = count(db.select(TaskEvent).where(TaskEvent.action == "completed").subquery())
    print(done, progress, completed)
"""], env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=60)
    assert check.stdout.split() == [str(TASKS)] * 3
