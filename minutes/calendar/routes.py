"""Calendar pages: the subscription page, feeds by token, .ics downloads, import, tokens."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..conferences.starts import chronological
from ..extensions import db
from ..models import CalendarToken, Conference, Organisation, Task, User
from ..permissions import (
    ADMINISTER,
    READ_MINUTES,
    READ_TASK,
    WRITE_MINUTES,
    can,
    check,
    require,
    scope_ids,
    scope_select,
    visible_conferences,
)
from ..rules import Conflict, RuleError
from ..tasks.status import is_standing
from ..views import commit, fail, load
from . import cache, ical, services
from .forms import FeedForm, ImportForm
from .importer import conference_from_ics

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

ICS = "text/calendar; charset=utf-8"


def options_from(args) -> ical.FeedOptions | None:
    """Feed options from a query string; None when a value is not understood."""
    done, alarm, style = args.get("done", "1"), args.get("alarm", "0"), args.get("style", "event")
    if done not in ("0", "1") or style not in ("event", "todo"):
        return None
    # ASCII digits only, at most two of them: "²", "-1" and a 5000-digit number are refused
    # (int() would read "²" as an error and a 5000-digit string as a very slow number).
    if not alarm.isascii() or not alarm.isdigit() or len(alarm) > 2:
        return None
    days = int(alarm)
    if days > 60:
        return None
    return ical.FeedOptions(include_done=done == "1", alarm_days=days or None, style=style)


def _serve(feed: services.Feed, filename: str | None = None) -> Response:
    """The feed with ETag/Last-Modified; 304 when the client already has it."""
    etag, modified = services.fingerprint(feed)
    headers = {
        "ETag": f'"{etag}"',
        "Last-Modified": modified.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "Cache-Control": "private, max-age=0, must-revalidate",
    }
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if_none_match = request.if_none_match
    if if_none_match and if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    since = request.if_modified_since
    if not if_none_match and since is not None and modified <= since:
        return Response(status=304, headers=headers)
    # A full request (no validator, or a stale one) is served from the body kept under this
    # ETag when any app server built it already; else built once and kept.
    key = services.feed_key(feed)
    body = cache.cached(key, etag)
    if body is None:
        body = services.build(feed)
        try:  # keeping it is a saving, not a duty: a busy database must not cost the feed
            cache.keep(key, etag, body)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.warning("calendar feed: the built body could not be kept", exc_info=True)
    return Response(body, headers=headers, content_type=ICS)


def _bad_options() -> Response:
    return Response(
        "Tham số không hợp lệ: done=0|1, alarm=0..60, style=event|todo.\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


# --- feeds by token (calendar clients) ----------------------------------------------------------


def _feed_user(token: str) -> User:
    user = services.user_for_token(token)
    if user is None:
        abort(404)
    return user


@bp.get("/feed/<token>/mine.ics")
def feed_mine(token: str):
    """Feed: the tasks of the token owner's unit and the units below it."""
    user = _feed_user(token)
    options = options_from(request.args)
    if options is None:
        return _bad_options()
    return _serve(services.feed_for_user(user, options))


@bp.get("/feed/<token>/unit/<int:unit_id>.ics")
def feed_unit(token: str, unit_id: int):
    """Feed: one unit's tasks, optionally with its sub-units (sub=1)."""
    user = _feed_user(token)
    unit = load(Organisation, unit_id)
    options = options_from(request.args)
    scope = scope_ids(user)
    if scope is not None and unit.id not in scope:
        abort(404)
    if options is None or request.args.get("sub", "0") not in ("0", "1"):
        return _bad_options()
    return _serve(services.feed_for_unit(unit, request.args.get("sub") == "1", options))


@bp.get("/feed/<token>/conference/<int:conference_id>.ics")
def feed_conference(token: str, conference_id: int):
    """Feed: one conference and the deadlines of its tasks."""
    user = _feed_user(token)
    conference = load(Conference, conference_id)
    if not can(user, READ_MINUTES, conference):
        abort(404)
    options = options_from(request.args)
    if options is None:
        return _bad_options()
    return _serve(services.feed_for_conference(conference, options, reader=user))


@bp.get("/feed/<token>/all.ics")
def feed_all(token: str):
    """Feed: every conference and task (the secretariat's own feed)."""
    user = _feed_user(token)
    if not services.may_subscribe_all(user):
        abort(404)
    options = options_from(request.args)
    if options is None:
        return _bad_options()
    return _serve(services.feed_for_all(options, reader=user))


# --- downloads (signed in) --------------------------------------------------------------------


@bp.get("/conference/<int:conference_id>.ics")
def conference_ics(conference_id: int):
    """Download one conference with its task deadlines as an .ics file."""
    conference = load(Conference, conference_id, READ_MINUTES)
    return _serve(
        services.feed_for_conference(conference, ical.FeedOptions(), reader=current_user),
        filename=f"hoi-nghi-{conference.id}.ics",
    )


