"""The machinery of tests/test_fuzz.py: a seeded world, every URL rule with real and hostile
ids, the real forms of the pages, hostile values, a database fingerprint and snapshot.

Requests run without an app context pushed by the test, so each one gets its own context and
database session, as in production (a view that changes an object and then refuses the form
loses the change at teardown, exactly as a real request would).
"""

from __future__ import annotations

import io
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import docx
import lxml.html
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from config import TestConfig
from minutes import create_app
from minutes.calendar import services as cal
from minutes.clock import today
from minutes.extensions import db
from minutes.extraction import services as extraction
from minutes.models import (
    Attendee,
    CalendarToken,
    Conference,
    ConferenceLog,
    Directive,
    DirectiveAddressee,
    Extraction,
    Figure,
    IssuedDocument,
    Letterhead,
    Organisation,
    Report,
    Site,
    Task,
    TaskExtension,
    User,
)
from minutes.tasks import services as tasks
from tests.factories import make_conference, make_directive, make_task, make_user
from tests.support import PASSWORD

ROLES = ("admin", "secretariat", "officer", "viewer", "anonymous")
USERNAMES = {"admin": "admin", "secretariat": "thuky", "officer": "canbo", "viewer": "lanhdao"}

# --- hostile values ---------------------------------------------------------------------------

HOSTILE_IDS = ("0", "-1", "2147483647", "2147483648", "99999999999999999999999", "²", "٣", "1.0")
LONG_TEXT = ("Nghị quyết số 12-NQ/TW về công tác xây dựng Đảng. " * 400)[:20_000]
TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m\x7f",
    "\r\n\t",
    "\u202e\u2066\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE tasks;--",
    "Hoa\u0300 Bi\u0300nh",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇻🇳",
    "\ufeff",
    "%s%n{0}",
    LONG_TEXT,
    "x" * 600,
)
NUMBERS = (
    "²",
    "٣",
    "١٢",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1,5",
    "1.917,5",
    "0,000000000000001",
    "999999999999999",
    "1000000000000",
    "-1000000000001",
    "0.00001",
    "2147483647",
    "2147483648",
    "99999999999999999999",
    "9" * 5000,
    "-" + "9" * 5000,
)
DATES = (
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2021-02-30",
    "1944-12-31",
    "1945-01-01",
    "2099-12-31",
    "2100-01-01",
    "31/12/2099",
    "²",
    "2021-1-1",
)
DATETIMES = (
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2099-12-31T23:59",
    "1945-01-01T00:00",
    "2021-13-01T25:61",
    "0001-01-01",
    "9999-12-31",
    "2021-04-07T08:00:00.999999+99:00",
)
VERSIONS = ("<missing>", "<stale>", "0", "-1", "", "²", "٣", "2147483648", "9" * 5000, "1e3")
#: What a field of each HTML input type gets besides the generic pools.
POOLS = {"date": DATES, "datetime-local": DATETIMES, "number": NUMBERS, "month": DATES}
#: Query-string parameters every GET may receive (besides the names of the page's GET forms).
QUERY_NAMES = (
    "page",
    "q",
    "year",
    "status",
    "kind",
    "organiser",
    "organisation_id",
    "unit_id",
    "window",
    "sub",
    "parent",
    "next",
    "cells",
    "filters",
    "scope",
    "role",
    "action",
    "who",
    "within",
    "done",
    "alarm",
    "style",
    "alarm_days",
    "period",
)
ICS = {
    "far future": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@b\r\nSUMMARY:x\r\n"
    b"DTSTART:99991231T235900Z\r\nDTEND:99991231T235959Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "year one": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:c@d\r\nSUMMARY:y\r\n"
    b"DTSTART;VALUE=DATE:00010101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "garbage": b"\x00\xff\xfe<html>not a calendar",
    "empty": b"",
    "no event": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
}
CSV = {
    "hostile users": "\ufefftên đăng nhập;họ tên;email;vai trò;đơn vị\r\nab\x00c;\x07;x@;god;²\r\n".encode(),
    "hostile units": "\ufefftên;tên ngắn;mã;cấp;đơn vị cấp trên\r\n;x;".encode() + b"9" * 5000,
    "latin-1": "tên;x\r\nHà Nội;y\r\n".encode("latin-1", "replace"),
    "garbage": b"\x00\x01\x02\xff",
}


