"""The conference workspace: list, record each section, publish, and the minutes page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import DataRequired

from ..audit import record
from ..clock import local_zone, utcnow
from ..extensions import db
from ..formatting import to_local, to_utc
from ..labels import join_period, split_period
from ..models import Attendee, Conference, Directive, Figure, Organisation, Report, Site
from ..organisations import services as orgs
from ..pagination import paginate
from ..permissions import (
    READ_MINUTES,
    WRITE_MINUTES,
    can,
    check,
    require,
    scope_ids,
    visible_conferences,
)
from ..templating import local_datetime
from . import services
from .forms import (
    AttendeeForm,
    BulkSitesForm,
    ConclusionForm,
    ConferenceFilterForm,
    ConferenceForm,
    DirectiveForm,
    FigureForm,
    PasteSitesForm,
    ReopenForm,
    ReportForm,
    SiteForm,
)

bp = Blueprint("conferences", __name__, url_prefix="/conferences")


# --- helpers ---------------------------------------------------------------------------

def _readable(conference_id: int) -> Conference:
    """The conference with everything its pages show, if the signed-in user may read it."""
    conference = services.load_full(conference_id)
    if conference is None:
        abort(404)
    check(READ_MINUTES, conference)
    return conference


def _editable(conference_id: int) -> Conference:
    """The conference, if the user may write its minutes and it is still a draft."""
    if not can(current_user, WRITE_MINUTES):
        abort(403)
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        abort(404)
    check(WRITE_MINUTES, conference)
    if conference.is_published:
        flash(_("Biên bản đã công bố nên chỉ đọc. Hãy mở lại biên bản trước khi sửa."), "warning")
        abort(redirect(url_for(".show", conference_id=conference.id), 303))
    return conference


def _child(model, child_id: int, conference: Conference):
    """A site, attendee, report or directive of this conference, else 404."""
    child = db.session.get(model, child_id)
    if child is None or child.conference_id != conference.id:
        abort(404)
    return child


def _figure(figure_id: int, conference: Conference) -> Figure:
    figure = db.session.get(Figure, figure_id)
    if figure is None or figure.report.conference_id != conference.id:
        abort(404)
    return figure


def _unit(unit_id: int | None) -> Organisation | None:
    return db.session.get(Organisation, unit_id) if unit_id else None


def _unit_choices(form_field, blank: str | None = "—") -> None:
    form_field.choices = orgs.choices(blank=blank)


def _organiser_choices(field) -> None:
    """Who may organise: a unit in the user's scope, required unless the user is an admin."""
    scope = scope_ids(current_user)
    field.choices = orgs.choices(blank="—" if scope is None else None, within=scope)
    if scope is not None:
        field.validators = [DataRequired(_("Hãy chọn cơ quan tổ chức."))]


def _site_choices(form_field, conference: Conference) -> None:
    form_field.choices = [("", "—")] + [(s.id, s.name) for s in conference.sites]


def _stale(obj) -> bool:
    """The form was built from an older version than the stored one: refuse, show what is now."""
    sent = request.form.get("version", "")
    if not sent.isdigit() or int(sent) == obj.version:
        return False
    if isinstance(obj, Conference):
        current = _("Hiện tại: tên “%(t)s”, bắt đầu %(s)s.", t=obj.title,
                    s=local_datetime(obj.starts_at) if obj.starts_at else "—")
    else:
        current = _("Nội dung hiện tại: “%(t)s”.", t=obj.text)
    flash(_("Người khác vừa sửa bản ghi này trong lúc bạn sửa, nên thay đổi của bạn chưa được "
            "lưu. %(current)s Hãy xem lại rồi lưu lại nếu vẫn cần.", current=current), "error")
    return True


def _saved(message: str, endpoint: str, conference: Conference, logged: bool = False, **values):
    """Commit a change: it goes into the conference's history (with ``message`` as what was
    done, unless the service ``logged`` it already) and moves its calendar fingerprint."""
    if not logged:
        services.log(conference, current_user, "edited", str(message))
    conference.updated_at = utcnow()
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, conference_id=conference.id, **values), 303)


# --- list, create, general information --------------------------------------------------

