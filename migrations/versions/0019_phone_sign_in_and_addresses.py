"""Sign-in with a mobile number (one-time codes, proven phones, e-mail optional) and the
buyer's saved addresses (issue 18).

Revision ID: 0019
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

from migrations.online import add_check_not_valid, create_index_concurrently

revision = "0019"
down_revision = "0022"
branch_labels = None
depends_on = None

VERIFIED = "phone_verified_at IS NOT NULL"


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("phone_verified_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("terms_accepted_at", sa.DateTime(), nullable=True))
        batch.alter_column("email", existing_type=sa.String(length=254), nullable=True)
    # users is populated: the CHECK is proved and the index built without blocking sign-ins.
    add_check_not_valid(op.f("ck_users_email_or_phone"), "users",
                        f"email IS NOT NULL OR {VERIFIED}")
    create_index_concurrently("uq_users_verified_phone", "users", ["phone"], unique=True,
                              where=VERIFIED)
    op.create_table(
        "phone_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_phone_codes_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_codes")),
    )
    op.create_index("ix_phone_codes_phone_created_at", "phone_codes", ["phone", "created_at"])
    op.create_index("ix_phone_codes_address_hash_created_at", "phone_codes",
                    ["address_hash", "created_at"])
    op.create_table(
        "saved_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=40), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_saved_addresses_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_addresses")),
    )
    op.create_index(op.f("ix_saved_addresses_user_id"), "saved_addresses", ["user_id"])
    op.create_index("uq_saved_addresses_one_default", "saved_addresses", ["user_id"],
                    unique=True, sqlite_where=sa.text("is_default"),
                    postgresql_where=sa.text("is_default"))


def downgrade():
    op.drop_table("saved_addresses")
    op.drop_table("phone_codes")
    op.drop_index("uq_users_verified_phone", table_name="users")
    # Accounts reached only by phone cannot be kept once e-mail is required again.
    op.execute("DELETE FROM users WHERE email IS NULL")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_email_or_phone"), type_="check")
        batch.alter_column("email", existing_type=sa.String(length=254), nullable=False)
        batch.drop_column("terms_accepted_at")
        batch.drop_column("phone_verified_at")
