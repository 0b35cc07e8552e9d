"""Telegram's HTML rules for messages: a few tags, properly nested, four named entities.

The bot checks a coordinator's broadcast with this before sending it to anyone, and the test
fake of the Bot API refuses what Telegram refuses with the same rules."""

from __future__ import annotations

import html.parser

MAX_TEXT = 4096
MAX_CAPTION = 1024  # under a photo or a file
_ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class EntityError(ValueError):
    """Telegram would answer "Bad Request: can't parse entities"."""


class _Checker(html.parser.HTMLParser):
    """Telegram's HTML rules: a few tags, properly nested, four named entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise EntityError(f'Unsupported start tag "{tag}"')
        if tag == "a" and not dict(attrs).get("href"):
            raise EntityError("a tag without href")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise EntityError(f'Unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise EntityError("unescaped < or >")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise EntityError(f'Unsupported entity "{name}"')
        self.text.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name: str) -> None:
        self.text.append(chr(int(name[1:], 16) if name.startswith("x") else int(name)))


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a person sees, after Telegram parsed its entities (raises EntityError)."""
    if (parse_mode or "").upper() != "HTML":
        return text
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise EntityError(f'Unclosed tag "{checker.stack[-1]}"')
    return "".join(checker.text)


def problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why Telegram would refuse this HTML message (or caption: `limit` MAX_CAPTION), or None
    when it is fine."""
    try:
        shown = visible_text(text, "HTML")
    except EntityError as error:
        return str(error)
    if not shown.strip():
        return "empty"
    if len(shown.encode("utf-16-le")) // 2 > limit:
        return f"longer than {limit} characters"
    return None