@bp.get("/")
def index():
    """Conferences, newest first, with filters and search."""
    form = ConferenceFilterForm(formdata=request.args)
    _unit_choices(form.organiser, blank=_("Tất cả"))
    valid = form.validate()
    if not valid:
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
    data = form.data if valid else {}
    query = services.list_query(
        q=data.get("q"), year=data.get("year"), kind=data.get("kind") or None,
        organiser_id=data.get("organiser"), status=data.get("status") or None,
    ).where(visible_conferences(current_user))
    page = paginate(query)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("conferences/index.html", form=form, page=page, args=args)


def _fill_conference(form: ConferenceForm, conference: Conference) -> None:
    zone = local_zone()
    conference.title = form.title.data
    conference.kind = form.kind.data
    conference.period_kind, conference.period_number = split_period(form.period.data)
    conference.period_year = form.period_year.data
    conference.starts_at = to_utc(form.starts_at.data, zone)
    conference.ends_at = to_utc(form.ends_at.data, zone)
    conference.format = form.format.data
    conference.reported_delegates = form.reported_delegates.data
    conference.reported_delegates_qualifier = form.reported_delegates_qualifier.data
    conference.notes = form.notes.data or ""
    services.set_organiser(conference, _unit(form.organiser_id.data))


@bp.route("/new", methods=["GET", "POST"])
@require(WRITE_MINUTES)
def new():
    """Start recording a conference."""
    form = ConferenceForm()
    _organiser_choices(form.organiser_id)
    if request.method == "GET":
        form.organiser_id.data = current_user.organisation_id
    if form.validate_on_submit():
        conference = Conference(status="draft", created_by=current_user)
        _fill_conference(form, conference)
        db.session.add(conference)
        services.log(conference, current_user, "created")
        db.session.commit()
        flash(_("Đã tạo hội nghị. Tiếp theo: các điểm cầu."), "success")
        return redirect(url_for(".sites", conference_id=conference.id), 303)
    return render_template("conferences/edit.html", form=form, conference=None)


@bp.get("/<int:conference_id>")
def show(conference_id: int):
    """Overview of one conference: sections, counts, life cycle."""
    conference = _readable(conference_id)
    return render_template("conferences/show.html", conference=conference,
                           reopen_form=ReopenForm(), tab="overview")


@bp.route("/<int:conference_id>/edit", methods=["GET", "POST"])
def edit(conference_id: int):
    """Edit the general information of a draft."""
    conference = _editable(conference_id)
    form = ConferenceForm(obj=conference)
    _organiser_choices(form.organiser_id)
    if request.method == "GET":
        zone = local_zone()
        form.period.data = join_period(conference.period_kind, conference.period_number)
        form.starts_at.data = _naive(to_local(conference.starts_at, zone))
        form.ends_at.data = _naive(to_local(conference.ends_at, zone))
    if request.method == "POST" and _stale(conference):
        return render_template("conferences/edit.html", form=form, conference=conference,
                               tab="edit"), 409
    if form.validate_on_submit():
        before = (conference.title, conference.starts_at, conference.ends_at)
        _fill_conference(form, conference)
        if (conference.title, conference.starts_at, conference.ends_at) != before:
            conference.ical_sequence += 1
        return _saved(_("Đã lưu thông tin chung."), ".show", conference)
    return render_template("conferences/edit.html", form=form, conference=conference, tab="edit")


def _naive(value):
    return value.replace(tzinfo=None) if value else None


@bp.post("/<int:conference_id>/delete")
def delete(conference_id: int):
    """Delete a draft conference."""
    conference = _editable(conference_id)
    if services.task_count(conference=conference):
        flash(_("Hội nghị đã có nhiệm vụ được giao nên không xóa được; hãy hủy các nhiệm vụ "
                "nếu cần."), "error")
        return redirect(url_for(".show", conference_id=conference.id), 303)
    history = "\n".join(f"{entry.at:%Y-%m-%d %H:%M} {entry.action} "
                        f"{entry.user.username if entry.user else '-'} {entry.note}".rstrip()
                        for entry in conference.log)
    record("conference.deleted", actor=current_user, unit=conference.organiser_id,
           subject=conference.title, history=history)
    db.session.delete(conference)
    db.session.commit()
    flash(_("Đã xóa bản nháp."), "success")
    return redirect(url_for(".index"), 303)


# --- sites ---------------------------------------------------------------------------------

