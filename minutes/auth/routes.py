"""Signing in and out, and the choice of UI language."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record
from ..calendar import services as calendar
from ..clock import utcnow
from ..extensions import db, limiter
from ..models import User
from ..models.users import username_key
from .forms import LoginForm, PasswordChangeForm

bp = Blueprint("auth", __name__)
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


def _safe_next(target: str | None) -> str:
    """Only follow a same-site relative path after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("index")


def _attempted_username() -> str:
    """The per-account sign-in counter: the same key the sign-in looks the account up by."""
    return "login:" + username_key(request.form.get("username"))


def _signed_in_username() -> str:
    """The per-account counter of the password-change form: shared with sign-in, so guessing
    the current password there gets no fresh allowance."""
    name = current_user.username if current_user.is_authenticated else request.form.get("username")
    return "login:" + username_key(name)


def _password_change_failed(_response) -> bool:
    """Only a wrong current password counts against the account's limit."""
    return bool(g.get("wrong_password"))


def _failed(response) -> bool:
    """Only failed sign-ins count against the limits (a success redirects)."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"],
    "login-account",
    key_func=_attempted_username,
    methods=["POST"],
    deduct_when=_failed,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed,
    scope="login-address",
)
def login():
    """Sign in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).where(User.username == username_key(form.username.data)))
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)  # same time as a real check
        if user is None or not user.check_password(form.password.data) or not user.active:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
            typed = username_key(form.username.data)
            reason = (
                "unknown account"
                if user is None
                else ("locked account" if not user.active else "wrong password")
            )
            record(
                "login.failed",
                actor=None,
                actor_name=typed,
                subject=typed,
                unit=user.organisation if user else None,
                reason=reason,
            )
            db.session.commit()
        else:
            _fresh_session()
            login_user(user)
            start_session_clock()
            record("login.succeeded", actor=user, unit=user.organisation, subject=user.username)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out, forget the session, and void every copy of this user's session cookie."""
    current_user.rotate_session()
    record("logout", actor=current_user, unit=current_user.organisation, subject=current_user.username)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("Đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def set_language(code: str):
    """Switch the UI language for this session."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))


def _fresh_session() -> None:
    """Drop everything in the session (no fixation, no leftovers) except the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _now() -> int:
    return int(utcnow().replace(tzinfo=UTC).timestamp())


def start_session_clock() -> None:
    """Note when this session signed in and was last used."""
    session["signed_in_at"] = session["seen_at"] = _now()


def session_timed_out() -> bool:
    """Whether the signed-in session is too old or was idle too long; if so, sign it out.

    Otherwise note that it was used (at most once a minute, to keep cookies quiet).
    """
    now = _now()
    started, seen = session.get("signed_in_at"), session.get("seen_at")
    max_age = current_app.config["SESSION_MAX_HOURS"] * 3600
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if (
        not isinstance(started, int)
        or not isinstance(seen, int)
        or now - started > max_age
        or now - seen > idle
    ):
        record(
            "session.expired",
            actor=current_user,
            unit=current_user.organisation,
            subject=current_user.username,
            idle_minutes=(now - seen) // 60 if isinstance(seen, int) else None,
        )
        db.session.commit()
        logout_user()
        _fresh_session()
        flash(_("Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."), "info")
        return True
    if now - seen >= 60:
        session["seen_at"] = now
    return False


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"],
    "login-account",
    key_func=_signed_in_username,
    methods=["POST"],
    deduct_when=_password_change_failed,
)
def change_password():
    """Change my password; every other session of mine is signed out."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
            g.wrong_password = True
        elif form.new.data.strip().lower() == current_user.username.lower():
            form.new.errors.append(_("Mật khẩu không được trùng tên đăng nhập."))
        else:
            current_user.set_password(form.new.data)
            current_user.rotate_session()
            record(
                "password.changed",
                actor=current_user,
                unit=current_user.organisation,
                subject=current_user.username,
            )
            calendar.revoke_all(current_user, current_user, reason="password changed")
            db.session.commit()
            login_user(current_user)  # this session carries the new token
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            return redirect(url_for("index"), 303)
    return render_template("auth/password.html", form=form), 422 if form.errors else 200
