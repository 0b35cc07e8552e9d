"""Assertions shared by the tests."""

from __future__ import annotations

import re

from bot.i18n import FSI, PDI, first_strong_is_rtl
from bot.testing.fake_api import visible_text

_ISOLATED = re.compile(f"{FSI}[^{PDI}]*{PDI}")
_LATIN_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")


def latin_outside_isolates(text: str) -> list[str]:
    """Latin words in a right-to-left text that are not isolated inserts (proper names,
    addresses and commands are isolated; anything else is untranslated English or German)."""
    return _LATIN_WORD.findall(_ISOLATED.sub("", text))


def assert_reads_right_to_left(text: str) -> None:
    """Every line, as the reader sees it, starts with a right-to-left word, and Latin
    appears only in isolates."""
    text = visible_text(text, "HTML")
    for line in text.splitlines():
        assert first_strong_is_rtl(line), f"line starts left-to-right: {line!r}"
    assert not latin_outside_isolates(text), f"Latin outside isolates in {text!r}"


def plain(text: str) -> str:
    """The text without directional isolates, to compare with content."""
    return text.replace(FSI, "").replace(PDI, "")


NAMES = {"en": "English", "fa": "فارسی", "ar": "العربية", "de": "Deutsch"}


async def ready(chat, language: str, user_id: int = 1001):
    """A user who opened the bot and chose their language."""
    conversation = chat(user_id=user_id, language_code=language)
    await conversation.send("/start")
    await conversation.press(NAMES[language])
    return conversation