@bp.route("/<int:conference_id>/sites", methods=["GET", "POST"])
def sites(conference_id: int):
    """The host and connected sites; add one, all units under one, or a pasted list."""
    if request.method == "POST":
        conference = _editable(conference_id)
    else:
        conference = _readable(conference_id)
    form, bulk, paste = SiteForm(), BulkSitesForm(prefix="bulk"), PasteSitesForm(prefix="paste")
    _unit_choices(form.organisation_id)
    _unit_choices(bulk.parent_id, blank=_("— chọn đơn vị —"))
    if request.method == "POST" and form.validate():
        site = Site(position=services.next_position(conference.sites))
        conference.sites.append(site)
        form.populate_obj(site)
        site.organisation = _unit(form.organisation_id.data)
        if site.is_host:
            services.make_host(conference, site)
        return _saved(_("Đã thêm điểm cầu %(name)s.", name=site.name), ".sites", conference)
    return render_template("conferences/sites.html", conference=conference, form=form,
                           bulk=bulk, paste=paste, tab="sites")


@bp.post("/<int:conference_id>/sites/bulk")
def sites_bulk(conference_id: int):
    """Add the sites of all units under one organisation in one step."""
    conference = _editable(conference_id)
    bulk = BulkSitesForm(prefix="bulk")
    _unit_choices(bulk.parent_id, blank=_("— chọn đơn vị —"))
    if bulk.validate() and (parent := _unit(bulk.parent_id.data)) is not None:
        added, skipped = services.add_sites_under(conference, parent, bulk.level.data or None)
        if not added and not skipped:
            flash(_("%(name)s không có đơn vị nào ở cấp đã chọn.", name=parent.name), "warning")
            return redirect(url_for(".sites", conference_id=conference.id), 303)
        return _saved(_("Đã thêm %(added)s điểm cầu (bỏ qua %(skipped)s đã có).",
                        added=added, skipped=skipped), ".sites", conference)
    form, paste = SiteForm(formdata=None), PasteSitesForm(prefix="paste", formdata=None)
    _unit_choices(form.organisation_id)
    return render_template("conferences/sites.html", conference=conference, form=form,
                           bulk=bulk, paste=paste, tab="sites"), 422


@bp.post("/<int:conference_id>/sites/paste")
def sites_paste(conference_id: int):
    """Add one site per pasted line."""
    conference = _editable(conference_id)
    paste = PasteSitesForm(prefix="paste")
    if paste.validate():
        added, skipped = services.add_pasted_sites(conference, paste.names.data)
        return _saved(_("Đã thêm %(added)s điểm cầu (bỏ qua %(skipped)s đã có).",
                        added=added, skipped=skipped), ".sites", conference)
    form, bulk = SiteForm(formdata=None), BulkSitesForm(prefix="bulk", formdata=None)
    _unit_choices(form.organisation_id)
    _unit_choices(bulk.parent_id, blank=_("— chọn đơn vị —"))
    return render_template("conferences/sites.html", conference=conference, form=form,
                           bulk=bulk, paste=paste, tab="sites"), 422


@bp.route("/<int:conference_id>/sites/<int:site_id>/edit", methods=["GET", "POST"])
def site_edit(conference_id: int, site_id: int):
    """Edit one site."""
    conference = _editable(conference_id)
    site = _child(Site, site_id, conference)
    form = SiteForm(obj=site)
    _unit_choices(form.organisation_id)
    if form.validate_on_submit():
        form.populate_obj(site)
        site.organisation = _unit(form.organisation_id.data)
        if site.is_host:
            services.make_host(conference, site)
        return _saved(_("Đã lưu điểm cầu %(name)s.", name=site.name), ".sites", conference)
    return render_template("conferences/item_edit.html", conference=conference, form=form,
                           heading=_("Sửa điểm cầu"), back=url_for(".sites", conference_id=conference.id),
                           tab="sites")


@bp.post("/<int:conference_id>/sites/<int:site_id>/delete")
def site_delete(conference_id: int, site_id: int):
    """Remove a site (its attendees stay, without a site)."""
    conference = _editable(conference_id)
    site = _child(Site, site_id, conference)
    db.session.delete(site)
    return _saved(_("Đã xóa điểm cầu %(name)s.", name=site.name), ".sites", conference)


# --- attendees -------------------------------------------------------------------------------

