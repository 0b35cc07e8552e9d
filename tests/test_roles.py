"""Roles by invitation: one-time, expiring links; admins list and take back roles; every
privileged command refuses everyone else; role holders see their commands in the menu."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.services import roles
from tests.helpers import ready

ADMIN = 1


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN})})


def token_of(text: str) -> str:
    return text.split("start=inv_")[1].split("\u2069")[0].strip()


async def test_an_invitation_makes_staff_once_and_the_menu_follows(app, chat, telegram):
    admin = await ready(chat, "de", ADMIN)
    [link] = await admin.send("/invite staff dorenkamp")
    assert "Einladung: Team von Stadtteilbüro Dorenkamp" in link.text
    token = token_of(link.text)
    newcomer = await ready(chat, "ar", 2)
    [welcome] = await newcomer.send(f"/start inv_{token}")
    assert welcome.text.startswith("تمت إضافتك إلى فريق")
    menu = [c["command"] for c in telegram.commands[("chat:2", "")]]
    assert {"bookfor", "officestats", "close", "linkgroup"} <= set(menu) and "invite" not in menu
    [again] = await (await ready(chat, "fa", 3)).send(f"/start inv_{token}")  # used already
    assert again.text.startswith("این لینک دعوت معتبر نیست")
    [listed] = await admin.send("/roles")
    assert "Team von dorenkamp" in listed.text and "2" in listed.text
    [after] = await admin.press("Entziehen: 2")
    assert "Noch niemand hat eine Rolle." in after.text


async def test_expired_and_forged_invitations_are_refused(app, chat, clock):
    token = await roles.invite(
        app.bot_data["db"],
        app.bot_data["settings"],
        admin_id=ADMIN,
        role="coordinator",
        office_id=None,
        now=clock(),
    )
    clock.advance(hours=73)
    person = await ready(chat, "en", 4)
    [expired] = await person.send(f"/start inv_{token}")
    assert expired.text.startswith("This invitation link is not valid")
    [forged] = await person.send("/start inv_AAAAAAAAAAAAAAAA")
    assert forged.text.startswith("This invitation link is not valid")
    assert not await roles.is_coordinator(app.bot_data["db"], app.bot_data["settings"], 4)


async def test_a_coordinator_by_invitation_can_manage_courses(app, chat, clock):
    token = await roles.invite(
        app.bot_data["db"],
        app.bot_data["settings"],
        admin_id=ADMIN,
        role="coordinator",
        office_id=None,
        now=clock(),
    )
    person = await ready(chat, "de", 5)
    await person.send(f"/start inv_{token}")
    [listing] = await person.send("/courses")
    assert listing.text.startswith("Kurse: belegte Plätze")


@pytest.mark.parametrize(
    "command",
    ["/invite coordinator", "/invite staff dorenkamp", "/roles", "/courses", "/cancellesson vhs-a1-abend 2026-12-02",
     "/bookfor", "/officestats", "/addstaff 6 dorenkamp"],
)  # fmt: skip
async def test_every_privileged_command_refuses_a_plain_user(chat, command):
    plain_user = await ready(chat, "en", 6)
    [answer] = await plain_user.send(command)
    assert answer.text.startswith("Only "), (command, answer.text)


async def test_the_forged_revoke_button_is_refused(app, chat, telegram):
    plain_user = await ready(chat, "en", 7)
    await plain_user.send("/menu")
    assert await plain_user.press_data("1:rv:c:1:-") == []
    assert telegram.callback_answers[-1]["text"] == "Only admins can do this."
