"""Subscriptions to announcements, and broadcasts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column(
            "user_id",
            sa.BigInteger,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("topic", sa.String(12), primary_key=True),
        sa.Column("district", sa.String(40)),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_by", sa.BigInteger, nullable=False),
        sa.Column("topic", sa.String(12), nullable=False),
        sa.Column("district", sa.String(40)),
        sa.Column("language", sa.String(2)),
        sa.Column("texts", sa.JSON, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("broadcasts")
    op.drop_table("subscriptions")
