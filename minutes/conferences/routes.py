"""The conference workspace: the list, a conference's general information, its life cycle
and the minutes page. Sites and attendees, reports and figures, the conclusion and its
directives have their own modules, on the same blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import record
from ..clock import local_zone
from ..extensions import db
from ..formatting import to_local
from ..labels import join_period
from ..models import Conference
from ..pagination import paginate
from ..permissions import WRITE_MINUTES, can, check, require, visible_conferences
from ..rules import RuleError
from ..views import commit, fail, posted_version
from . import checklist, services
from .forms import ConferenceFilterForm, ConferenceForm, NewConferenceForm, ReopenForm
from .workspace import bp, editable, fill_info, organiser_choices, readable, save

__all__ = ["bp"]


def list_filters(warn: bool = True):
    """The conference list's filter form from the query string and its query: the
    conferences the signed-in user may see that match it (a bad filter is ignored; the page
    says so when ``warn``). The list and its export both use this."""
    form = ConferenceFilterForm(formdata=request.args)
    valid = form.validate()
    if not valid and warn:
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
    data = form.data if valid else {}
    query = services.list_query(
        q=data.get("q"),
        year=data.get("year"),
        kind=data.get("kind") or None,
        organiser_id=data.get("organiser"),
        status=data.get("status") or None,
    ).where(visible_conferences(current_user))
    return form, query


@bp.get("/")
def index():
    """Conferences, newest first, with filters and search."""
    form, query = list_filters()
    page = paginate(query)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("conferences/index.html", form=form, page=page, args=args)


@bp.route("/new", methods=["GET", "POST"])
@require(WRITE_MINUTES)
def new():
    """Start recording a conference."""
    form = NewConferenceForm()
    organiser_choices(form.organiser_id)
    if request.method == "GET":
        form.organiser_id.data = current_user.organisation_id
    if form.validate_on_submit():
        conference = Conference(status="draft", created_by=current_user)
        try:
            fill_info(form, conference)
        except RuleError as error:
            db.session.rollback()
            status = fail(form, error)
            return render_template("conferences/edit.html", form=form, conference=None), status
        # Sites belong to meetings held at more than one place, not to one in a single hall.
        if (
            form.host_at_organiser.data
            and conference.organiser is not None
            and conference.format != "in_person"
        ):
            services.add_host_site(conference, conference.organiser)
        db.session.add(conference)
        services.log(conference, current_user, "created")
        db.session.commit()
        flash(_("Đã tạo hội nghị. Tiếp theo: các điểm cầu."), "success")
        return redirect(url_for(".sites", conference_id=conference.id), 303)
    return render_template("conferences/edit.html", form=form, conference=None)


@bp.get("/<int:conference_id>")
def show(conference_id: int):
    """Overview of one conference: sections, counts, life cycle."""
    conference = readable(conference_id)
    return render_template(
        "conferences/show.html", conference=conference, reopen_form=ReopenForm(), tab="overview"
    )


@bp.route("/<int:conference_id>/edit", methods=["GET", "POST"])
def edit(conference_id: int):
    """Edit the general information of a draft."""
    conference = editable(conference_id)
    form = ConferenceForm(obj=conference)
    organiser_choices(form.organiser_id)
    if request.method == "GET":
        zone = local_zone()
        form.period.data = join_period(conference.period_kind, conference.period_number)
        start = to_local(conference.starts_at, zone)
        form.start_time.data = start.time().replace(tzinfo=None) if start else None
        form.ends_at.data = _naive(to_local(conference.ends_at, zone))

    def page(_status=200):
        return render_template("conferences/edit.html", form=form, conference=conference, tab="edit")

    if form.validate_on_submit():

        def change():
            fill_info(form, conference)
            return _("Đã lưu thông tin chung.")

        return save(
            conference,
            "info",
            change,
            form=form,
            render=page,
            endpoint=".show",
            current=lambda: _info_now(conference),
        )
    return page(), 422 if request.method == "POST" else 200


def _info_now(conference: Conference) -> str:
    from ..templating import conference_start

    return _(
        "Hiện lưu: tên “%(t)s”, bắt đầu %(s)s.",
        t=conference.title,
        s=conference_start(conference) or "—",
    )


def _naive(value):
    return value.replace(tzinfo=None) if value else None


def _refused(conference: Conference, error: RuleError):
    """A refused button on the overview (publish, delete): the overview as it is now, with
    why, under the error's status (400 no version, 409 changed since)."""
    db.session.rollback()
    status = fail(None, error)
    return render_template(
        "conferences/show.html",
        conference=readable(conference.id),
        reopen_form=ReopenForm(formdata=None),
        tab="overview",
    ), status


