"""The fake Bot API refuses what Telegram refuses, so tests catch what would fail live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.testing.fake_api import FakeTelegram


@pytest.fixture
def bot(app):
    return app.bot


async def test_too_long_text_is_refused(bot):
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(5, "x" * 4097)
    await bot.send_message(5, "x" * 4096)


async def test_html_must_parse(bot):
    with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
        await bot.send_message(5, "<b>open")
    with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
        await bot.send_message(5, "<div>x</div>")
    with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
        await bot.send_message(5, "1 < 2")
    await bot.send_message(5, "1 &lt; 2 <b>bold</b> <a href='https://x.de'>link</a>")


async def test_callback_data_and_keyboard_shape(bot):
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(5, "hi", reply_markup=too_long)
    nine = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(9)]]
    )
    with pytest.raises(BadRequest, match="(?i)button_row_invalid"):
        await bot.send_message(5, "hi", reply_markup=nine)


async def test_editing_to_the_same_content_is_not_modified(bot):
    message = await bot.send_message(5, "same")
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("same", chat_id=5, message_id=message.message_id)


async def test_injected_failures(bot, telegram: FakeTelegram):
    telegram.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(5, "hi")
    retry = caught.value.retry_after
    assert (retry.total_seconds() if isinstance(retry, timedelta) else retry) == 3
    telegram.block(6)
    with pytest.raises(Forbidden):
        await bot.send_message(6, "hi")
    await bot.send_message(5, "hi")  # the failure was used up
