"""What Lotse stores about a user (/mydata) and erasing it all (/delete).

Deleting is a two-step flow whose open question lives in the database, so a restart between
"/delete" and "Yes, delete" still finishes it, and an old "Yes" button cannot delete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services import booking, registrations
from bot.services.errors import NothingToConfirm
from bot.storage import bookings, flows, offices, outbox, users
from bot.storage import courses as course_store

DELETE_FLOW = "delete"
CONFIRM_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class StoredData:
    """Everything stored about one user, feature by feature."""

    user_id: int
    language: str
    language_confirmed: bool
    created_at: datetime
    open_flow: str | None
    appointments: list[tuple[datetime, str, str]]  # (start, office name, state)
    course_answers: dict  # what they told the course search
    registrations: list[tuple[str, str, str | None]]  # (course title in German, state, phone)


async def stored_data(db: AsyncEngine, user_id: int, *, now: datetime) -> StoredData | None:
    async with db.connect() as conn:
        user = await users.get(conn, user_id)
        if user is None:
            return None
        flow = await flows.get(conn, user_id, now=now)
        appointments = [
            (b.starts_at, (await offices.get(conn, b.office_id)).name, b.state)
            for b in await bookings.of_user(conn, user_id)
            if b.state != "expired"  # an unconfirmed hold that lapsed holds no name any more
        ]
        answers = await course_store.get_answers(conn, user_id)
        registrations = [
            ((await course_store.get_row(conn, r.course_id))["title"]["de"], r.state, r.phone)
            for r in await course_store.registrations_of_user(conn, user_id)
        ]
    return StoredData(
        user_id=user.id,
        language=user.language,
        language_confirmed=user.language_confirmed,
        created_at=user.created_at,
        open_flow=flow.flow if flow else None,
        appointments=appointments,
        course_answers=answers,
        registrations=registrations,
    )


async def ask_to_delete(db: AsyncEngine, user_id: int, *, now: datetime) -> None:
    """Open the confirmation question; it expires after CONFIRM_WINDOW."""
    async with db.begin() as conn:
        await flows.put(
            conn,
            user_id,
            flow=DELETE_FLOW,
            step="confirm",
            data={},
            expires_at=now + CONFIRM_WINDOW,
        )


async def cancel_delete(db: AsyncEngine, user_id: int) -> None:
    async with db.begin() as conn:
        await flows.clear(conn, user_id, flow=DELETE_FLOW)


async def delete_everything(db: AsyncEngine, user_id: int, *, now: datetime) -> None:
    """Erase the user and all that hangs on them, if they confirmed within the window."""
    async with db.begin() as conn:
        pending = await flows.get(conn, user_id, now=now)
        if pending is None or pending.flow != DELETE_FLOW:
            raise NothingToConfirm()
        await booking.forget_user(conn, user_id, now=now)
        await registrations.forget_user(conn, user_id, now=now)
        await outbox.delete_for_chat(conn, user_id)  # nothing queued for them stays
        await users.delete(conn, user_id)  # flow state cascades
