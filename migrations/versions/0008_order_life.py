"""The end of an order's life: refunds as their own records, pick-up codes, returns
received back, and the history notes these steps write.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_EVENTS = (
    "pending_payment", "placed", "paid", "preparing", "shipped", "ready_for_pickup",
    "delivered", "cancelled", "expired", "open", "returned",
    "transfer_reported", "return_requested", "return_refused", "refund_due",
)
NEW_EVENTS = (*OLD_EVENTS, "payment_received", "return_accepted", "return_received", "refunded")


def _in(values):
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade():
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("amount_rials", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("refunded_on", sa.Date(), nullable=True),
        sa.Column("refunded_by_id", sa.Integer(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("reason IN ('cancelled', 'returned')",
                           name=op.f("ck_refunds_reason_allowed")),
        sa.CheckConstraint("status IN ('due', 'refunded')", name=op.f("ck_refunds_status_allowed")),
        sa.CheckConstraint("method IN ('card_to_card', 'bank_transfer', 'gateway', 'cash')",
                           name=op.f("ck_refunds_method_allowed")),
        sa.CheckConstraint("amount_rials > 0", name=op.f("ck_refunds_amount_positive")),
        sa.CheckConstraint(
            "status = 'due' OR (refunded_on IS NOT NULL AND method IS NOT NULL)",
            name=op.f("ck_refunds_settled_completely"),
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_refunds_order_id_orders")),
        sa.ForeignKeyConstraint(["line_id"], ["order_lines.id"],
                                name=op.f("fk_refunds_line_id_order_lines")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_refunds_created_by_id_users")),
        sa.ForeignKeyConstraint(["refunded_by_id"], ["users.id"],
                                name=op.f("fk_refunds_refunded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("line_id", name="uq_refunds_line_id"),
    )
    op.create_index("ix_refunds_order_id", "refunds", ["order_id"])
    op.create_index("ix_refunds_status_id", "refunds", ["status", "id"])
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("pickup_code", sa.String(length=6), nullable=True))
    with op.batch_alter_table("return_requests") as batch:
        batch.add_column(sa.Column("received_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(op.f("fk_return_requests_received_by_id_users"), "users",
                                 ["received_by_id"], ["id"])
        batch.drop_constraint(op.f("ck_return_requests_status_allowed"), type_="check")
        batch.create_check_constraint(
            op.f("ck_return_requests_status_allowed"),
            "status IN ('requested', 'accepted', 'refused', 'received')",
        )
    with op.batch_alter_table("order_events") as batch:
        batch.drop_constraint(op.f("ck_order_events_status_allowed"), type_="check")
        batch.create_check_constraint(op.f("ck_order_events_status_allowed"), _in(NEW_EVENTS))


def downgrade():
    with op.batch_alter_table("order_events") as batch:
        batch.drop_constraint(op.f("ck_order_events_status_allowed"), type_="check")
        batch.create_check_constraint(op.f("ck_order_events_status_allowed"), _in(OLD_EVENTS))
    with op.batch_alter_table("return_requests") as batch:
        batch.drop_constraint(op.f("ck_return_requests_status_allowed"), type_="check")
        batch.create_check_constraint(
            op.f("ck_return_requests_status_allowed"),
            "status IN ('requested', 'accepted', 'refused')",
        )
        batch.drop_constraint(op.f("fk_return_requests_received_by_id_users"),
                              type_="foreignkey")
        batch.drop_column("received_at")
        batch.drop_column("received_by_id")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("pickup_code")
    op.drop_index("ix_refunds_status_id", table_name="refunds")
    op.drop_index("ix_refunds_order_id", table_name="refunds")
    op.drop_table("refunds")