# --- the seeded world -------------------------------------------------------------------------


@dataclass
class World:
    app: object
    #: One dict per seeded object: the URL arguments that name it (conference_id, site_id…).
    rows: list[dict]
    #: Live calendar token per role (anonymous: a revoked one).
    tokens: dict[str, str]
    revoked_token: str
    statics: list[str]


def build_world(instance: Path, url: str) -> World:
    """A fresh app on an empty database (``url``) with a small but complete tree."""
    import os

    os.environ["MINUTES_INSTANCE"] = str(instance)
    app = create_app(type("Fuzzed", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        db.create_all()
        rows, tokens, revoked = _seed()
    statics = sorted(
        str(p.relative_to(Path(app.static_folder))) for p in Path(app.static_folder).rglob("*") if p.is_file()
    )[:3]
    return World(app, rows, tokens, revoked, statics)


def _conference(organiser: Organisation, status: str, units: list[Organisation]) -> Conference:
    conference = make_conference(
        organiser,
        status=status,
        format="hybrid",
        starts_at=datetime(2021, 4, 7, 1, 0),
        ends_at=datetime(2021, 4, 7, 4, 0),
        period_year=2021,
        period_kind="quarter",
        period_number=1,
        conclusion="Kết luận của đồng chí Bí thư.",
        published_at=datetime(2021, 4, 8) if status == "published" else None,
    )
    host = Site(
        name=f"Hội trường {organiser.name}",
        is_host=True,
        position=1,
        organisation=organiser,
        headcount=40,
        leader_name="Nguyễn Văn A",
    )
    conference.sites.append(host)
    for i, unit in enumerate(units, start=2):
        conference.sites.append(Site(name=unit.name, organisation=unit, position=i, headcount=12))
    conference.attendees.append(
        Attendee(name="Trần Văn Chủ", job_title="Bí thư", role="chair", site=host, position=1)
    )
    conference.attendees.append(
        Attendee(
            name="Lê Thị Dự",
            job_title="Chánh Văn phòng",
            role="delegate",
            site=conference.sites[-1],
            position=2,
            presence="excused",
            absence_reason="Đi công tác",
        )
    )
    for i in (1, 2):
        report = Report(
            title=f"Báo cáo {i}", position=i, kind="report", presenter_name="Phạm B", summary="Tóm tắt"
        )
        report.figures.append(
            Figure(
                label="Đảng viên mới",
                value=1250,
                unit="người",
                position=1,
                baseline_value=1000,
                baseline_label="cùng kỳ năm 2020",
            )
        )
        report.figures.append(
            Figure(label="Tỷ lệ", qualifier="hơn", value=26000, position=2, stated_change_pct=-39)
        )
        conference.reports.append(report)
    db.session.commit()
    for i in (1, 2, 3):
        directive = make_directive(conference, text=f"Chỉ đạo số {i}: rà soát, báo cáo.")
        directive.addressees.append(
            DirectiveAddressee(organisation=units[0], label=units[0].name, position=1)
        )
    db.session.add(ConferenceLog(conference=conference, action="created", note="Tạo biên bản"))
    db.session.commit()
    return conference


def _seed() -> tuple[list[dict], dict[str, str], str]:
    city = Organisation(name="Thành ủy Hải Phòng", level="province")
    districts = [
        Organisation(name=n, level="district", parent=city, sort_order=i)
        for i, n in enumerate(["Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo"])
    ]
    commune = Organisation(name="Đảng ủy phường An Biên", level="commune", parent=districts[0])
    other = Organisation(name="Tỉnh ủy Tây Ninh", level="province")
    retired = Organisation(
        name="Quận ủy cũ",
        level="district",
        parent=city,
        active=False,
        deactivated_on=today() - timedelta(days=30),
    )
    db.session.add_all([city, *districts, commune, other, retired])
    db.session.commit()
    users = {
        "admin": make_user("admin", "admin", city),
        "secretariat": make_user("thuky", "secretariat", city),
        "officer": make_user("canbo", "officer", districts[0]),
        "viewer": make_user("lanhdao", "viewer", city),
    }
    make_user("canbo2", "officer", commune)
    make_user("canbo3", "officer", districts[1])
    gone = make_user("nghiviec", "officer", districts[2])
    gone.active = False
    make_user("tayninh", "secretariat", other)
    db.session.commit()

    _conference(city, "draft", districts[:2])  # editable: its forms are accepted
    published = _conference(city, "published", districts)
    foreign = _conference(other, "published", [other])
    secretary, officer = users["secretariat"], users["officer"]
    first, second, third = published.directives
    top = make_task(districts[0], secretary, first)
    tasks.delegate(top, officer, [commune], today() + timedelta(days=5))
    tasks.request_extension(top, officer, today() + timedelta(days=30), "Chờ số liệu quý")
    asked = make_task(districts[1], secretary, first)
    tasks.request_extension(asked, secretary, today() + timedelta(days=40), "Thiếu người")
    done = make_task(districts[2], secretary, first, due_date=today() - timedelta(days=3))
    tasks.complete(done, secretary, today(), "Đã xong")
    make_task(districts[0], secretary, second, due_date=None)  # thường xuyên
    late = make_task(districts[1], secretary, second, due_date=today() - timedelta(days=10))
    tasks.cancel(late, secretary, "Không còn phù hợp")
    make_task(districts[2], secretary, third, due_date=today() + timedelta(days=60))
    make_task(other, users["admin"], foreign.directives[0])
    db.session.commit()
    # The published conferences' bodies have letterheads, and one issued notice each: the
    # documents pages, downloads and register entries have something to serve.
    from minutes.documents import services as documents

    for unit in (city, other):
        db.session.add(
            Letterhead(
                organisation_id=unit.id,
                family="party",
                body_line=unit.name.upper(),
                code="TU",
                place="Hải Phòng",
                term_start=date(2020, 10, 1),
                signer_for="BAN THƯỜNG VỤ",
                signer_position="BÍ THƯ",
                signer_name="Nguyễn Văn A",
            )
        )
    # A body with its own template (it organises nothing, so no fill spawns the sandbox).
    own = Organisation(name="Văn phòng có mẫu riêng", level="other", parent=city)
    db.session.add(own)
    db.session.flush()
    starter = io.BytesIO()
    docx.Document().save(starter)
    db.session.add(
        Letterhead(
            organisation_id=own.id,
            family="state",
            body_line="VĂN PHÒNG",
            template=starter.getvalue(),
            template_name="mau.docx",
        )
    )
    db.session.flush()
    for conference in (published, foreign):
        documents.issue(conference, "notice", users["admin"], issued_on=today())
    # Pending text → minutes reviews of two users (each sees only its own).
    for role in ("secretariat", "admin"):
        extraction.start(users[role], "Thành ủy Hải Phòng tổ chức hội nghị giao ban quý I năm 2024.")
    db.session.commit()

    revoked = cal.token_string(cal.regenerate(officer))
    db.session.commit()
    tokens = {}
    for role, user in users.items():
        tokens[role] = cal.token_string(cal.regenerate(user))
        db.session.commit()
    return _rows(), tokens, revoked


def _rows() -> list[dict]:
    """URL arguments naming each seeded object, consistent with each other."""
    rows: list[dict] = []
    for conference in db.session.scalars(db.select(Conference)):
        c = {"conference_id": conference.id}
        rows.append(c)
        rows += [{**c, "site_id": s.id} for s in conference.sites]
        rows += [{**c, "attendee_id": a.id} for a in conference.attendees]
        for report in conference.reports:
            rows.append({**c, "report_id": report.id})
            rows += [{**c, "report_id": report.id, "figure_id": f.id} for f in report.figures]
        rows += [{**c, "directive_id": d.id} for d in conference.directives]
    rows += [{"directive_id": d.id} for d in db.session.scalars(db.select(Directive))]
    rows += [{"task_id": t.id} for t in db.session.scalars(db.select(Task))]
    rows += [{"extension_id": e.id} for e in db.session.scalars(db.select(TaskExtension))]
    rows += [{"unit_id": o.id} for o in db.session.scalars(db.select(Organisation))]
    rows += [{"user_id": u.id} for u in db.session.scalars(db.select(User))]
    rows += [{"token_id": t.id} for t in db.session.scalars(db.select(CalendarToken))]
    rows += [{"document_id": d.id} for d in db.session.scalars(db.select(IssuedDocument))]
    rows += [{"record_id": r.id} for r in db.session.scalars(db.select(Extraction))]
    return rows


# --- URL rules --------------------------------------------------------------------------------

ARG = re.compile(r"<(?:(\w+)(?:\((.*?)\))?:)?(\w+)>")


@dataclass(frozen=True)
class Rule:
    endpoint: str
    pattern: str
    methods: tuple[str, ...]
    ints: tuple[str, ...]
    others: dict = field(default_factory=dict, hash=False, compare=False)

    def url(self, values: dict) -> str:
        def put(match: re.Match) -> str:
            return quote(str(values[match.group(3)]), safe="/")

        return ARG.sub(put, self.pattern)


def rules_of(app) -> list[Rule]:
    found = []
    for rule in app.url_map.iter_rules():
        args = ARG.findall(rule.rule)
        ints = tuple(name for conv, _a, name in args if conv == "int")
        others = {name: (conv, spec) for conv, spec, name in args if conv != "int"}
        methods = tuple(sorted(rule.methods - {"HEAD", "OPTIONS"}))
        found.append(Rule(rule.endpoint, rule.rule, methods, ints, others))
    return sorted(found, key=lambda r: r.pattern)


def real_values(rule: Rule, world: World) -> list[dict]:
    """Seeded values for the rule's arguments: every consistent combination of ids (several
    conferences, several tasks…), with the other arguments set to real values."""
    wanted = set(rule.ints)
    if wanted:
        combos, seen = [], set()
        for row in world.rows:
            if wanted <= row.keys():
                key = tuple(row[k] for k in rule.ints)
                if key not in seen:
                    seen.add(key)
                    combos.append({k: row[k] for k in rule.ints})
    else:
        combos = [{}]
    out = []
    for combo in combos:
        for name, (conv, spec) in rule.others.items():
            combo = {**combo, name: _other_value(rule, name, conv, spec, world)}
        out.append(combo)
    return out


def _other_value(rule: Rule, name: str, conv: str, spec: str, world: World):
    if conv == "any":
        return [v.strip() for v in spec.split(",")][0]
    if name == "token":
        return world.tokens["secretariat"]  # may read every feed, all.ics included
    if name == "kind":
        return "notice" if rule.endpoint.startswith("documents.") else "units"
    if name == "fmt":
        return "docx"
    if name == "code":
        return "en"
    if name == "filename":
        return world.statics[0]
    return "x"


def other_choices(rule: Rule, name: str, world: World) -> list[str]:
    conv, spec = rule.others[name]
    if conv == "any":
        return [v.strip() for v in spec.split(",")] + ["sideways"]
    if name == "token":
        return [
            *world.tokens.values(),
            world.revoked_token,
            "x",
            "²",
            "a.b",
            "x" * 300,
            world.tokens["officer"] + "0",
        ]
    if name == "kind":
        return ["notice", "minutes", "units", "users", "x", "²"]
    if name == "fmt":
        # Not "pdf": each would run LibreOffice (tests/test_documents_pdf.py covers it).
        return ["docx", "doc", "x", "²"]
    if name == "code":
        return ["vi", "en", "xx", "\x00"]
    if name == "filename":
        return [*world.statics, "../config.py", "%00"]
    return ["x"]


# --- forms of the pages -----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select", "textarea", "button", "file"
    value: str | None  # what a browser sends untouched; None: nothing (unticked box)
    options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass
class Form:
    path: str
    endpoint: str
    method: str
    fields: list[Field]
    page: str
    role: str

    def defaults(self) -> list[tuple[str, object]]:
        """What a browser would post untouched (first named button pressed)."""
        data: list[tuple[str, object]] = []
        pressed = False
        for f in self.fields:
            if f.kind == "button":
                if not pressed:
                    data.append((f.name, f.value or ""))
                    pressed = True
            elif f.kind == "file":
                data.append((f.name, (io.BytesIO(b""), "")))
            elif f.value is not None:
                data.append((f.name, f.value))
        return data


def harvest(html: str, page: str, role: str, adapter) -> list[Form]:
    """The forms of a page, each with the endpoint its action resolves to."""
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    forms = []
    for element in doc.forms:
        method = (element.get("method") or "get").upper()
        action = element.get("action") or page
        path = urlsplit(action).path or urlsplit(page).path
        try:
            endpoint, _args = adapter.match(path, method=method)
        except (HTTPException, RequestRedirect):
            continue
        forms.append(Form(path, endpoint, method, _fields(element), page, role))
    return forms


def _fields(element) -> list[Field]:
    fields: list[Field] = []
    radios: dict[str, Field] = {}
    for node in element.xpath(".//input|.//select|.//textarea|.//button"):
        name = node.get("name")
        if not name or node.get("disabled") is not None:
            continue
        tag = node.tag
        if tag == "select":
            options = tuple(o.get("value", o.text_content()) for o in node.xpath(".//option"))
            chosen = [o.get("value", o.text_content()) for o in node.xpath(".//option[@selected]")]
            multiple = node.get("multiple") is not None
            value = chosen[0] if chosen else (None if multiple else (options[0] if options else ""))
            fields.append(Field(name, "select", value, options, multiple))
        elif tag == "textarea":
            fields.append(Field(name, "textarea", node.text_content()))
        elif tag == "button":
            if (node.get("type") or "submit") == "submit":
                fields.append(Field(name, "button", node.get("value", "")))
        else:
            kind = (node.get("type") or "text").lower()
            value = node.get("value", "")
            if kind in ("submit", "image"):
                fields.append(Field(name, "button", value))
            elif kind == "radio":
                if name in radios:
                    radios[name].options += (value,)
                    if node.get("checked") is not None:
                        radios[name].value = value
                else:
                    radios[name] = Field(
                        name, "radio", value if node.get("checked") is not None else None, (value,)
                    )
                    fields.append(radios[name])
            elif kind == "checkbox":
                fields.append(
                    Field(
                        name,
                        "checkbox",
                        value or "on" if node.get("checked") is not None else None,
                        (value or "on",),
                    )
                )
            elif kind == "file":
                fields.append(Field(name, "file", None))
            elif kind not in ("reset",):
                fields.append(Field(name, kind, value))
    for f in radios.values():
        if f.value is None and f.options:
            f.value = f.options[0]
    return fields


def hostile_pool(f: Field) -> tuple:
    """Values to try in field ``f``."""
    if f.name == "version" or f.name.endswith("-version"):
        return VERSIONS
    if f.kind == "file":
        return tuple(ICS) + tuple(CSV)
    base = POOLS.get(f.kind, ())
    if f.kind in ("select", "radio", "checkbox"):
        return f.options + HOSTILE_IDS + ("", "\x00", "x" * 300) + NUMBERS[:6]
    return base + TEXT + NUMBERS + DATES[:3] + DATETIMES[:2]


def file_value(key: str):
    content = ICS.get(key, CSV.get(key, b""))
    name = f"{key}.ics" if key in ICS else f"{key}.csv"
    return (io.BytesIO(content), name)


# --- the database -----------------------------------------------------------------------------


class Database:
    """Fingerprint (every row of every table) and snapshot/restore of the fuzzed database: the
    in-memory SQLite database is copied whole with SQLite's backup; on PostgreSQL the rows are
    kept and written back (tables emptied, rows inserted, id sequences set past them)."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
            self.tables = [t.name for t in db.metadata.sorted_tables]
            self.keys = {t.name: [c.name for c in t.primary_key.columns] for t in db.metadata.sorted_tables}
            # Numbered keys have a sequence to set past the rows put back (feed_bodies' key is text).
            self.serials = {
                t.name: [c.name for c in t.primary_key.columns if c.type.python_type is int]
                for t in db.metadata.sorted_tables
            }
        self.postgres = self.engine.dialect.name == "postgresql"
        self.snapshot = None if self.postgres else sqlite3.connect(":memory:")
        self.rows: dict[str, list[tuple]] = {}

    def _raw(self):
        return self.engine.raw_connection()

    def _select(self, table: str) -> str:
        order = ", ".join(f'"{k}"' for k in self.keys[table]) if self.postgres else "rowid"
        return f'SELECT * FROM "{table}" ORDER BY {order}'

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table (on PostgreSQL a digest of them per table, in one query:
        two dozen SELECTs around each of thousands of requests cost minutes there)."""
        if self.postgres:
            return self._digests()
        return self._rows()

    def _digests(self) -> dict[str, list[tuple]]:
        parts = [
            f"SELECT '{t}', (SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY "
            + ", ".join(f'r."{k}"' for k in self.keys[t])
            + f"), '')) FROM \"{t}\" r)"
            for t in self.tables
        ]
        conn = self._raw()
        try:
            cursor = conn.driver_connection.cursor()
            cursor.execute(" UNION ALL ".join(parts))
            return {t: [(digest,)] for t, digest in cursor.fetchall()}
        finally:
            conn.close()

    def _rows(self) -> dict[str, list[tuple]]:
        conn = self._raw()
        try:
            cursor = conn.driver_connection.cursor()
            dumped = {}
            for t in self.tables:
                cursor.execute(self._select(t))
                dumped[t] = [tuple(row) for row in cursor.fetchall()]
            return dumped
        finally:
            conn.close()

    def save(self) -> None:
        if self.postgres:
            self.rows = self._rows()
            return
        conn = self._raw()
        try:
            conn.driver_connection.backup(self.snapshot)
        finally:
            conn.close()

    def restore(self) -> None:
        if self.postgres:
            self._write_back()
            return
        conn = self._raw()
        try:
            self.snapshot.backup(conn.driver_connection)
        finally:
            conn.close()

    def _write_back(self) -> None:
        tables = ", ".join(f'"{t}"' for t in self.tables)
        with self.engine.begin() as c:
            c.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor = c.connection.driver_connection.cursor()
            # Parents first (sorted tables), and within a table by key: a unit's parent and a
            # task's parent task were made, so numbered, before them.
            for t in self.tables:
                if self.rows[t]:
                    marks = ", ".join(["%s"] * len(self.rows[t][0]))
                    cursor.executemany(f'INSERT INTO "{t}" VALUES ({marks})', self.rows[t])
            for t in self.tables:
                for key in self.serials[t]:
                    c.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{t}\"', '{key}'),"
                        f' COALESCE(MAX("{key}"), 0) + 1, false) FROM "{t}"'
                        f" WHERE pg_get_serial_sequence('\"{t}\"', '{key}') IS NOT NULL"
                    )


#: Tables a GET may write: caches of what the data already says (a built calendar feed is
#: kept under its ETag, see minutes/calendar/cache.py), not changes to the data.
CACHES = frozenset({"feed_bodies"})


def changed_tables(before: dict, after: dict) -> list[str]:
    return [t for t in before if t not in CACHES and before[t] != after[t]]


class ErrorLog(logging.Handler):
    """Keeps the traceback the app logs for an unhandled error."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        import traceback

        if record.exc_info:
            self.records.append("".join(traceback.format_exception(*record.exc_info)))
        else:
            self.records.append(record.getMessage())

    def last_lines(self, n: int = 4) -> str:
        """The last frame in the app's own code, and the exception."""
        if not self.records:
            return "(no traceback logged)"
        lines = self.records[-1].rstrip().splitlines()
        ours = [i for i, line in enumerate(lines) if "/minutes/" in line and "File " in line]
        tail = lines[-n:]
        if ours and ours[-1] < len(lines) - n:
            tail = [*lines[ours[-1] : ours[-1] + 2], "  …", *tail]
        return "\n".join(tail)


# --- driving the app --------------------------------------------------------------------------

#: POSTs that may change the database and answer 200 with a page (elsewhere a 200 to a POST
#: is the form shown again with its errors, and must have saved nothing).
SAVED_ON_200 = {
    "auth.login": "a failed sign-in is recorded in the audit trail",
    "admin.import_file": "an accepted import shows its result page",
}
#: Answers that say the request never got past routing or the permission check.
NOT_REACHED = {403, 404, 405}


@dataclass
class Finding:
    kind: str  # "500", "lost data", "get changed", "broken after save", "unescaped"
    role: str
    method: str
    url: str
    endpoint: str
    data: object
    status: int
    detail: str

    def key(self) -> tuple:
        return (
            self.kind,
            self.endpoint,
            self.method,
            self.detail.splitlines()[-1][:200] if self.detail else "",
        )

    def __str__(self) -> str:
        data = self.data
        if isinstance(data, list):
            data = [(k, _short(v)) for k, v in data]
        return (
            f"[{self.kind}] {self.method} {_short(self.url, 300)} as {self.role} -> "
            f"{self.status}\n    data: {data}\n    " + self.detail.replace("\n", "\n    ")
        )


def _short(value, limit: int = 80):
    if isinstance(value, tuple):  # a file
        return f"<file {value[1]!r}>"
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]!r}…({len(text)} chars)"


