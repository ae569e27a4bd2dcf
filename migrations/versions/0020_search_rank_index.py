"""Search ranks the matches of a common word without reading their wide rows (SQLite):
a covering index that starts with the id and holds every column the ranking, the filters
and the sorts read, the short title keys included.

Ranking looks each trigram match up by id; without this index SQLite reads the product's
table row, ~7 KB with its descriptions and search text, through its overflow pages, for
each of tens of thousands of matches. `search.query.RANK_INDEX` names it for INDEXED BY.
PostgreSQL gets nothing here: its matches come from the pg_trgm bitmap, which reads the
heap rows anyway (docs/search-and-catalogue.md, "Speed at 100,000 products").

Revision ID: 0020
Revises: 0023
"""

from alembic import op

revision = "0020"
down_revision = "0023"
branch_labels = None
depends_on = None

NAME = "product_search_rank"
COLUMNS = ("id", "status", "stock", "listed_at", "sold_count", "price_rials", "craft_id",
           "centre_id", "colour_mask", "width_cm", "length_cm", "knots_per_sq_cm",
           "search_title", "search_stems")


def upgrade():
    if op.get_context().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON products ({', '.join(COLUMNS)})")


def downgrade():
    if op.get_context().dialect.name == "sqlite":
        op.execute(f"DROP INDEX IF EXISTS {NAME}")
