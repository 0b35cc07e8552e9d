"""Roles: admins (LOTSE_ADMIN_IDS), coordinators and office staff (in the database).

Admins hand out roles with one-time invitation links that expire; they can list and revoke
roles. Every privileged handler asks this module, never the client."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.services.errors import ServiceError
from bot.storage import offices
from bot.storage import roles as store

INVITATION_LIFETIME = timedelta(hours=72)


class NotAdmin(ServiceError):
    """Only admins hand out and take back roles."""


class InvalidInvitation(ServiceError):
    """Unknown, expired or already used."""


@dataclass(frozen=True, slots=True)
class Granted:
    role: str  # staff | coordinator
    office_name: str | None


async def is_coordinator(db: AsyncEngine, settings: Settings, user_id: int) -> bool:
    """Coordinators decide on registrations and manage courses; admins may too."""
    if user_id in settings.admin_ids or user_id in settings.coordinator_ids:
        return True
    async with db.connect() as conn:
        return await store.is_coordinator(conn, user_id)


async def invite(
    db: AsyncEngine,
    settings: Settings,
    *,
    admin_id: int,
    role: str,
    office_id: str | None,
    now: datetime,
) -> str:
    """A new one-time token for `role` (staff needs an office)."""
    if admin_id not in settings.admin_ids:
        raise NotAdmin()
    async with db.begin() as conn:
        if role not in ("staff", "coordinator") or (
            role == "staff" and await offices.get(conn, office_id or "") is None
        ):
            raise InvalidInvitation()
        token = secrets.token_urlsafe(12)  # 16 characters, unguessable
        await store.add_invitation(
            conn,
            token=token,
            role=role,
            office_id=office_id if role == "staff" else None,
            created_by=admin_id,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
            used_by=None,
            used_at=None,
        )
    return token


async def accept_invitation(db: AsyncEngine, *, token: str, user_id: int, now: datetime) -> Granted:
    async with db.begin() as conn:
        invitation = await store.redeem(conn, token, user_id, now=now)
        if invitation is None:
            raise InvalidInvitation()
        if invitation.role == "coordinator":
            await store.add_coordinator(conn, user_id, now=now)
            return Granted("coordinator", None)
        await offices.add_staff(conn, user_id, invitation.office_id)
        office = await offices.get(conn, invitation.office_id)
        return Granted("staff", office.name if office else invitation.office_id)


async def list_roles(
    db: AsyncEngine, settings: Settings, *, admin_id: int
) -> list[tuple[str, int, str | None]]:
    if admin_id not in settings.admin_ids:
        raise NotAdmin()
    async with db.connect() as conn:
        return await store.all_roles(conn)


async def revoke(
    db: AsyncEngine,
    settings: Settings,
    *,
    admin_id: int,
    role: str,
    user_id: int,
    office_id: str | None,
) -> bool:
    if admin_id not in settings.admin_ids:
        raise NotAdmin()
    async with db.begin() as conn:
        if role == "coordinator":
            return await store.remove_coordinator(conn, user_id)
        return await store.remove_staff(conn, user_id, office_id or "")


async def privileged_commands(db: AsyncEngine, settings: Settings, user_id: int) -> tuple[str, ...]:
    """The commands the user's roles add to their menu."""
    found: list[str] = []
    if await is_coordinator(db, settings, user_id):
        found += ["courses", "cancellesson", "broadcast", "stats", "folderreport"]
    async with db.connect() as conn:
        if await offices.offices_of_staff(conn, user_id):
            found += ["bookfor", "officestats", "close", "linkgroup"]
    if user_id in settings.admin_ids:
        found += ["invite", "roles"]
    return tuple(found)
