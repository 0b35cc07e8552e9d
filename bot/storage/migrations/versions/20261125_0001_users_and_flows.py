"""Users (language) and the state of multi-step flows.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("language_confirmed", sa.Boolean, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "flow_states",
        sa.Column(
            "user_id",
            sa.BigInteger,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("expires_at", t.UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("flow_states")
    op.drop_table("users")
