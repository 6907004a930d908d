"""Daily reminder digests by e-mail: each officer's overdue tasks and those due soon.

``flask tasks remind`` (see :mod:`minutes.cli`) is a thin wrapper around
:func:`send_reminders`, meant for cron. A user gets at most one digest per day: a
:class:`~minutes.models.ReminderLog` row (unique per user and day) is committed before the
send, as a claim, and deleted again when the send fails; users who already have one for today
are skipped, so running the command twice, or on two servers at once, is safe.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..clock import local_zone, today, utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import ReminderLog, Task, User
from ..permissions import own_units
from . import status as st
from .reports import TaskFilters, list_query

#: Directive text longer than this is cut (with an ellipsis) in the digest.
TEXT_LIMIT = 120
SUBJECT_PREFIX = "[minutes]"


@dataclass
class Line:
    """One task as the digest shows it."""

    task_id: int
    text: str
    unit: str
    due_date: date
    overdue_days: int = 0


@dataclass
class Digest:
    """What one user is told: overdue tasks (oldest first) and tasks due within ``days``."""

    user: User
    when: date
    days: int
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)

    @property
    def task_count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


@dataclass
class Summary:
    sent: int = 0
    #: Users already reminded today.
    skipped: int = 0
    #: (username, error message) for each user whose digest could not be sent.
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: The digests that were (or, on a dry run, would have been) sent.
    digests: list[Digest] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        if self.dry_run:
            return (
                f"Reminders (dry run): would send {len(self.digests)}, "
                f"skipped {self.skipped} (already reminded today)."
            )
        return (
            f"Reminders: sent {self.sent}, skipped {self.skipped} (already reminded today), "
            f"failed {len(self.failed)}."
        )


# --- who is told what --------------------------------------------------------------------------


def recipients() -> list[User]:
    """Active officers with an e-mail address, in a stable order."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(
                User.role == "officer",
                User.active.is_(True),
                User.email.is_not(None),
                func.trim(User.email) != "",
            )
            .options(joinedload(User.organisation))
            .order_by(User.id)
        )
    )


def reminded_on(when: date, user_ids: list[int]) -> set[int]:
    """Which of ``user_ids`` already have a reminder logged for ``when`` (one query)."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            db.select(ReminderLog.user_id).where(
                ReminderLog.sent_on == when, ReminderLog.user_id.in_(user_ids)
            )
        )
    )


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def digest_for(user: User, days: int, when: date) -> Digest:
    """``user``'s digest: open tasks of their unit and the units below it (a fixed few queries)."""
    query = list_query(TaskFilters(status="open", unit_ids=own_units(user)), order="overdue")
    query = query.where(Task.due_date.is_not(None), Task.due_date <= when + timedelta(days=days))
    digest = Digest(user=user, when=when, days=days)
    for task in db.session.scalars(query):
        line = Line(
            task_id=task.id,
            text=_clip(task.directive.text),
            unit=task.organisation_name,
            due_date=task.due_date,
            overdue_days=st.overdue_days(task.due_date, when),
        )
        if st.status_of(task, when) == st.OVERDUE:
            digest.overdue.append(line)
        else:
            digest.due_soon.append(line)
    return digest


def collect_digests(
    days: int, when: date | None = None, *, exclude: Collection[int] = (), users: list[User] | None = None
) -> list[Digest]:
    """The digests of every recipient (but those in ``exclude``) who has something to report."""
    when = when or today()
    digests = []
    for user in recipients() if users is None else users:
        if user.id in exclude:
            continue
        digest = digest_for(user, days, when)
        if digest.task_count:
            digests.append(digest)
    return digests


# --- the message ---------------------------------------------------------------------------------


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def subject(digest: Digest) -> str:
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} nhiệm vụ quá hạn")
    if digest.due_soon:
        parts.append(f"{len(digest.due_soon)} nhiệm vụ sắp đến hạn")
    return f"{SUBJECT_PREFIX} {digest.user.organisation.name}: {', '.join(parts)}"


