"""Load: gunicorn with 4 workers on the default SQLite, 20 concurrent clients ticking off and
updating 500 different tasks and re-reading them. Every update must land, in the table and in
the history, and no response may be a 500. Bounded: it stops by itself, loopback only."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest

from tests.serving import Client, csrf, in_app, migrate, serve, server_env, tracebacks

pytestmark = pytest.mark.load
CLIENTS, TASKS = 20, 500
PASSWORD = "mật khẩu tải thử"


def _seed(env: dict) -> None:
    migrate(env)
    in_app(
        env,
        f"""
        from datetime import timedelta
        from minutes.clock import today
        from minutes.models import Conference, Directive, Organisation, User
        from minutes.tasks import services
        city = Organisation(name="Thành phố", level="province")
        units = [Organisation(name=f"Đơn vị {{i:03d}}", level="grassroots", parent=city)
                 for i in range({TASKS})]
        conference = Conference(title="Hội nghị tải thử", kind="review", status="published")
        directive = Directive(conference=conference, position=1, text="Báo cáo kết quả.")
        people = []
        for i in range({CLIENTS}):
            user = User(username=f"thuky{{i}}", full_name=f"Thư ký {{i}}", role="secretariat",
                        organisation=city)
            user.set_password({PASSWORD!r})
            people.append(user)
        db.session.add_all([city, *units, conference, directive, *people])
        db.session.flush()
        services.assign(directive, people[0], units, due_date=today() + timedelta(days=30))
        db.session.commit()
    """,
    )


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_twenty_clients_update_500_tasks_under_gunicorn(tmp_path):
    env = server_env(tmp_path)
    _seed(env)
    log = tmp_path / "gunicorn.log"
    statuses: Counter = Counter()
    lock = threading.Lock()
    failures: list[str] = []
    ids = list(range(1, TASKS + 1))
    with serve(env, log) as base:

        def work(n: int) -> None:
            try:
                run(n)
            except Exception as error:  # noqa: BLE001 - a client that stops is a failure
                failures.append(f"client {n}: {error!r}")

        def run(n: int) -> None:
            client = Client(base, statuses, lock)
            if (status := client.sign_in(f"thuky{n}", PASSWORD).status) != 302:
                failures.append(f"login {n}: {status}")
                return
            for task_id in ids[n::CLIENTS]:
                page = client.call(f"/tasks/{task_id}").text
                status = client.call(
                    f"/tasks/{task_id}/progress",
                    {"csrf_token": csrf(page), "version": _version(page), "percent": "60", "note": f"c{n}"},
                ).status
                if status != 303:
                    failures.append(f"progress {task_id}: {status}")
                    continue
                page = client.call(f"/tasks/{task_id}").text
                status = client.call(
                    f"/tasks/{task_id}/complete",
                    {
                        "csrf_token": csrf(page),
                        "version": _version(page),
                        "completed_on": time.strftime("%Y-%m-%d"),
                        "result_note": f"xong {task_id}",
                    },
                ).status
                if status != 303:
                    failures.append(f"complete {task_id}: {status}")
                if f"xong {task_id}" not in client.call(f"/tasks/{task_id}").text:
                    failures.append(f"re-read {task_id}: result note missing")

        started = time.monotonic()
        threads = [threading.Thread(target=work, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in threads), "clients did not finish in time"

    requests = sum(statuses.values())
    print(
        f"\nload: {requests} requests in {elapsed:.1f} s = {requests / elapsed:.0f} req/s "
        f"with {CLIENTS} clients, statuses {dict(statuses)}"
    )
    assert statuses[500] == 0 and not failures, (failures[:10], tracebacks(log))

    counted = in_app(
        env,
        """
        from minutes.models import Task, TaskEvent
        def count(query):
            return db.session.scalar(db.select(db.func.count()).select_from(query))
        done = count(db.select(Task).where(Task.completed_on.is_not(None)).subquery())
        progress = count(db.select(TaskEvent).where(TaskEvent.action == "progress").subquery())
        completed = count(db.select(TaskEvent).where(TaskEvent.action == "completed").subquery())
        print(done, progress, completed)
    """,
        timeout=60,
    )
    assert counted.split() == [str(TASKS)] * 3
