"""Courses, matching answers, registrations, watches and anonymous demand.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.tables as t

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.JSON, nullable=False),
        sa.Column("provider", sa.String(120), nullable=False),
        sa.Column("place", sa.JSON, nullable=False),
        sa.Column("target", sa.String(12), nullable=False),
        sa.Column("level", sa.String(12), nullable=False),
        sa.Column("schedule", sa.JSON, nullable=False),
        sa.Column("childcare", sa.JSON),
        sa.Column("mirror", sa.String(24)),
        sa.Column("joining", sa.String(10), nullable=False),
        sa.Column("starts", sa.Date, nullable=False),
        sa.Column("ends", sa.Date, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("minimum", sa.Integer, nullable=False),
        sa.Column("taken", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("teacher_languages", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("registration_open", sa.Boolean, nullable=False),
        sa.Column("edited_at", t.UTCDateTime),
        sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="seats_within_capacity"),
    )
    op.create_table(
        "course_answers",
        sa.Column(
            "user_id",
            sa.BigInteger,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("updated_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("course_id", sa.String(24), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("name", sa.String(80)),
        sa.Column("child_ages", sa.JSON, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("offer_expires_at", t.UTCDateTime),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
        sa.Column("updated_at", t.UTCDateTime, nullable=False),
        sa.Index("ix_registrations_course_state", "course_id", "state"),
    )
    op.create_table(
        "course_watches",
        sa.Column(
            "user_id",
            sa.BigInteger,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )
    op.create_table(
        "course_demand",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", t.UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("course_demand", "course_watches", "registrations", "course_answers", "courses"):
        op.drop_table(table)
