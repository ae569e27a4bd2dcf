"""Command-line tools: `flask --app wsgi seed-demo` and friends."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .orders.expiry import expire_orders_command


@click.command("seed-demo")
@with_appcontext
@click.option("--reset", is_flag=True, help="Delete all rows first.")
@click.option("--products", default=120, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--all-listed", is_flag=True, help="List every product (for benchmarks).")
def seed_demo_command(reset: bool, products: int, all_listed: bool) -> None:
    """Load the demo centres, people, goods and orders (never in production)."""
    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException("seed-demo is refused in the production configuration.")
    from .demo.seed import seed_demo, wipe

    if reset:
        wipe()
    report = seed_demo(products, all_listed=all_listed)
    if not report.created:
        click.echo("Demo data already present; nothing to do (use --reset to start again).")
        return
    click.echo(
        f"Loaded {report.products} products and {report.trainees} trainees "
        f"in {report.seconds:.1f} s."
    )


@click.command("demo-logins")
def demo_logins_command() -> None:
    """Print the demo accounts."""
    from .demo.seed import DEMO_PASSWORD

    click.echo(f"Demo sign-in at /login, password for all: {DEMO_PASSWORD}")
    click.echo("  admin@rooyesh.test          admin (municipality)")
    click.echo("  staff1..7@rooyesh.test      staff of centres 1-7")
    click.echo("  driver1..10@rooyesh.test    drivers")
    click.echo("  buyer@rooyesh.test          a buyer with past orders")


@click.command("check-integrity")
@with_appcontext
def check_integrity_command() -> None:
    """Verify stock, ledger and order invariants over the whole database."""
    from .integrity import run_all

    failed = False
    for name, problems in run_all().items():
        click.echo(f"{'FAIL' if problems else 'ok  '} {name}")
        for problem in problems:
            click.echo(f"     {problem}")
        failed = failed or bool(problems)
    if failed:
        raise SystemExit(1)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    """Write a consistent backup of the database to PATH (safe while the shop runs)."""
    from .backup import backup

    backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
    click.echo(f"Backed up to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="This replaces the whole database. Continue?")
@with_appcontext
def restore_command(path: str) -> None:
    """Replace the database with the backup at PATH."""
    from .backup import restore
    from .extensions import db

    db.session.remove()
    db.engine.dispose()
    restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
    click.echo(f"Restored from {path}")


@click.command("send-notifications")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@with_appcontext
def send_notifications_command(limit: int) -> None:
    """Deliver pending outbox messages (SMS through the provider, e-mail by SMTP).

    Run it every minute from cron or a systemd timer beside expire-orders.
    """
    from .notifications import send_pending

    click.echo(f"Sent {send_pending(limit=limit)} message(s).")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo_logins_command)
    app.cli.add_command(check_integrity_command)
    app.cli.add_command(send_notifications_command)
    app.cli.add_command(expire_orders_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
