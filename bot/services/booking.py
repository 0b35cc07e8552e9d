"""Booking, confirming, cancelling and moving appointments at the offices.

States: held -> confirmed -> cancelled | moved | attended | no_show; a hold that is not
confirmed in time expires and frees its place. Places are counted by one conditional upsert
(storage.slot_load.take), so a slot never goes over capacity, whoever presses at once.
Every change writes its staff notice and reminders to the outbox in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services import reminders, slots
from bot.services.errors import (
    NotBookable,
    NotYourBooking,
    OverlapsOther,
    SlotTaken,
    TooLateToChange,
    TooManyAppointments,
)
from bot.storage import bookings, offices, outbox, slot_load
from bot.storage.bookings import Booking
from bot.storage.offices import Office

HOLD = timedelta(minutes=10)
MAX_OPEN = 2
TOPICS = ("general", "arrival", "school", "work", "housing", "benefits")
NEXT_FREE = 3


async def free_slots(
    db: AsyncEngine, office_id: str, *, now: datetime, tz: ZoneInfo
) -> list[slots.Slot]:
    """Bookable slots of the office that still have a free place."""
    async with db.connect() as conn:
        office = await offices.get(conn, office_id)
        if office is None:
            return []
        return await _free(conn, office, now=now, tz=tz)


async def _free(
    conn: AsyncConnection, office: Office, *, now: datetime, tz: ZoneInfo
) -> list[slots.Slot]:
    horizon = now + timedelta(days=office.horizon_days + 1)
    closures = await offices.closures(conn, office.id, since=now, until=horizon)
    load = await slot_load.taken(conn, office.id, since=now, until=horizon)
    # an expired hold is as good as free: the next booking sweeps it
    expired = await bookings.expired_holds(conn, now=now, office_id=office.id)
    stale = Counter(b.starts_at for b in expired)
    return [
        slot
        for slot in slots.slots(office, now=now, tz=tz, closures=closures)
        if load.get(slot.starts_at, 0) - stale[slot.starts_at] < office.capacity
    ]


async def hold(
    db: AsyncEngine,
    *,
    user_id: int | None,
    office_id: str,
    starts_at: datetime,
    topic: str,
    language: str,
    name: str | None,
    now: datetime,
    tz: ZoneInfo,
    by_staff: bool = False,
) -> Booking:
    """Hold a place for HOLD while the user reads the summary (staff bookings are confirmed
    at once). A person has one draft at a time: a new hold drops their earlier one (they went
    back and chose another time). Raises NotBookable, TooManyAppointments, OverlapsOther or
    SlotTaken."""
    async with db.begin() as conn:
        office, slot = await _bookable(conn, office_id, starts_at, now=now, tz=tz)
        if topic not in TOPICS:
            raise NotBookable()
        if user_id is not None:
            await _drop_drafts(conn, user_id)
            await _check_person(conn, user_id, slot, now=now)
        await _sweep(conn, now=now, office_id=office_id)
        if not await slot_load.take(conn, office_id, slot.starts_at, capacity=office.capacity):
            raise SlotTaken(await _next_free(conn, office, now=now, tz=tz))
        booking = await bookings.insert(
            conn,
            office_id=office_id,
            user_id=user_id,
            name=name,
            language=language,
            topic=topic,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            state="confirmed" if by_staff else "held",
            hold_expires_at=None if by_staff else now + HOLD,
            moved_to=None,
            by_staff=by_staff,
            created_at=now,
            updated_at=now,
        )
        if by_staff:
            await _announce(conn, office, booking, "booked", now=now, tz=tz)
        return booking


async def confirm(
    db: AsyncEngine, *, user_id: int, booking_id: int, now: datetime, tz: ZoneInfo
) -> Booking:
    """Confirm the user's held booking after re-checking everything; an expired hold takes
    its place again if the place is still free."""
    async with db.begin() as conn:
        booking = await bookings.get(conn, booking_id)
        if (
            booking is None
            or booking.user_id != user_id
            or booking.state not in ("held", "expired")
        ):
            raise NotYourBooking()
        office, slot = await _bookable(conn, booking.office_id, booking.starts_at, now=now, tz=tz)
        await _check_person(conn, user_id, slot, now=now, besides=booking.id)
        expired = booking.state == "expired" or (booking.hold_expires_at or now) <= now
        if expired:
            if booking.state == "held":  # not swept yet: its place is still counted
                await slot_load.give_back(conn, office.id, booking.starts_at)
            if not await slot_load.take(
                conn, office.id, booking.starts_at, capacity=office.capacity
            ):
                await bookings.set_state(
                    conn, booking.id, from_states=("held",), now=now, state="expired"
                )
                raise SlotTaken(await _next_free(conn, office, now=now, tz=tz))
        confirmed = await bookings.set_state(
            conn,
            booking.id,
            from_states=("held", "expired"),
            now=now,
            state="confirmed",
            hold_expires_at=None,
        )
        if confirmed is None:
            raise NotYourBooking()
        await _announce(conn, office, confirmed, "booked", now=now, tz=tz)
        return confirmed


async def cancel(db: AsyncEngine, *, user_id: int, booking_id: int, now: datetime) -> Booking:
    """Cancel the user's own confirmed booking until the office's cut-off; frees the place,
    stops its reminders and tells the office."""
    async with db.begin() as conn:
        booking, _ = await _own_open(conn, user_id, booking_id, now=now)
        cancelled = await release(conn, booking, now=now, tell_office=True)
        if cancelled is None:
            raise NotYourBooking()
        return cancelled


async def release(
    conn: AsyncConnection, booking: Booking, *, now: datetime, tell_office: bool
) -> Booking | None:
    """Cancel an open booking in the caller's transaction: its place goes back, its
    reminders stop and (when asked) the office's team hears of it. None if it was not open."""
    cancelled = await bookings.set_state(
        conn, booking.id, from_states=("held", "confirmed"), now=now, state="cancelled"
    )
    if cancelled is None:
        return None
    await slot_load.give_back(conn, booking.office_id, booking.starts_at)
    await outbox.cancel_pending(conn, dedupe_prefix=f"rem:{booking.id}:", now=now)
    if tell_office and booking.state == "confirmed":
        office = await offices.get(conn, booking.office_id)
        await _notify_staff(conn, office, cancelled, "cancelled", now=now)
    return cancelled


