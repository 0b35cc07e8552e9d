"""`python -m bot run` as a real process, long polling the fake Bot API over loopback HTTP:
/start -> choose Farsi -> main menu, then a graceful stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.testing.fake_api import FakeTelegram, Sent
from bot.testing.fake_server import serve_http

ROOT = Path(__file__).resolve().parent.parent


def wait_for(telegram: FakeTelegram, chat_id: int, count: int, timeout: float = 30) -> list[Sent]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = telegram.sent_to(chat_id)
        if len(sent) >= count:
            return sent
        time.sleep(0.05)
    raise AssertionError(f"only {telegram.sent_to(chat_id)} after {timeout}s")


def test_polling_bot_walks_start_to_farsi_menu(tmp_path):
    telegram = FakeTelegram()
    server = serve_http(telegram)
    host, port = server.server_address[:2]
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "123:PROCESS",
        "TELEGRAM_API_URL": f"http://{host}:{port}",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,  # a fresh folder: nothing but the installed package and its data
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    user = {"id": 555, "is_bot": False, "first_name": "Sara", "language_code": "en"}
    try:
        telegram.push_update(telegram.message_update(user, "/start"))
        [picker] = wait_for(telegram, 555, 1)
        assert "فارسی" in picker.button_texts()
        message = telegram.messages[(555, picker.message_id)]
        farsi = next(
            b["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == "فارسی"
        )
        telegram.push_update(telegram.callback_update(user, message, farsi))
        menu = wait_for(telegram, 555, 2)[-1]
        assert menu.text.startswith("به لوتسه خوش آمدید!")
        assert menu.button_texts()[0] == "📁 پوشه خوش‌آمدگویی"
        assert ("default", "fa") in telegram.commands  # the command menu was published
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
        server.shutdown()
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
