"""The durable outbox, and users the bot can no longer reach.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("due_at", t.UTCDateTime, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_until", t.UTCDateTime),
        sa.Column("last_error", sa.String(200)),
        sa.Column("sent_at", t.UTCDateTime),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
        sa.Column("dedupe_key", sa.String(80), unique=True),
        sa.Index("ix_outbox_due", "state", "due_at"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("unreachable_at", t.UTCDateTime))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("unreachable_at")
    op.drop_table("outbox")
