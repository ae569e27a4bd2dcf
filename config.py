"""Configuration classes, read from the environment.

`create_app` picks one by name ("development", "testing", "production") or takes
an object. Production refuses to start without a SECRET_KEY, and refuses an
embedded SQLite database unless ALLOW_SQLITE_IN_PRODUCTION is set on purpose.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs say postgres://; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Settings shared by every environment."""

    # Which environment this is; production's safety checks key on it.
    CONFIG_NAME = "base"

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'rooyesh.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}

    # Photos: originals are private, variants are public and content-addressed.
    UPLOAD_FOLDER = Path(os.environ.get("UPLOAD_FOLDER", INSTANCE_DIR / "uploads"))
    MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 50_000_000))
    # Ten photos of 20 MB in one multi-file upload, plus the form itself.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 10 * 20 * 1024 * 1024 + 65536))
    PHOTO_CACHE_SECONDS = 365 * 24 * 3600

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "fa")
    BABEL_DEFAULT_TIMEZONE = "Asia/Tehran"
    LANGUAGES = ("fa", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    STAFF_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("STAFF_IDLE_MINUTES", 30)))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # How many reverse proxies (nginx) stand in front; 0 when gunicorn faces the internet.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))
    WTF_CSRF_TIME_LIMIT = None  # a checkout form left open for hours must still submit
    # An e-mailed password reset link works once, for this long.
    PASSWORD_RESET_MAX_AGE = timedelta(minutes=int(os.environ.get("PASSWORD_RESET_MINUTES", 60)))

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "shop@rooyesh.test")
    # The shop's public address (https://…) for links in SMS and e-mail. Set it in
    # production: without it a password reset link takes its host from the request.
    SITE_URL = os.environ.get("SITE_URL", "")

    ZARINPAL_MERCHANT_ID = os.environ.get("ZARINPAL_MERCHANT_ID", "")
    ZARINPAL_API_URL = os.environ.get("ZARINPAL_API_URL", "https://sandbox.zarinpal.com/pg/v4/payment")
    ZARINPAL_STARTPAY_URL = os.environ.get(
        "ZARINPAL_STARTPAY_URL", "https://sandbox.zarinpal.com/pg/StartPay"
    )
    ONLINE_PAYMENT_TTL = timedelta(minutes=int(os.environ.get("ONLINE_PAYMENT_MINUTES", 30)))

    # The home page's programme figures are recomputed at most this often per process.
    IMPACT_CACHE_SECONDS = int(os.environ.get("IMPACT_CACHE_SECONDS", 60))
    # Anonymous storefront pages, per worker (marketplace/web/pagecache.py); 0 turns it off.
    # Catalogue changes invalidate at once; this bounds how stale the home figures get.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60))
    PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_MB", 32)) * 1024 * 1024
    # PostgreSQL behind PgBouncer (transaction pooling): a direct libpq URL for LISTEN.
    PAGE_CACHE_LISTEN_URL = os.environ.get("PAGE_CACHE_LISTEN_URL", "")

    ALLOW_DEMO_SEED = True
    ALLOW_SQLITE_IN_PRODUCTION = _env_bool("ALLOW_SQLITE_IN_PRODUCTION")


class DevelopmentConfig(Config):
    CONFIG_NAME = "development"
    DEBUG = False
    # A fixed key for local runs only; production refuses to start without its own.
    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"


class TestingConfig(Config):
    CONFIG_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-not-secret"  # noqa: S105  (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    IMPACT_CACHE_SECONDS = 0  # tests change the data between requests
    MAIL_SERVER = None


class ProductionConfig(Config):
    CONFIG_NAME = "production"
    ALLOW_DEMO_SEED = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what is missing."""


def check_production(config: dict) -> None:
    """Refuse settings that would be unsafe on the internet."""
    if not config.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY must be set in production.")
    uri = config.get("SQLALCHEMY_DATABASE_URI", "")
    if uri.startswith("sqlite") and not config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        raise ConfigError(
            "Production needs DATABASE_URL pointing at PostgreSQL "
            "(set ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite on purpose)."
        )
