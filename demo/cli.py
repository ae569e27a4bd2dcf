"""The demo's command-line tools: `flask --app wsgi seed-demo` and `demo-logins`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
@click.option("--reset", is_flag=True, help="Delete all rows first.")
@click.option("--products", default=120, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--all-listed", is_flag=True, help="List every product (for benchmarks).")
def seed_demo_command(reset: bool, products: int, all_listed: bool) -> None:
    """Load the demo centres, people, goods and orders (never in production)."""
    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException("seed-demo is refused in the production configuration.")
    from demo.seed import seed_demo, wipe

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
    import pyotp

    from demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET

    click.echo(f"Demo sign-in at /login, password for all: {DEMO_PASSWORD}")
    click.echo(f"Staff and admin then type a code: add the key {DEMO_TOTP_SECRET} to an")
    click.echo(f"authenticator app, or use this one now: {pyotp.TOTP(DEMO_TOTP_SECRET).now()}"
               " (it changes every 30 seconds; run demo-logins again for the next)")
    click.echo("  admin@rooyesh.test          admin (municipality)")
    click.echo("  staff1..7@rooyesh.test      staff of centres 1-7")
    click.echo("  driver1..10@rooyesh.test    drivers")
    click.echo("  buyer@rooyesh.test          a buyer with past orders")


COMMANDS = (seed_demo_command, demo_logins_command)
