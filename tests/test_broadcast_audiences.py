"""Announcements with a flyer (photo or PDF), to the people waiting for a course, and the
buttons of composing and stopping tried with bad data — through the fake Bot API."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.ratelimit import RateLimiter
from bot.services import broadcasts
from bot.storage import courses as course_store
from tests.helpers import assert_reads_right_to_left, plain, ready

COORDINATOR = 900
PHOTO = [
    {"file_id": "flyer-small", "file_unique_id": "fs", "width": 90, "height": 90},
    {"file_id": "flyer-big", "file_unique_id": "fb", "width": 1280, "height": 1280},
]
PDF = {"file_id": "flyer-pdf", "file_unique_id": "fp", "file_name": "Fest.pdf"}
WORD = {"file_id": "word-1", "file_unique_id": "w1", "file_name": "Fest.docx"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"coordinator_ids": frozenset({COORDINATOR})})


async def deliver(app) -> None:
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    await sender.run_once()


async def test_a_photo_goes_with_the_announcement_in_every_language(app, chat, telegram, clock):
    db = app.bot_data["db"]
    for user_id, language in ((41, "fa"), (42, "ar"), (43, "en")):
        await ready(chat, language, user_id)
        await broadcasts.toggle(db, user_id, "events", now=clock())
    coordinator = await ready(chat, "fa", COORDINATOR)  # every screen in Farsi
    await coordinator.send("/broadcast")
    await coordinator.press("برنامه‌ها و رویدادها")
    [asked] = await coordinator.press("📎")
    assert "حداکثر ۸۲۴ حرف" in asked.text
    assert_reads_right_to_left(asked.text)
    [again] = await coordinator.send("here it comes")  # text where the file was asked for
    assert again.text == asked.text
    [refused] = await coordinator.send_other(document={**WORD, "mime_type": "application/msword"})
    assert plain(refused.text) == "فقط یک عکس یا یک فایل PDF می‌تواند همراه اطلاعیه فرستاده شود."
    [menu] = await coordinator.send_other(photo=PHOTO)
    assert "📎 عکس" in menu.text and "🗑 حذف عکس/PDF" in menu.button_texts()
    await coordinator.press("✏️ Deutsch")
    [too_long] = await coordinator.send("Sommerfest " + "x" * 900)  # fine alone, not as caption
    assert "longer than 824" in too_long.text
    await coordinator.send("Sommerfest im Stadtteilbüro Dorenkamp, Samstag 15 Uhr")
    await coordinator.press("✏️ فارسی")
    await coordinator.send("جشن تابستانی در دفتر محله Dorenkamp، شنبه ساعت ۱۵")
    previews = await coordinator.press("👁")
    photos = [p for p in previews if p.method == "sendPhoto"]
    assert len(photos) == 4 and {p.params["photo"] for p in photos} == {"flyer-big"}
    assert any("جشن تابستانی" in p.text for p in photos)
    await coordinator.press("📤")
    await deliver(app)
    [fa] = [s for s in telegram.sent_to(41) if s.method == "sendPhoto"]
    [ar] = [s for s in telegram.sent_to(42) if s.method == "sendPhoto"]
    assert fa.params["photo"] == "flyer-big" and "جشن تابستانی" in fa.text
    assert "Sommerfest" in ar.text and "هذه الرسالة بالألمانية" in ar.text
    assert_reads_right_to_left(fa.text)
    assert fa.button_texts() == ["🔕 دیگر از این پیام‌ها نه"] or "🔕" in fa.button_texts()[0]


async def test_a_pdf_flyer_and_a_text_too_long_to_go_under_it(app, chat, telegram, clock):
    db = app.bot_data["db"]
    await ready(chat, "de", 44)
    await broadcasts.toggle(db, 44, "events", now=clock())
    coordinator = await ready(chat, "en", COORDINATOR)
    await coordinator.send("/broadcast")
    await coordinator.press("events")
    await coordinator.press("✏️ Deutsch")
    await coordinator.send("Fest " + "y" * 1000)  # a long text: fine without a file
    await coordinator.press("📎")
    [refused] = await coordinator.send_other(document={**PDF, "mime_type": "application/pdf"})
    assert refused.text.startswith("Telegram would refuse this text (de: longer than 824")
    await coordinator.press("✖️ Cancel")  # start again, shorter
    await coordinator.send("/broadcast")
    await coordinator.press("events")
    await coordinator.press("📎")
    [menu] = await coordinator.send_other(document={**PDF, "mime_type": "application/pdf"})
    assert "📎 PDF file" in menu.text
    [menu] = await coordinator.press("🗑")  # taken off again…
    assert "📎 PDF file" not in menu.text and "📎 Photo or PDF" in menu.button_texts()
    await coordinator.press("📎")
    await coordinator.send_other(document={**PDF, "mime_type": "application/pdf"})  # …and back
    await coordinator.press("✏️ Deutsch")
    await coordinator.send("Sommerfest am Samstag: das Programm im PDF.")
    await coordinator.press("📤 Send")
    await deliver(app)
    [flyer] = [s for s in telegram.sent_to(44) if s.method == "sendDocument"]
    assert flyer.params["document"] == "flyer-pdf" and flyer.text.startswith("📣 Sommerfest")


async def test_people_waiting_for_a_course_like_it(app, chat, telegram, clock):
    db = app.bot_data["db"]
    for user_id, language in ((51, "fa"), (52, "ar"), (53, "de")):
        await ready(chat, language, user_id)
    evenings = {"reads_latin": True, "level": "a1", "parts": ["evening"], "women_only": False}
    async with db.begin() as conn:  # "tell me when one opens", saved after a search
        await course_store.put_watch(conn, 51, evenings, now=clock())
        await course_store.put_watch(conn, 52, {**evenings, "level": "b1"}, now=clock())
    await broadcasts.toggle(db, 53, "courses", now=clock())  # subscribed, not waiting
    coordinator = await ready(chat, "ar", COORDINATOR)
    await coordinator.send("/broadcast")
    [courses] = await coordinator.press("💡")
    assert "vhs-a1-abend" in courses.button_texts()
    [menu] = await coordinator.press("vhs-a1-abend")
    shown = plain(menu.text)
    assert "قائمة الانتظار لدورة مثل vhs-a1-abend" in shown
    assert "فارسی: ١ من المستلمين" in shown or "فارسی: مستلم واحد" in shown
    assert "العربية: ٠" in shown and "Deutsch: ٠" in shown
    assert_reads_right_to_left(menu.text)
    await coordinator.press("✏️ Deutsch")
    await coordinator.send("Der Abendkurs A1 hat wieder Plätze.")
    await coordinator.press("📤")
    await deliver(app)
    news = [
        s.chat_id for s in telegram.sent if s.text.startswith("📣 ") and s.chat_id != COORDINATOR
    ]
    assert news == [51]
    waiting = chat(user_id=51, language_code="fa")
    await waiting.press("🔕")  # "no more of these": the waiting ends
    assert telegram.callback_answers[-1]["text"] == "انجام شد: دیگر از این پیام‌ها نمی‌گیرید."
    async with db.connect() as conn:
        assert [uid for uid, _ in await course_store.all_watches(conn)] == [52]
    [expired] = await waiting.press_data("1:su:nonsense")
    assert expired.text.startswith("این دکمه")


async def test_no_more_news_about_my_course(app, chat, telegram, clock):
    from bot.services import registrations

    db = app.bot_data["db"]
    reader = await ready(chat, "ar", 56)
    await registrations.register(
        db, user_id=56, course_id="vhs-a1-abend", name="X", child_ages=[], language="ar",
        now=clock(), coordinators_chat=None,
    )  # fmt: skip

    async def announce() -> None:
        await broadcasts.send(
            db, coordinator_id=COORDINATOR, topic="courses", district=None, language=None,
            texts={"de": "Der Kurs beginnt eine Stunde später."}, now=clock(),
            today=clock().date(), course_id="vhs-a1-abend", course_audience="registered",
        )  # fmt: skip
        await deliver(app)

    await announce()
    [news] = [s for s in telegram.sent_to(56) if s.text.startswith("📣")]
    await reader.press("🔕")
    assert telegram.callback_answers[-1]["text"].startswith("تم")
    await announce()
    assert [s for s in telegram.sent_to(56) if s.text.startswith("📣")] == [news]
    [(registration, _)] = await registrations.my_registrations(db, 56)
    assert registration.state == "pending"  # still registered: only the news stopped


async def test_bad_compose_and_stop_buttons(app, chat, telegram, clock):
    coordinator = await ready(chat, "en", COORDINATOR)
    for forged in ("1:bz:a:i=no-such-course", "1:bz:a:x=vhs-a1-abend", "1:bz:k:z"):
        await coordinator.send("/broadcast")
        answers = await coordinator.press_data(forged)
        assert [a.text for a in answers] == ["This button is old. Here is the main menu."], forged
    await coordinator.send("/broadcast")
    [answer] = await coordinator.press_data("1:bq:77")  # a broadcast that does not exist
    assert answer.text == "This button is old. Here is the main menu."
    someone = await ready(chat, "en", 55)
    for forged in ("1:bz:s:-", "1:bq:1", "1:bz:f:-"):
        assert await someone.press_data(forged, coordinator.keyboard_message()) == []
        assert telegram.callback_answers[-1]["text"] == "Only coordinators can do this."


async def test_stopping_shows_on_the_progress_message(app, chat, telegram, clock):
    db = app.bot_data["db"]
    for user_id in (61, 62):
        await ready(chat, "en", user_id)
        await broadcasts.toggle(db, user_id, "events", now=clock())
    coordinator = await ready(chat, "de", COORDINATOR)
    await coordinator.send("/broadcast")
    await coordinator.press("Veranstaltungen")
    await coordinator.press("✏️ Deutsch")
    await coordinator.send("Fällt aus.")
    [progress] = await coordinator.press("📤")
    [stopped] = await coordinator.press("⏹")
    assert telegram.callback_answers[-1]["text"] == "Gestoppt: 2 Nachrichten nicht gesendet."
    assert stopped.message_id == progress.message_id and "⏹ Gestoppt." in stopped.text
    assert "English: gestoppt 2" in stopped.text and stopped.buttons == []
    await deliver(app)
    assert not [s for s in telegram.sent if s.chat_id in (61, 62) and s.text.startswith("📣")]
