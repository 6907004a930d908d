"""Sites (điểm cầu) and attendees of a conference: each list is one section with its own
version, so adding a site never collides with someone adding an attendee."""

from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..models import Attendee, Conference, Site
from ..permissions import READ_MINUTES, check
from ..rules import RuleError, parse_id
from . import services, site_field
from .attendee_paste import add_pasted_attendees, parse
from .forms import AttendeeForm, BulkSitesForm, PasteAttendeesForm, PasteSitesForm, SiteForm
from .workspace import bp, child, edit_item, editable, now_reads, readable, save, unit


def _sites_page(conference: Conference, form=None, bulk=None, paste=None):
    """The sites page; the forms not being posted are blank."""
    form = form or SiteForm(formdata=None)
    bulk = bulk or BulkSitesForm(prefix="bulk", formdata=None)
    paste = paste or PasteSitesForm(prefix="paste", formdata=None)
    return render_template(
        "conferences/sites.html", conference=conference, form=form, bulk=bulk, paste=paste, tab="sites"
    )


def _fill_site(form: SiteForm, site: Site, conference: Conference) -> None:
    form.populate_obj(site)
    site.organisation = unit(form.organisation_id.data)
    if site.is_host:
        services.make_host(conference, site)


@bp.route("/<int:conference_id>/sites", methods=["GET", "POST"])
def sites(conference_id: int):
    """The host and connected sites; add one, all units under one, or a pasted list."""
    if request.method == "GET":
        return _sites_page(readable(conference_id))
    conference = editable(conference_id)
    form = SiteForm()
    if not form.validate():
        return _sites_page(conference, form=form), 422

    def change():
        site = Site(position=services.next_position(conference.sites))
        conference.sites.append(site)
        _fill_site(form, site, conference)
        return _("Đã thêm điểm cầu %(name)s.", name=site.name)

    return save(
        conference,
        "sites",
        change,
        form=form,
        endpoint=".sites",
        render=lambda _s: _sites_page(conference, form=form),
    )


@bp.post("/<int:conference_id>/sites/bulk")
def sites_bulk(conference_id: int):
    """Add the sites of all units under one organisation in one step."""
    conference = editable(conference_id)
    bulk = BulkSitesForm(prefix="bulk")
    valid = bulk.validate()
    parent = unit(bulk.parent_id.data) if valid else None
    if parent is None:
        if valid:
            bulk.parent_id.errors.append(_("Hãy chọn một đơn vị."))
        return _sites_page(conference, bulk=bulk), 422

    def change():
        added, skipped = services.add_sites_under(conference, parent, bulk.level.data or None)
        if not added and not skipped:
            raise RuleError(_("%(name)s không có đơn vị nào ở cấp đã chọn.", name=parent.name), "parent_id")
        return _("Đã thêm %(added)s điểm cầu (bỏ qua %(skipped)s đã có).", added=added, skipped=skipped)

    return save(
        conference,
        "sites",
        change,
        form=bulk,
        endpoint=".sites",
        render=lambda _s: _sites_page(conference, bulk=bulk),
    )


@bp.post("/<int:conference_id>/sites/paste")
def sites_paste(conference_id: int):
    """Add one site per pasted line."""
    conference = editable(conference_id)
    paste = PasteSitesForm(prefix="paste")
    if not paste.validate():
        return _sites_page(conference, paste=paste), 422

    def change():
        added, skipped = services.add_pasted_sites(conference, paste.names.data)
        return _("Đã thêm %(added)s điểm cầu (bỏ qua %(skipped)s đã có).", added=added, skipped=skipped)

    return save(
        conference,
        "sites",
        change,
        form=paste,
        endpoint=".sites",
        render=lambda _s: _sites_page(conference, paste=paste),
    )


@bp.route("/<int:conference_id>/sites/<int:site_id>/edit", methods=["GET", "POST"])
def site_edit(conference_id: int, site_id: int):
    """Edit one site."""
    conference = editable(conference_id)
    site = child(Site, site_id, conference)
    form = SiteForm(obj=site)

    def change():
        _fill_site(form, site, conference)
        return _("Đã lưu điểm cầu %(name)s.", name=site.name)

    return edit_item(
        conference,
        "sites",
        form,
        change=change,
        heading=_("Sửa điểm cầu"),
        tab="sites",
        back=url_for(".sites", conference_id=conference.id),
        version=lambda: conference.sites_version,
        endpoint=".sites",
        current=lambda: now_reads(_("điểm cầu"), site.name),
    )


@bp.post("/<int:conference_id>/sites/<int:site_id>/delete")
def site_delete(conference_id: int, site_id: int):
    """Remove a site (its attendees stay, without a site)."""
    conference = editable(conference_id)
    site = child(Site, site_id, conference)

    def change():
        db.session.delete(site)
        return _("Đã xóa điểm cầu %(name)s.", name=site.name)

    return save(
        conference,
        "sites",
        change,
        form=None,
        endpoint=".sites",
        render=lambda _s: _sites_page(readable(conference.id)),
    )


def _too_many():
    response = jsonify(
        {"error": _("Quá nhiều yêu cầu tìm kiếm. Hãy đợi một lát rồi thử lại."), "field": None}
    )
    response.status_code = 429
    return response


