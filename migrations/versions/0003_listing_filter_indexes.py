"""Indexes for the storefront's craft and centre filters, in each sort order.

Without them a filtered /products page at 100,000 products scans every listed row.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_products_craft_listing_newest": ("craft_id", "status", "listed_at", "id"),
    "ix_products_craft_listing_price": ("craft_id", "status", "price_rials", "id"),
    "ix_products_centre_listing_newest": ("centre_id", "status", "listed_at", "id"),
    "ix_products_centre_listing_price": ("centre_id", "status", "price_rials", "id"),
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "products", list(columns))


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="products")
