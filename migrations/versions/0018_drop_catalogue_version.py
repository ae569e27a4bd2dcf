"""The catalogue version goes: the shared HTTP cache is purged by surrogate key after
each commit (catalogue/version.py), so no row is updated, nor NOTIFY sent, by every
writer of public data (every order on every host waited on it).

Revision ID: 0018
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("catalogue_version")


def downgrade():
    op.create_table(
        "catalogue_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_version")),
    )
