"""Configuration read from the environment (twelve-factor style)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("MINUTES_INSTANCE", BASE_DIR / "instance"))


class Config:
    """Production-safe defaults; every value can be overridden by an environment variable."""

    #: From the environment, else instance/secret_key (created, random, on first start).
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'minutes.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: Time zone in which dates are entered and shown, and in which "today" is taken.
    TIMEZONE = os.environ.get("MINUTES_TIMEZONE", "Asia/Ho_Chi_Minh")
    BABEL_DEFAULT_LOCALE = os.environ.get("MINUTES_LOCALE", "vi")
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    LANGUAGES = ("vi", "en")
    #: Rows per page on list pages.
    PAGE_SIZE = int(os.environ.get("MINUTES_PAGE_SIZE", "25"))
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    #: A session signs out after this many hours, however busy (OWASP ASVS 3.3.2, level 2)…
    SESSION_MAX_HOURS = float(os.environ.get("SESSION_MAX_HOURS", "12"))
    #: …and after this many idle minutes.
    SESSION_IDLE_MINUTES = float(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    #: Where sign-in throttling counts attempts ("memory://" per process; "redis://…" to share
    #: between gunicorn workers).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    #: Failed sign-ins allowed per account and per address.
    LOGIN_LIMIT_ACCOUNT = os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per minute;20 per hour")
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per minute;100 per hour")
    RATELIMIT_HEADERS_ENABLED = True
    #: How many reverse proxies in front of the app to trust: each one's X-Forwarded-For and
    #: X-Forwarded-Proto entry is believed (Werkzeug's ProxyFix). 0: the headers are ignored
    #: and the client is whoever connected. HSTS and the Secure session cookie follow the
    #: scheme so found; sign-in limits per address and the audit trail, the address.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024)))

    #: Outgoing mail for ``flask tasks remind`` (task reminder digests), via SMTP.
    #: LibreOffice, for the PDF of a document (a name on PATH or a full path), and how long
    #: one conversion may take in seconds.
    SOFFICE = os.environ.get("MINUTES_SOFFICE", "soffice")
    PDF_TIMEOUT = float(os.environ.get("MINUTES_PDF_TIMEOUT", "60"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    #: Log in only when a user name is set.
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    #: STARTTLS on a plain connection (usually port 587).
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    #: TLS from the start (SMTPS, usually port 465).
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "minutes@localhost")
    #: Seconds to wait for the SMTP server.
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    #: Where users reach the app; reminders link to tasks under it.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    #: Calendar feeds hold the open tasks and those finished in the last this many days…
    FEED_DONE_DAYS = int(os.environ.get("FEED_DONE_DAYS", "90"))
    #: …and at most this many events, the nearest to today first (the calendar says what
    #: it left out).
    FEED_MAX_EVENTS = int(os.environ.get("FEED_MAX_EVENTS", "5000"))
    #: Reminders cover tasks due within this many days (and every overdue one).
    REMINDER_DAYS = int(os.environ.get("REMINDER_DAYS", "7"))


class TestConfig(Config):
    """Used by the test suite: an isolated database, fast password hashing."""

    TESTING = True
    SECRET_KEY = "test"
    WTF_CSRF_ENABLED = False
    #: SQLite in memory unless ``TEST_DATABASE_URL`` names another (``make test-postgres``).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    #: One PBKDF2 round instead of scrypt: the suite signs in hundreds of times.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