async def move(
    db: AsyncEngine,
    *,
    user_id: int,
    booking_id: int,
    starts_at: datetime,
    now: datetime,
    tz: ZoneInfo,
) -> Booking:
    """Move to another slot in one transaction: the new place is taken before the old one is
    given back, so a failure leaves the old booking, never neither and never both."""
    async with db.begin() as conn:
        old, office = await _own_open(conn, user_id, booking_id, now=now)
        _, slot = await _bookable(conn, office.id, starts_at, now=now, tz=tz)
        await _check_person(conn, user_id, slot, now=now, besides=old.id)
        await _sweep(conn, now=now, office_id=office.id)
        if not await slot_load.take(conn, office.id, slot.starts_at, capacity=office.capacity):
            raise SlotTaken(await _next_free(conn, office, now=now, tz=tz))
        new = await bookings.insert(
            conn,
            office_id=office.id,
            user_id=user_id,
            name=old.name,
            language=old.language,
            topic=old.topic,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            state="confirmed",
            hold_expires_at=None,
            moved_to=None,
            by_staff=False,
            created_at=now,
            updated_at=now,
        )
        moved = await bookings.set_state(
            conn, old.id, from_states=("confirmed",), now=now, state="moved", moved_to=new.id
        )
        if moved is None:
            raise NotYourBooking()
        await slot_load.give_back(conn, office.id, old.starts_at)
        await outbox.cancel_pending(conn, dedupe_prefix=f"rem:{old.id}:", now=now)
        await _announce(conn, office, new, "moved", now=now, tz=tz)
        return new


async def my_appointments(
    db: AsyncEngine, user_id: int, *, now: datetime
) -> list[tuple[Booking, Office]]:
    async with db.connect() as conn:
        found = await bookings.open_of_user(conn, user_id, now=now)
        return [(b, await offices.get(conn, b.office_id)) for b in found if b.state == "confirmed"]


async def get_booking(db: AsyncEngine, booking_id: int) -> tuple[Booking, Office] | None:
    async with db.connect() as conn:
        booking = await bookings.get(conn, booking_id)
        if booking is None:
            return None
        return booking, await offices.get(conn, booking.office_id)


async def forget_user(conn: AsyncConnection, user_id: int, *, now: datetime) -> None:
    """/delete: open appointments are cancelled (places freed, the office told), and the
    name and user link of every appointment are erased; only anonymous counts remain."""
    for booking in await bookings.of_user(conn, user_id):
        if booking.ends_at > now:
            await release(conn, booking, now=now, tell_office=True)
    await bookings.anonymise_user(conn, user_id)


