"""Facet counts read one narrow index instead of the wide product rows: colours become
bits of colour_mask (backfilled in batches), and one covering index holds every column
the counts test.

Revision ID: 0016
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0010"
branch_labels = None
depends_on = None

# Frozen here: the vocabulary as it was when the mask was introduced (bit = position).
COLOURS = (
    ("قرمز", "red"), ("لاکی", "lacquer red"), ("سرمه‌ای", "navy"), ("کرم", "cream"),
    ("آبی", "blue"), ("فیروزه‌ای", "turquoise"), ("سبز", "green"), ("قهوه‌ای", "brown"),
    ("مشکی", "black"), ("سفید", "white"), ("طلایی", "gold"), ("بژ", "beige"),
)
BATCH = 5000
COLUMNS = ["colour_mask", "status", "stock", "craft_id", "centre_id", "price_rials", "width_cm",
           "length_cm", "knots_per_sq_cm"]


def _mask(fa, en):
    fa, en = fa or "", (en or "").lower()
    return sum(1 << i for i, (word_fa, word_en) in enumerate(COLOURS)
               if word_fa in fa or word_en in en)


def upgrade():
    # A nullable-free column with a constant default: no table rewrite on PostgreSQL 11+.
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("colour_mask", sa.Integer(), nullable=False,
                                   server_default="0"))
    bind = op.get_bind()
    products = sa.table("products", sa.column("id"), sa.column("colours_fa"),
                        sa.column("colours_en"), sa.column("colour_mask"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(products.c.id, products.c.colours_fa, products.c.colours_en)
            .where(products.c.id > last).order_by(products.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        updates = [{"pid": r.id, "mask": _mask(r.colours_fa, r.colours_en)} for r in rows]
        updates = [u for u in updates if u["mask"]]
        if updates:
            bind.execute(
                products.update().where(products.c.id == sa.bindparam("pid"))
                .values(colour_mask=sa.bindparam("mask")), updates,
            )
        last = rows[-1].id
    if bind.dialect.name == "postgresql":
        # Built without blocking writes to products (outside the migration's transaction).
        with op.get_context().autocommit_block():
            op.create_index("ix_products_facets", "products", COLUMNS,
                            postgresql_concurrently=True)
    else:
        op.create_index("ix_products_facets", "products", COLUMNS)


def downgrade():
    op.drop_index("ix_products_facets", table_name="products")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("colour_mask")
