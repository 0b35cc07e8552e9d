"""German courses through the real Application: the questions in Farsi and Arabic, results
that explain themselves, a course page, registration, the coordinators' decision."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from telegram import Update

from bot.config import Settings
from bot.ratelimit import RateLimiter
from bot.services import course_search
from bot.services import registrations as registration_service
from bot.storage.tables import registrations
from tests.helpers import assert_reads_right_to_left, plain, ready

COORDINATORS = -2002
COORDINATOR = 555


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"coordinators_chat_id": COORDINATORS, "coordinator_ids": frozenset({COORDINATOR})}
    )


async def test_a_mother_in_dorenkamp_finds_her_course_in_farsi_and_registers(app, chat, telegram):
    conversation = await ready(chat, "fa", 61)
    await conversation.send("/menu")
    screens = await conversation.press(1)  # 📚 German courses
    for step in (
        "✅ بله",
        "✅ بله",
        "❌ نه",
        "👶 کودک زیر ۳ سال",
        "نه",  # no integration course
        "🌅 صبح‌ها",
        "⬅️ تمام",
        "Dorenkamp",
        "فرقی نمی‌کند",
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
    done, announcements = await conversation.press("✅ ثبت‌نام")
    assert announcements.text.startswith("📬")  # asked once, after this first registration
    assert "جای شما رزرو شد" in done.text
    async with app.bot_data["db"].connect() as conn:
        [registration] = (await conn.execute(sa.select(registrations))).all()
    assert (registration.course_id, registration.state, registration.child_ages) == (
        "kita-sonne-a1",
        "pending",
        [1],  # "under 3": an age every under-3s group covers
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

    await conversation.press("قبل از هر جلسه هم یادآوری کن")
    assert telegram.callback_answers[-1]["text"] == "انجام شد: قبل از هر جلسه یادآوری می‌شود."
    async with app.bot_data["db"].connect() as conn:
        assert (await conn.execute(sa.select(registrations.c.lesson_reminders))).scalar_one()


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

    assert (await course_search.answers(second.bot_data["db"], 63)) == {"reads_latin": True}
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
        "1:cv:999:1",
        "1:cv:x:1",
    ],
)
async def test_forged_course_buttons_change_nothing(app, chat, data):
    conversation = await ready(chat, "fa", 65)
    await conversation.send("/menu")
    [answer] = await conversation.press_data(data)
    assert answer.text.startswith("این دکمه قدیمی است")
    async with app.bot_data["db"].connect() as conn:
        assert (await conn.execute(sa.select(registrations))).all() == []


async def coordinator_press(app, telegram, message, label, user_id=COORDINATOR):
    data = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if label in b["text"]
    )
    user = {"id": user_id, "is_bot": False, "first_name": "K", "language_code": "de"}
    before = len(telegram.sent)
    await app.process_update(Update.de_json(telegram.callback_update(user, message, data), app.bot))
    return telegram.sent[before:]


def fast(app):
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    return sender


async def test_opening_a_course_tells_the_people_who_asked_once(app, chat, telegram, clock):
    from bot.services import courses as course_service

    db = app.bot_data["db"]
    for closed in ("frauen-sa-b1", "dutum-sa-a2"):  # nothing for her on Saturdays, for now
        await course_service.set_registration_open(
            db, closed, False, now=clock(), today=clock().date()
        )
    conversation = await ready(chat, "ar", 66)
    for key, value in (
        ("reads_latin", True),
        ("level", "b1"),
        ("child_ages", []),
        ("parts", ["weekend"]),
        ("district", None),
        ("women_only", True),
        ("integration_parts", []),
    ):
        await course_search.answer(db, 66, key, value, now=clock())
    await conversation.send("/menu")
    [results] = await conversation.press(1)
    assert results.text.startswith("لا توجد دورة مناسبة تمامًا")
    await conversation.press("🔔")
    coordinator = chat(user_id=COORDINATOR, language_code="de")
    await coordinator.send("/start")
    await coordinator.press("Deutsch")
    [listing] = await coordinator.send("/courses")
    assert "🔒 frauen-sa-b1" in " ".join(listing.button_texts())
    await coordinator.press("frauen-sa-b1")
    [opened] = await coordinator.press("🔓 Anmeldung öffnen")
    assert "Anmeldung offen" in opened.text
    await fast(app).run_once()
    [news] = [s for s in telegram.sent_to(66) if s.text.startswith("🔔")]
    assert "توجد الآن أماكن في دورة تناسب إجاباتك" in news.text
    assert_reads_right_to_left(news.text)
    await coordinator.press("🔒 Anmeldung schließen")
    await coordinator.press("🔓 Anmeldung öffnen")
    await fast(app).run_once()
    assert len([s for s in telegram.sent_to(66) if s.text.startswith("🔔")]) == 1  # only once


async def test_plain_users_cannot_manage_courses(app, chat, telegram):
    conversation = await ready(chat, "en", 67)
    [answer] = await conversation.send("/courses")
    assert answer.text == "Only coordinators can do this."
    assert await conversation.press_data("1:cc:vhs-a1-abend:p") == []  # no new screen
    refusal = telegram.callback_answers[-1]
    assert refusal["text"] == "Only coordinators can do this." and refusal["show_alert"]
    from bot.services import courses as course_service

    assert (await course_service.get_course(app.bot_data["db"], "vhs-a1-abend")).capacity == 12


async def test_a_cancelled_lesson_reaches_everyone_registered_in_their_language(
    app, chat, telegram
):

    db = app.bot_data["db"]
    for user_id, language in ((68, "fa"), (69, "de")):
        await ready(chat, language, user_id)
        await registration_service.register(
            db,
            user_id=user_id,
            course_id="vhs-a1-abend",
            name="X",
            child_ages=[],
            language=language,
            now=app.bot_data["clock"](),
            coordinators_chat=None,
        )
    coordinator = chat(user_id=COORDINATOR, language_code="de")
    [done] = await coordinator.send("/cancellesson vhs-a1-abend 2026-12-02")
    assert done.text == "Erledigt: 2 Personen werden benachrichtigt."
    await fast(app).run_once()
    [fa] = [s for s in telegram.sent_to(68) if "برگزار نمی‌شود" in s.text]
    [de] = [s for s in telegram.sent_to(69) if "fällt aus" in s.text]
    assert "چهارشنبه ۲۰۲۶/۱۲/۲" in fa.text and "Mittwoch, 2. Dezember 2026" in de.text


async def test_shift_workers_are_told_each_week_which_group_to_go_to(app, chat, telegram, clock):
    from bot.services import courses as course_service

    db = app.bot_data["db"]
    conversation = await ready(chat, "fa", 70)
    await course_search.answer(db, 70, "shift", "alternating", now=clock())
    await registration_service.register(
        db,
        user_id=70,
        course_id="vhs-a1-morgen",
        name="S",
        child_ages=[],
        language="fa",
        now=clock(),
        coordinators_chat=None,
    )
    planned = await course_service.plan_weekly(
        db, now=clock(), tz=app.bot_data["tz"], coordinators_chat=COORDINATORS
    )
    assert planned == 2  # the shift question and the demand report
    assert (
        await course_service.plan_weekly(
            db, now=clock(), tz=app.bot_data["tz"], coordinators_chat=COORDINATORS
        )
        == 0
    )
    await fast(app).run_once()
    [report] = telegram.sent_to(COORDINATORS)
    assert report.text.startswith("📊 Kurssuchen ohne passenden Kurs")
    [group] = await conversation.press("🌅 شیفت صبح")  # early shift: the evening group
    assert "این هفته به این گروه بروید" in group.text and "۱۸:۳۰" in group.text
    await conversation.send("/menu")
    [group] = await conversation.press_data(
        f"1:cs:{(await registration_service.my_registrations(db, 70))[0][0].id}:l"
    )
    assert "۰۹:۰۰" in group.text  # late shift: the morning group


async def test_course_page_map_sends_the_place(chat):
    conversation = await ready(chat, "de", 71)
    await conversation.send("/start c_kita-sonne-a1")
    [venue] = await conversation.press("📍 Karte")
    assert venue.method == "sendVenue" and venue.params["title"] == "Kita Sonnenschein"


async def test_the_phone_number_is_optional_and_only_the_users_own(app, chat, telegram):
    conversation = await ready(chat, "fa", 72)
    await conversation.send("/start c_vhs-a1-abend")
    await conversation.press("📝 ثبت‌نام")
    [ask] = await conversation.press("📱 افزودن شماره تلفن من")
    assert ask.params["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    someone_else = {"phone_number": "+49 170 0000000", "first_name": "X", "user_id": 999}
    [refused] = await conversation.send_other(contact=someone_else)
    assert refused.text.startswith("من فقط متن و دکمه‌ها را می‌فهمم")
    own = {"phone_number": "+491701234567", "first_name": "Amina", "user_id": 72}
    thanks, summary = await conversation.send_other(contact=own)
    assert thanks.params["reply_markup"] == {"remove_keyboard": True}
    assert "\u2068+491701234567\u2069" in summary.text
    assert_reads_right_to_left(summary.text)
    await conversation.press("✅ ثبت‌نام")
    async with app.bot_data["db"].connect() as conn:
        [registration] = (await conn.execute(sa.select(registrations))).all()
    assert registration.phone == "+491701234567"
    [mine] = await conversation.send("/mydata")
    assert "+491701234567" in mine.text
    await conversation.send("/delete")
    await conversation.press("بله")
    async with app.bot_data["db"].connect() as conn:
        [registration] = (await conn.execute(sa.select(registrations))).all()
    assert (registration.phone, registration.name, registration.state) == (None, None, "withdrawn")


async def test_a_shared_location_and_how_far_is_fine(app, chat, telegram):
    conversation = await ready(chat, "de", 73)
    await conversation.send("/menu")
    await conversation.press(1)
    for step in (
        "✅ Ja",
        "✅ Ja",
        "❌ Nein",
        "Keine Kinderbetreuung nötig",
        "Nein",
        "🌙 Abends",
        "➡️ Fertig",
    ):
        await conversation.press(step)
    [ask] = await conversation.press("📍 Meinen Standort nutzen")
    assert ask.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    removed, how_far = await conversation.send_other(
        location={"latitude": 52.28137, "longitude": 7.44001}
    )
    assert removed.params["reply_markup"] == {"remove_keyboard": True}
    assert how_far.text == "Wie weit darf der Kurs entfernt sein?"
    answers = await course_search.answers(app.bot_data["db"], 73)
    assert (answers["lat"], answers["lon"]) == (52.28, 7.44)  # kept only roughly
    await conversation.press("1 km")
    [results] = await conversation.press("Egal")  # no preference for women-only courses
    assert "km entfernt" in results.text  # each course says how far it is
