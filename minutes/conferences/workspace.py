"""What every page of the conference workspace shares: the blueprint, loading a conference
to read or to edit, and saving one section under its version."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import DataRequired

from ..clock import local_zone, utcnow
from ..extensions import db
from ..formatting import to_utc
from ..labels import split_period
from ..models import Conference, Directive, Organisation, Report
from ..permissions import READ_MINUTES, WRITE_MINUTES, can, check, scope_ids
from ..rules import Conflict, RuleError, parse_id
from ..views import commit, fail, load, posted_version
from . import services

bp = Blueprint("conferences", __name__, url_prefix="/conferences")


def readable(conference_id: int) -> Conference:
    """The conference with everything its pages show, if the signed-in user may read it."""
    number = parse_id(conference_id)
    conference = services.load_full(number) if number is not None else None
    if conference is None:
        abort(404)
    check(READ_MINUTES, conference)  # one query for the page's data, not a load and a reload
    return conference


def editable(conference_id: int) -> Conference:
    """The conference, if the user may write its minutes; a published one sends the user
    back to its overview (reopen it first), changing nothing."""
    if not can(current_user, WRITE_MINUTES):
        abort(403)
    conference = load(Conference, conference_id, WRITE_MINUTES)
    if conference.is_published:
        flash(_("Biên bản đã công bố nên chỉ đọc. Hãy mở lại biên bản trước khi sửa."), "warning")
        abort(redirect(url_for("conferences.show", conference_id=conference.id), 303))
    return conference


def child(model, child_id: int, conference: Conference):
    """A site, attendee, report or directive of this conference, else 404."""
    item = load(model, child_id)
    if item.conference_id != conference.id:
        abort(404)
    return item


def unit(unit_id: int | None) -> Organisation | None:
    return db.session.get(Organisation, unit_id) if unit_id else None


def fill_info(form, conference: Conference) -> None:
    """The general information of a :class:`.forms.ConferenceForm` (or a form built on it)."""
    zone = local_zone()
    services.update_info(
        conference,
        title=form.title.data,
        kind=form.kind.data,
        period=split_period(form.period.data),
        period_year=form.period_year.data,
        starts_on=form.starts_on.data,
        day_part=form.day_part.data,
        start_time=form.start_time.data,
        ends_at=to_utc(form.ends_at.data, zone),
        format=form.format.data,
        reported_delegates=form.reported_delegates.data,
        reported_delegates_qualifier=form.reported_delegates_qualifier.data,
        notes=form.notes.data or "",
        organiser=unit(form.organiser_id.data),
    )


def organiser_choices(field) -> None:
    """Who may organise: a unit in the user's scope (the picker's), required unless the user
    is an admin of the whole tree."""
    scope = scope_ids(current_user)
    if scope is not None:
        field.validators = [DataRequired(_("Hãy chọn cơ quan tổ chức."))]


def save(
    conference: Conference,
    section: str | Report | Directive,
    change: Callable[[], str],
    *,
    form,
    render: Callable[[int], object],
    endpoint: str | None = None,
    to: Callable[[], str] | None = None,
    current: Callable[[], str] | None = None,
    **values,
):
    """Save one section: claim its version (the one the form was built from), make the
    ``change`` (which returns what was done, for the history and the flash message), record
    it, commit, and go to ``endpoint`` (or to the address ``to()`` gives once saved). A stale
    or missing version, a rule the change breaks or a lost race rolls everything back and
    answers ``render(status)`` with the message on the form; for a stale version the message
    adds ``current()``, what is stored now (the form keeps what the user typed)."""
    try:
        sent = posted_version()
        if isinstance(section, Report | Directive):
            services.claim_item(section, sent)
        else:
            services.claim(conference, section, sent)
        message = change()
        services.log(conference, current_user, "edited", str(message))
        conference.updated_at = utcnow()  # moves the calendar fingerprint, locks the row
        commit()
    except RuleError as error:
        db.session.rollback()
        if isinstance(error, Conflict) and current is not None:
            error = Conflict(f"{error.message} {current()}")
        status = fail(form, error)
        return render(status), status
    flash(message, "success")
    if to is not None:
        return redirect(to(), 303)
    assert endpoint is not None, "save() needs an endpoint or a to()"
    return redirect(url_for(endpoint, conference_id=conference.id, **values), 303)


def edit_item(
    conference: Conference,
    section: str | Report | Directive,
    form,
    *,
    change: Callable[[], str],
    heading: str,
    tab: str,
    back: str,
    version: Callable[[], int],
    current: Callable[[], str],
    endpoint: str,
    **values,
):
    """The page that edits one item of a section (a site, an attendee, a figure, a
    directive): the form, then :func:`save` under ``version()``, the section's version."""

    def page(_status=200):
        return render_template(
            "conferences/item_edit.html",
            conference=conference,
            form=form,
            heading=heading,
            tab=tab,
            back=back,
            item_version=version(),
        )

    if form.validate_on_submit():
        return save(
            conference, section, change, form=form, render=page, endpoint=endpoint, current=current, **values
        )
    return page(), 422 if request.method == "POST" else 200


def now_reads(what: str, value: str | None, limit: int = 400) -> str:
    """ "Hiện lưu: <what> “<value>”." for the 409 message, long text cut at ``limit``."""
    value = (value or "").strip() or "—"
    if len(value) > limit:
        value = value[:limit].rstrip() + "…"
    return _("Hiện lưu: %(what)s “%(value)s”.", what=what, value=value)
