"""Order history entries hold only known statuses and notes (a CHECK, like every status).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the code's statuses do.
EVENT_STATUSES = (
    "pending_payment", "placed", "paid", "preparing", "shipped", "ready_for_pickup",
    "delivered", "cancelled", "expired", "open", "returned",
    "transfer_reported", "return_requested", "return_refused", "refund_due",
)


def upgrade():
    allowed = ", ".join(f"'{s}'" for s in EVENT_STATUSES)
    with op.batch_alter_table("order_events") as batch:
        batch.create_check_constraint(op.f("ck_order_events_status_allowed"), f"status IN ({allowed})")


def downgrade():
    with op.batch_alter_table("order_events") as batch:
        batch.drop_constraint(op.f("ck_order_events_status_allowed"), type_="check")
