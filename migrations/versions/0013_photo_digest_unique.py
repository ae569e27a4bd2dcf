"""A product shows each image once: unique (product_id, digest) on photos.

Repeats that exist already (issue 15, finding 13: the same photo uploaded 30 times) are
removed first, keeping the earliest row of each; a removed cover passes to it. The files
stay: the kept row shows the same image.

On PostgreSQL the index is built CONCURRENTLY, so the shop keeps taking uploads meanwhile.

Revision ID: 0013
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0016"
branch_labels = None
depends_on = None

NAME = "uq_photos_product_id_digest"
photos = sa.table(
    "photos", sa.column("id", sa.Integer), sa.column("product_id", sa.Integer),
    sa.column("digest", sa.String), sa.column("is_cover", sa.Boolean),
)


def _drop_repeats() -> None:
    first = (
        sa.select(sa.func.min(photos.c.id))
        .group_by(photos.c.product_id, photos.c.digest)
    )
    first_of_a_cover = first.having(
        sa.func.max(sa.case((photos.c.is_cover, 1), else_=0)) == 1
    )
    op.execute(photos.update().where(photos.c.id.in_(first_of_a_cover)).values(is_cover=True))
    op.execute(photos.delete().where(photos.c.id.not_in(first)))


def upgrade():
    _drop_repeats()
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(NAME, "photos", ["product_id", "digest"], unique=True,
                            postgresql_concurrently=True)
    else:
        op.create_index(NAME, "photos", ["product_id", "digest"], unique=True)


def downgrade():
    op.drop_index(NAME, table_name="photos")
