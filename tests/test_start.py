"""First contact, the language choice, the main menu and Telegram's own UI, in all four
languages, through the real Application and the fake Bot API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.handlers import deeplinks
from bot.i18n import LANGUAGES, NATIVE_NAMES
from bot.storage.tables import users
from tests.helpers import assert_reads_right_to_left

MENU_LABELS = {
    "fa": ["📁 پوشه خوش‌آمدگویی", "📚 کلاس‌های زبان آلمانی", "📅 وقت مشاوره", "⚙️ تنظیمات من", "❓ راهنما"],
    "ar": ["📁 ملف الترحيب", "📚 دورات اللغة الألمانية", "📅 المواعيد", "⚙️ الإعدادات", "❓ مساعدة"],
    "en": ["📁 Welcome folder", "📚 German courses", "📅 Appointments", "⚙️ My settings", "❓ Help"],
    "de": ["📁 Willkommensmappe", "📚 Deutschkurse", "📅 Termine", "⚙️ Meine Einstellungen", "❓ Hilfe"],
}  # fmt: skip


async def stored_language(app, user_id: int) -> tuple[str, bool]:
    async with app.bot_data["db"].connect() as conn:
        row = (await conn.execute(sa.select(users).where(users.c.id == user_id))).one()
    return row.language, row.language_confirmed


@pytest.mark.parametrize(
    ("telegram_language", "greeting", "marked"),
    [
        ("fa-IR", "سلام! من لوتسه هستم", "✅ فارسی"),
        ("ar", "مرحبًا! أنا لوتسه", "✅ العربية"),
        ("de-AT", "Hallo! Ich bin Lotse", "✅ Deutsch"),
        ("ja", "Hello! I am Lotse", "✅ English"),
    ],
)
async def test_start_proposes_the_telegram_language(chat, telegram_language, greeting, marked):
    conversation = chat(language_code=telegram_language)
    [reply] = await conversation.send("/start")
    assert reply.text.startswith(greeting)
    assert marked in reply.button_texts()
    # each language is named in its own language
    assert {b.removeprefix("✅ ") for b in reply.button_texts()} == set(NATIVE_NAMES.values())


@pytest.mark.parametrize("language", LANGUAGES)
async def test_choosing_a_language_stores_it_and_shows_the_menu(app, chat, language):
    conversation = chat(language_code="en")
    await conversation.send("/start")
    [welcome] = await conversation.press(NATIVE_NAMES[language])
    assert welcome.method == "editMessageText"  # the picker turns into the menu
    assert welcome.button_texts() == MENU_LABELS[language]
    assert await stored_language(app, conversation.chat_id) == (language, True)
    [help_text] = await conversation.send("/help")
    assert help_text.button_texts() == MENU_LABELS[language]
    if language in ("fa", "ar"):
        assert_reads_right_to_left(welcome.text)
        assert_reads_right_to_left(help_text.text)


async def test_language_command_changes_every_later_message(app, chat):
    conversation = chat(language_code="de")
    await conversation.send("/start")
    await conversation.press("Deutsch")
    [picker] = await conversation.send("/language")
    assert "✅ Deutsch" in picker.button_texts()
    await conversation.press("العربية")
    [menu] = await conversation.send("/menu")
    assert menu.button_texts() == MENU_LABELS["ar"]
    assert await stored_language(app, conversation.chat_id) == ("ar", True)


@pytest.mark.parametrize("language", ["fa", "ar"])
async def test_main_menu_walk_has_no_foreign_words_and_every_button_answers(chat, language):
    conversation = chat(language_code=language)
    await conversation.send("/start")
    await conversation.press(NATIVE_NAMES[language])
    for index, _label in enumerate(MENU_LABELS[language]):
        screens = await conversation.press(index)
        assert screens, f"button {index} did not answer"
        for screen in screens:
            assert_reads_right_to_left(screen.text)
        await conversation.send("/menu")
    await conversation.press(3)  # settings
    for entry in range(3):  # language, my data, delete
        for screen in await conversation.press(entry):
            assert_reads_right_to_left(screen.text)
        await conversation.send("/menu")
        await conversation.press(3)


async def test_commands_and_descriptions_are_published_for_each_language(app, telegram):
    for code in LANGUAGES:
        commands = telegram.commands[("default", code)]
        assert [c["command"] for c in commands] == [
            "start", "menu", "help", "language", "mydata", "delete",
        ]  # fmt: skip
        assert telegram.descriptions[("description", code)]
        assert telegram.descriptions[("short_description", code)]
    assert telegram.commands[("default", "fa")][1]["description"] == "منوی اصلی"
    assert telegram.commands[("default", "ar")][1]["description"] == "القائمة الرئيسية"
    assert telegram.commands[("default", "")][1]["description"] == "Main menu"


async def test_chat_commands_follow_a_language_other_than_the_apps(chat, telegram):
    conversation = chat(language_code="en")
    await conversation.send("/start")
    await conversation.press("فارسی")
    scope = f"chat:{conversation.chat_id}"
    assert telegram.commands[(scope, "")][0]["description"] == "شروع و انتخاب زبان"
    await conversation.send("/language")
    await conversation.press("English")  # now the same as the app: the chat scope goes
    assert (scope, "") not in telegram.commands


async def test_deep_link_waits_for_the_language_choice_across_a_restart(settings, telegram, clock):
    from bot.app import build_application
    from bot.testing.chat import Conversation
    from bot.testing.fake_api import FakeBotApi

    opened: list[str] = []

    async def open_test_page(update, context, rest):
        opened.append(rest)
        await context.bot.send_message(update.effective_chat.id, f"page {rest}")
        return True

    deeplinks.register("t", open_test_page)
    try:
        first = build_application(
            settings, request=FakeBotApi(telegram), clock=clock, rate_limit=False
        )
        await first.initialize()
        await first.post_init(first)
        await Conversation(first, telegram, 77).send("/start t_kita")
        await first.shutdown()
        await first.post_shutdown(first)

        second = build_application(
            settings, request=FakeBotApi(telegram), clock=clock, rate_limit=False
        )
        await second.initialize()
        await second.post_init(second)
        conversation = Conversation(second, telegram, 77)
        [page] = await conversation.press("English")
        assert opened == ["kita"] and page.text == "page kita"
        await second.shutdown()
        await second.post_shutdown(second)
    finally:
        deeplinks._OPENERS.pop("t", None)
