"""/mydata shows everything stored; /delete asks, then erases it all."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import flow_states, users


async def rows(app, table) -> list:
    async with app.bot_data["db"].connect() as conn:
        return (await conn.execute(sa.select(table))).all()


async def ready(chat, language="en", user_id=1001, app_language=None):
    conversation = chat(user_id=user_id, language_code=app_language or language)
    await conversation.send("/start")
    await conversation.press(
        {"en": "English", "fa": "فارسی", "ar": "العربية", "de": "Deutsch"}[language]
    )
    return conversation


async def test_my_data_lists_what_is_stored(chat):
    conversation = await ready(chat, "de")
    [answer] = await conversation.send("/mydata")
    assert "Ihre Telegram-Nutzer-ID: 1001" in answer.text
    assert "Ihre Sprache: Deutsch" in answer.text
    assert "Erster Kontakt: Mittwoch, 25. November 2026" in answer.text


async def test_my_data_in_farsi_isolates_the_id_and_uses_farsi_digits(chat):
    conversation = await ready(chat, "fa")
    [answer] = await conversation.send("/mydata")
    assert "شناسه کاربری تلگرام شما: \u20681001\u2069" in answer.text
    assert "۲۰۲۶/۱۱/۲۵" in answer.text


async def test_delete_after_confirmation_erases_everything_and_start_is_fresh(app, chat):
    conversation = await ready(chat, "ar")
    other = await ready(chat, "en", user_id=2002)
    [question] = await conversation.send("/delete")
    assert question.text.startswith("حذف جميع بياناتك؟")
    [done] = await conversation.press("نعم")
    assert done.text.startswith("تم حذف جميع بياناتك")
    assert [r.id for r in await rows(app, users)] == [other.chat_id]
    assert await rows(app, flow_states) == []
    [again] = await conversation.send("/start")
    assert again.text.startswith("مرحبًا! أنا لوتسه")  # greeted as someone new


async def test_no_keeps_the_data(app, chat):
    conversation = await ready(chat, "en")
    await conversation.send("/delete")
    [answer] = await conversation.press("No, keep")
    assert answer.text == "Nothing was deleted."
    assert len(await rows(app, users)) == 1
    assert await rows(app, flow_states) == []


async def test_an_old_yes_button_cannot_delete(app, chat, clock):
    conversation = await ready(chat, "en")
    await conversation.send("/delete")
    clock.advance(minutes=16)  # the question expired
    [answer] = await conversation.press("Yes, delete")
    assert answer.text.startswith("This question has expired")
    assert len(await rows(app, users)) == 1


async def test_delete_from_settings_and_the_per_chat_menu_goes_too(app, chat, telegram):
    conversation = await ready(chat, "fa", app_language="en")  # so a per-chat menu is set
    assert (f"chat:{conversation.chat_id}", "") in telegram.commands
    await conversation.send("/menu")
    await conversation.press("تنظیمات")
    await conversation.press("پاک کردن")
    await conversation.press("بله")
    assert await rows(app, users) == []
    assert (f"chat:{conversation.chat_id}", "") not in telegram.commands
