"""Office names per language (a newcomer reads "دفتر مشاوره محله Dorenkamp").

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.add_column(sa.Column("names", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.drop_column("names")
