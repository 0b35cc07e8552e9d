"""Updates of one user are handled in order, updates of different users side by side."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.concurrency import PerUserUpdateProcessor


def update_from(user_id: int, update_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "x"},
                "text": "hi",
            },
        },
        None,
    )


async def test_one_users_updates_never_overtake_each_other():
    processor = PerUserUpdateProcessor(16)
    finished: list[int] = []
    first_started = asyncio.Event()

    async def slow_first():
        first_started.set()
        await asyncio.sleep(0.05)
        finished.append(1)

    async def quick_second():
        finished.append(2)

    tasks = [
        asyncio.create_task(processor.process_update(update_from(7, 1), slow_first())),
        asyncio.create_task(processor.process_update(update_from(7, 2), quick_second())),
    ]
    await asyncio.gather(*tasks)
    assert finished == [1, 2]
    assert not processor._locks  # nothing left behind


async def test_different_users_run_side_by_side():
    processor = PerUserUpdateProcessor(16)
    a_inside, b_inside = asyncio.Event(), asyncio.Event()

    async def user_a():
        a_inside.set()
        await asyncio.wait_for(b_inside.wait(), 1)  # only passes if B runs meanwhile

    async def user_b():
        b_inside.set()
        await asyncio.wait_for(a_inside.wait(), 1)

    await asyncio.gather(
        processor.process_update(update_from(1, 1), user_a()),
        processor.process_update(update_from(2, 2), user_b()),
    )


async def test_ordered_through_the_application(app, chat, telegram):
    """Two taps of one user arriving together are answered in the order they were made."""
    conversation = chat(language_code="en")
    await conversation.send("/start")
    await conversation.press("English")
    await app.start()  # the real update queue and processor
    try:
        for text in ("/help", "/mydata", "/menu"):
            await app.update_queue.put(
                Update.de_json(telegram.message_update(conversation.user, text), app.bot)
            )
        for _ in range(100):
            if len(telegram.sent_to(conversation.chat_id)) >= 5:
                break
            await asyncio.sleep(0.02)
    finally:
        await app.stop()
    last_three = [s.text.splitlines()[0] for s in telegram.sent_to(conversation.chat_id)[-3:]]
    assert last_three == [
        "How Lotse helps you",
        "This is everything Lotse stores about you:",
        "Main menu. What do you need?",
    ]
