"""Merging an external body into the real unit of the tree (issue 10).

A secretariat adds a body outside the tree on the spot (:func:`minutes.organisations.search.
add_external`); an admin later finds the unit it really is and merges it there. Every row
that points at the external body is repointed to the real unit, in one bulk UPDATE per kind
of row, so the cost does not grow with the number of tasks. The names stored on those rows
(``organiser_name``, ``organisation_name``, a site's or an addressee's label) are not
touched: old minutes keep the name they were written with. The external row itself stays,
inactive, remembering where it went (``merged_into_id``); nothing is deleted except
duplicate links (the same directive addressed to both, the same task with both as
co-operating units), where the external body's link goes and the real unit's stays.

The audit trail keeps the events that named the external body as they were (it is
append-only). Nothing here commits.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, func, literal, or_, select, update
from sqlalchemy.orm import aliased

from ..audit import record
from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    Attendee,
    Conference,
    Directive,
    DirectiveAddressee,
    Organisation,
    Report,
    Site,
    Task,
    TaskPartner,
    User,
)
from ..permissions import ADMINISTER, can
from ..rules import MAX_ID, RuleError

#: What moves, in the order the confirmation page lists it, with its label there.
KINDS = {
    "conferences": _l("Hội nghị do cơ quan này tổ chức"),
    "sites": _l("Điểm cầu"),
    "attendees": _l("Đại biểu"),
    "reports": _l("Báo cáo, tham luận, phát biểu"),
    "addressees": _l("Chỉ đạo gửi tới cơ quan này"),
    "tasks": _l("Nhiệm vụ chủ trì"),
    "partners": _l("Nhiệm vụ phối hợp"),
    "users": _l("Tài khoản"),
    "children": _l("Đơn vị trực thuộc"),
    "stewarded": _l("Cơ quan ngoài hệ thống do cơ quan này quản lý"),
    "merged": _l("Đơn vị đã hợp nhất vào cơ quan này"),
}
#: Duplicate links dropped instead of moved.
DROPPED = {
    "addressees": _l("Chỉ đạo đã gửi tới cả hai (bỏ bản trùng)"),
    "partners": _l("Nhiệm vụ đã có cả hai là đơn vị phối hợp hoặc chủ trì (bỏ bản trùng)"),
}
#: How many clashing directives the refusal names.
NAMED = 5

#: (kind, model, column) of every foreign key to ``organisations.id`` that a merge repoints.
#: ``AuditEvent.organisation_id`` is left alone on purpose: the audit trail is append-only.
_REFERENCES = (
    ("conferences", Conference, Conference.organiser_id),
    ("sites", Site, Site.organisation_id),
    ("attendees", Attendee, Attendee.organisation_id),
    ("reports", Report, Report.organisation_id),
    ("addressees", DirectiveAddressee, DirectiveAddressee.organisation_id),
    ("tasks", Task, Task.organisation_id),
    ("partners", TaskPartner, TaskPartner.organisation_id),
    ("users", User, User.organisation_id),
    ("children", Organisation, Organisation.parent_id),
    ("stewarded", Organisation, Organisation.steward_id),
    ("merged", Organisation, Organisation.merged_into_id),
)


@dataclass
class MergeResult:
    """What a merge moved (rows per kind of :data:`KINDS`) and dropped (per :data:`DROPPED`)."""

    moved: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.moved.values())


@dataclass
class MergePlan:
    """What a merge would do, for the confirmation page. ``version`` sums it up: the merge
    POST sends it back and is refused if the records moved in between."""

    external: Organisation
    into: Organisation
    moved: dict[str, int]
    dropped: dict[str, int]
    #: Whether the signed-in admin administers ``into`` (if not, the records leave their scope).
    administers_target: bool

    @property
    def total(self) -> int:
        return sum(self.moved.values())

    @property
    def version(self) -> int:
        return fingerprint(self.into, self.moved, self.dropped)


def fingerprint(into: Organisation, moved: dict[str, int], dropped: dict[str, int]) -> int:
    """A number from 1 to :data:`MAX_ID` that changes when the target or any count does."""
    summary = f"{into.id}|" + ",".join(f"{k}={moved.get(k, 0)}" for k in KINDS)
    summary += "|" + ",".join(f"{k}={dropped.get(k, 0)}" for k in DROPPED)
    return zlib.crc32(summary.encode()) % MAX_ID + 1


# --- the checks ----------------------------------------------------------------------------------


def check(actor: User, external: Organisation, into: Organisation | None) -> None:
    """Raise :class:`RuleError` (on the field ``into``) unless ``external`` may be merged into
    ``into`` by ``actor``; changes nothing. At most four queries, whatever the data."""
    if not can(actor, ADMINISTER, external):
        raise RuleError(_("Bạn không quản trị cơ quan này."), "into")
    if not external.external:
        raise RuleError(
            _(
                "“%(name)s” là đơn vị trong hệ thống, không phải cơ quan ngoài hệ thống: hãy dùng "
                "“Hợp nhất vào đơn vị khác”.",
                name=external.name,
            ),
            "into",
        )
    if not external.active:
        raise RuleError(_("“%(name)s” đã ngừng hoạt động hoặc đã được gộp.", name=external.name), "into")
    if into is None:
        raise RuleError(_("Hãy chọn đơn vị trong hệ thống để gộp vào."), "into")
    if into.id == external.id:
        raise RuleError(_("Không thể gộp một cơ quan vào chính nó."), "into")
    if not into.active:
        raise RuleError(_("Đơn vị “%(name)s” đã ngừng hoạt động.", name=into.name), "into")
    if into.external:
        raise RuleError(
            _(
                "“%(name)s” cũng là cơ quan ngoài hệ thống: hãy chọn một đơn vị trong hệ thống.",
                name=into.name,
            ),
            "into",
        )
    if external.path and into.path.startswith(external.path):
        raise RuleError(
            _("“%(name)s” nằm dưới cơ quan cần gộp: hãy chuyển nó ra trước.", name=into.name), "into"
        )
    if not can(actor, ADMINISTER, into) and _carries_people(external):
        # Accounts, or units that may hold accounts, would land in a part of the tree the
        # admin does not administer: that could hand someone a scope above the admin's own.
        raise RuleError(
            _(
                "“%(name)s” còn tài khoản hoặc đơn vị trực thuộc, mà “%(into)s” nằm ngoài phạm vi "
                "quản trị của bạn: hãy chuyển các tài khoản, đơn vị đó đi trước, hoặc nhờ quản trị "
                "viên cấp trên gộp.",
                name=external.name,
                into=into.name,
            ),
            "into",
        )
    clashes = _live_task_clashes(external, into)
    if clashes:
        names, more = clashes[:NAMED], len(clashes) > NAMED
        raise RuleError(
            _(
                "Cả “%(name)s” và “%(into)s” đều có nhiệm vụ đang thực hiện của cùng chỉ đạo: "
                "%(directives)s%(more)s. Hãy hủy hoặc gộp các nhiệm vụ trùng trước rồi gộp lại.",
                name=external.name,
                into=into.name,
                directives="; ".join(names),
                more=" " + _("và các chỉ đạo khác") if more else "",
            ),
            "into",
        )


def _carries_people(external: Organisation) -> bool:
    users = select(User.id).where(User.organisation_id == external.id)
    children = select(Organisation.id).where(Organisation.parent_id == external.id)
    return bool(db.session.scalar(select(users.exists() | children.exists())))


def _live_task_clashes(external: Organisation, into: Organisation) -> list[str]:
    """The directives (named, up to :data:`NAMED` + 1) for which both units hold a live task
    at the same place: the live-task unique indexes would refuse the merge."""
    mine, theirs = aliased(Task), aliased(Task)
    live = and_(mine.organisation_id == external.id, mine.cancelled_at.is_(None))
    same_place = or_(
        and_(mine.parent_id.is_(None), theirs.parent_id.is_(None), theirs.directive_id == mine.directive_id),
        and_(mine.parent_id.is_not(None), theirs.parent_id == mine.parent_id),
    )
    clashing = (
        select(mine.directive_id)
        .join(theirs, and_(theirs.organisation_id == into.id, theirs.cancelled_at.is_(None), same_place))
        .where(live)
    )
    rows = db.session.execute(
        select(Directive.position, Directive.text, Conference.title)
        .join(Conference, Conference.id == Directive.conference_id)
        .where(Directive.id.in_(clashing))
        .order_by(Conference.id, Directive.position)
        .limit(NAMED + 1)
    ).all()
    return [
        _(
            "chỉ đạo %(n)s “%(text)s” (%(conference)s)",
            n=row.position,
            text=_cut(row.text),
            conference=row.title,
        )
        for row in rows
    ]


def _cut(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- what would move ------------------------------------------------------------------------------


def _duplicate_addressees(external: Organisation, into: Organisation):
    """The external body's addressee rows of directives also addressed to ``into``."""
    theirs = select(DirectiveAddressee.directive_id).where(DirectiveAddressee.organisation_id == into.id)
    return and_(
        DirectiveAddressee.organisation_id == external.id, DirectiveAddressee.directive_id.in_(theirs)
    )


