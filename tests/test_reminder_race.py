"""Two servers' cron running ``flask tasks remind`` at the same moment on one database: every
user gets one digest, not two (each run claims a user before mailing them)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from tests.serving import ROOT, in_app, migrate, server_env
from tests.support import free_port

pytestmark = pytest.mark.race
USERS = 12


class SlowInbox:
    """Keeps every message; takes a moment over each, so that the two runs overlap."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


RUN = """
import sys
from minutes import create_app
from minutes.tasks.reminders import send_reminders
app = create_app()
print("ready", flush=True)
sys.stdin.readline()
with app.app_context():
    summary = send_reminders()
print(summary.sent, summary.skipped, len(summary.failed))
"""


def test_two_runs_at_once_mail_each_user_once(tmp_path):
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = server_env(
            tmp_path,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(controller.port),
            MAIL_FROM="minutes@example.vn",
            MAIL_TIMEOUT="10",
        )
        migrate(env)
        in_app(
            env,
            f"""
            from datetime import timedelta
            from minutes.clock import today
            from minutes.models import Conference, Directive, Organisation, User
            from minutes.tasks import services
            unit = Organisation(name="Quận ủy Lê Chân", level="district")
            boss = User(username="thuky", full_name="Thư ký", role="secretariat", organisation=unit)
            boss.set_password("mật khẩu của thư ký")
            people = [User(username=f"canbo{{n}}", full_name=f"Cán bộ {{n}}", role="officer",
                           organisation=unit, email=f"canbo{{n}}@example.vn") for n in range({USERS})]
            for person in people:
                person.set_password("mật khẩu của cán bộ")
            conference = Conference(title="Hội nghị", kind="review", status="published")
            directive = Directive(conference=conference, position=1, text="Báo cáo kết quả.")
            db.session.add_all([unit, boss, *people, conference, directive])
            db.session.flush()
            services.assign(directive, boss, [unit], due_date=today() + timedelta(days=1))
            db.session.commit()
            """,
        )
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", RUN],
                env=env,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for run in runs:
            assert run.stdout is not None and run.stdout.readline() == b"ready\n"
        for run in runs:  # both start now
            assert run.stdin is not None
            run.stdin.write(b"go\n")
            run.stdin.flush()
        results = [run.communicate(timeout=120) for run in runs]
    finally:
        controller.stop()
    for run, (_out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err.decode()[-3000:]
    counts = [tuple(map(int, out.split())) for out, _err in results]
    # Each user once, by one run or the other; the other run skipped them.
    assert Counter(inbox.recipients) == {f"canbo{n}@example.vn": 1 for n in range(USERS)}, counts
    assert sum(sent for sent, _skipped, _failed in counts) == USERS, counts
    assert all(sent + skipped == USERS and failed == 0 for sent, skipped, failed in counts), counts
    logged = in_app(
        env,
        "from minutes.models import ReminderLog\n"
        "print(len(db.session.scalars(db.select(ReminderLog)).all()))",
    )
    assert logged.strip() == str(USERS)
