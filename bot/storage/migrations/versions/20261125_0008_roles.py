"""Coordinators as a role in the database, and one-time invitation links.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinators",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        sa.Column("granted_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("office_id", sa.String(24)),
        sa.Column("created_by", sa.BigInteger, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
        sa.Column("expires_at", t.UTCDateTime, nullable=False),
        sa.Column("used_by", sa.BigInteger),
        sa.Column("used_at", t.UTCDateTime),
    )


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_table("coordinators")