@bp.post("/<int:conference_id>/delete")
def delete(conference_id: int):
    """Delete a draft conference (as shown: a change made since refuses the delete)."""
    conference = editable(conference_id)
    try:
        services.claim_row(conference, posted_version())
    except RuleError as error:
        return _refused(conference, error)
    if services.task_count(conference=conference):
        flash(
            _("Hội nghị đã có nhiệm vụ được giao nên không xóa được; hãy hủy các nhiệm vụ nếu cần."), "error"
        )
        return redirect(url_for(".show", conference_id=conference.id), 303)
    history = "\n".join(
        f"{entry.at:%Y-%m-%d %H:%M} {entry.action} "
        f"{entry.user.username if entry.user else '-'} {entry.note}".rstrip()
        for entry in conference.log
    )
    record(
        "conference.deleted",
        actor=current_user,
        unit=conference.organiser_id,
        subject=conference.title,
        history=history,
    )
    db.session.delete(conference)
    try:
        commit()
    except RuleError as error:
        return _refused(conference, error)
    flash(_("Đã xóa bản nháp."), "success")
    return redirect(url_for(".index"), 303)


@bp.route("/<int:conference_id>/publish", methods=["GET", "POST"])
def publish(conference_id: int):
    """The publishing checklist: what blocks publishing (no day, organiser or chair) and what
    is missing but may be published anyway, each with a link to fix it. The POST publishes
    the conference as the page showed it (its version), unless something blocks it."""
    conference = editable(conference_id)
    if request.method == "GET":
        return _checklist_page(conference)
    try:
        services.claim_row(conference, posted_version())
    except RuleError as error:
        db.session.rollback()
        status = fail(None, error)
        return _checklist_page(editable(conference_id), status)
    problems = services.publish(conference, current_user)
    if problems:
        db.session.rollback()
        for problem in problems:
            flash(problem, "error")
        return _checklist_page(editable(conference_id), 422)
    return _committed(conference, _("Đã công bố biên bản."), ".minutes")


def _checklist_page(conference: Conference, status: int = 200):
    return render_template(
        "conferences/publish.html",
        conference=conference,
        checks=checklist.publish_checks(conference),
        tab="overview",
    ), status


def _committed(conference: Conference, message: str, endpoint: str):
    try:
        commit()
    except RuleError as error:
        return _refused(conference, error)
    flash(message, "success")
    return redirect(url_for(endpoint, conference_id=conference.id), 303)


@bp.post("/<int:conference_id>/reopen")
def reopen(conference_id: int):
    """Reopen published minutes for correction; who and why are recorded."""
    if not can(current_user, WRITE_MINUTES):
        abort(403)
    conference = readable(conference_id)
    check(WRITE_MINUTES, conference)
    form = ReopenForm()
    if not conference.is_published:
        flash(_("Biên bản đang là bản nháp."), "info")
        return redirect(url_for(".show", conference_id=conference.id), 303)
    if form.validate():
        try:
            services.claim_row(conference, posted_version())
        except RuleError as error:
            status = fail(form, error)
            db.session.rollback()
            return render_template(
                "conferences/show.html", conference=conference, reopen_form=form, tab="overview"
            ), status
        services.reopen(conference, current_user, form.reason.data)
        return _committed(conference, _("Đã mở lại biên bản để sửa."), ".show")
    return render_template(
        "conferences/show.html", conference=conference, reopen_form=form, tab="overview"
    ), 422


@bp.get("/<int:conference_id>/minutes")
def minutes(conference_id: int):
    """The read-only, printable biên bản."""
    conference = readable(conference_id)
    return render_template("conferences/minutes.html", conference=conference)


from . import conclusion_routes, copy_routes, people_routes, report_routes  # noqa: E402,F401  (their views)
