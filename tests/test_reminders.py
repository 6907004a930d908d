"""`flask tasks remind`: daily e-mail digests, delivered to a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, ReminderLog, Task
from minutes.tasks import reminders, services
from tests.support import make_user

REFUSED = "tu-choi@example.vn"


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it is given, refuses the address REFUSED."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def parsed(self):
        return [(to, email.message_from_bytes(raw, policy=email.policy.default)) for to, raw in self.messages]


@pytest.fixture
def smtp(app, request):
    """A real SMTP server on 127.0.0.1, and the app pointed at it."""
    inbox = Inbox()
    # Controller connects to its own port to check the server is up, so it needs a real one.
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    request.addfinalizer(controller.stop)
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME=None,
        MAIL_FROM="minutes@example.vn",
        BASE_URL="https://minutes.example.vn/",
        MAIL_TIMEOUT=5,
    )
    return inbox


@pytest.fixture
def conference(units):
    conference = Conference(
        title="Hội nghị tổng kết năm 2021", kind="annual", period_year=2021, status="published"
    )
    db.session.add(conference)
    db.session.commit()
    return conference


@pytest.fixture
def make_task(conference, users):
    """A task (of a fresh directive) for ``unit`` due ``days`` from today."""
    count = 0

    def make(
        text: str, unit: Organisation, days: int | None, *, done: bool = False, cancelled: bool = False
    ) -> Task:
        nonlocal count
        count += 1
        directive = Directive(conference=conference, position=count, text=text)
        db.session.add(directive)
        db.session.flush()
        due = None if days is None else today() + timedelta(days=days)
        task = services.assign(directive, users["secretariat"], [unit], due_date=due).created[0]
        if done:
            task.completed_on, task.progress = today(), 100
        if cancelled:
            services.cancel(task, users["secretariat"], "Không còn phù hợp")
        db.session.commit()
        return task

    return make


@pytest.fixture
def officer(users):
    officer = users["officer"]
    officer.full_name = "Nguyễn Thị Hồng Nhung"
    officer.email = "nhung@example.vn"
    db.session.commit()
    return officer


@pytest.fixture
def scenario(units, officer, make_task):
    """The officer of Quận ủy Lê Chân with one task overdue by 3 days, one due in 2 days, and
    tasks that must stay out of the digest."""
    le_chan, ngo_quyen = units["districts"][0], units["districts"][1]
    return {
        "overdue": make_task("Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030.", le_chan, -3),
        "soon": make_task("Báo cáo kết quả kiểm tra đảng viên chấp hành Điều lệ Đảng.", le_chan, 2),
        "later": make_task("Tổng kết 10 năm thực hiện Chỉ thị 05.", le_chan, 30),
        "done": make_task("Nộp báo cáo quý I về Ban Tổ chức.", le_chan, 1, done=True),
        "cancelled": make_task("Tổ chức hội thảo chuyên đề chuyển đổi số.", le_chan, 1, cancelled=True),
        "ongoing": make_task("Thường xuyên nắm tình hình tư tưởng đảng viên.", le_chan, None),
        "other_unit": make_task("Kiện toàn Ủy ban Kiểm tra quận Ngô Quyền.", ngo_quyen, 1),
    }


def log_rows() -> list[ReminderLog]:
    return list(db.session.scalars(db.select(ReminderLog)))


def remind(runner, *args: str):
    return runner.invoke(args=["tasks", "remind", *args])


# --- the digest ------------------------------------------------------------------------------


def test_an_officer_gets_one_digest_of_overdue_and_due_soon_tasks(runner, smtp, scenario, officer):
    result = remind(runner, "--days", "7")
    assert result.exit_code == 0, result.output
    assert "sent 1, skipped 0" in result.output

    assert len(smtp.messages) == 1
    ((rcpt, message),) = smtp.parsed()
    assert rcpt == ["nhung@example.vn"]
    assert message["To"].addresses[0].addr_spec == "nhung@example.vn"
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Hồng Nhung"
    assert message["Subject"] == ("[minutes] Quận ủy Lê Chân: 1 nhiệm vụ quá hạn, 1 nhiệm vụ sắp đến hạn")
    raw_headers = smtp.messages[0][1].split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()  # the Vietnamese subject travels RFC 2047-encoded
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"

    body = message.get_content()
    overdue, soon = scenario["overdue"], scenario["soon"]
    assert "Kính gửi đồng chí Nguyễn Thị Hồng Nhung," in body
    assert "Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030." in body
    assert f"thời hạn {overdue.due_date:%d/%m/%Y}, quá hạn 3 ngày" in body
    assert f"https://minutes.example.vn/tasks/{overdue.id}" in body
    assert "Báo cáo kết quả kiểm tra đảng viên chấp hành Điều lệ Đảng." in body
    assert f"thời hạn {soon.due_date:%d/%m/%Y} (còn 2 ngày)" in body
    assert f"https://minutes.example.vn/tasks/{soon.id}" in body
    assert "Quá hạn (1)" in body and "Sắp đến hạn (trong 7 ngày) (1)" in body
    assert (
        body.index("Quá hạn (1)")
        < body.index(overdue.directive.text)
        < body.index("Sắp đến hạn")
        < body.index(soon.directive.text)
    )
    assert "Việc của tôi: https://minutes.example.vn/tasks/mine" in body
    for left_out in ("later", "done", "cancelled", "ongoing", "other_unit"):
        assert scenario[left_out].directive.text not in body, left_out
        assert f"/tasks/{scenario[left_out].id}\n" not in body, left_out


def test_window_is_inclusive_covers_units_below_and_lists_oldest_overdue_first(
    runner, smtp, units, officer, make_task
):
    le_chan = units["districts"][0]
    cell = Organisation(name="Chi bộ khu dân cư số 3", level="cell", parent=le_chan)
    db.session.add(cell)
    db.session.commit()
    make_task("Quá hạn một ngày.", le_chan, -1)
    make_task("Quá hạn mười ngày.", cell, -10)
    make_task("Đến hạn hôm nay.", le_chan, 0)
    make_task("Đến hạn đúng ngày thứ năm.", cell, 5)
    make_task("Đến hạn ngày thứ sáu.", le_chan, 6)

    assert remind(runner, "--days", "5").exit_code == 0
    ((_rcpt, message),) = smtp.parsed()
    assert message["Subject"] == ("[minutes] Quận ủy Lê Chân: 2 nhiệm vụ quá hạn, 2 nhiệm vụ sắp đến hạn")
    body = message.get_content()
    assert body.index("Quá hạn mười ngày.") < body.index("Quá hạn một ngày.")
    assert "quá hạn 10 ngày" in body and "quá hạn 1 ngày" in body
    assert "Chi bộ khu dân cư số 3" in body
    assert f"thời hạn {today():%d/%m/%Y} (hôm nay)" in body
    assert "Đến hạn đúng ngày thứ năm." in body
    assert "Đến hạn ngày thứ sáu." not in body
    assert "Sắp đến hạn (trong 5 ngày)" in body


def test_days_default_comes_from_config(app, runner, smtp, scenario):
    app.config["REMINDER_DAYS"] = 1  # the task due in 2 days drops out
    assert remind(runner).exit_code == 0
    ((_rcpt, message),) = smtp.parsed()
    assert message["Subject"] == "[minutes] Quận ủy Lê Chân: 1 nhiệm vụ quá hạn"
    assert "Sắp đến hạn" not in message.get_content()


def test_long_directive_text_is_cut(runner, smtp, units, officer, make_task):
    make_task("Tăng cường công tác kiểm tra, giám sát " * 10, units["districts"][0], 1)
    remind(runner)
    body = smtp.parsed()[0][1].get_content()
    line = next(ln for ln in body.splitlines() if ln.startswith("1. "))
    assert len(line) <= 3 + reminders.TEXT_LIMIT and line.endswith("…")


# --- once a day, dry run ---------------------------------------------------------------------


def test_a_second_run_the_same_day_sends_nothing(runner, smtp, scenario, officer):
    assert remind(runner, "--days", "7").exit_code == 0
    again = remind(runner, "--days", "7")
    assert again.exit_code == 0, again.output
    assert "sent 0, skipped 1" in again.output
    assert len(smtp.messages) == 1
    rows = log_rows()
    assert len(rows) == 1
    assert (rows[0].user_id, rows[0].sent_on, rows[0].task_count) == (officer.id, today(), 2)


def test_dry_run_prints_but_sends_and_logs_nothing(runner, smtp, scenario, officer):
    result = remind(runner, "--days", "7", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "canbo <nhung@example.vn>: 1 overdue, 1 due within 7 days" in result.output
    assert scenario["overdue"].directive.text in result.output
    assert scenario["later"].directive.text not in result.output
    assert "would send 1" in result.output
    assert smtp.messages == []
    assert log_rows() == []
    # A real run afterwards still sends.
    assert remind(runner, "--days", "7").exit_code == 0
    assert len(smtp.messages) == 1


# --- who gets nothing ------------------------------------------------------------------------


def test_no_email_viewer_inactive_or_nothing_due_gets_nothing(runner, smtp, units, users, make_task):
    le_chan, vinh_bao = units["districts"][0], units["districts"][2]
    make_task("Việc quá hạn của Lê Chân.", le_chan, -2)
    make_task("Việc còn xa của Vĩnh Bảo.", vinh_bao, 30)
    users["officer"].email = None  # officer of Lê Chân, no address
    users["viewer"].email = "lanhdao@example.vn"  # city: sees Lê Chân's task, but a viewer
    users["secretariat"].email = "thuky@example.vn"
    blank = make_user("canbo2", "officer", le_chan)
    blank.email = "   "
    gone = make_user("canbo3", "officer", le_chan)
    gone.email, gone.active = "nghi@example.vn", False
    idle = make_user("canbo4", "officer", vinh_bao)
    idle.email = "vinhbao@example.vn"  # nothing due within 7 days
    db.session.commit()

    result = remind(runner, "--days", "7")
    assert result.exit_code == 0, result.output
    assert "sent 0, skipped 0" in result.output
    assert smtp.messages == []
    assert log_rows() == []


# --- failures --------------------------------------------------------------------------------


def test_unreachable_server_fails_loudly_and_logs_nothing(app, runner, scenario, officer):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=5)
    result = remind(runner, "--days", "7")
    assert result.exit_code != 0
    assert "Reminder to canbo not sent: cannot connect to the SMTP server 127.0.0.1:" in result.stderr
    assert "sent 0, skipped 0" in result.output and "failed 1" in result.output
    assert log_rows() == []


def test_one_refused_recipient_does_not_stop_the_others(runner, smtp, units, officer, make_task):
    make_task("Việc của Lê Chân.", units["districts"][0], 1)
    make_task("Việc của Ngô Quyền.", units["districts"][1], 1)
    officer.email = REFUSED  # tried first (lowest id): a run that stops there sends nothing
    other = make_user("canbo5", "officer", units["districts"][1])
    other.email = "ngoquyen@example.vn"
    db.session.commit()
    assert officer.id < other.id

    result = remind(runner)
    assert result.exit_code == 1
    assert f"Reminder to canbo not sent: to {REFUSED}" in result.stderr
    assert "sent 1, skipped 0 (already reminded today), failed 1" in result.output
    assert [to for to, _raw in smtp.messages] == [["ngoquyen@example.vn"]]
    assert [row.user_id for row in log_rows()] == [other.id]
    # The next run retries only the one that failed.
    smtp.messages.clear()
    assert remind(runner).exit_code == 1
    assert smtp.messages == []
    assert [row.user_id for row in log_rows()] == [other.id]


# --- bounded queries ---------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_tasks(app, units, officer, make_task, count_queries):
    le_chan = units["districts"][0]
    make_task("Việc 1.", le_chan, -1)
    make_task("Việc 2.", le_chan, 2)
    db.session.expire_all()
    with count_queries() as few:
        reminders.collect_digests(7)
    for n in range(10):
        make_task(f"Việc thêm {n}.", le_chan, n - 5)
    db.session.expire_all()
    with count_queries() as many:
        digests = reminders.collect_digests(7)
    assert digests[0].task_count == 12
    assert len(many) == len(few)


# --- claims and a bounded run ------------------------------------------------------------------


class FlakyInbox(Inbox):
    """Answers 451 (try later) to the first message's data, then accepts."""

    async def handle_DATA(self, server, session, envelope):
        if not getattr(self, "refused_once", False):
            self.refused_once = True
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