def _duplicate_partners(external: Organisation, into: Organisation):
    """Co-operating links that would be doubled or point at the task's own lead: the external
    body's where ``into`` co-operates too or either leads; ``into``'s on the external's tasks."""
    both = (external.id, into.id)
    partnered = select(TaskPartner.task_id).where(TaskPartner.organisation_id == into.id)
    led_by_either = select(Task.id).where(Task.organisation_id.in_(both))
    led_by_external = select(Task.id).where(Task.organisation_id == external.id)
    return or_(
        and_(
            TaskPartner.organisation_id == external.id,
            or_(TaskPartner.task_id.in_(partnered), TaskPartner.task_id.in_(led_by_either)),
        ),
        and_(TaskPartner.organisation_id == into.id, TaskPartner.task_id.in_(led_by_external)),
    )


def plan(actor: User, external: Organisation, into: Organisation | None) -> MergePlan:
    """Check the merge (:func:`check`) and count what it would move: one query for all counts."""
    check(actor, external, into)
    assert into is not None
    columns = [
        select(func.count()).select_from(model).where(column == external.id).scalar_subquery().label(kind)
        for kind, model, column in _REFERENCES
    ]
    columns += [
        select(func.count())
        .select_from(DirectiveAddressee)
        .where(_duplicate_addressees(external, into))
        .scalar_subquery()
        .label("drop_addressees"),
        select(func.count())
        .select_from(TaskPartner)
        .where(_duplicate_partners(external, into))
        .scalar_subquery()
        .label("drop_partners"),
        select(func.count())
        .select_from(TaskPartner)
        .where(_duplicate_partners(external, into), TaskPartner.organisation_id == external.id)
        .scalar_subquery()
        .label("drop_own_partners"),
    ]
    row = db.session.execute(select(*columns)).one()._asdict()
    dropped = {"addressees": row.pop("drop_addressees"), "partners": row.pop("drop_partners")}
    own_partner_drops = row.pop("drop_own_partners")
    # A link of the external body's that is dropped is not also moved.
    moved = dict(row)
    moved["addressees"] -= dropped["addressees"]
    moved["partners"] -= own_partner_drops
    return MergePlan(external, into, moved, dropped, can(actor, ADMINISTER, into))


