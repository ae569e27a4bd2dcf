"""The programme's published totals (its baseline, kept beside what the system counts), and
the planned opening day of a centre still being built.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the code's metrics do.
METRICS = (
    "trained", "employed", "relief_loans", "drivers", "centres_active",
    "centres_under_construction",
)


def upgrade():
    allowed = ", ".join(f"'{m}'" for m in METRICS)
    op.create_table(
        "programme_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("value_high", sa.Integer(), nullable=True),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("jyear", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            f"metric IN ({allowed})", name=op.f("ck_programme_figures_metric_allowed")
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_programme_figures_value_not_negative")),
        sa.CheckConstraint(
            "value_high IS NULL OR value_high > value",
            name=op.f("ck_programme_figures_range_ordered"),
        ),
        sa.CheckConstraint(
            "jyear IS NULL OR (jyear >= 1300 AND jyear <= 1500)",
            name=op.f("ck_programme_figures_jyear_plausible"),
        ),
        sa.CheckConstraint(
            "length(source) > 0", name=op.f("ck_programme_figures_source_given")
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_programme_figures_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"],
            name=op.f("fk_programme_figures_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_figures")),
    )
    with op.batch_alter_table("programme_figures") as batch:
        batch.create_index(op.f("ix_programme_figures_metric"), ["metric"], unique=False)
        batch.create_index(op.f("ix_programme_figures_centre_id"), ["centre_id"], unique=False)
    with op.batch_alter_table("centres") as batch:
        batch.add_column(sa.Column("planned_opening_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("centres") as batch:
        batch.drop_column("planned_opening_on")
    with op.batch_alter_table("programme_figures") as batch:
        batch.drop_index(op.f("ix_programme_figures_centre_id"))
        batch.drop_index(op.f("ix_programme_figures_metric"))
    op.drop_table("programme_figures")