def _attendee_form(conference: Conference, obj=None) -> AttendeeForm:
    form = AttendeeForm(obj=obj)
    _unit_choices(form.organisation_id)
    _site_choices(form.site_id, conference)
    return form


def _fill_attendee(form: AttendeeForm, attendee: Attendee, conference: Conference) -> None:
    form.populate_obj(attendee)
    unit = _unit(form.organisation_id.data)
    attendee.organisation = unit
    attendee.organisation_name = unit.name if unit else (form.organisation_name.data or "")
    attendee.site = _child(Site, form.site_id.data, conference) if form.site_id.data else None
    if attendee.presence == "present":
        attendee.absence_reason = ""


@bp.route("/<int:conference_id>/attendees", methods=["GET", "POST"])
def attendees(conference_id: int):
    """Who attended, where, in which role; totals computed per site."""
    if request.method == "POST":
        conference = _editable(conference_id)
    else:
        conference = _readable(conference_id)
    form = _attendee_form(conference)
    if form.validate_on_submit():
        attendee = Attendee(position=services.next_position(conference.attendees))
        conference.attendees.append(attendee)
        _fill_attendee(form, attendee, conference)
        return _saved(_("Đã thêm %(name)s.", name=attendee.display_name), ".attendees", conference)
    return render_template("conferences/attendees.html", conference=conference, form=form,
                           tab="attendees")


@bp.route("/<int:conference_id>/attendees/<int:attendee_id>/edit", methods=["GET", "POST"])
def attendee_edit(conference_id: int, attendee_id: int):
    """Edit one attendee."""
    conference = _editable(conference_id)
    attendee = _child(Attendee, attendee_id, conference)
    form = _attendee_form(conference, obj=attendee)
    if form.validate_on_submit():
        _fill_attendee(form, attendee, conference)
        return _saved(_("Đã lưu %(name)s.", name=attendee.display_name), ".attendees", conference)
    return render_template("conferences/item_edit.html", conference=conference, form=form,
                           heading=_("Sửa đại biểu"),
                           back=url_for(".attendees", conference_id=conference.id), tab="attendees")


@bp.post("/<int:conference_id>/attendees/<int:attendee_id>/delete")
def attendee_delete(conference_id: int, attendee_id: int):
    """Remove an attendee."""
    conference = _editable(conference_id)
    attendee = _child(Attendee, attendee_id, conference)
    db.session.delete(attendee)
    return _saved(_("Đã xóa %(name)s.", name=attendee.display_name), ".attendees", conference)


# --- reports and figures -----------------------------------------------------------------------

def _fill_report(form: ReportForm, report: Report) -> None:
    form.populate_obj(report)
    unit = _unit(form.organisation_id.data)
    report.organisation = unit
    report.organisation_name = unit.name if unit else (form.organisation_name.data or "")


@bp.route("/<int:conference_id>/reports", methods=["GET", "POST"])
def reports(conference_id: int):
    """Reports, statements and guidance speeches in agenda order."""
    if request.method == "POST":
        conference = _editable(conference_id)
    else:
        conference = _readable(conference_id)
    form = ReportForm()
    _unit_choices(form.organisation_id)
    if form.validate_on_submit():
        report = Report(position=services.next_position(conference.reports))
        conference.reports.append(report)
        _fill_report(form, report)
        db.session.commit()
        flash(_("Đã thêm. Nhập các số liệu của báo cáo bên dưới."), "success")
        return redirect(url_for(".report_edit", conference_id=conference.id,
                                report_id=report.id), 303)
    return render_template("conferences/reports.html", conference=conference, form=form,
                           tab="reports")


@bp.route("/<int:conference_id>/reports/<int:report_id>", methods=["GET", "POST"])
def report_edit(conference_id: int, report_id: int):
    """One report: its details and its figures."""
    conference = _editable(conference_id)
    report = _child(Report, report_id, conference)
    form = ReportForm(obj=report)
    _unit_choices(form.organisation_id)
    if form.validate_on_submit():
        _fill_report(form, report)
        return _saved(_("Đã lưu báo cáo."), ".report_edit", conference, report_id=report.id)
    return render_template("conferences/report_edit.html", conference=conference, report=report,
                           form=form, figure_form=FigureForm(formdata=None), tab="reports")


