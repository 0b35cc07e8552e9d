"""Course participants who want a reminder before each lesson; lessons that are cancelled.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(
            sa.Column("lesson_reminders", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_table(
        "cancelled_lessons",
        sa.Column("course_id", sa.String(24), sa.ForeignKey("courses.id"), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("cancelled_lessons")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("lesson_reminders")