class SilentAfterFirst(Inbox):
    """Takes the first message, then never answers the end of a message's data (a server that
    stopped answering), on this connection and on every new one."""

    async def handle_DATA(self, server, session, envelope):
        if self.messages:
            await asyncio.sleep(60)  # cancelled when the controller stops
        return await super().handle_DATA(server, session, envelope)


def serve_smtp(app, request, handler: Inbox, timeout: float = 5) -> Inbox:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    request.addfinalizer(controller.stop)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_TIMEOUT=timeout)
    return handler


def officers(unit: Organisation, count: int) -> list:
    made = []
    for n in range(count):
        officer = make_user(f"canbo_{n}", "officer", unit)
        officer.email = f"canbo{n}@example.vn"
        made.append(officer)
    db.session.commit()
    return made


def test_a_failed_send_leaves_no_claim_and_the_next_run_sends(app, request, runner, scenario, officer):
    inbox = serve_smtp(app, request, FlakyInbox())
    first = remind(runner)
    assert first.exit_code == 1
    assert "Reminder to canbo not sent: to nhung@example.vn: SMTPDataError" in first.stderr
    assert inbox.messages == [] and log_rows() == []  # claimed, then released
    second = remind(runner)
    assert second.exit_code == 0, second.output
    assert "sent 1, skipped 0" in second.output
    assert [to for to, _raw in inbox.messages] == [["nhung@example.vn"]]
    assert [row.user_id for row in log_rows()] == [officer.id]


