"""The app served as in production, for the load and race tests: gunicorn with several workers
on loopback, a migrated SQLite file, CSRF on; and HTTP clients that keep their own cookies, sign
in through the login form and post the forms they read, as a browser does.

Everything here is bounded in time: the server must answer within ``START_TIMEOUT`` seconds,
every request times out, and the server is stopped when the ``serve`` block ends.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.support import free_port

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30
REQUEST_TIMEOUT = 30


def server_env(instance: Path, database: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a production-like instance in ``instance``: on ``database`` (a URL,
    see the ``served_database`` fixture), else on its own SQLite file there."""
    env = dict(
        os.environ,
        MINUTES_INSTANCE=str(instance),
        FLASK_APP="minutes",
        SECRET_KEY="served-test-" + "k" * 40,
        LOGIN_LIMIT_ADDRESS="1000 per minute",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    return env


def migrate(env: dict[str, str]) -> None:
    """Create the database the way a deployment does: ``flask db upgrade``."""
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def in_app(env: dict[str, str], body: str, timeout: float = 120) -> str:
    """Run ``body`` inside an application context of the instance; its standard output.
    ``create_app``, ``db`` and ``app`` are defined for it."""
    script = (
        "from minutes import create_app\nfrom minutes.extensions import db\n"
        "app = create_app()\nwith app.app_context():\n" + textwrap.indent(textwrap.dedent(body), "    ")
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@contextmanager
def serve(env: dict[str, str], log: Path, workers: int = 4) -> Iterator[str]:
    """gunicorn on 127.0.0.1 with ``workers`` sync workers; yields the base URL. Its log (with
    any traceback) goes to ``log``; the server is stopped when the block ends, however it ends."""
    port = free_port()
    with open(log, "wb") as sink:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "minutes:create_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(
                server,
                lambda: urllib.request.urlopen(base + "/login", timeout=2).read(),
                "gunicorn",
                START_TIMEOUT,
                lambda: log.read_text()[-2000:],
            )
            yield base
        finally:
            stop(server, timeout=20)


def wait_until(server: subprocess.Popen, ready, what: str, timeout: float, output=lambda: "") -> None:
    """Until ``ready()`` stops raising OSError (the server answers); fails when ``server``
    exits or ``timeout`` seconds pass, with what ``output()`` says."""
    deadline = time.monotonic() + timeout
    while True:
        assert server.poll() is None, f"{what} exited: {output()}"
        try:
            ready()
            return
        except OSError:
            assert time.monotonic() < deadline, f"{what} did not start: {output()}"
            time.sleep(0.1)


def stop(server: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate ``server``; kill it when it does not end in ``timeout`` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def tracebacks(log: Path) -> str:
    """What the server's 500s were: each distinct error line of its log's tracebacks, counted,
    and the last traceback's tail, for failure messages."""
    text = log.read_text(errors="replace") if log.exists() else ""
    found = text.split("Traceback (most recent call last):")[1:]
    if not found:
        return "no traceback in the server log"
    error_line = re.compile(r"^[\w.]+(Error|Exception)\b.*$", re.MULTILINE)
    errors = Counter((m.group(0)[:200] if (m := error_line.search(t)) else "?") for t in found)
    # Where in the app the last one was raised: its frames in ROOT, not in site-packages.
    frames = [
        line.strip()
        for line in found[-1].splitlines()
        if line.strip().startswith(f'File "{ROOT}') and "/.venv/" not in line
    ]
    return f"{len(found)} tracebacks: {dict(errors)}\nthe last one came through:\n" + "\n".join(frames)


# --- reading pages like a browser ------------------------------------------------------------


@dataclass
class Form:
    """One <form> of a page: where it posts and what a browser would send unchanged."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    #: Every control's name, also those that send nothing as they stand (an empty multiple
    #: select, an unticked box).
    controls: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return self.controls

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def data(self, **changes: str | list[str]) -> list[tuple[str, str]]:
        """The fields as a browser posts them, with ``changes`` replacing whole fields."""
        kept = [(n, v) for n, v in self.fields if n not in changes]
        for name, value in changes.items():
            kept += [(name, v) for v in (value if isinstance(value, list) else [value])]
        return kept


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._options: list[tuple[str, bool]] = []
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            self._form.controls.add(a["name"])
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._form.controls.add(a["name"])
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and a.get("name"):
            self._form.controls.add(a["name"])
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, label = self._option
            self._options.append((label.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields += [(name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            value = self._textarea[1].removeprefix("\r\n").removeprefix("\n")  # as browsers do
            self._form.fields.append((self._textarea[0], value))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, *, field_name: str | None = None, action_ends: str | None = None) -> Form:
    """The page's first POST form that has the field ``field_name`` / posts to ``…action_ends``."""
    for form in forms(html):
        if form.method != "post":
            continue
        if field_name is not None and field_name not in form.names():
            continue
        if action_ends is not None and not urllib.parse.urlsplit(form.action).path.endswith(action_ends):
            continue
        return form
    raise AssertionError(f"no form with {field_name or action_ends} on the page")


def csrf(html: str) -> str:
    """The CSRF token of the page (any form's: it belongs to the session, not the form)."""
    for form in forms(html):
        for name, value in form.fields:
            if name == "csrf_token" or name.endswith("-csrf_token"):
                return value
    raise AssertionError("no CSRF token on the page")


# --- clients ---------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    text: str
    location: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its own cookies (so its own session and CSRF token), no automatic redirects.
    Every status it meets is counted in ``statuses`` (shared between clients, under ``lock``)."""

    def __init__(self, base: str, statuses: Counter | None = None, lock: threading.Lock | None = None):
        self.base = base
        self.statuses = statuses if statuses is not None else Counter()
        self.lock = lock or threading.Lock()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def call(self, path: str, data: dict | list | None = None) -> Reply:
        """GET ``path``, or POST ``data`` (form-encoded) to it."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = urllib.parse.urljoin(self.base, path)
        try:
            with self.opener.open(url, data=body, timeout=REQUEST_TIMEOUT) as response:
                reply = Reply(response.status, response.read().decode(), response.headers["Location"])
        except urllib.error.HTTPError as error:
            reply = Reply(error.code, error.read().decode(errors="replace"), error.headers["Location"])
        with self.lock:
            self.statuses[reply.status] += 1
        return reply

    def follow(self, reply: Reply) -> Reply:
        """The page a redirect leads to (where its flash message is shown)."""
        assert reply.location, f"{reply.status} without a Location"
        return self.call(reply.location)

    def sign_in(self, username: str, password: str) -> Reply:
        """Through the login form, CSRF token and all; a 302 is a success."""
        page = self.call("/login")
        return self.call(
            "/login", {"csrf_token": csrf(page.text), "username": username, "password": password}
        )
