"""Stock changed by hand is its own append-only row: units added, or written off with a
reason (the listing form no longer writes an absolute stock number).

Revision ID: 0301
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0301"
down_revision = "0008"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the code's reasons do.
REASONS = ("added", "damaged", "lost", "sample", "count", "other")


def upgrade():
    allowed = ", ".join(f"'{r}'" for r in REASONS)
    op.create_table(
        "stock_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("stock_after", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            f"reason IN ({allowed})", name=op.f("ck_stock_adjustments_reason_allowed")
        ),
        sa.CheckConstraint(
            "(reason = 'added' AND delta > 0) OR (reason <> 'added' AND delta < 0)",
            name=op.f("ck_stock_adjustments_delta_matches_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_stock_adjustments_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["drivers.id"], name=op.f("fk_stock_adjustments_driver_id_drivers")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"],
            name=op.f("fk_stock_adjustments_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_adjustments")),
    )
    with op.batch_alter_table("stock_adjustments") as batch:
        batch.create_index(
            "ix_stock_adjustments_product_id", ["product_id", "id"], unique=False
        )
        batch.create_index(
            op.f("ix_stock_adjustments_driver_id"), ["driver_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        # Like the ledger (0004): what happened to stock is never edited afterwards.
        op.execute(
            "CREATE TRIGGER stock_adjustments_append_only BEFORE UPDATE OR DELETE ON "
            "stock_adjustments FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_adjustments_append_only ON stock_adjustments")
    with op.batch_alter_table("stock_adjustments") as batch:
        batch.drop_index(op.f("ix_stock_adjustments_driver_id"))
        batch.drop_index("ix_stock_adjustments_product_id")
    op.drop_table("stock_adjustments")