def test_a_server_that_stops_answering_ends_the_run_in_about_one_timeout(
    app, request, runner, units, make_task
):
    inbox = serve_smtp(app, request, SilentAfterFirst(), timeout=1)
    make_task("Việc của Lê Chân.", units["districts"][0], 1)
    first, second, *rest = officers(units["districts"][0], 6)
    started = time.monotonic()
    result = remind(runner)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    # One MAIL_TIMEOUT for the user it hung on; before, one more for every remaining user.
    assert elapsed < 2.5, f"{elapsed:.1f} s"
    assert [to for to, _raw in inbox.messages] == [[first.email]]
    assert f"Reminder to {second.username} not sent: to {second.email}: " in result.stderr
    assert "timed out" in result.stderr
    for user in rest:
        assert f"Reminder to {user.username} not sent: not tried: the SMTP server" in result.stderr
    assert "sent 1, skipped 0 (already reminded today), failed 5" in result.output
    assert [row.user_id for row in log_rows()] == [first.id]  # no claim left for the others


def test_a_server_that_accepts_and_never_greets_costs_one_timeout(app, runner, units, make_task):
    make_task("Việc của Lê Chân.", units["districts"][0], 1)
    officers(units["districts"][0], 4)
    with socket.socket() as silent:  # listens, so connections are accepted; never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=1)
        started = time.monotonic()
        result = remind(runner)
        elapsed = time.monotonic() - started
    assert result.exit_code == 1 and elapsed < 2.5, f"{elapsed:.1f} s"
    assert result.stderr.count("cannot connect to the SMTP server") == 4
    assert log_rows() == []
