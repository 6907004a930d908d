"""Demo data: the units, five logins and five conferences rebuilt from the seed reports, and
their directives as tasks with a history (:mod:`.tasks`), Hậu Giang's 2.053 chi bộ included.

``flask demo load`` calls :func:`load_demo`. Loading is idempotent: units are found by
``Organisation.external_key``, conferences by ``Conference.external_uid``, users by username
and tasks by directive and lead unit, and whatever already exists is left exactly as it is (a
demo conference someone has edited keeps the edits, an existing account keeps its password, a
task someone has worked on keeps its history).
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale

from ..conferences import services
from ..extensions import db
from ..formatting import to_utc
from ..models import Attendee, Conference, Directive, Figure, Organisation, Report, Site, Task, User
from ..organisations.services import descendants
from .conferences import CONFERENCES
from .documents import ensure_issued, ensure_letterheads
from .seed_common import ConferenceSpec
from .tasks import ensure_tasks
from .units import ensure_units

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo"]

DEMO_PASSWORD = "minutes-demo"

#: (username, full name, role, external key of the user's unit). The names are invented.
#: thuky works for UBKT Trung ương, so it sees all five conferences; the others show how the
#: organisation tree scopes what a user sees (Hải Phòng only; canbo: Lê Chân's tasks only).
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "Đỗ Minh Khoa", "admin", "demo:tw"),
    ("thuky", "Phạm Thị Thanh Hương", "secretariat", "demo:tw/ubkt"),
    ("thukyhp", "Nguyễn Thu Trang", "secretariat", "demo:hai-phong/ubkt"),
    ("canbo", "Vũ Quốc Bảo", "officer", "demo:hai-phong/le-chan"),
    ("lanhdao", "Bùi Thị Ngọc Lan", "viewer", "demo:hai-phong"),
)

#: The seeds' times are Vietnamese local times, whatever zone the installation is set to.
SEED_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def load_demo() -> dict[str, int]:
    """Load what is missing of the demo data, commit, and count the rows now in the database."""
    units = ensure_units()
    users = {
        username: _ensure_user(username, full_name, role, units[unit_key])
        for username, full_name, role, unit_key in DEMO_USERS
    }
    for spec in CONFERENCES:
        if _conference_by_uid(spec["uid"]) is None:
            _build_conference(spec, units, recorder=users["thuky"])
    db.session.flush()
    # The services word some history rows through gettext; outside a request (``flask demo
    # load``) the session holds no language, so the rows are written in the default one.
    # The demo plays its history out at plausible past times: the one place allowed to set
    # the time of a history row after writing it (see minutes.models.tasks).
    db.session.info["backdating_demo_history"] = True
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            ensure_tasks(users, units)
        ensure_letterheads(units)
        ensure_issued(users["thuky"])
        db.session.commit()
    finally:
        db.session.info.pop("backdating_demo_history", None)
    return {
        "conferences": _count(Conference),
        "organisations": _count(Organisation),
        "users": _count(User),
        "tasks": _count(Task),
    }


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@cache
def _demo_password_hash() -> str:
    """The published demo password, hashed once per process: scrypt takes a quarter of a second,
    and the demo accounts share the password anyway. A password changed later is hashed anew."""
    probe = User()
    probe.set_password(DEMO_PASSWORD)
    return probe.password_hash


def _conference_by_uid(uid: str) -> Conference | None:
    return db.session.scalar(db.select(Conference).where(Conference.external_uid == uid))


def _ensure_user(username: str, full_name: str, role: str, unit: Organisation) -> User:
    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            full_name=full_name,
            role=role,
            organisation=unit,
            password_hash=_demo_password_hash(),
        )
        db.session.add(user)
        db.session.flush()
    return user


def _build_conference(spec: ConferenceSpec, units: dict[str, Organisation], recorder: User) -> Conference:
    """Create one conference with its sites, attendees, reports and directives; publish if asked."""
    year, period_kind, period_number = spec["period"]
    reported, qualifier = spec.get("reported_delegates") or (None, "")
    organiser = units[spec["organiser"]] if spec["organiser"] else None
    conference = Conference(
        title=spec["title"],
        kind=spec["kind"],
        period_year=year,
        period_kind=period_kind,
        period_number=period_number,
        starts_on=spec.get("day"),
        day_part=spec.get("day_part"),
        starts_at=to_utc(spec["starts"], SEED_ZONE),
        format=spec["format"],
        reported_delegates=reported,
        reported_delegates_qualifier=qualifier,
        notes=spec["notes"],
        conclusion=spec["conclusion"],
        external_uid=spec["uid"],
        created_by=recorder,
    )
    services.set_organiser(conference, organiser)
    db.session.add(conference)
    services.log(conference, recorder, "created")

    sites_by_unit: dict[str, Site] = {}
    for position, site_spec in enumerate(spec["sites"], start=1):
        site = Site(
            name=site_spec["name"],
            organisation=units[site_spec["unit"]],
            is_host=site_spec["host"],
            leader_name=site_spec.get("leader_name", ""),
            leader_title=site_spec.get("leader_title", ""),
            position=position,
        )
        conference.sites.append(site)
        sites_by_unit[site_spec["unit"]] = site
    if "sites_under" in spec:
        parent_key, level = spec["sites_under"]
        db.session.flush()
        services.add_sites_under(conference, units[parent_key], level)

    for position, person in enumerate(spec["attendees"], start=1):
        unit = units[person["unit"]]
        conference.attendees.append(
            Attendee(
                name=person["name"],
                job_title=person["job_title"],
                role=person["role"],
                organisation=unit,
                organisation_name=unit.name,
                presence="present",
                site=sites_by_unit.get(person.get("site", "")),
                position=position,
            )
        )

    for position, report_spec in enumerate(spec["reports"], start=1):
        presenting_unit = units.get(report_spec.get("unit", ""))
        report = Report(
            kind=report_spec["kind"],
            title=report_spec["title"],
            position=position,
            presenter_name=report_spec.get("presenter_name", ""),
            presenter_title=report_spec.get("presenter_title", ""),
            organisation=presenting_unit,
            organisation_name=presenting_unit.name if presenting_unit else "",
            summary=report_spec["summary"],
        )
        report.figures = [
            Figure(position=number, **figure) for number, figure in enumerate(report_spec["figures"], start=1)
        ]
        conference.reports.append(report)

    for position, directive_spec in enumerate(spec["directives"], start=1):
        directive = Directive(
            text=directive_spec["text"], due_date=directive_spec.get("due"), position=position
        )
        conference.directives.append(directive)
        addressed = [units[key] for key in directive_spec.get("units", [])]
        if "units_under" in directive_spec:
            parent_key, level = directive_spec["units_under"]
            db.session.flush()
            addressed += descendants(units[parent_key], level)
        services.set_addressees(directive, addressed, directive_spec.get("groups", []))

    db.session.flush()
    if spec["publish"]:
        problems = services.publish(conference, recorder)
        if problems:  # the demo data itself is wrong: fail loudly rather than load half of it
            raise RuntimeError(f"Cannot publish demo conference {spec['uid']}: {problems}")
    return conference
