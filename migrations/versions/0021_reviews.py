"""Reviews of delivered lines, their photos and helpful votes; products keep the count
and the sum of their visible reviews' stars.

Revision ID: 0021
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("review_count", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("rating_sum", sa.Integer(), server_default="0",
                                   nullable=False))
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.String(length=60), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("helpful_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=300), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_reviews_stars_range")),
        sa.CheckConstraint("helpful_count >= 0", name=op.f("ck_reviews_helpful_not_negative")),
        sa.CheckConstraint("hidden_at IS NULL OR hidden_reason IS NOT NULL",
                           name=op.f("ck_reviews_hidden_has_reason")),
        sa.ForeignKeyConstraint(["line_id"], ["order_lines.id"],
                                name=op.f("fk_reviews_line_id_order_lines")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_reviews_product_id_products")),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name=op.f("fk_reviews_buyer_id_users")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"],
                                name=op.f("fk_reviews_answered_by_id_users")),
        sa.ForeignKeyConstraint(["hidden_by_id"], ["users.id"],
                                name=op.f("fk_reviews_hidden_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("line_id", name=op.f("uq_reviews_line_id")),
    )
    op.create_index("ix_reviews_product_id_created_at", "reviews", ["product_id", "created_at"])
    op.create_index("ix_reviews_buyer_id", "reviews", ["buyer_id"])
    op.create_table(
        "review_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("has_alpha", sa.Boolean(), nullable=False),
        sa.Column("sizes", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("width > 0 AND height > 0",
                           name=op.f("ck_review_photos_dimensions_positive")),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_photos_review_id_reviews")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_photos")),
    )
    op.create_index("ix_review_photos_review_id", "review_photos", ["review_id"])
    op.create_table(
        "review_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("session_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(user_id IS NULL) <> (session_key IS NULL)",
                           name=op.f("ck_review_votes_one_voter")),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_votes_review_id_reviews")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_review_votes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_votes")),
        sa.UniqueConstraint("review_id", "user_id", name="uq_review_votes_user"),
        sa.UniqueConstraint("review_id", "session_key", name="uq_review_votes_session"),
    )


def downgrade():
    op.drop_table("review_votes")
    op.drop_index("ix_review_photos_review_id", table_name="review_photos")
    op.drop_table("review_photos")
    op.drop_index("ix_reviews_buyer_id", table_name="reviews")
    op.drop_index("ix_reviews_product_id_created_at", table_name="reviews")
    op.drop_table("reviews")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("rating_sum")
        batch.drop_column("review_count")
