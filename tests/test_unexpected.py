"""Unknown commands, media, long texts and stale or forged buttons get a friendly,
translated answer with the menu; nothing crashes and nothing changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.storage.tables import flow_states, users
from tests.helpers import assert_reads_right_to_left

ANSWERS = {
    "unknown": {"en": "I do not know this command", "fa": "این دستور را نمی‌شناسم", "ar": "لا أعرف هذا الأمر", "de": "Diesen Befehl kenne ich nicht"},
    "media": {"en": "I can only read text and buttons", "fa": "من فقط متن و دکمه‌ها را می‌فهمم", "ar": "يمكنني قراءة النصوص والأزرار فقط", "de": "Ich kann nur Text und Knöpfe lesen"},
    "long": {"en": "Your message is very long", "fa": "پیام شما خیلی طولانی است", "ar": "الرسالة طويلة جدًا", "de": "Ihre Nachricht ist sehr lang"},
    "stale": {"en": "This button is old", "fa": "این دکمه قدیمی است", "ar": "هذا الزر قديم", "de": "Dieser Knopf ist veraltet"},
}  # fmt: skip
NAMES = {"en": "English", "fa": "فارسی", "ar": "العربية", "de": "Deutsch"}


async def snapshot(app) -> list:
    async with app.bot_data["db"].connect() as conn:
        return [
            (await conn.execute(sa.select(users))).all(),
            (await conn.execute(sa.select(flow_states))).all(),
        ]


async def ready(chat, language: str):
    conversation = chat(language_code=language)
    await conversation.send("/start")
    await conversation.press(NAMES[language])
    return conversation


@pytest.mark.parametrize("language", ["en", "fa", "ar", "de"])
async def test_unknown_command_media_and_long_text(app, chat, language):
    conversation = await ready(chat, language)
    before = await snapshot(app)
    cases = [
        ("unknown", conversation.send("/frobnicate")),
        ("media", conversation.send_other(sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False})),
        ("media", conversation.send_other(photo=[{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}])),
        ("media", conversation.send_other(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})),
        ("long", conversation.send("word " * 400)),
    ]  # fmt: skip
    for kind, action in cases:
        [answer] = await action
        assert answer.text.startswith(ANSWERS[kind][language]), (kind, answer.text)
        assert len(answer.buttons) == 5  # the main menu comes with it
        if language in ("fa", "ar"):
            assert_reads_right_to_left(answer.text)
    assert await snapshot(app) == before


@pytest.mark.parametrize(
    "data",
    ["", "garbage", "1:lang:xx", "1:lang", "1:m:nowhere", "1:del:yes", "0:m:home", "9:del:1:2"],
)
async def test_stale_or_forged_buttons_change_nothing(app, chat, telegram, data):
    conversation = await ready(chat, "fa")
    before = await snapshot(app)
    answers = await conversation.press_data(data or "x")
    assert answers and answers[-1].text.startswith(ANSWERS["stale"]["fa"])
    assert await snapshot(app) == before
    assert not telegram.open_callbacks  # every press was answered (no endless spinner)


async def test_a_user_who_writes_first_is_asked_for_a_language(chat):
    conversation = chat(language_code="ar")
    [answer] = await conversation.send("مرحبا")
    assert answer.text.startswith("مرحبًا! أنا لوتسه")
    assert "✅ العربية" in answer.button_texts()


async def test_a_failing_handler_gets_a_kind_answer(app, chat, monkeypatch):
    conversation = await ready(chat, "de")
    from bot.handlers import start

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(start.start, "help_screen", broken)
    [answer] = await conversation.send("/help")
    assert answer.text.startswith("Entschuldigung, da ist etwas schiefgegangen")