@bp.get("/<int:conference_id>/sites/search")
@login_required
@limiter.limit(
    lambda: current_app.config.get("PICKER_LIMIT", "120 per minute"),
    key_func=lambda: f"user:{current_user.get_id()}",
    # Own limit, answered in JSON (the picker's script reads it), like the unit search.
    on_breach=lambda _limit: _too_many(),
)
def search_sites(conference_id: int):
    """``?q=phuong 1`` → up to 20 of the conference's sites, for the attendee's site picker."""
    number = parse_id(conference_id)
    conference = db.session.get(Conference, number) if number is not None else None
    if conference is None:
        abort(404)
    check(READ_MINUTES, conference)
    text = (request.args.get("q") or "")[:200]
    found = site_field.matching(conference.id, text)
    return jsonify({"query": text, "results": [f.as_json() for f in found]})


# --- attendees -------------------------------------------------------------------------------


def _attendee_form(conference: Conference, obj=None, formdata=True) -> AttendeeForm:
    form = AttendeeForm(obj=obj) if formdata else AttendeeForm(obj=obj, formdata=None)
    form.site_id.conference = conference
    return form


def _fill_attendee(form: AttendeeForm, attendee: Attendee, conference: Conference) -> None:
    form.populate_obj(attendee)
    organisation = unit(form.organisation_id.data)
    attendee.organisation = organisation
    attendee.organisation_name = organisation.name if organisation else (form.organisation_name.data or "")
    attendee.site = child(Site, form.site_id.data, conference) if form.site_id.data else None
    if attendee.presence == "present":
        attendee.absence_reason = ""


def _paste_form(conference: Conference, formdata=True) -> PasteAttendeesForm:
    form = (
        PasteAttendeesForm(prefix="paste") if formdata else PasteAttendeesForm(prefix="paste", formdata=None)
    )
    form.site_id.conference = conference
    return form


def _attendees_page(conference: Conference, form=None, paste=None):
    return render_template(
        "conferences/attendees.html",
        conference=conference,
        form=form or _attendee_form(conference, formdata=False),
        paste=paste or _paste_form(conference, formdata=False),
        tab="attendees",
    )


@bp.post("/<int:conference_id>/attendees/paste")
def attendees_paste(conference_id: int):
    """Add a pasted list of people, with one role and site; nothing unless every line reads."""
    conference = editable(conference_id)
    paste = _paste_form(conference)
    if not paste.validate():
        return _attendees_page(conference, paste=paste), 422

    def change():
        people = parse(paste.lines.data, field="lines")
        site = child(Site, paste.site_id.data, conference) if paste.site_id.data else None
        added = add_pasted_attendees(conference, people, paste.role.data, site)
        return _("Đã thêm %(n)s đại biểu.", n=added)

    return save(
        conference,
        "attendees",
        change,
        form=paste,
        endpoint=".attendees",
        render=lambda _s: _attendees_page(conference, paste=paste),
    )


@bp.route("/<int:conference_id>/attendees", methods=["GET", "POST"])
def attendees(conference_id: int):
    """Who attended, where, in which role; totals computed per site."""
    if request.method == "GET":
        return _attendees_page(readable(conference_id))
    conference = editable(conference_id)
    form = _attendee_form(conference)
    if not form.validate():
        return _attendees_page(conference, form), 422

    def change():
        attendee = Attendee(position=services.next_position(conference.attendees))
        conference.attendees.append(attendee)
        _fill_attendee(form, attendee, conference)
        return _("Đã thêm %(name)s.", name=attendee.display_name)

    return save(
        conference,
        "attendees",
        change,
        form=form,
        endpoint=".attendees",
        render=lambda _s: _attendees_page(conference, form),
    )


@bp.route("/<int:conference_id>/attendees/<int:attendee_id>/edit", methods=["GET", "POST"])
def attendee_edit(conference_id: int, attendee_id: int):
    """Edit one attendee."""
    conference = editable(conference_id)
    attendee = child(Attendee, attendee_id, conference)
    form = _attendee_form(conference, obj=attendee)

    def change():
        _fill_attendee(form, attendee, conference)
        return _("Đã lưu %(name)s.", name=attendee.display_name)

    return edit_item(
        conference,
        "attendees",
        form,
        change=change,
        heading=_("Sửa đại biểu"),
        tab="attendees",
        back=url_for(".attendees", conference_id=conference.id),
        version=lambda: conference.attendees_version,
        endpoint=".attendees",
        current=lambda: now_reads(_("đại biểu"), attendee.display_name),
    )


@bp.post("/<int:conference_id>/attendees/<int:attendee_id>/delete")
def attendee_delete(conference_id: int, attendee_id: int):
    """Remove an attendee."""
    conference = editable(conference_id)
    attendee = child(Attendee, attendee_id, conference)

    def change():
        db.session.delete(attendee)
        return _("Đã xóa %(name)s.", name=attendee.display_name)

    return save(
        conference,
        "attendees",
        change,
        form=None,
        endpoint=".attendees",
        render=lambda _s: _attendees_page(readable(conference.id)),
    )