async def release_expired_holds(db: AsyncEngine, *, now: datetime) -> int:
    """The periodic sweep: holds not confirmed in time give their place back."""
    async with db.begin() as conn:
        return await _sweep(conn, now=now)


async def _sweep(conn: AsyncConnection, *, now: datetime, office_id: str | None = None) -> int:
    """Expired holds give their place back and forget the name they carried."""
    freed = 0
    for booking in await bookings.expired_holds(conn, now=now, office_id=office_id):
        if await bookings.set_state(
            conn, booking.id, from_states=("held",), now=now, state="expired", name=None
        ):
            await slot_load.give_back(conn, booking.office_id, booking.starts_at)
            freed += 1
    return freed


async def _drop_drafts(conn: AsyncConnection, user_id: int) -> None:
    """The user's unconfirmed holds go entirely (places back, rows deleted): one draft only."""
    for draft in await bookings.drafts_of_user(conn, user_id):
        if await bookings.delete_draft(conn, draft.id) and draft.state == "held":
            await slot_load.give_back(conn, draft.office_id, draft.starts_at)


async def _bookable(
    conn: AsyncConnection, office_id: str, starts_at: datetime, *, now: datetime, tz: ZoneInfo
) -> tuple[Office, slots.Slot]:
    office = await offices.get(conn, office_id)
    if office is None:
        raise NotBookable()
    day = starts_at.astimezone(tz).date()
    slot = next((s for s in slots.day_slots(office, day, tz) if s.starts_at == starts_at), None)
    if slot is None:
        raise NotBookable()
    earliest = now + timedelta(minutes=office.min_notice_minutes)
    latest = now + timedelta(days=office.horizon_days)
    closures = await offices.closures(conn, office.id, since=slot.starts_at, until=slot.ends_at)
    if not earliest <= slot.starts_at <= latest or closures:
        raise NotBookable()
    return office, slot


async def _check_person(
    conn: AsyncConnection,
    user_id: int,
    slot: slots.Slot,
    *,
    now: datetime,
    besides: int | None = None,
) -> None:
    mine = [b for b in await bookings.open_of_user(conn, user_id, now=now) if b.id != besides]
    if len(mine) >= MAX_OPEN:
        raise TooManyAppointments(MAX_OPEN)
    if any(b.starts_at < slot.ends_at and slot.starts_at < b.ends_at for b in mine):
        raise OverlapsOther()


async def _own_open(
    conn: AsyncConnection, user_id: int, booking_id: int, *, now: datetime
) -> tuple[Booking, Office]:
    booking = await bookings.get(conn, booking_id)
    if booking is None or booking.user_id != user_id or booking.state != "confirmed":
        raise NotYourBooking()
    office = await offices.get(conn, booking.office_id)
    assert office is not None
    if booking.starts_at - timedelta(minutes=office.cancel_cutoff_minutes) <= now:
        raise TooLateToChange()
    return booking, office


async def _next_free(
    conn: AsyncConnection, office: Office, *, now: datetime, tz: ZoneInfo
) -> list[slots.Slot]:
    return (await _free(conn, office, now=now, tz=tz))[:NEXT_FREE]


async def _announce(
    conn: AsyncConnection,
    office: Office,
    booking: Booking,
    event: str,
    *,
    now: datetime,
    tz: ZoneInfo,
) -> None:
    """Reminders for the person and a notice for the office's team, in this transaction."""
    if booking.user_id is not None:
        for label, due in reminders.reminder_times(booking.starts_at, now=now, tz=tz):
            await outbox.add(
                conn,
                chat_id=booking.user_id,
                kind="reminder",
                payload={"booking_id": booking.id},
                due_at=due,
                now=now,
                dedupe_key=f"rem:{booking.id}:{label}",
            )
    await _notify_staff(conn, office, booking, event, now=now)


async def _notify_staff(
    conn: AsyncConnection, office: Office, booking: Booking, event: str, *, now: datetime
) -> None:
    if office.group_chat_id is not None:
        await outbox.add(
            conn,
            chat_id=office.group_chat_id,
            kind="staff_notice",
            payload={"booking_id": booking.id, "event": event},
            due_at=now,
            now=now,
        )
