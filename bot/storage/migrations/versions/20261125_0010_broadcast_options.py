"""Broadcast options: a link button, people registered for a course, a send time.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("link", sa.String(300)))
        batch.add_column(sa.Column("course_id", sa.String(24)))
        batch.add_column(sa.Column("send_at", t.UTCDateTime))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("send_at")
        batch.drop_column("course_id")
        batch.drop_column("link")
