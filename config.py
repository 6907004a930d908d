"""Configuration read from the environment (twelve-factor style)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("MINUTES_INSTANCE", BASE_DIR / "instance"))


class Config:
    """Production-safe defaults; every value can be overridden by an environment variable."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'minutes.db'}"
    )
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
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024)))


class TestConfig(Config):
    """Used by the test suite: an isolated database, fast password hashing."""

    TESTING = True
    SECRET_KEY = "test"
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
