"""minutes: records multi-site review conferences and follows up their directives."""

from __future__ import annotations

import logging
import os
import re
import secrets
import tempfile
from pathlib import Path

from flask import Flask, has_request_context, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_url
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_object: object | str | None = None) -> Flask:
    """Build the application; ``config_object`` defaults to :class:`config.Config`."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("MINUTES_INSTANCE", str(ROOT / "instance")),
    )
    app.config.from_object(config_object or "config.Config")
    if hops := int(app.config.get("PROXY_HOPS") or 0):
        # The client's address and scheme as the trusted proxies saw them (request.remote_addr,
        # request.is_secure); a client's own X-Forwarded-* entries before theirs are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = _secret_key(app)
    app.config.setdefault("ICS_IMPORT_LIMIT", 512 * 1024)
    app.session_interface = FeedlessSessionInterface()
    from .views import IdConverter

    app.url_map.converters["int"] = IdConverter  # ids beyond the database's INTEGER are a 404

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    babel.init_app(app, locale_selector=_select_locale)

    from . import models  # noqa: F401  (register the tables with the metadata)
    from .admin.routes import bp as admin_bp
    from .auth.routes import bp as auth_bp
    from .calendar.cli import register_calendar_cli
    from .calendar.routes import bp as calendar_bp
    from .cli import register_cli
    from .conferences.routes import bp as conferences_bp
    from .documents.routes import bp as documents_bp
    from .errors import register_errors
    from .exports.routes import bp as exports_bp
    from .extraction.routes import bp as extraction_bp
    from .organisations.routes import bp as units_bp
    from .tasks.routes import bp as tasks_bp
    from .templating import register_templating
    from .upward.routes import bp as upward_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(conferences_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(units_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(upward_bp)
    app.register_blueprint(extraction_bp)
    register_calendar_cli(app)
    register_templating(app)
    register_errors(app)
    register_cli(app)

    @login_manager.user_loader
    def _load_user(identity: str):
        """The user of a session cookie, if its session token is still the current one."""
        from .models import User

        user_id, _dot, token = identity.partition(".")
        if not user_id.isdigit() or not token:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not secrets.compare_digest(user.session_token, token):
            return None
        return user

    @app.before_request
    def _require_login():
        """Everything but the login page and static files needs a signed-in user."""
        if request.endpoint in {"static", "auth.login", "auth.set_language"}:
            return None
        if is_feed_request():
            return None  # calendar clients cannot log in: the secret token in the URL is the key
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        from .auth.routes import session_timed_out

        if session_timed_out():  # says so itself; no second "please sign in" message
            # Back to the page after signing in; for a form post, the page the form was on
            # (its URL only takes POST).
            back = request.url if request.method in ("GET", "HEAD") else request.referrer
            return redirect(
                login_url(login_manager.login_view, back) if back else url_for(login_manager.login_view)
            )
        return None

    @app.after_request
    def _security_headers(response):
        """No inline script, no framing, no sniffing, no referrer leaving the site."""
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static" and not is_feed_request() and session.get("_user_id"):
            # Signed-in pages hold what only this user may see: no copy in
            # any cache, no page coming back from the browser's history after sign-out.
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/")
    def index():
        """Start page: an officer's own tasks ("Việc của tôi": what they sign in for), the
        conference list for everyone else."""
        if current_user.is_authenticated and current_user.role == "officer":
            return redirect(url_for("tasks.mine"))
        return redirect(url_for("conferences.index"))

    return app


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: Keys that must never sign sessions outside tests (old defaults, examples from docs).
WEAK_KEYS = {"dev-only-not-secret", "dev", "secret", "changeme", "change-me"}


def _secret_key(app: Flask) -> str:
    """SECRET_KEY from the environment, else from instance/secret_key, created once at random.

    A known or short key is refused outside tests: it would let anyone forge sessions and
    calendar tokens.
    """
    key = app.config.get("SECRET_KEY") or _instance_key(Path(app.instance_path) / "secret_key")
    if not app.config.get("TESTING") and (key in WEAK_KEYS or len(key) < 24):
        raise RuntimeError(
            "SECRET_KEY is a known or short value: set a long random SECRET_KEY "
            "in the environment, or remove it to use instance/secret_key."
        )
    return key


def _instance_key(path: Path) -> str:
    """The key kept in ``path``, created at random if there is none yet.

    Workers starting together on an empty instance folder all try to create it: each writes a
    whole key to a file of its own beside it and links that file to ``path``. A link never
    replaces an existing file, so exactly one worker wins, and the others, finding the name
    taken, read the winner's key, which was complete before it got the name.
    """
    if not path.exists():
        fd, draft = tempfile.mkstemp(prefix=".secret_key.", dir=path.parent)  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker won
        finally:
            os.unlink(draft)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: remove it to have a new key created, or set SECRET_KEY.")
    return key


def _select_locale() -> str:
    """The language chosen in this session, else the configured default (Vietnamese)."""
    from flask import current_app

    if is_feed_request():
        return "vi"  # feeds never read the session cookie, and speak Vietnamese
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # the CLI has no session
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


FEED_PREFIX = "/calendar/feed/"


def is_feed_request() -> bool:
    """A calendar feed URL: served by token, without session, cookie or login."""
    return has_request_context() and request.path.startswith(FEED_PREFIX)


class FeedlessSessionInterface(SecureCookieSessionInterface):
    """The usual signed-cookie session, except that feed URLs neither read nor set it."""

    def open_session(self, app, request):
        if request.path.startswith(FEED_PREFIX):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        """Secure when configured, and always when the request itself came over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


class _RedactFeedTokens(logging.Filter):
    """Keep calendar tokens out of the request log (werkzeug logs each request line)."""

    pattern = re.compile(r"(/calendar/feed/)[^/\s]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/calendar/feed/" in record.msg:
            record.msg = self.pattern.sub(r"\1[token]", record.msg)
        if record.args:
            record.args = tuple(
                self.pattern.sub(r"\1[token]", a) if isinstance(a, str) else a for a in record.args
            )
        return True


logging.getLogger("werkzeug").addFilter(_RedactFeedTokens())


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: the Vietnamese collation, foreign keys enforced, WAL so readers never block
    the writer."""
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    from .collation import register_sqlite

    register_sqlite(dbapi_connection)  # ORDER BY … COLLATE vi: the Vietnamese alphabet
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
