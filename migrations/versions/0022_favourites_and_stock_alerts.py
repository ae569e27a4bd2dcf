"""Favourites of signed-in buyers and "tell me when it is back" requests: two new tables,
so nothing live is locked.

Revision ID: 0022
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0011"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the code's channels do.
CHANNELS = ("email", "sms")


def upgrade():
    op.create_table(
        "favourites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_favourites_user_id_users")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_favourites_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favourites")),
        sa.UniqueConstraint("user_id", "product_id", name=op.f("uq_favourites_user_id_product_id")),
    )
    op.create_index(op.f("ix_favourites_product_id"), "favourites", ["product_id"])
    allowed = ", ".join(f"'{c}'" for c in CHANNELS)
    op.create_table(
        "stock_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(f"channel IN ({allowed})", name=op.f("ck_stock_alerts_channel_allowed")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_alerts_product_id_products")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_stock_alerts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_alerts")),
    )
    op.create_index("ix_stock_alerts_product_id", "stock_alerts", ["product_id", "sent_at"])
    op.create_index(op.f("ix_stock_alerts_user_id"), "stock_alerts", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_stock_alerts_user_id"), table_name="stock_alerts")
    op.drop_index("ix_stock_alerts_product_id", table_name="stock_alerts")
    op.drop_table("stock_alerts")
    op.drop_index(op.f("ix_favourites_product_id"), table_name="favourites")
    op.drop_table("favourites")
