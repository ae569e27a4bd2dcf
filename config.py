"""Configuration classes, read from the environment.

`create_app` picks one by name ("development", "testing", "production") or takes
an object. Production refuses to start on settings that are unsafe on the internet
(`production_problems` lists them all at once; `flask --app wsgi check-config` prints them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import click

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str, name: str = "DATABASE_URL") -> str:
    url = os.environ.get(name, default)
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
    # A streaming replica of DATABASE_URL for the storefront's public pages
    # (marketplace/web/replica.py, docs/scaling.md "Read replicas"); empty: every read
    # goes to the primary. Reads go back to the primary while the replica is more than
    # REPLICA_MAX_LAG_SECONDS behind; each worker measures that every
    # REPLICA_CHECK_SECONDS, and after a failed connection leaves the replica alone for
    # REPLICA_RETRY_SECONDS.
    REPLICA_DATABASE_URL = _database_url("", "REPLICA_DATABASE_URL")
    REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", 10))
    REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", 1))
    REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", 30))

    # Photos: originals are private, variants are public and content-addressed; they live
    # in the store PHOTO_STORAGE names (marketplace/media/storage.py): "local", files
    # under UPLOAD_FOLDER, or "s3", one bucket of an S3-compatible service (S3, ArvanCloud,
    # MinIO). MEDIA_URL, when set, is the public URL of the store's public/ area (a CDN).
    PHOTO_STORAGE = os.environ.get("PHOTO_STORAGE", "local")
    UPLOAD_FOLDER = Path(os.environ.get("UPLOAD_FOLDER", INSTANCE_DIR / "uploads"))
    MEDIA_URL = os.environ.get("MEDIA_URL", "")
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")  # empty: AWS itself
    S3_REGION = os.environ.get("S3_REGION", "")
    # Empty: boto3 finds keys itself (AWS_* variables, ~/.aws, an instance role).
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    # For services with object ACLs but no bucket policy: public files get public-read.
    S3_PUBLIC_ACL = _env_bool("S3_PUBLIC_ACL")
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
    # The shop's public address (https://…) for links in SMS and e-mail; production
    # refuses to start without it, so no link there takes its host from a request.
    SITE_URL = os.environ.get("SITE_URL", "")

    ZARINPAL_MERCHANT_ID = os.environ.get("ZARINPAL_MERCHANT_ID", "")
    ZARINPAL_API_URL = os.environ.get("ZARINPAL_API_URL", "https://sandbox.zarinpal.com/pg/v4/payment")
    ZARINPAL_STARTPAY_URL = os.environ.get(
        "ZARINPAL_STARTPAY_URL", "https://sandbox.zarinpal.com/pg/StartPay"
    )
    ONLINE_PAYMENT_TTL = timedelta(minutes=int(os.environ.get("ONLINE_PAYMENT_MINUTES", 30)))

    # Bank transfer to the programme's account: its Sheba (the Iranian IBAN), holder and
    # bank. Development and tests fall back to EXAMPLE_SHEBA, which the order page marks
    # as an example; production refuses to start on it, or on none, while this is on.
    BANK_TRANSFER_ENABLED = _env_bool("BANK_TRANSFER_ENABLED", default=True)
    EXAMPLE_SHEBA = "IR220000000000000000000001"  # a valid checksum, and nobody's account
    BANK_SHEBA = os.environ.get("BANK_SHEBA", "")
    BANK_ACCOUNT_HOLDER = os.environ.get("BANK_ACCOUNT_HOLDER", "")
    BANK_NAME = os.environ.get("BANK_NAME", "")

    # The home page's programme figures are recomputed at most this often per process.
    IMPACT_CACHE_SECONDS = int(os.environ.get("IMPACT_CACHE_SECONDS", 60))
    # Facet counts of one query are reused this long per process (catalogue/facets.py).
    FACET_COUNTS_SECONDS = int(os.environ.get("FACET_COUNTS_SECONDS", 60))
    # A shared cache in front (Varnish, docs/scaling.md) keeps anonymous storefront pages
    # this long, purged by surrogate key at each change; then serves them stale this much
    # longer while it fetches a fresh copy.
    HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", 300))
    HTTP_CACHE_STALE_SECONDS = int(os.environ.get("HTTP_CACHE_STALE_SECONDS", 30))
    # Where purges go (space-separated, each Varnish in front: http://varnish:6081/), by a
    # job after each commit that changes public data. Empty: no shared cache, no purges.
    HTTP_CACHE_PURGE_URLS = os.environ.get("HTTP_CACHE_PURGE_URLS", "").split()

    # The job queue (Huey, marketplace/ops/jobs.py): redis://… in production; a SQLite file
    # (one host only) by default, so `make run` needs no server; memory:// in tests.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL", f"sqlite:///{INSTANCE_DIR / 'jobs.db'}")
    JOB_WORKER_THREADS = int(os.environ.get("JOB_WORKER_THREADS", 2))
    # A periodic job that raises is retried this often, after 10 s, 20 s, 40 s…
    JOB_RETRIES = int(os.environ.get("JOB_RETRIES", 3))
    JOB_RETRY_SECONDS = int(os.environ.get("JOB_RETRY_SECONDS", 10))
    # A kept photo upload older than this is queued again by the sweep (docs/background-jobs.md).
    PHOTO_SWEEP_MINUTES = int(os.environ.get("PHOTO_SWEEP_MINUTES", 5))
    # Outbox: attempts per message, the first backoff (doubled after each failure), and how
    # long a claim may stay unfinished before another worker takes it (a crashed worker);
    # keep it well above the SMTP and SMS timeouts.
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 5))
    OUTBOX_RETRY_SECONDS = int(os.environ.get("OUTBOX_RETRY_SECONDS", 30))
    OUTBOX_CLAIM_TIMEOUT = timedelta(seconds=int(os.environ.get("OUTBOX_CLAIM_SECONDS", 300)))
    # "module:attribute" of the SMS provider class; the default writes SMS to the log.
    SMS_PROVIDER = os.environ.get(
        "SMS_PROVIDER", "marketplace.notifications.outbox:LoggingSmsProvider")
    # Kavenegar (SMS_PROVIDER=marketplace.notifications.kavenegar:KavenegarSms): the API key
    # from its panel, the sending line, and the API's address (a local fake in tests).
    KAVENEGAR_API_KEY = os.environ.get("KAVENEGAR_API_KEY", "")
    KAVENEGAR_SENDER = os.environ.get("KAVENEGAR_SENDER", "")
    KAVENEGAR_API_URL = os.environ.get("KAVENEGAR_API_URL", "https://api.kavenegar.com/v1")

    ALLOW_DEMO_SEED = True
    ALLOW_SQLITE_IN_PRODUCTION = _env_bool("ALLOW_SQLITE_IN_PRODUCTION")


# The organisation that runs the centres (SEED.md), as the example account's holder.
EXAMPLE_HOLDER = "سازمان بازآفرینی شهرداری مشهد"


class DevelopmentConfig(Config):
    CONFIG_NAME = "development"
    DEBUG = False
    # A fixed key for local runs only; production refuses to start without its own.
    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"
    BANK_SHEBA = Config.BANK_SHEBA or Config.EXAMPLE_SHEBA
    BANK_ACCOUNT_HOLDER = Config.BANK_ACCOUNT_HOLDER or EXAMPLE_HOLDER


class TestingConfig(Config):
    CONFIG_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-not-secret"  # noqa: S105  (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    REPLICA_DATABASE_URL = ""  # tests/test_read_replica.py makes its own
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    IMPACT_CACHE_SECONDS = 0  # tests change the data between requests
    FACET_COUNTS_SECONDS = 0
    MAIL_SERVER = None
    BANK_SHEBA = Config.EXAMPLE_SHEBA
    BANK_ACCOUNT_HOLDER = EXAMPLE_HOLDER
    JOB_QUEUE_URL = "memory://"  # jobs are queued, and run only where a test runs them


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


# A secret shorter than this can be guessed offline from one signed cookie.
MIN_SECRET_KEY_BYTES = 32


class ConfigError(click.ClickException):
    """The configuration cannot run safely; the message says what is wrong.

    A ClickException, so that `flask --app wsgi …` in a refused production environment
    prints the problems and exits 1 rather than showing a traceback."""


def _sms_problems(config: Mapping) -> list[str]:
    """Sign-in codes go by SMS: a sender that only writes the log locks buyers out."""
    provider = str(config.get("SMS_PROVIDER") or "")
    if provider.endswith(":LoggingSmsProvider"):
        return ["SMS_PROVIDER must be a real SMS service in production (for example "
                "marketplace.notifications.kavenegar:KavenegarSms): the logging sender "
                "only writes sign-in codes to the log."]
    if provider.endswith(":KavenegarSms") and not (
            config.get("KAVENEGAR_API_KEY") and config.get("KAVENEGAR_SENDER")):
        return ["KAVENEGAR_API_KEY and KAVENEGAR_SENDER must be set for Kavenegar."]
    return []


def production_problems(config: Mapping) -> list[str]:
    """Every reason these settings would be unsafe on the internet, in one list."""
    problems = []
    key = config.get("SECRET_KEY") or ""
    if not key:
        problems.append("SECRET_KEY must be set in production.")
    elif len(key.encode() if isinstance(key, str) else key) < MIN_SECRET_KEY_BYTES:
        problems.append(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes "
                        "(python3 -c 'import secrets; print(secrets.token_hex(32))').")
    uri = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if uri.startswith("sqlite") and not config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        problems.append("Production needs DATABASE_URL pointing at PostgreSQL "
                        "(set ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite on purpose).")
    site = urlsplit(str(config.get("SITE_URL") or ""))
    if site.scheme != "https" or not site.hostname:
        problems.append("SITE_URL must be the shop's public https:// address: e-mailed and "
                        "SMS links are built from it, never from a request's Host header.")
    if str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI must be shared by every worker "
                        "(redis://…): memory:// counts sign-in attempts per worker.")
    queue = str(config.get("JOB_QUEUE_URL") or "")
    if not queue.startswith(("redis://", "rediss://", "sqlite://")):
        problems.append("JOB_QUEUE_URL must be redis://… (or sqlite:///… on one host): "
                        f"{urlsplit(queue).scheme or 'nothing'}:// loses queued jobs.")
    elif queue.startswith("sqlite") and not config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        problems.append("JOB_QUEUE_URL must be redis://… shared by every host: a SQLite "
                        "queue is one host's file (set ALLOW_SQLITE_IN_PRODUCTION=1 to run "
                        "one host on purpose).")
    if not str(config.get("ZARINPAL_MERCHANT_ID") or "").strip():
        problems.append("ZARINPAL_MERCHANT_ID must be set in production.")
    for name in ("ZARINPAL_API_URL", "ZARINPAL_STARTPAY_URL"):
        url = urlsplit(str(config.get(name) or ""))
        if url.scheme != "https" or "sandbox" in (url.hostname or "sandbox"):
            problems.append(f"{name} must be the live gateway's https:// address, "
                            "not the sandbox.")
    problems += _sms_problems(config)
    storage = config.get("PHOTO_STORAGE", "local")
    if storage not in ("local", "s3"):
        problems.append("PHOTO_STORAGE must be local or s3.")
    elif storage == "s3" and not config.get("S3_BUCKET"):
        problems.append("PHOTO_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL outside AWS).")
    if config.get("BANK_TRANSFER_ENABLED"):
        problems.extend(_bank_problems(config))
    return problems


def _bank_problems(config: Mapping) -> list[str]:
    """Why buyers could not transfer to the configured account (bank transfer is on)."""
    # Imported here: the package imports this module while it is being created.
    from marketplace.text.validators import ValidationProblem, sheba

    problems = []
    given = str(config.get("BANK_SHEBA") or "").strip()
    off = " (or set BANK_TRANSFER_ENABLED=0 to offer no bank transfer)"
    if not given:
        problems.append("BANK_SHEBA must be the programme's account for bank transfers" + off)
    else:
        try:
            canonical = sheba(given)
        except ValidationProblem:
            problems.append("BANK_SHEBA is not a valid Sheba number (IR and 24 digits, "
                            "with a correct check)" + off)
        else:
            if canonical == config.get("EXAMPLE_SHEBA"):
                problems.append("BANK_SHEBA is the example account, not a real one" + off)
    if not str(config.get("BANK_ACCOUNT_HOLDER") or "").strip():
        problems.append("BANK_ACCOUNT_HOLDER must name the account's holder as the bank "
                        "spells it" + off)
    return problems


def check_production(config: Mapping) -> None:
    """Refuse settings that would be unsafe on the internet, naming all of them."""
    problems = production_problems(config)
    if problems:
        raise ConfigError("Production refuses to start:\n" + "\n".join(
            f"- {problem}" for problem in problems))
