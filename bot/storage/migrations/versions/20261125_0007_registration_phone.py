"""An optional phone number on a course registration (only when the person shares it).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("phone", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("phone")
