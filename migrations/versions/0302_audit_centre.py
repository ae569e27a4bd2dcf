"""The audit log knows the centre of each record, so the admin can filter it by centre.

Revision ID: 0302
Revises: 0301
"""

import sqlalchemy as sa
from alembic import op

revision = "0302"
down_revision = "0301"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("centre_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_audit_log_centre_id_centres"), "centres", ["centre_id"], ["id"]
        )
        batch.create_index(op.f("ix_audit_log_centre_id"), ["centre_id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index(op.f("ix_audit_log_centre_id"))
        batch.drop_constraint(op.f("fk_audit_log_centre_id_centres"), type_="foreignkey")
        batch.drop_column("centre_id")
