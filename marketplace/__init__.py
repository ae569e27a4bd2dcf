"""The Rooyesh marketplace: an online shop for goods made at Mashhad's Rooyesh centres."""

from __future__ import annotations

import os

from flask import Flask

import config as config_module


def create_app(config_name_or_object: str | object | None = None) -> Flask:
    """Build the application.

    `config_name_or_object` is "development", "testing", "production", a config
    object, or None (then FLASK_CONFIG from the environment, else development).
    """
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(config_module.INSTANCE_DIR),
    )
    if config_name_or_object is None:
        config_name_or_object = os.environ.get("FLASK_CONFIG", "development")
    if isinstance(config_name_or_object, str):
        try:
            config_name_or_object = config_module.CONFIGS[config_name_or_object]
        except KeyError:
            raise config_module.ConfigError(
                f"Unknown configuration {config_name_or_object!r}"
            ) from None
    app.config.from_object(config_name_or_object)
    if app.config["CONFIG_NAME"] == "production":
        config_module.check_production(app.config)

    if app.config.get("TRUSTED_PROXIES"):
        # Behind nginx: take the client address and scheme from the proxy's headers, or
        # every visitor shares one address (and one login rate limit).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from marketplace.web import input_guard

    input_guard.init_url_map(app)
    register_extensions(app)
    input_guard.init_app(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_security(app)
    register_read_replica(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from marketplace.extensions import babel, csrf, db, limiter, login_manager, migrate
    from marketplace.web import i18n

    db.init_app(app)
    from marketplace.catalogue import version  # noqa: F401  (registers the purge hooks)
    from marketplace.web import httpcache

    httpcache.init_app(app)  # first: its Cache-Control is decided after every other hook
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    from marketplace.media import storage

    storage.init_app(app)  # where photo files live: a local folder or an S3 bucket
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: "Asia/Tehran")
    limiter.init_app(app)
    login_manager.init_app(app)

    from marketplace.web import auth_support  # user loader and login view

    auth_support.init_login(app)
    from marketplace.ops import db_support  # noqa: F401  (registers the SQLite connection pragmas)

    register_jobs(app)


def register_jobs(app: Flask) -> None:
    from marketplace.ops import jobs

    jobs.init_app(app)  # the job queue; outbox messages are queued for delivery after commit


def register_blueprints(app: Flask) -> None:
    from marketplace.admin import bp as admin_bp
    from marketplace.auth import bp as auth_bp
    from marketplace.producers import bp as producers_bp
    from marketplace.shop import bp as shop_bp

    app.register_blueprint(shop_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(producers_bp, url_prefix="/producers")
    app.register_blueprint(admin_bp, url_prefix="/admin")


def register_security(app: Flask) -> None:
    from marketplace.web import security

    security.init_app(app)


def register_read_replica(app: Flask) -> None:
    from marketplace.web import replica

    replica.init_app(app)  # after the sign-in hooks: the user is read from the primary


def register_template_helpers(app: Flask) -> None:
    from marketplace.web import templating

    templating.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from marketplace.web import error_pages as errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from marketplace.ops import commands

    commands.init_app(app)