@bp.get("/task/<int:task_id>.ics")
def task_ics(task_id: int):
    """Download one task's deadline as an .ics file."""
    task = load(Task, task_id, READ_TASK)
    if is_standing(task):
        flash(_("Nhiệm vụ thường xuyên không có thời hạn nên không có sự kiện lịch."), "warning")
        return redirect(url_for("tasks.show", task_id=task.id), 303)
    return _serve(services.feed_for_task(task, ical.FeedOptions()), filename=f"nhiem-vu-{task.id}.ics")


# --- the subscription page ---------------------------------------------------------------------


@bp.get("/")
def index():
    """Subscribe: pick a feed and options, copy its webcal:// or https:// link."""
    token = services.active_token(current_user)
    form = FeedForm(formdata=request.args)
    form.conference_id.choices = [("", "—")] + [
        (c.id, c.title)
        for c in db.session.scalars(
            db.select(Conference)
            .where(visible_conferences(current_user))
            .order_by(*chronological(newest_first=True))
            .limit(150)  # the latest; no select holds more than 200 options
        )
    ]
    if not services.may_subscribe_all(current_user):
        form.scope.choices = [c for c in form.scope.choices if c[0] != "all"]
    links = None
    if token is not None and form.validate():
        links = _links(token, form)
        if links is None:
            form.unit_id.errors.append(
                _("Hãy chọn đơn vị.")
            ) if form.scope.data == "unit" else form.conference_id.errors.append(_("Hãy chọn hội nghị."))
    return render_template("calendar/index.html", token=token, form=form, links=links)


def _links(token: CalendarToken, form: FeedForm) -> dict | None:
    secret = services.token_string(token)
    query = {
        "done": "1" if form.include_done.data else "0",
        "alarm": str(form.alarm_days.data or 0),
        "style": form.style.data,
    }
    scope = form.scope.data
    if scope == "unit":
        if not form.unit_id.data:
            return None
        url = url_for(
            ".feed_unit",
            token=secret,
            unit_id=form.unit_id.data,
            sub="1" if form.with_subunits.data else "0",
            _external=True,
            **query,
        )
    elif scope == "conference":
        if not form.conference_id.data:
            return None
        url = url_for(
            ".feed_conference", token=secret, conference_id=form.conference_id.data, _external=True, **query
        )
    elif scope == "all":
        url = url_for(".feed_all", token=secret, _external=True, **query)
    else:
        url = url_for(".feed_mine", token=secret, _external=True, **query)
    webcal = "webcal://" + url.split("://", 1)[1]
    return {"https": url, "webcal": webcal}


@bp.post("/token")
def regenerate():
    """Create or replace my feed token; links made with the old one stop working at once."""
    had = services.active_token(current_user) is not None
    try:
        services.regenerate(current_user)
        commit(
            conflict=_(
                "Một đường dẫn lịch khác vừa được tạo cùng lúc (có thể ở một thẻ "
                "khác). Đường dẫn đang dùng là đường dẫn hiển thị dưới đây."
            )
        )
    except Conflict as error:
        flash(str(error.message), "error")
        return redirect(url_for(".index", **request.args), 303)
    flash(
        _("Đã tạo đường dẫn mới; các đường dẫn cũ không còn dùng được.")
        if had
        else _("Đã tạo đường dẫn lịch."),
        "success",
    )
    return redirect(url_for(".index", **request.args), 303)


@bp.get("/tokens")
@require(ADMINISTER)
def tokens():
    """Admin: every live feed token of the accounts I administer, to revoke one."""
    query = (
        db.select(CalendarToken)
        .where(CalendarToken.revoked_at.is_(None))
        .join(User, User.id == CalendarToken.user_id)
        .order_by(User.username)
    )
    scope = scope_select(current_user)
    if scope is not None:
        query = query.where(User.organisation_id.in_(scope))
    rows = db.session.scalars(query).all()
    return render_template("calendar/tokens.html", tokens=rows)


@bp.post("/tokens/<int:token_id>/revoke")
@require(ADMINISTER)
def revoke(token_id: int):
    """Admin: revoke a feed token; its feeds answer 404 from now on."""
    token = load(CalendarToken, token_id)
    check(ADMINISTER, token.user)
    services.revoke(token, current_user)
    commit()
    flash(_("Đã thu hồi đường dẫn lịch của %(u)s.", u=token.user.username), "success")
    return redirect(url_for(".tokens"), 303)


# --- import ------------------------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@require(WRITE_MINUTES)
def import_ics():
    """Create a draft conference from an invitation (.ics) sent by Outlook, Teams or Google."""
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["ICS_IMPORT_LIMIT"] + 1)
        try:
            conference = conference_from_ics(data, current_user)
        except RuleError as error:
            db.session.rollback()
            fail(form, error)
        else:
            commit()
            flash(_("Đã tạo bản nháp từ lời mời. Hãy kiểm tra và bổ sung."), "success")
            return redirect(url_for("conferences.edit", conference_id=conference.id), 303)
    return render_template("calendar/import.html", form=form), 200 if not form.errors else 422
