"""German courses through the real Application: the questions in Farsi and Arabic, results
that explain themselves, a course page, registration, the coordinators' decision."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from telegram import Update

from bot.config import Settings
from bot.ratelimit import RateLimiter
from bot.storage.tables import registrations
from tests.helpers import assert_reads_right_to_left, plain

NAMES = {"en": "English", "fa": "فارسی", "ar": "العربية", "de": "Deutsch"}
COORDINATORS = -2002
COORDINATOR = 555


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"coordinators_chat_id": COORDINATORS, "coordinator_ids": frozenset({COORDINATOR})}
    )


async def ready(chat, language: str, user_id: int):
    conversation = chat(user_id=user_id, language_code=language)
    await conversation.send("/start")
    await conversation.press(NAMES[language])
    return conversation


async def test_a_mother_in_dorenkamp_finds_her_course_in_farsi_and_registers(app, chat, telegram):
    conversation = await ready(chat, "fa", 61)
    await conversation.send("/menu")
    screens = await conversation.press(1)  # 📚 German courses
    for step in (
        "✅ بله",
        "✅ بله",
        "❌ نه",
        "👶 کودک زیر ۳ سال",
        "🌅 صبح‌ها",
        "⬅️ تمام",
        "Dorenkamp",
        "فرقی نمی‌کند",
        "نه",
    ):
        screens += await conversation.press(step)
    for screen in screens:
        assert_reads_right_to_left(screen.text)
    results = screens[-1]
    assert results.text.startswith("این کلاس‌ها با شرایط شما جور است:")
    assert "نگهداری از کودکان ۱ تا ۲ سال" in results.text  # explains why it fits
    assert "کلاس زبان آلمانی" in plain(results.button_texts()[0])
    [page] = await conversation.press(0)
    assert_reads_right_to_left(page.text)
    assert "Kita Sonnenschein" in plain(page.text)
    await conversation.press("📝 ثبت‌نام")
    [done] = await conversation.press("✅ ثبت‌نام")
    assert "جای شما رزرو شد" in done.text
    async with app.bot_data["db"].connect() as conn:
        [registration] = (await conn.execute(sa.select(registrations))).all()
    assert (registration.course_id, registration.state, registration.child_ages) == (
        "kita-sonne-a1",
        "pending",
        [2],
    )

    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    await sender.run_once()
    [notice] = telegram.sent_to(COORDINATORS)
    assert notice.text.startswith("📝 Neue Anmeldung: ") and "فارسی" in notice.text
    message = telegram.messages[(COORDINATORS, notice.message_id)]
    accept = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if "Aufnehmen" in b["text"]
    )
    for presser, expected in ((4444, "Only coordinators"), (COORDINATOR, "Gespeichert")):
        user = {
            "id": presser,
            "is_bot": False,
            "first_name": "K",
            "language_code": "de" if presser == COORDINATOR else "en",
        }
        await app.process_update(
            Update.de_json(telegram.callback_update(user, message, accept), app.bot)
        )
        assert telegram.callback_answers[-1]["text"].startswith(expected)
    await sender.run_once()
    [outcome] = [s for s in telegram.sent_to(61) if s.text.startswith("📚")][-1:]
    assert "🎉 شما در کلاس جا گرفتید!" in outcome.text
    assert_reads_right_to_left(outcome.text)


async def test_skipping_every_question_still_shows_courses_in_arabic(chat):
    conversation = await ready(chat, "ar", 62)
    await conversation.send("/menu")
    await conversation.press(1)
    screens = []
    while True:
        try:
            screens += await conversation.press("⏭ تخطي")
        except LookupError:
            break
    assert screens[-1].text.startswith("هذه الدورات تناسبك:")
    for screen in screens:
        assert_reads_right_to_left(screen.text)


async def test_answers_survive_a_restart_and_the_next_search_starts_from_them(
    settings, telegram, clock
):
    from bot.app import build_application
    from bot.testing.chat import Conversation
    from bot.testing.fake_api import FakeBotApi

    async def started():
        application = build_application(
            settings, request=FakeBotApi(telegram), clock=clock, rate_limit=False
        )
        await application.initialize()
        await application.post_init(application)
        return application

    first = await started()
    conversation = Conversation(first, telegram, 63, language_code="de")
    await conversation.send("/start")
    await conversation.press("Deutsch")
    await conversation.send("/menu")
    await conversation.press(1)
    await conversation.press("✅ Ja")  # reads Latin letters
    await first.shutdown()
    await first.post_shutdown(first)

    second = await started()
    conversation = Conversation(second, telegram, 63, language_code="de")
    # the keyboard from before the restart still works: "can you introduce yourself?" - yes
    [question] = await conversation.press("✅ Ja")
    assert "über Ihren Tag" in question.text  # on to the next can-do question
    from bot.services import courses

    assert (await courses.answers(second.bot_data["db"], 63)) == {"reads_latin": True}
    await second.shutdown()
    await second.post_shutdown(second)


async def test_deep_link_opens_a_course_page(chat):
    conversation = await ready(chat, "en", 64)
    [page] = await conversation.send("/start c_alpha-latein")
    assert "Level: Latin letters, for people who read another script" in page.text
    assert "📝 Register" in page.button_texts()


@pytest.mark.parametrize(
    "data",
    [
        "1:ca:rl:maybe",
        "1:ca:kids:many",
        "1:cl:7:1",
        "1:co:nope",
        "1:cr:nope:1",
        "1:cw:999",
        "1:cy:999",
    ],
)
async def test_forged_course_buttons_change_nothing(app, chat, data):
    conversation = await ready(chat, "fa", 65)
    await conversation.send("/menu")
    [answer] = await conversation.press_data(data)
    assert answer.text.startswith("این دکمه قدیمی است")
    async with app.bot_data["db"].connect() as conn:
        assert (await conn.execute(sa.select(registrations))).all() == []
