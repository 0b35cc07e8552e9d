"""Invitations and the list of roles, for admins; the welcome for a new role holder."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.i18n import Translator
from bot.ui.callbacks import RevokeRole
from bot.ui.common import Screen, bold, button, home_button, insert


def invitation(tr: Translator, link: str, role: str, office: str | None) -> Screen:
    what = (
        tr.gettext("coordinator")
        if role == "coordinator"
        else tr.gettext("staff of {office}").format(office=office)
    )
    text = "\n".join(
        [
            bold(tr.gettext("Invitation: {what}").format(what=what)),
            tr.gettext("Send this link to the person. It works once and expires in 3 days:"),
            insert(tr, link),
        ]
    )
    return text, None


def roles_list(tr: Translator, found: list[tuple[str, int, str | None]]) -> Screen:
    lines = [bold(tr.gettext("Roles"))]
    rows = []
    if not found:
        lines.append(tr.gettext("Nobody has a role yet."))
    for role, user_id, office in found:
        label = (
            tr.gettext("coordinator")
            if role == "coordinator"
            else tr.gettext("staff of {office}").format(office=office)
        )
        lines.append(f"• {insert(tr, user_id)}: {label}")
        kind = "c" if role == "coordinator" else "s"
        rows.append(
            [
                button(
                    tr.pgettext("button", "✖️ Take back: {user}").format(user=user_id),
                    RevokeRole(kind, user_id, office or "-"),
                )
            ]
        )
    rows.append([home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def welcome_role(tr: Translator, role: str, office: str | None) -> Screen:
    if role == "coordinator":
        text = tr.gettext("You are now a course coordinator. Your commands are in the menu.")
    else:
        text = tr.gettext("You are now staff of {office}. Your commands are in the menu.").format(
            office=insert(tr, office or "")
        )
    return text, InlineKeyboardMarkup([[home_button(tr)]])


def invalid_invitation(tr: Translator) -> Screen:
    return (
        tr.gettext(
            "This invitation link is not valid: it was used already, it expired, or it is wrong."
        ),
        InlineKeyboardMarkup([[home_button(tr)]]),
    )
