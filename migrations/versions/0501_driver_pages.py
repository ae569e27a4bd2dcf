"""Drivers' public shop pages (issue 18): a slug for /drivers/<slug>, a business number
the driver may choose to show, and whether the page is public.

Revision ID: 0501
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

from marketplace.text.persian import unique_slug
from migrations.online import create_index_concurrently, set_not_null

revision = "0501"
down_revision = "0020"
branch_labels = None
depends_on = None

SLUG_LENGTH = 120


def upgrade():
    with op.batch_alter_table("drivers") as batch:
        batch.add_column(sa.Column("slug", sa.String(length=SLUG_LENGTH), nullable=True))
        batch.add_column(sa.Column("business_phone", sa.String(length=20), nullable=True))
        # A constant default: no table rewrite on PostgreSQL 11+.
        batch.add_column(sa.Column("page_public", sa.Boolean(), nullable=False,
                                   server_default=sa.text("true")))
    if not op.get_context().as_sql:
        _backfill(op.get_bind())
    # An offline (--sql) script cannot read the names: each driver is driver-<id> there,
    # and online the line finds nobody left.
    op.execute("UPDATE drivers SET slug = 'driver-' || CAST(id AS VARCHAR) WHERE slug IS NULL")
    create_index_concurrently("uq_drivers_slug", "drivers", ["slug"], unique=True)
    set_not_null("drivers", "slug")


def _backfill(bind):
    """Each driver's slug from her name, as the app gives a new one (models/people.py),
    the first driver of a name keeping the plain one: a few dozen rows."""
    from marketplace.models.people import driver_slug_base

    drivers = sa.table("drivers", sa.column("id"), sa.column("name_fa"),
                       sa.column("name_en"), sa.column("slug"))
    taken: set[str] = set()
    rows = bind.execute(sa.select(drivers.c.id, drivers.c.name_fa, drivers.c.name_en)
                        .order_by(drivers.c.id)).all()
    for row in rows:
        slug = unique_slug(driver_slug_base(row.name_fa, row.name_en), taken, SLUG_LENGTH)
        taken.add(slug)
        bind.execute(drivers.update().where(drivers.c.id == row.id).values(slug=slug))


def downgrade():
    op.drop_index("uq_drivers_slug", table_name="drivers")
    with op.batch_alter_table("drivers") as batch:
        batch.drop_column("page_public")
        batch.drop_column("business_phone")
        batch.drop_column("slug")
