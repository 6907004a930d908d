"""Excel downloads of the lists a user sees: each sits beside its page (``…/export.xlsx``),
takes the page's query string, and builds its filters with the page's own function, so the
file holds every row the page lists (all pages of it) and nothing the reader may not see."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _

from ..clock import local_zone, today
from ..conferences.routes import list_filters
from ..downloads import download, file_name
from ..formatting import to_local
from ..models import Conference, Directive
from ..permissions import READ_MINUTES
from ..tasks import reports
from ..tasks.follow_routes import conference_rollups, dashboard_filters, dashboard_level, directive_filters
from ..tasks.levels import MAX_LEVEL
from ..tasks.routes import mine_filters
from ..views import load
from . import lists, xlsx

bp = Blueprint("exports", __name__)


def _day() -> str:
    return f"{today():%d-%m-%Y}"


@bp.get("/tasks/mine/export.xlsx")
def mine():
    """Việc của tôi with the page's filters: every task, nearest deadline first."""
    _form, filters = mine_filters(warn=False)
    sheet = lists.task_sheet(_("Việc của tôi"), reports.list_query(filters), today())
    return download([sheet], file_name(_("Việc của tôi"), _day()))


@bp.get("/tasks/directives/<int:directive_id>/export.xlsx")
def directive(directive_id: int):
    """A directive's tasks with the page's status filter, and its roll-up."""
    directive = load(Directive, directive_id, READ_MINUTES)
    _form, filters, totals = directive_filters(directive, request.args)
    rollup = reports.rollup(totals)
    when = today()
    sheets = [
        lists.task_sheet(_("Nhiệm vụ"), reports.list_query(filters, order="due"), when),
        lists.summary_sheet(rollup, (xlsx.Column(_("Chỉ đạo"), "text", 60), directive.text)),
        lists.status_sheet(rollup),
    ]
    title = _("Chỉ đạo %(n)s", n=directive.position)
    return download(sheets, file_name(title, directive.conference.title[:80]))


@bp.get("/tasks/conferences/<int:conference_id>/export.xlsx")
def conference(conference_id: int):
    """A conference's follow-up: each directive's roll-up, and the total."""
    conference = load(Conference, conference_id, READ_MINUTES)
    rollups, total = conference_rollups(conference)
    sheets = [
        lists.directive_table_sheet(conference.directives, rollups),
        lists.summary_sheet(total, (xlsx.Column(_("Hội nghị"), "text", 60), conference.title)),
    ]
    return download(sheets, file_name(_("Theo dõi thực hiện"), conference.title[:80]))


@bp.get("/tasks/dashboard/export.xlsx")
def dashboard():
    """The dashboard's tables with its filters, one sheet each; the lists in full."""
    form, base, late = dashboard_filters(warn=False)
    level = dashboard_level(form, base, per_page=MAX_LEVEL)
    counts = reports.rollup(base)
    when = today()
    sheets = [
        lists.summary_sheet(counts),
        lists.status_sheet(counts),
        lists.task_sheet(_("Nhiệm vụ quá hạn"), reports.list_query(late, order="overdue"), when),
        lists.unit_sheet([(r.name, r.rollup) for r in ([level.own] if level.own else []) + level.rows]),
        lists.conference_table_sheet(reports.conference_table(base)),
        lists.ages_sheet(counts, reports.overdue_ages(base)),
    ]
    return download(sheets, file_name(_("Theo dõi thực hiện"), _day()))


@bp.get("/conferences/export.xlsx")
def conferences():
    """The conference list with its search and filters: every conference the user sees."""
    _form, query = list_filters(warn=False)
    zone = local_zone()

    def hour_of(c: Conference) -> str | None:
        start = to_local(c.starts_at, zone)
        return f"{start:%H:%M}" if start else None

    return download([lists.conference_sheet(query, hour_of)], file_name(_("Danh sách hội nghị"), _day()))
