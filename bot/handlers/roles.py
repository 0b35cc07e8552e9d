"""Admins hand out roles with one-time links and take them back; the link's deep link.

/invite coordinator · /invite staff <office-id> · /roles"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers import deeplinks, profile
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.services import accounts, offices, roles
from bot.services.roles import InvalidInvitation, NotAdmin
from bot.ui import errors
from bot.ui import roles as views
from bot.ui.callbacks import RevokeRole, pattern, unpack


async def on_invite(update: Update, context: BotContext) -> None:
    """/invite coordinator or /invite staff <office-id> (admins, in a private chat)."""
    tr, args = context.tr, context.args or []
    role = args[0] if args else ""
    office = args[1] if len(args) > 1 else None
    try:
        token = await roles.invite(
            context.db,
            context.settings,
            admin_id=update.effective_user.id,
            role=role,
            office_id=office,
            now=context.now(),
        )
    except NotAdmin:
        await show(update, context, (tr.gettext("Only admins can do this."), None), edit=False)
        return
    except InvalidInvitation:
        usage = tr.gettext("Use it like this: {usage}").format(
            usage="/invite coordinator · /invite staff <office-id>"
        )
        await show(update, context, (usage, None), edit=False)
        return
    link = deeplinks.deep_link(context.settings.bot_username, f"inv_{token}")
    found = await offices.get_office(context.db, office) if office else None
    name = found.display_name(tr.language) if found else None
    await show(update, context, views.invitation(tr, link, role, name), edit=False)


async def on_roles(update: Update, context: BotContext) -> None:
    """/roles: everyone with a role, each with a button to take it back."""
    try:
        found = await roles.list_roles(
            context.db, context.settings, admin_id=update.effective_user.id
        )
    except NotAdmin:
        await show(
            update, context, (context.tr.gettext("Only admins can do this."), None), edit=False
        )
        return
    await show(update, context, views.roles_list(context.tr, found), edit=False)


async def on_revoke(update: Update, context: BotContext) -> None:
    query = update.callback_query
    data = unpack(RevokeRole, query.data)
    try:
        if data is None or data.kind not in ("c", "s"):
            raise InvalidInvitation()
        await roles.revoke(
            context.db,
            context.settings,
            admin_id=update.effective_user.id,
            role="coordinator" if data.kind == "c" else "staff",
            user_id=data.user_id,
            office_id=data.office_id,
        )
    except NotAdmin:
        await query.answer(context.tr.gettext("Only admins can do this."), show_alert=True)
        return
    except InvalidInvitation:
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr))
        return
    await answer_query(update)
    found = await roles.list_roles(context.db, context.settings, admin_id=update.effective_user.id)
    await show(update, context, views.roles_list(context.tr, found))


async def open_invitation(update: Update, context: BotContext, token: str) -> bool:
    """Deep link `?start=inv_<token>`: the role, once; a bad link gets a plain answer."""
    user = update.effective_user
    try:
        granted = await roles.accept_invitation(
            context.db, token=token, user_id=user.id, now=context.now()
        )
    except InvalidInvitation:
        await show(update, context, views.invalid_invitation(context.tr), edit=False)
        return True
    found = await accounts.find(context.db, user.id)
    await profile.follow_chosen_language(
        context.bot,
        update.effective_chat.id,
        chosen=found.language if found else context.tr.language,
        telegram_language=user.language_code,
        privileged=await roles.privileged_commands(context.db, context.settings, user.id),
    )
    await show(
        update,
        context,
        views.welcome_role(context.tr, granted.role, granted.office_name),
        edit=False,
    )
    return True


def handlers() -> list[BaseHandler]:
    deeplinks.register("inv", open_invitation)
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("invite", on_invite, filters=private),
        CommandHandler("roles", on_roles, filters=private),
        CallbackQueryHandler(on_revoke, pattern=pattern(RevokeRole)),
    ]
