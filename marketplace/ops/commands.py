"""Command-line tools: `flask --app wsgi check-integrity`, `backup` and friends."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


@click.command("check-integrity")
@with_appcontext
def check_integrity_command() -> None:
    """Verify stock, ledger and order invariants over the whole database."""
    from marketplace.ops.integrity import run_all

    failed = False
    for name, problems in run_all().items():
        click.echo(f"{'FAIL' if problems else 'ok  '} {name}")
        for problem in problems:
            click.echo(f"     {problem}")
        failed = failed or bool(problems)
    if failed:
        raise SystemExit(1)


# demo/seed.py's DEMO_PASSWORD, published in the README: no production account may keep it.
# Its own copy, as the app package never imports demo/ (tests/test_app.py holds them equal).
DEMO_PASSWORD = "rooyesh-demo"  # noqa: S105  # nosec B105


@click.command("check-config")
@with_appcontext
def check_config_command() -> None:
    """Print every reason this environment is not fit for production, and exit 1 if any.

    The settings are judged as production would judge them, whatever FLASK_CONFIG says;
    then every active account is checked for the demo password. A production app with
    unsafe settings does not start at all: `flask` then prints the same list of them."""
    from config import production_problems
    from marketplace.people.accounts import active_accounts_with_password

    problems = production_problems(current_app.config)
    problems += [f"The account {user.email} ({user.role}) still has the demo password."
                 for user in active_accounts_with_password(DEMO_PASSWORD)]
    for problem in problems:
        click.echo(f"FAIL {problem}")
    if problems:
        raise SystemExit(1)
    click.echo("ok   the configuration is fit for production")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    """Write one archive of the database and the photo store to PATH, with a manifest of
    SHA-256 checksums (safe while the shop runs)."""
    from marketplace.media import storage
    from marketplace.ops.backup import BackupError, backup

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path), storage.current())
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the database and the photos to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="This replaces the whole database. Continue?")
@with_appcontext
def restore_command(path: str) -> None:
    """Replace the database with the archive at PATH and put its photos back, after
    checking every file against the archive's checksums (a damaged one is refused)."""
    from marketplace.extensions import db
    from marketplace.media import storage
    from marketplace.ops.backup import BackupError, restore

    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path), storage.current())
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the database and the photos from {path}")


@click.command("send-notifications")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@with_appcontext
def send_notifications_command(limit: int) -> None:
    """Deliver pending outbox messages (SMS through the provider, e-mail by SMTP).

    Run it every minute from cron or a systemd timer beside expire-orders.
    """
    from marketplace.notifications.outbox import send_pending

    click.echo(f"Sent {send_pending(limit=limit)} message(s).")


@click.command("expire-orders")
@with_appcontext
def expire_orders_command() -> None:
    """Return the stock of online orders whose payment time ran out."""
    from marketplace.orders.expiry import expire_orders

    click.echo(f"Expired {expire_orders()} unpaid online order(s).")


def init_app(app: Flask) -> None:
    _add_demo_commands(app)
    app.cli.add_command(check_integrity_command)
    app.cli.add_command(check_config_command)
    app.cli.add_command(send_notifications_command)
    app.cli.add_command(expire_orders_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def _add_demo_commands(app: Flask) -> None:
    """`seed-demo` and `demo-logins` live with the demo data (`demo/`, beside the app
    package); an installation without that folder simply has no demo commands."""
    try:
        from demo.cli import COMMANDS
    except ModuleNotFoundError as exc:
        if exc.name not in ("demo", "demo.cli"):
            raise
        return
    for command in COMMANDS:
        app.cli.add_command(command)