@bp.post("/<int:conference_id>/reports/<int:report_id>/delete")
def report_delete(conference_id: int, report_id: int):
    """Remove a report and its figures."""
    conference = _editable(conference_id)
    report = _child(Report, report_id, conference)
    db.session.delete(report)
    return _saved(_("Đã xóa báo cáo."), ".reports", conference)


@bp.post("/<int:conference_id>/reports/<int:report_id>/move/<any(up, down):direction>")
def report_move(conference_id: int, report_id: int, direction: str):
    """Move a report up or down the agenda."""
    conference = _editable(conference_id)
    report = _child(Report, report_id, conference)
    services.move(conference.reports, report, -1 if direction == "up" else 1)
    return _saved(_("Đã đổi thứ tự."), ".reports", conference)


@bp.post("/<int:conference_id>/reports/<int:report_id>/figures")
def figure_add(conference_id: int, report_id: int):
    """Add a figure to a report."""
    conference = _editable(conference_id)
    report = _child(Report, report_id, conference)
    figure_form = FigureForm()
    if figure_form.validate():
        figure = Figure(position=services.next_position(report.figures))
        report.figures.append(figure)
        figure_form.populate_obj(figure)
        return _saved(_("Đã thêm số liệu."), ".report_edit", conference, report_id=report.id)
    form = ReportForm(obj=report, formdata=None)
    _unit_choices(form.organisation_id)
    return render_template("conferences/report_edit.html", conference=conference, report=report,
                           form=form, figure_form=figure_form, tab="reports"), 422


@bp.route("/<int:conference_id>/figures/<int:figure_id>/edit", methods=["GET", "POST"])
def figure_edit(conference_id: int, figure_id: int):
    """Edit one figure."""
    conference = _editable(conference_id)
    figure = _figure(figure_id, conference)
    form = FigureForm(obj=figure)
    if form.validate_on_submit():
        form.populate_obj(figure)
        return _saved(_("Đã lưu số liệu."), ".report_edit", conference, report_id=figure.report_id)
    return render_template("conferences/item_edit.html", conference=conference, form=form,
                           heading=_("Sửa số liệu"), tab="reports",
                           back=url_for(".report_edit", conference_id=conference.id,
                                        report_id=figure.report_id))


@bp.post("/<int:conference_id>/figures/<int:figure_id>/delete")
def figure_delete(conference_id: int, figure_id: int):
    """Remove a figure."""
    conference = _editable(conference_id)
    figure = _figure(figure_id, conference)
    report_id = figure.report_id
    db.session.delete(figure)
    return _saved(_("Đã xóa số liệu."), ".report_edit", conference, report_id=report_id)


# --- conclusion and directives ---------------------------------------------------------------

def _directive_form(conference: Conference, obj: Directive | None = None, formdata=True):
    kwargs = {} if formdata else {"formdata": None}
    form = DirectiveForm(obj=obj, conference_date=services.conference_date(conference),
                         prefix="directive", **kwargs)
    form.addressee_ids.choices = orgs.choices()
    if obj is not None and request.method == "GET":
        form.addressee_ids.data = [a.organisation_id for a in obj.addressees if a.organisation_id]
        form.addressee_groups.data = "\n".join(a.label for a in obj.addressees
                                               if not a.organisation_id)
    return form


def _fill_directive(form: DirectiveForm, directive: Directive) -> None:
    directive.text = form.text.data
    directive.due_date = form.due_date.data
    units = [u for u in (_unit(i) for i in form.addressee_ids.data or []) if u]
    services.set_addressees(directive, units, (form.addressee_groups.data or "").splitlines())


def _render_conclusion(conference, form, directive_form, status=200):
    return render_template("conferences/conclusion.html", conference=conference, form=form,
                           directive_form=directive_form, tab="conclusion"), status


@bp.route("/<int:conference_id>/conclusion", methods=["GET", "POST"])
def conclusion(conference_id: int):
    """The chair's concluding remarks and the numbered directives under them."""
    if request.method == "POST":
        conference = _editable(conference_id)
    else:
        conference = _readable(conference_id)
    form = ConclusionForm(obj=conference)
    if form.validate_on_submit():
        conference.conclusion = form.conclusion.data or ""
        return _saved(_("Đã lưu kết luận."), ".conclusion", conference)
    return _render_conclusion(conference, form, _directive_form(conference, formdata=False))


