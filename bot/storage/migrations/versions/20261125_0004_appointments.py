"""Offices, closures, slot load, bookings and staff.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("district", sa.String(60), nullable=False),
        sa.Column("address", sa.JSON, nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("hours", sa.JSON, nullable=False),
        sa.Column("slot_minutes", sa.Integer, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("min_notice_minutes", sa.Integer, nullable=False),
        sa.Column("horizon_days", sa.Integer, nullable=False),
        sa.Column("cancel_cutoff_minutes", sa.Integer, nullable=False),
        sa.Column("group_chat_id", sa.BigInteger),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("edited_at", t.UTCDateTime),
        sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
    )
    op.create_table(
        "office_closures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "office_id",
            sa.String(24),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("starts_at", t.UTCDateTime, nullable=False),
        sa.Column("ends_at", t.UTCDateTime, nullable=False),
        sa.Column("reason", sa.String(120), nullable=False),
    )
    op.create_table(
        "slot_load",
        sa.Column("office_id", sa.String(24), primary_key=True),
        sa.Column("starts_at", t.UTCDateTime, primary_key=True),
        sa.Column("taken", sa.Integer, nullable=False),
        sa.CheckConstraint("taken >= 0", name="taken_not_negative"),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office_id", sa.String(24), sa.ForeignKey("offices.id"), nullable=False),
        sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("name", sa.String(80)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("topic", sa.String(16), nullable=False),
        sa.Column("starts_at", t.UTCDateTime, nullable=False),
        sa.Column("ends_at", t.UTCDateTime, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("hold_expires_at", t.UTCDateTime),
        sa.Column("moved_to", sa.Integer),
        sa.Column("by_staff", sa.Boolean, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
        sa.Column("updated_at", t.UTCDateTime, nullable=False),
        sa.Index("ix_bookings_user_state", "user_id", "state"),
        sa.Index("ix_bookings_office_start", "office_id", "starts_at"),
    )
    op.create_table(
        "staff",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        sa.Column(
            "office_id",
            sa.String(24),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )


def downgrade() -> None:
    for table in ("staff", "bookings", "slot_load", "office_closures", "offices"):
        op.drop_table(table)
