"""Anonymous feedback on welcome-folder pages and searches that found nothing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("page_id", sa.String(24), nullable=False, index=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "unanswered_searches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("unanswered_searches")
    op.drop_table("page_feedback")