@bp.post("/<int:conference_id>/directives")
def directive_add(conference_id: int):
    """Add a directive under the conclusion."""
    conference = _editable(conference_id)
    form = _directive_form(conference)
    if form.validate():
        directive = Directive(text=form.text.data,
                              position=services.next_position(conference.directives))
        conference.directives.append(directive)
        _fill_directive(form, directive)
        return _saved(_("Đã thêm chỉ đạo số %(n)s.", n=directive.position), ".conclusion",
                      conference)
    return _render_conclusion(conference, ConclusionForm(obj=conference, formdata=None), form, 422)


@bp.route("/<int:conference_id>/directives/<int:directive_id>/edit", methods=["GET", "POST"])
def directive_edit(conference_id: int, directive_id: int):
    """Edit one directive."""
    conference = _editable(conference_id)
    directive = _child(Directive, directive_id, conference)
    form = _directive_form(conference, obj=directive)
    if request.method == "POST" and _stale(directive):
        return render_template("conferences/item_edit.html", conference=conference, form=form,
                               heading=_("Sửa chỉ đạo"), tab="conclusion", item_version=directive.version,
                               back=url_for(".conclusion", conference_id=conference.id)), 409
    if form.validate_on_submit():
        old_text = directive.text
        _fill_directive(form, directive)
        if directive.text != old_text:
            services.touch_tasks(directive)  # their calendar summaries change
        return _saved(_("Đã lưu chỉ đạo."), ".conclusion", conference)
    return render_template("conferences/item_edit.html", conference=conference, form=form,
                           heading=_("Sửa chỉ đạo"), tab="conclusion", item_version=directive.version,
                           back=url_for(".conclusion", conference_id=conference.id))


@bp.post("/<int:conference_id>/directives/<int:directive_id>/delete")
def directive_delete(conference_id: int, directive_id: int):
    """Remove a directive."""
    conference = _editable(conference_id)
    directive = _child(Directive, directive_id, conference)
    if services.task_count(directive=directive):
        flash(_("Chỉ đạo đã được giao thành nhiệm vụ nên không xóa được."), "error")
        return redirect(url_for(".conclusion", conference_id=conference.id), 303)
    conference.directives.remove(directive)
    services.renumber(conference.directives)
    return _saved(_("Đã xóa chỉ đạo."), ".conclusion", conference)


@bp.post("/<int:conference_id>/directives/<int:directive_id>/move/<any(up, down):direction>")
def directive_move(conference_id: int, directive_id: int, direction: str):
    """Move a directive up or down the list."""
    conference = _editable(conference_id)
    directive = _child(Directive, directive_id, conference)
    services.move(conference.directives, directive, -1 if direction == "up" else 1)
    return _saved(_("Đã đổi thứ tự."), ".conclusion", conference)


# --- life cycle and the minutes ----------------------------------------------------------------

@bp.post("/<int:conference_id>/publish")
def publish(conference_id: int):
    """Publish the minutes: they become read-only."""
    conference = _editable(conference_id)
    problems = services.publish(conference, current_user)
    if problems:
        for problem in problems:
            flash(problem, "error")
        return redirect(url_for(".show", conference_id=conference.id), 303)
    return _saved(_("Đã công bố biên bản."), ".minutes", conference, logged=True)


@bp.post("/<int:conference_id>/reopen")
def reopen(conference_id: int):
    """Reopen published minutes for correction; who and why are recorded."""
    if not can(current_user, WRITE_MINUTES):
        abort(403)
    conference = _readable(conference_id)
    check(WRITE_MINUTES, conference)
    form = ReopenForm()
    if not conference.is_published:
        flash(_("Biên bản đang là bản nháp."), "info")
        return redirect(url_for(".show", conference_id=conference.id), 303)
    if form.validate():
        services.reopen(conference, current_user, form.reason.data)
        return _saved(_("Đã mở lại biên bản để sửa."), ".show", conference, logged=True)
    return render_template("conferences/show.html", conference=conference, reopen_form=form,
                           tab="overview"), 422


@bp.get("/<int:conference_id>/minutes")
def minutes(conference_id: int):
    """The read-only, printable biên bản."""
    conference = _readable(conference_id)
    return render_template("conferences/minutes.html", conference=conference)