class Fuzzer:
    """Signed-in clients per role, the real forms of every page, and the checks of every
    answer: no 5xx, no change on a refused POST, no change on a GET, pages and feeds still
    served after an accepted change."""

    def __init__(self, world: World):
        self.world = world
        self.app = world.app
        self.rules = rules_of(self.app)
        self.adapter = self.app.url_map.bind("localhost")
        self.errors = ErrorLog()
        self.app.logger.addHandler(self.errors)
        self.clients, self.cookies = {}, {}
        for role in ROLES:
            client = self.app.test_client()
            if role != "anonymous":
                answer = client.post("/login", data={"username": USERNAMES[role], "password": PASSWORD})
                assert answer.status_code == 302, (role, answer.status_code)
                self.cookies[role] = client.get_cookie("session").value
            self.clients[role] = client
        self.db = Database(self.app)
        self.db.save()
        self.clean = self.db.dump()
        self.forms: dict[tuple[str, str], list[Form]] = {}
        self.query_names: dict[str, dict[str, tuple[str, ...]]] = {}
        self.findings: dict[tuple, Finding] = {}
        self.reached: dict[tuple[str, str], set[str]] = {}
        self.requests = 0
        #: Accepted POSTs that changed something (then undone).
        self.accepted = 0

    # -- one request, every check --

    def send(
        self,
        role: str,
        method: str,
        url: str,
        *,
        endpoint: str,
        data=None,
        query=None,
        headers=None,
        follow_up: bool = True,
    ):
        client = self.clients[role]
        if role == "anonymous":
            client.delete_cookie("session")
        else:
            client.set_cookie("session", self.cookies[role])
        before = self.db.dump()
        self.errors.records.clear()
        files = isinstance(data, list) and any(isinstance(v, tuple) for _k, v in data)
        shown = data
        if isinstance(data, list):
            data = MultiDict(
                [(k, (io.BytesIO(v[0].getvalue()), v[1]) if isinstance(v, tuple) else v) for k, v in data]
            )
        answer = client.open(
            url,
            method=method,
            data=data,
            query_string=query,
            headers=headers,
            content_type="multipart/form-data" if files else None,
        )
        self.requests += 1
        status = answer.status_code
        if query or headers:
            shown = {"query": query, "headers": headers, "form": shown}
        if status >= 500:
            self._found("500", role, method, url, endpoint, shown, status, self.errors.last_lines())
        if answer.mimetype == "text/html":
            body = answer.get_data(as_text=True)
            if "<script>alert(1)</script>" in body or "<img src=x onerror" in body:
                self._found(
                    "unescaped", role, method, url, endpoint, shown, status, "a payload came back unescaped"
                )
        # Sent to sign in: not reached, unless a signed-in user was signed out (logout).
        if (
            status not in NOT_REACHED
            and not (self._to_login(answer) and role == "anonymous")
            and not (endpoint == "auth.login" and role != "anonymous")
        ):
            self.reached.setdefault((endpoint, method), set()).add(role)
        after = self.db.dump()
        changed = changed_tables(before, after)
        if changed:
            if method == "GET":
                self._found(
                    "get changed", role, method, url, endpoint, shown, status, f"tables changed: {changed}"
                )
            elif status >= 400:
                self._found(
                    "lost data",
                    role,
                    method,
                    url,
                    endpoint,
                    shown,
                    status,
                    f"refused with {status} but tables changed: {changed}",
                )
            elif status == 200 and answer.mimetype == "text/html" and endpoint not in SAVED_ON_200:
                self._found(
                    "saved on a re-shown form",
                    role,
                    method,
                    url,
                    endpoint,
                    shown,
                    status,
                    f"the form came back (200) but tables changed: {changed}",
                )
            elif follow_up:
                self.accepted += 1
                self._after_save(role, method, url, endpoint, shown, answer)
            self.db.restore()
        return answer

    def _to_login(self, answer) -> bool:
        return (
            answer.status_code in (301, 302, 303)
            and urlsplit(answer.headers.get("Location", "")).path == "/login"
        )

    def _after_save(self, role, method, url, endpoint, shown, answer) -> None:
        """An accepted change must leave its pages and every feed working (one user must not
        break everybody's calendar, nor a report page for good)."""
        tokens = self.world.tokens
        pages = [
            ("secretariat", f"/calendar/feed/{tokens['secretariat']}/all.ics?style=todo&alarm=3"),
            ("officer", f"/calendar/feed/{tokens['officer']}/mine.ics"),
        ]
        location = urlsplit(answer.headers.get("Location", ""))
        if answer.status_code in (301, 302, 303) and location.path and location.path != "/login":
            pages.append((role, location.path + (f"?{location.query}" if location.query else "")))
        try:
            args = self.adapter.match(urlsplit(url).path, method=method)[1]
        except (HTTPException, RequestRedirect):
            args = {}
        if "conference_id" in args:
            c = args["conference_id"]
            pages += [
                ("admin", f"/conferences/{c}"),
                ("admin", f"/conferences/{c}/minutes"),
                ("admin", f"/calendar/conference/{c}.ics"),
            ]
        if "task_id" in args:
            pages.append(("admin", f"/tasks/{args['task_id']}"))
        for who, page in pages:
            client = self.clients[who]
            client.set_cookie("session", self.cookies[who])
            self.errors.records.clear()
            later = client.get(page)
            self.requests += 1
            if later.status_code >= 500:
                self._found(
                    "broken after save",
                    role,
                    method,
                    url,
                    endpoint,
                    shown,
                    answer.status_code,
                    f"then GET {page} answers {later.status_code}:\n" + self.errors.last_lines(),
                )

    def _found(self, kind, role, method, url, endpoint, data, status, detail) -> None:
        finding = Finding(kind, role, method, url, endpoint, data, status, detail)
        self.findings.setdefault(finding.key(), finding)

    # -- the forms of the pages --

    def crawl(self) -> None:
        """GET every rule with every seeded id as every role, keeping the pages' forms."""
        for rule in self.rules:
            if "GET" not in rule.methods:
                continue
            for role in ROLES:
                for values in real_values(rule, self.world):
                    url = rule.url(values)
                    answer = self.send(role, "GET", url, endpoint=rule.endpoint)
                    if answer.mimetype != "text/html" or answer.status_code != 200:
                        continue
                    for form in harvest(answer.get_data(as_text=True), url, role, self.adapter):
                        if form.method == "GET":
                            names = self.query_names.setdefault(form.endpoint, {})
                            for f in form.fields:
                                names[f.name] = tuple(
                                    dict.fromkeys(
                                        names.get(f.name, ()) + f.options + ((f.value,) if f.value else ())
                                    )
                                )
                        else:
                            self.forms.setdefault((form.endpoint, form.method), []).append(form)

    def form_for(self, rule: Rule, role: str, url: str) -> Form | None:
        """The form a browser would post to ``url``: this role's copy of it, else another
        role's (a refused role posts what it saw elsewhere), else a sibling's form."""
        forms = self.forms.get((rule.endpoint, "POST"), [])
        path = urlsplit(url).path
        for wanted in (lambda f: f.path == path and f.role == role, lambda f: f.path == path, lambda f: True):
            for form in forms:
                if wanted(form):
                    return form
        return None

    def query_for(self, endpoint: str) -> dict[str, tuple[str, ...]]:
        names = dict(self.query_names.get(endpoint, {}))
        for name in QUERY_NAMES:
            names.setdefault(name, ())
        return names

    def report(self) -> str:
        return "\n".join(str(f) for f in self.findings.values())


DROP = "<drop>"


def mutate(form: Form, plan: list[tuple[int, str]]) -> list[tuple[str, object]]:
    """``form``'s untouched values with ``plan``'s changes: (field index, new value), where
    the value :data:`DROP` (or ``<missing>``) leaves the field out and ``<stale>`` is a
    version other than the stored one."""
    data = form.defaults()
    for index, value in plan:
        f = form.fields[index]
        data = [(k, v) for k, v in data if k != f.name]
        if value in (DROP, "<missing>"):
            continue
        if value == "<stale>":
            current = f.value if (f.value or "").isdigit() else "1"
            value = str(int(current) - 1 if int(current) > 1 else int(current) + 1)
        if f.kind == "file":
            data.append((f.name, file_value(value)))
        elif f.multiple and f.options:
            data += [(f.name, f.options[0]), (f.name, value)]
        else:
            data.append((f.name, value))
    return data
