"""`python -m bot console`: chat with the real application in the terminal.

No token, no network: the fake Bot API stands in for Telegram and the database is a fresh
SQLite file. Type text or a /command; type a number to tap a button of the last message.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.testing.chat import Conversation
from bot.testing.fake_api import FakeBotApi, FakeTelegram, Sent

HELP = (
    "Lotse console: type a message or /command; a number taps that button; "
    "'/lang xx' changes your Telegram app language (fa, ar, en, de); '/photo' and '/pdf' "
    "send a picture or a PDF file (e.g. a flyer); 'quit' ends."
)


def render(sent: Sent) -> str:
    """A bot message as the terminal shows it: text, then numbered buttons."""
    marker = {
        "editMessageText": "(edited)",
        "sendDocument": "(file)",
        "sendPhoto": "(photo)",
        "sendLocation": "(map)",
    }
    lines = [f"── Lotse {marker.get(sent.method, '')}".rstrip()]
    if sent.method == "sendLocation":
        lines.append(f"📍 {sent.params.get('latitude')}, {sent.params.get('longitude')}")
    if sent.method == "sendDocument":
        lines.append(f"📎 {sent.params.get('_filename') or sent.params.get('document')}")
    if sent.method == "sendPhoto":
        lines.append(f"🖼 {sent.params.get('photo')}")
    if sent.text:
        lines.append(sent.text)
    number = 0
    for row in sent.buttons:
        cells = []
        for button in row:
            if "url" in button:
                cells.append(f"[{button['text']} → {button['url']}]")
            else:
                cells.append(f"[{number}] {button['text']}")
                number += 1
        lines.append("   ".join(cells))
    return "\n".join(lines)


async def chat_loop(language_code: str, database: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{database}")
    telegram = FakeTelegram()
    app = build_application(settings, request=FakeBotApi(telegram), rate_limit=False, run_jobs=True)
    await app.initialize()
    await app.post_init(app)
    conversation = Conversation(app, telegram, user_id=4242, language_code=language_code)
    print(HELP)
    print(f"(database: {database})")
    shown = 0

    def print_new() -> int:
        """Everything the bot sent this chat since last time: replies, and what the outbox
        sent on its own meanwhile (reminders)."""
        for sent in telegram.sent[shown:]:
            if sent.chat_id == conversation.chat_id:
                print(render(sent))
        return len(telegram.sent)

    try:
        await conversation.send("/start")
        shown = print_new()
        while True:
            try:
                line = await asyncio.to_thread(input, "you> ")
            except EOFError:
                break
            shown = print_new()
            line = line.strip()
            if line in ("quit", "exit"):
                break
            if line.startswith("/lang "):
                conversation.user["language_code"] = line.split()[1]
                print(f"(Telegram app language is now {line.split()[1]})")
                continue
            if not line:
                continue
            if line in FILES:
                await conversation.send_other(**FILES[line])
                shown = print_new()
                continue
            try:
                if line.isascii() and line.isdigit():
                    await conversation.press(_callback_index(conversation, int(line)))
                else:
                    await conversation.send(line)
            except LookupError as error:
                print(f"(no such button: {error})")
                continue
            shown = print_new()
    finally:
        await app.shutdown()
        await app.post_shutdown(app)


FILES = {  # what '/photo' and '/pdf' send, as Telegram describes a received file
    "/photo": {"photo": [{"file_id": "console-photo", "file_unique_id": "cp", "width": 800,
                          "height": 600}]},
    "/pdf": {"document": {"file_id": "console-pdf", "file_unique_id": "cd",
                          "file_name": "Flyer.pdf", "mime_type": "application/pdf"}},
}  # fmt: skip


def _callback_index(conversation: Conversation, number: int) -> int:
    """Button number as shown (URL buttons are not numbered) -> index among all buttons."""
    message = conversation.keyboard_message()
    buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
    callback_positions = [i for i, b in enumerate(buttons) if "callback_data" in b]
    if number >= len(callback_positions):
        raise LookupError(str(number))
    return callback_positions[number]


def main(language_code: str = "en", database: str | None = None) -> None:
    path = Path(database) if database else Path(tempfile.mkdtemp(prefix="lotse-")) / "console.db"
    if sys.stdout.encoding and sys.stdout.encoding.lower() != "utf-8":
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    asyncio.run(chat_loop(language_code, path))
