"""Sign-in limits shared between gunicorn workers through a real Redis (Debian's redis-server,
started by the test on a loopback port of its own, nothing written to disk). With the default
``memory://`` each of the 4 workers grants the limit anew; with Redis, at most the limit of
failed sign-ins gets through however the attempts are spread over the workers."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator

import pytest
import redis

from tests.serving import Client, in_app, migrate, serve, server_env, stop, tracebacks, wait_until
from tests.support import free_port

pytestmark = pytest.mark.race
LIMIT, ATTEMPTS = 5, 40


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """redis-server on 127.0.0.1 in a temporary folder, no snapshots, no append-only file."""
    program = shutil.which("redis-server")
    assert program, "redis-server is missing: `make redis` installs it from Debian"
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            server,
            lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close(),
            "redis-server",
            10,
        )
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)


def test_four_workers_share_the_per_account_limit_through_redis(tmp_path, redis_url):
    env = server_env(
        tmp_path,
        RATELIMIT_STORAGE_URI=redis_url,
        LOGIN_LIMIT_ACCOUNT=f"{LIMIT} per minute",
    )
    migrate(env)
    in_app(
        env,
        """
        from minutes.models import Organisation, User
        unit = Organisation(name="Văn phòng", level="province")
        user = User(username="thuky", full_name="Thư ký", role="secretariat", organisation=unit)
        user.set_password("mật khẩu đúng của thư ký")
        db.session.add_all([unit, user])
        db.session.commit()
        """,
    )
    log = tmp_path / "gunicorn.log"
    statuses: Counter = Counter()
    with serve(env, log, workers=4) as base:
        # One after the other, each on a new connection, which whichever worker is free
        # accepts: the attempts are spread over the 4 workers.
        client = Client(base, statuses)
        for _ in range(ATTEMPTS):
            client.sign_in("thuky", "mật khẩu sai")
        pids = {line for line in log.read_text().splitlines() if "Booting worker" in line}

    assert len(pids) == 4, log.read_text()[-2000:]
    # GET /login is never limited: one 200 per attempt; the POSTs are 200 (form again,
    # "wrong password") while the limit lasts, then 429.
    assert statuses[500] == 0, tracebacks(log)
    posted_through = statuses[200] - ATTEMPTS
    assert posted_through + statuses[429] == ATTEMPTS, dict(statuses)
    assert posted_through == LIMIT, dict(statuses)
    # The counts live in Redis, not in the workers.
    assert any(b"login-account" in key for key in redis.Redis.from_url(redis_url).keys("*"))
