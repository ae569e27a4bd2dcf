"""Search that finds what shoppers type: trigram indexes, title keys, synonyms, a vocabulary.

Both backends now match substrings (a compound part, a word start) through a trigram
index over `products.search_text`: FTS5's trigram tokenizer on SQLite (table
`product_search_trigram`, kept by triggers like 0002's), pg_trgm's GIN index on
PostgreSQL (created when the extension is available; without it the same LIKE queries
run unindexed). The word-level indexes of 0002 and 0006 are dropped: nothing reads them.

`search_title` and `search_stems` hold a product's title words (and their stems) so the
ranking can tell a title word from a description word without reading the whole text.
`search_synonyms` is the admin's synonym table, read at query time; `search_words` the
vocabulary that typo correction looks candidate spellings up in. `sold_count` is the
best-selling counter, kept by checkout's stock update.

Revision ID: 0201
Revises: 0302
"""

import sqlalchemy as sa
from alembic import op

revision = "0201"
down_revision = "0302"
branch_labels = None
depends_on = None

SQLITE_OLD = (
    "DROP TRIGGER IF EXISTS product_search_au",
    "DROP TRIGGER IF EXISTS product_search_ad",
    "DROP TRIGGER IF EXISTS product_search_ai",
    "DROP TABLE IF EXISTS product_search",
)
SQLITE_UP = (
    "CREATE VIRTUAL TABLE product_search_trigram USING fts5("
    "search_text, content='products', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER product_search_trigram_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO product_search_trigram(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "CREATE TRIGGER product_search_trigram_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO product_search_trigram(product_search_trigram, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER product_search_trigram_au AFTER UPDATE OF search_text ON products BEGIN "
    "INSERT INTO product_search_trigram(product_search_trigram, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO product_search_trigram(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "INSERT INTO product_search_trigram(product_search_trigram) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS product_search_trigram_au",
    "DROP TRIGGER IF EXISTS product_search_trigram_ad",
    "DROP TRIGGER IF EXISTS product_search_trigram_ai",
    "DROP TABLE IF EXISTS product_search_trigram",
)


def _pg_trgm_available(bind: sa.engine.Connection) -> bool:
    return bool(bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    )).scalar())


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("search_title", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_stems", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("sold_count", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint(op.f("ck_products_sold_non_negative"), "sold_count >= 0")
    op.create_index("ix_products_listing_popular", "products", ["status", "sold_count", "id"])
    op.create_table(
        "search_synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(100), nullable=False),
        sa.Column("alternatives", sa.String(500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonyms")),
        sa.UniqueConstraint("word", name=op.f("uq_search_synonyms_word")),
    )
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_OLD + SQLITE_UP:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS product_search_tsv_gin")
        op.execute("ALTER TABLE products DROP COLUMN IF EXISTS product_search_tsv")
        if _pg_trgm_available(bind):
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            op.execute("CREATE INDEX product_search_trgm ON products "
                       "USING gin (search_text gin_trgm_ops)")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS product_search_trgm")
        op.execute(
            "ALTER TABLE products ADD COLUMN product_search_tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', coalesce(search_text, ''))) STORED"
        )
        op.execute("CREATE INDEX product_search_tsv_gin ON products USING gin (product_search_tsv)")
    op.drop_table("search_words")
    op.drop_table("search_synonyms")
    op.drop_index("ix_products_listing_popular", table_name="products")
    with op.batch_alter_table("products") as batch:
        batch.drop_constraint(op.f("ck_products_sold_non_negative"), type_="check")
        batch.drop_column("sold_count")
        batch.drop_column("search_stems")
        batch.drop_column("search_title")
    if bind.dialect.name == "sqlite":
        # 0002's word index, the same table and triggers with another tokenizer.
        for statement in SQLITE_UP:
            op.execute(statement.replace("product_search_trigram", "product_search").replace(
                "tokenize='trigram'", "tokenize='unicode61 remove_diacritics 2'"))