# --- the merge ------------------------------------------------------------------------------------


def merge_external(admin_user: User, external: Organisation, into: Organisation) -> MergeResult:
    """Repoint every reference to ``external`` to ``into``, keep the stored names, deactivate
    ``external`` as merged into ``into``, and audit it as ``unit.merged``.

    Raises :class:`RuleError` (field ``into``) before changing anything when the merge is not
    allowed (see :func:`check`). A fixed number of statements, however many rows move.
    """
    check(admin_user, external, into)
    result = MergeResult()
    session = db.session
    session.flush()  # pending changes go first: the bulk statements below see the database

    result.dropped["addressees"] = _run(
        delete(DirectiveAddressee).where(_duplicate_addressees(external, into))
    )
    # A task losing a doubled co-operating unit reads differently in calendars: move its
    # sequence and fingerprint first, or feeds would keep answering "not modified".
    doubled = select(TaskPartner.task_id).where(_duplicate_partners(external, into))
    _run(
        update(Task)
        .where(Task.id.in_(doubled))
        .values(ical_sequence=Task.ical_sequence + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    result.dropped["partners"] = _run(delete(TaskPartner).where(_duplicate_partners(external, into)))
    for kind, model, column in _REFERENCES:
        if kind == "children":
            result.moved[kind] = _move_children(external, into)
        else:
            result.moved[kind] = _run(
                update(model).where(column == external.id).values({column.key: into.id})
            )

    external.active = False
    external.deactivated_on = today()
    external.merged_into = into
    # One "kind: count" line per kind that moved (the audit page shows the details as lines).
    moved = {k: str(v) for k, v in result.moved.items() if v}
    dropped = {f"dropped_{k}": str(v) for k, v in result.dropped.items() if v}
    record(
        "unit.merged",
        actor=admin_user,
        unit=external,
        subject=external.name,
        into=into.name,
        into_id=str(into.id),
        total=str(result.total),
        **moved,
        **dropped,
    )
    return result


def _run(statement) -> int:
    """Execute a bulk UPDATE or DELETE (the identity map follows) and return its row count."""
    outcome = db.session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(getattr(outcome, "rowcount", 0) or 0)


def _move_children(external: Organisation, into: Organisation) -> int:
    """Put the external body's children under ``into`` after its own children, and rewrite the
    materialised paths of everything below the external body, in three statements.

    The after-flush hook of :mod:`minutes.models.organisations` only sees units moved through
    the ORM, so the paths are rewritten here: ``/…/external/child/…`` becomes
    ``into.path + child/…``.
    """
    offset = (
        db.session.scalar(select(func.max(Organisation.sort_order)).where(Organisation.parent_id == into.id))
        or 0
    )
    moved = _run(
        update(Organisation)
        .where(Organisation.parent_id == external.id)
        .values(parent_id=into.id, sort_order=Organisation.sort_order + offset + 1)
    )
    if moved and external.path:
        old = external.path
        _run(
            update(Organisation)
            .where(Organisation.path.startswith(old, autoescape=True), Organisation.id != external.id)
            .values(path=literal(into.path) + func.substr(Organisation.path, len(old) + 1))
        )
    return moved
