"""The coordinators and invitations tables (office staff are in the staff table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import coordinators, invitations, staff


@dataclass(frozen=True, slots=True)
class Invitation:
    token: str
    role: str
    office_id: str | None
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None


async def is_coordinator(conn: AsyncConnection, user_id: int) -> bool:
    found = await conn.scalar(
        sa.select(coordinators.c.user_id).where(coordinators.c.user_id == user_id)
    )
    return found is not None


async def add_coordinator(conn: AsyncConnection, user_id: int, *, now: datetime) -> None:
    if not await is_coordinator(conn, user_id):
        await conn.execute(sa.insert(coordinators).values(user_id=user_id, granted_at=now))


async def remove_coordinator(conn: AsyncConnection, user_id: int) -> bool:
    return (
        await conn.execute(sa.delete(coordinators).where(coordinators.c.user_id == user_id))
    ).rowcount > 0


async def remove_staff(conn: AsyncConnection, user_id: int, office_id: str) -> bool:
    result = await conn.execute(
        sa.delete(staff).where(staff.c.user_id == user_id, staff.c.office_id == office_id)
    )
    return result.rowcount > 0


async def all_roles(conn: AsyncConnection) -> list[tuple[str, int, str | None]]:
    """(role, user id, office id) for every role holder."""
    found = [
        ("coordinator", uid, None)
        for (uid,) in await conn.execute(sa.select(coordinators.c.user_id))
    ]
    found += [
        ("staff", uid, office)
        for uid, office in await conn.execute(sa.select(staff.c.user_id, staff.c.office_id))
    ]
    return sorted(found, key=lambda r: (r[0], r[2] or "", r[1]))


async def add_invitation(conn: AsyncConnection, **values: object) -> None:
    await conn.execute(sa.insert(invitations).values(**values))


async def redeem(
    conn: AsyncConnection, token: str, user_id: int, *, now: datetime
) -> Invitation | None:
    """Mark the invitation used by this user, if it is unused and not expired: one
    conditional UPDATE, so a link works exactly once."""
    row = (
        await conn.execute(
            sa.update(invitations)
            .where(
                invitations.c.token == token,
                invitations.c.used_by.is_(None),
                invitations.c.expires_at > now,
            )
            .values(used_by=user_id, used_at=now)
            .returning(*invitations.c)
        )
    ).one_or_none()
    return Invitation(**row._mapping) if row else None
