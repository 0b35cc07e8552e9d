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
    sa.Column("asked_announcements_at", UTCDateTime),  # asked once whether they want news
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
    ),  # pending|sent|skipped|blocked|dead
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("claimed_until", UTCDateTime),  # a sender's lease; expired leases are reclaimed
    sa.Column("last_error", sa.String(200)),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("dedupe_key", sa.String(80), unique=True),  # one reminder per booking and kind
    # higher goes first among due rows: a coordinator's progress is not queued behind the
    # thousands of messages it reports on
    sa.Column("priority", sa.SmallInteger, nullable=False, default=0, server_default="0"),
    sa.Index("ix_outbox_due", "state", "due_at"),
)

# District offices (Stadtteilbüros) and the Ankommensberatung; seeded from content/offices.yaml.
offices = sa.Table(
    "offices",
    metadata,
    sa.Column("id", sa.String(24), primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),  # the German name on the door
    sa.Column("district", sa.String(60), nullable=False),
    sa.Column("address", sa.JSON, nullable=False),  # street, postcode, city, lat, lon
    sa.Column("phone", sa.String(40)),
    sa.Column("topics", sa.JSON, nullable=False),
    sa.Column("hours", sa.JSON, nullable=False),  # {"mon": ["09:00-12:00"], …}, local wall clock
    sa.Column("slot_minutes", sa.Integer, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("languages", sa.JSON, nullable=False),  # {"ar": ["tue"], "de": "all"}
    sa.Column("min_notice_minutes", sa.Integer, nullable=False),
    sa.Column("horizon_days", sa.Integer, nullable=False),
    sa.Column("cancel_cutoff_minutes", sa.Integer, nullable=False),
    sa.Column("group_chat_id", sa.BigInteger),  # the team's Telegram group
    sa.Column("sample", sa.Boolean, nullable=False),
    sa.Column("edited_at", UTCDateTime),  # changed in the chat: a new seed leaves it alone
    sa.Column("names", sa.JSON),  # {"fa": "دفتر مشاوره محله (Stadtteilbüro) Dorenkamp", …}
    sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
)

office_closures = sa.Table(
    "office_closures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "office_id", sa.String(24), sa.ForeignKey("offices.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("starts_at", UTCDateTime, nullable=False),
    sa.Column("ends_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.String(120), nullable=False),
)

# How many places of a slot are taken. The capacity check is one conditional upsert on this
# row, so two people booking the last place at once get exactly one booking.
slot_load = sa.Table(
    "slot_load",
    metadata,
    sa.Column("office_id", sa.String(24), primary_key=True),
    sa.Column("starts_at", UTCDateTime, primary_key=True),
    sa.Column("taken", sa.Integer, nullable=False),
    sa.CheckConstraint("taken >= 0", name="taken_not_negative"),
)

bookings = sa.Table(
    "bookings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("office_id", sa.String(24), sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("name", sa.String(80)),  # as given; erased by the retention job
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("topic", sa.String(16), nullable=False),
    sa.Column("starts_at", UTCDateTime, nullable=False),
    sa.Column("ends_at", UTCDateTime, nullable=False),
    # held -> confirmed -> cancelled | moved | attended | no_show ; held -> expired
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("hold_expires_at", UTCDateTime),
    sa.Column("moved_to", sa.Integer),
    sa.Column("by_staff", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_bookings_user_state", "user_id", "state"),
    sa.Index("ix_bookings_office_start", "office_id", "starts_at"),
)

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("user_id", sa.BigInteger, primary_key=True),
    sa.Column(
        "office_id",
        sa.String(24),
        sa.ForeignKey("offices.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

# The Sprachoffensive's courses; seeded from content/courses.yaml, then managed in the chat.
courses = sa.Table(
    "courses",
    metadata,
    sa.Column("id", sa.String(24), primary_key=True),
    sa.Column("title", sa.JSON, nullable=False),  # per language
    sa.Column("provider", sa.String(120), nullable=False),
    sa.Column("place", sa.JSON, nullable=False),  # name, street, postcode, city, district, lat, lon
    sa.Column("target", sa.String(12), nullable=False),
    sa.Column("level", sa.String(12), nullable=False),
    sa.Column("schedule", sa.JSON, nullable=False),  # [{"day": "tue", "start": "09:00", "end": …}]
    sa.Column("childcare", sa.JSON),  # {"ages": [[1, 3]], "seats": 6}
    sa.Column("mirror", sa.String(24)),
    sa.Column("joining", sa.String(10), nullable=False),
    sa.Column("starts", sa.Date, nullable=False),
    sa.Column("ends", sa.Date, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("minimum", sa.Integer, nullable=False),
    sa.Column("taken", sa.Integer, nullable=False),  # seats taken, also by people without Lotse
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("teacher_languages", sa.JSON, nullable=False),
    sa.Column("notes", sa.JSON),
    sa.Column("sample", sa.Boolean, nullable=False),
    sa.Column("registration_open", sa.Boolean, nullable=False),
    sa.Column("edited_at", UTCDateTime),
    sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="seats_within_capacity"),
)

# The matching questions' answers, so the next search starts from them.
course_answers = sa.Table(
    "course_answers",
    metadata,
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("course_id", sa.String(24), sa.ForeignKey("courses.id"), nullable=False),
    sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("name", sa.String(80)),
    sa.Column("child_ages", sa.JSON, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("phone", sa.String(32)),  # only if the person shared it with the contact button
    sa.Column("lesson_reminders", sa.Boolean, nullable=False, server_default=sa.false()),
    # announcements a coordinator sends to the course's participants ("no more of these")
    sa.Column("announcements", sa.Boolean, nullable=False, server_default=sa.true()),
    # pending (holds a seat) -> accepted | declined | withdrawn; waiting -> offered -> pending
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("offer_expires_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_registrations_course_state", "course_id", "state"),
)

# Lessons that do not take place, so no reminder announces them.
cancelled_lessons = sa.Table(
    "cancelled_lessons",
    metadata,
    sa.Column("course_id", sa.String(24), sa.ForeignKey("courses.id"), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
)

# "Tell me when a matching course opens": the answers that found nothing, per user.
course_watches = sa.Table(
    "course_watches",
    metadata,
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Searches that found nothing or too little, without any user id: the demand report.
course_demand = sa.Table(
    "course_demand",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

coordinators = sa.Table(
    "coordinators",
    metadata,
    sa.Column("user_id", sa.BigInteger, primary_key=True),
    sa.Column("granted_at", UTCDateTime, nullable=False),
)

# One-time invitation links (?start=inv_<token>) that give a role to whoever opens them.
invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("token", sa.String(32), primary_key=True),
    sa.Column("role", sa.String(12), nullable=False),  # staff | coordinator
    sa.Column("office_id", sa.String(24)),
    sa.Column("created_by", sa.BigInteger, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("used_by", sa.BigInteger),
    sa.Column("used_at", UTCDateTime),
)

# What announcements a user asked for: "courses" (new German courses), "district" (news for
# their part of town), "events". Nothing until they say yes.
subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("topic", sa.String(12), primary_key=True),
    sa.Column("district", sa.String(40)),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

broadcasts = sa.Table(
    "broadcasts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_by", sa.BigInteger, nullable=False),
    sa.Column("topic", sa.String(12), nullable=False),
    sa.Column("district", sa.String(40)),
    sa.Column("language", sa.String(2)),  # only this language, or everyone
    sa.Column("texts", sa.JSON, nullable=False),  # {"de": …, "fa": …}; German is required
    sa.Column("state", sa.String(10), nullable=False),  # sending | cancelled
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("link", sa.String(300)),  # an optional link button
    sa.Column("course_id", sa.String(24)),  # only people registered for / interested in it
    sa.Column("course_audience", sa.String(12)),  # registered | interested
    sa.Column("send_at", UTCDateTime),  # scheduled for later
    sa.Column("attachment", sa.JSON),  # {"kind": "photo"|"document", "file_id": …, "name": …}
    sa.Column("progress_message_id", sa.BigInteger),  # the coordinator's message we keep editing
)
