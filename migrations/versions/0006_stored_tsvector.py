"""PostgreSQL search reads a stored tsvector instead of computing one per row.

The GIN index of 0002 was on the expression to_tsvector('simple', search_text): it
found the matches, but ranking them (ts_rank) recomputed the tsvector of every match,
so a common word at 100,000 products took seconds. A generated, stored column keeps
the tsvector beside the row; the index moves to it. SQLite (FTS5) is unchanged.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE products ADD COLUMN product_search_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED"
    )
    op.execute("CREATE INDEX product_search_tsv_gin ON products USING gin (product_search_tsv)")
    op.execute("DROP INDEX IF EXISTS product_search_tsv")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX product_search_tsv ON products "
        "USING gin (to_tsvector('simple', search_text))"
    )
    op.execute("DROP INDEX IF EXISTS product_search_tsv_gin")
    op.execute("ALTER TABLE products DROP COLUMN product_search_tsv")