def body(digest: Digest) -> str:
    base = _base_url()
    user = digest.user
    out = [
        f"Kính gửi đồng chí {user.full_name},",
        "",
        f"Nhắc việc ngày {short_date(digest.when)} cho {user.organisation.name} và các đơn vị trực thuộc.",
    ]

    def section(title: str, lines: list[Line], overdue: bool) -> None:
        heading = f"{title} ({len(lines)})"
        out.extend(["", heading, "-" * len(heading)])
        for n, line in enumerate(lines, 1):
            if overdue:
                when = f"thời hạn {short_date(line.due_date)}, quá hạn {line.overdue_days} ngày"
            elif line.due_date == digest.when:
                when = f"thời hạn {short_date(line.due_date)} (hôm nay)"
            else:
                left = (line.due_date - digest.when).days
                when = f"thời hạn {short_date(line.due_date)} (còn {left} ngày)"
            out.extend(
                [f"{n}. {line.text}", f"   Đơn vị: {line.unit}; {when}", f"   {base}/tasks/{line.task_id}"]
            )

    if digest.overdue:
        section("Quá hạn", digest.overdue, overdue=True)
    if digest.due_soon:
        section(f"Sắp đến hạn (trong {digest.days} ngày)", digest.due_soon, overdue=False)
    out.extend(
        [
            "",
            f"Xem toàn bộ nhiệm vụ tại Việc của tôi: {base}/tasks/mine",
            "",
            "Thư này được gửi tự động từ hệ thống theo dõi thực hiện kết luận; xin đừng trả lời.",
        ]
    )
    return "\n".join(out) + "\n"


def render(digest: Digest) -> EmailMessage:
    """The digest as a plain-text UTF-8 message (raises ValueError for a malformed address)."""
    config = current_app.config
    msg = EmailMessage()
    msg["Subject"] = subject(digest)
    msg["From"] = config["MAIL_FROM"]
    msg["To"] = Address(
        display_name=digest.user.full_name, addr_spec=(digest.user.email or "").strip()
    )  # only users with one get here
    msg["Date"] = format_datetime(datetime.now(local_zone()))
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid("reminder", domain=domain)
    msg.set_content(body(digest), charset="utf-8", cte="quoted-printable")
    return msg


# --- sending ---------------------------------------------------------------------------------


def connect() -> smtplib.SMTP:
    """One SMTP connection as configured: SMTPS or STARTTLS if asked, login if a user is set."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"])
    conn: smtplib.SMTP
    if config["MAIL_USE_SSL"]:
        conn = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            conn.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            conn.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        _close(conn)
        raise
    return conn


def _close(conn: smtplib.SMTP | None) -> None:
    if conn is None:
        return
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _timed_out(exc: BaseException) -> bool:
    """No reply within MAIL_TIMEOUT (smtplib reports a timed-out read as a disconnection)."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _claim(digest: Digest) -> ReminderLog | None:
    """Log ``digest`` as sent before sending it, so that a run going on at the same time (another
    server's cron) skips its user; None when such a run has claimed the user already."""
    row = ReminderLog(
        user_id=digest.user.id, sent_on=digest.when, sent_at=utcnow(), task_count=digest.task_count
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # the unique (user, day) row is another run's
        db.session.rollback()
        return None
    return row


def _release(claim: ReminderLog) -> None:
    """The digest could not be sent: forget the claim, so that the next run retries the user."""
    db.session.delete(claim)
    db.session.commit()


def send_reminders(days: int | None = None, dry_run: bool = False) -> Summary:
    """Send today's digests over one SMTP connection; each user is claimed before the send.

    A user refused by the server is recorded in the summary and the others are still tried. A
    dropped connection is opened again for the next user. When the server cannot be reached,
    or stops answering (no reply within MAIL_TIMEOUT), the run ends there and every remaining
    user is recorded as not sent: the whole run waits about one MAIL_TIMEOUT, not one per user.
    """
    days = current_app.config["REMINDER_DAYS"] if days is None else days
    when = today()
    users = recipients()
    done = reminded_on(when, [u.id for u in users])
    summary = Summary(skipped=len(done), dry_run=dry_run)
    summary.digests = collect_digests(days, when, exclude=done, users=users)
    if dry_run or not summary.digests:
        return summary
    server = f"{current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}"
    conn = None

    def give_up(rest: list[Digest], why: str) -> None:
        summary.failed.extend((d.user.username, why) for d in rest)

    try:
        for i, digest in enumerate(summary.digests):
            user = digest.user
            username, address = user.username, user.email  # kept: a release expires the row
            claim = _claim(digest)
            if claim is None:
                summary.skipped += 1
                continue
            if conn is None:
                try:
                    conn = connect()
                except (smtplib.SMTPException, OSError) as exc:
                    _release(claim)
                    give_up(
                        summary.digests[i:], f"cannot connect to the SMTP server {server}: {_describe(exc)}"
                    )
                    break
            try:
                conn.send_message(render(digest))
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                _release(claim)
                summary.failed.append((username, f"to {address}: {_describe(exc)}"))
                if _timed_out(exc):  # the server stopped answering: waiting again is no use
                    conn.close()  # no QUIT: it would wait for the silent server once more
                    conn = None
                    give_up(
                        summary.digests[i + 1 :], f"not tried: the SMTP server {server} stopped answering"
                    )
                    break
                if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                    conn.close()  # the connection is gone: open a new one for the next user
                    conn = None
                continue
            summary.sent += 1
    finally:
        _close(conn)
    return summary
