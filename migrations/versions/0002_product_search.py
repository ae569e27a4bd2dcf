"""product search: FTS5 on SQLite, a GIN full-text index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 21:55:00

Both backends index `products.search_text`, which holds
`persian.search_key(...)` of the titles, descriptions, craft and centre names,
so the query and the index are normalised by the same function.

SQLite: an external-content FTS5 table `product_search` over products
(rowid = products.id), kept in sync by triggers, so bulk inserts by the seed
and any raw UPDATE are covered too. Every product is indexed; the search
query filters on status and stock, so a status change needs no trigger.

PostgreSQL: a GIN expression index on to_tsvector('simple', search_text);
'simple' does no stemming, which suits text that search_key already folded.
Its name starts with product_search so that the model comparison leaves it out.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE product_search USING fts5("
    "search_text, content='products', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER product_search_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO product_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER product_search_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO product_search(product_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER product_search_au AFTER UPDATE OF search_text ON products BEGIN "
    "INSERT INTO product_search(product_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO product_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    # Index whatever rows already exist.
    "INSERT INTO product_search(product_search) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS product_search_au",
    "DROP TRIGGER IF EXISTS product_search_ad",
    "DROP TRIGGER IF EXISTS product_search_ai",
    "DROP TABLE IF EXISTS product_search",
)
PG_UP = (
    "CREATE INDEX product_search_tsv ON products "
    "USING gin (to_tsvector('simple', search_text))",
)
PG_DOWN = ("DROP INDEX IF EXISTS product_search_tsv",)


def _run(by_dialect: dict[str, tuple[str, ...]]) -> None:
    for statement in by_dialect.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade():
    _run({"sqlite": SQLITE_UP, "postgresql": PG_UP})


def downgrade():
    _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})
