"""All tables, SQLAlchemy Core. Changed only together with an Alembic migration."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine: naive values are refused on write, and SQLite's
    naive values get their UTC back on read."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),  # Telegram user id
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("language_confirmed", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("unreachable_at", UTCDateTime),  # blocked the bot (403): no more sends
)

# The open step of a multi-step flow (booking draft, questionnaire, confirmation), kept in
# the database so a restart or another instance continues where the user is.
flow_states = sa.Table(
    "flow_states",
    metadata,
    sa.Column(
        "user_id",
        sa.BigInteger,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("flow", sa.String(32), nullable=False),
    sa.Column("step", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)

# "Was this helpful?" votes on welcome-folder pages: anonymous, no user id.
page_feedback = sa.Table(
    "page_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("page_id", sa.String(24), nullable=False, index=True),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Searches that found nothing, so the folder can grow where people look: no user id.
unanswered_searches = sa.Table(
    "unanswered_searches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("query", sa.String(200), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Everything the bot sends on its own (reminders, staff notices, broadcasts): written in the
# same transaction as the change that causes it, rendered and sent later by the sender.
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # which renderer builds the message
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column(
        "state", sa.String(12), nullable=False, default="pending"
    ),  # pending|sent|skipped|dead
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("claimed_until", UTCDateTime),  # a sender's lease; expired leases are reclaimed
    sa.Column("last_error", sa.String(200)),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("dedupe_key", sa.String(80), unique=True),  # one reminder per booking and kind
    sa.Index("ix_outbox_due", "state", "due_at"),
)
