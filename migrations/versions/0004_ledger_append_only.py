"""Ledger rows are append-only in PostgreSQL itself.

The ORM refuses updates and deletes of ledger entries, payouts and purchase shares on
every backend; on PostgreSQL a trigger also stops them from any client (psql, scripts).
TRUNCATE (used only to wipe a demo or test database) is a separate privilege.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("ledger_entries", "payouts", "purchase_shares")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION refuse_ledger_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% rows are append-only; record a reversal', TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS refuse_ledger_change()")
