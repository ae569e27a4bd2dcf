"""Applicants and their screening, the waiting list of a centre being built, and the
facilitation offices and social councils kept as records (issue 19); referrals may name
the office.

Revision ID: 0023
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

from migrations.online import add_foreign_key_not_valid, create_index_concurrently

revision = '0023'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('facilitation_office', 'social_council')", name=op.f('ck_partner_offices_kind_allowed')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_partner_offices_neighbourhood_id_neighbourhoods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_offices')),
    sa.UniqueConstraint('kind', 'name', name='uq_partner_offices_kind_name')
    )
    with op.batch_alter_table('partner_offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_offices_neighbourhood_id'), ['neighbourhood_id'], unique=False)

    op.create_table('applicants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('national_code', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('head_of_household', sa.Boolean(), nullable=False),
    sa.Column('household_document', sa.String(length=200), nullable=True),
    sa.Column('craft_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=True),
    sa.Column('told_open_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(status = 'admitted') = (trainee_id IS NOT NULL)", name=op.f('ck_applicants_admitted_is_trainee')),
    sa.CheckConstraint("source IN ('facilitation_office', 'social_council', 'relief_committee', 'welfare_organisation', 'walk_in')", name=op.f('ck_applicants_source_allowed')),
    sa.CheckConstraint("status != 'not_eligible' OR length(reason) > 0", name=op.f('ck_applicants_refusal_has_reason')),
    sa.CheckConstraint("status IN ('new', 'eligible', 'not_eligible', 'admitted')", name=op.f('ck_applicants_status_allowed')),
    sa.CheckConstraint('NOT head_of_household OR household_document IS NOT NULL OR office_id IS NOT NULL', name=op.f('ck_applicants_head_of_household_shown')),
    sa.CheckConstraint('length(national_code) = 10', name=op.f('ck_applicants_national_code_length')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_applicants_centre_id_centres')),
    sa.ForeignKeyConstraint(['craft_id'], ['crafts.id'], name=op.f('fk_applicants_craft_id_crafts')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_applicants_neighbourhood_id_neighbourhoods')),
    sa.ForeignKeyConstraint(['office_id'], ['partner_offices.id'], name=op.f('fk_applicants_office_id_partner_offices')),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_applicants_trainee_id_trainees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applicants')),
    sa.UniqueConstraint('national_code', name=op.f('uq_applicants_national_code')),
    sa.UniqueConstraint('trainee_id', name=op.f('uq_applicants_trainee_id'))
    )
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applicants_applied_on'), ['applied_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_applicants_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applicants_neighbourhood_id'), ['neighbourhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applicants_office_id'), ['office_id'], unique=False)

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_id', sa.Integer(), nullable=True))
    # referrals is populated: index and foreign key without blocking its writes.
    create_index_concurrently(op.f('ix_referrals_office_id'), 'referrals', ['office_id'])
    add_foreign_key_not_valid(op.f('fk_referrals_office_id_partner_offices'), 'referrals',
                              ['office_id'], 'partner_offices', ['id'])



def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_referrals_office_id_partner_offices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_referrals_office_id'))
        batch_op.drop_column('office_id')

    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applicants_office_id'))
        batch_op.drop_index(batch_op.f('ix_applicants_neighbourhood_id'))
        batch_op.drop_index(batch_op.f('ix_applicants_centre_id'))
        batch_op.drop_index(batch_op.f('ix_applicants_applied_on'))

    op.drop_table('applicants')
    with op.batch_alter_table('partner_offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_offices_neighbourhood_id'))

    op.drop_table('partner_offices')
