"""Broadcasts with a photo or PDF, a live progress message and the "interested" audience;
outbox rows that go before others (the coordinator's progress); participants who want no more
announcements about their course.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("attachment", sa.JSON))
        batch.add_column(sa.Column("progress_message_id", sa.BigInteger))
        batch.add_column(sa.Column("course_audience", sa.String(12)))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("priority", sa.SmallInteger, nullable=False, server_default="0"))
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(
            sa.Column("announcements", sa.Boolean, nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("announcements")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("priority")
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("course_audience")
        batch.drop_column("progress_message_id")
        batch.drop_column("attachment")
