"""Photos a buyer sends with a return request.

Revision ID: 0009
Revises: 0201
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0201"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "return_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sizes", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("width > 0 AND height > 0",
                           name=op.f("ck_return_photos_dimensions_positive")),
        sa.ForeignKeyConstraint(["request_id"], ["return_requests.id"],
                                name=op.f("fk_return_photos_request_id_return_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_photos")),
    )
    op.create_index("ix_return_photos_request_id", "return_photos", ["request_id"])


def downgrade():
    op.drop_index("ix_return_photos_request_id", table_name="return_photos")
    op.drop_table("return_photos")
