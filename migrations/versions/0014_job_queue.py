"""Outbox messages are claimed by one worker before sending; failed jobs are kept for the admin.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from migrations.online import add_check_not_valid

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the code's statuses do.
OLD_STATUSES = "status IN ('pending', 'sent', 'failed')"
NEW_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed')"


def upgrade():
    # New columns are nullable (None = due at once, not claimed): no rewrite, no backfill.
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("available_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
        batch.drop_constraint(op.f("ck_outbox_status_allowed"), type_="check")
    # The wider CHECK without a scan under the lock: NOT VALID, then validated (PostgreSQL).
    add_check_not_valid(op.f("ck_outbox_status_allowed"), "outbox", NEW_STATUSES)
    op.create_table(
        "failed_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=100), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.Column("retried_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_jobs")),
    )
    op.create_index("ix_failed_jobs_open", "failed_jobs", ["retried_at", "id"])


def downgrade():
    op.drop_index("ix_failed_jobs_open", table_name="failed_jobs")
    op.drop_table("failed_jobs")
    # A message claimed at the downgrade goes back to the queue it came from.
    op.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint(op.f("ck_outbox_status_allowed"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_status_allowed"), OLD_STATUSES)
        batch.drop_column("claimed_at")
        batch.drop_column("claim_token")
        batch.drop_column("available_at")
