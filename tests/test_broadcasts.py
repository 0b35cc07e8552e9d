"""Announcements: subscriptions in the settings, a coordinator's broadcast in each language
(German with a note where no translation), HTML checked before sending, stop, report, and a
2,000-recipient broadcast against a fake Telegram that enforces its limits."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from telegram import Bot

from bot.config import Settings
from bot.outbox import OutboxSender
from bot.ratelimit import RateLimiter
from bot.services import broadcasts
from bot.storage.db import create_engine, migrate
from bot.storage.tables import subscriptions, users
from bot.testing.fake_api import FakeBotApi, FakeTelegram
from bot.testing.virtual_time import VirtualTime
from tests.helpers import assert_reads_right_to_left, ready

COORDINATOR = 900


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"coordinator_ids": frozenset({COORDINATOR})})


async def test_subscribe_compose_preview_send_and_unsubscribe(app, chat, telegram, clock):
    readers = {}
    for user_id, language in ((11, "fa"), (12, "ar"), (13, "de")):
        readers[language] = await ready(chat, language, user_id)
        await readers[language].send("/menu")
        await readers[language].press(3)  # settings
        await readers[language].press("🔔")
        [switched] = await readers[language].press(0)  # new German courses
        assert switched.button_texts()[0].startswith("✅")
    coordinator = await ready(chat, "de", COORDINATOR)
    await coordinator.send("/broadcast")
    [menu] = await coordinator.press("neue Deutschkurse")
    assert "فارسی: ۱ Empfänger" not in menu.text and "فارسی: 1 Empfänger" in menu.text
    await coordinator.press("✏️ Deutsch")
    [bad] = await coordinator.send("Neuer Kurs " + "x" * 3950)
    assert bad.text.startswith("Telegram würde diesen Text ablehnen (longer than 3896")
    with pytest.raises(broadcasts.BadText):  # entities Telegram cannot parse never go out
        broadcasts.check({"de": "Neuer Kurs <b>ab Montag"})
    await coordinator.send("Neuer Kurs ab Montag in der Kita Sonnenschein!")
    await coordinator.press("✏️ فارسی")
    await coordinator.send("کلاس جدید از دوشنبه در مهدکودک (Kita Sonnenschein)!")
    previews = await coordinator.press("👁 Vorschau")
    assert len([p for p in previews if p.text.startswith("👁 Vorschau")]) == 4
    [sending] = await coordinator.press("📤 Senden")
    assert "📤 Wird an 3 Personen gesendet: 0 erledigt." in sending.text
    assert sending.button_texts() == ["⏹ Senden stoppen"]
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    await sender.run_once()
    assert await broadcasts.follow(app.bot_data["db"], now=clock()) == 1  # all out: done
    await sender.run_once()  # the progress message is edited, the report follows
    progress = telegram.messages[(COORDINATOR, sending.message_id)]
    assert progress["text"].startswith("📣 Mitteilung 1\n✅ Fertig.")
    assert "فارسی: zugestellt 1" in progress["text"] and "reply_markup" not in progress
    [fa] = [s for s in telegram.sent_to(11) if s.text.startswith("📣")]
    [ar] = [s for s in telegram.sent_to(12) if s.text.startswith("📣")]
    assert "کلاس جدید از دوشنبه" in fa.text
    assert "Neuer Kurs ab Montag" in ar.text and "هذه الرسالة بالألمانية" in ar.text
    assert_reads_right_to_left(fa.text)
    await readers["fa"].press("🔕")
    assert telegram.callback_answers[-1]["text"] == "انجام شد: دیگر از این پیام‌ها نمی‌گیرید."
    assert await broadcasts.my_topics(app.bot_data["db"], 11) == set()
    [report] = await coordinator.send("/report 1")
    assert "فارسی: zugestellt 1" in report.text and "العربية: zugestellt 1" in report.text


async def test_only_one_language_a_course_audience_a_link_and_a_later_time(
    app, chat, telegram, clock
):
    from bot.services import registrations

    db = app.bot_data["db"]
    for user_id, language in ((21, "fa"), (22, "ar"), (23, "fa")):
        await ready(chat, language, user_id)
    for user_id in (21, 22):  # registered for the course, not subscribed to anything
        await registrations.register(
            db,
            user_id=user_id,
            course_id="vhs-a1-abend",
            name="X",
            child_ages=[],
            language="fa",
            now=clock(),
            coordinators_chat=None,
        )
    coordinator = await ready(chat, "de", COORDINATOR)
    await coordinator.send("/broadcast")
    await coordinator.press("📚 Angemeldete eines Kurses")
    [menu] = await coordinator.press("vhs-a1-abend")
    assert "Angemeldete von vhs-a1-abend" in menu.text and "فارسی: 1 Empfänger" in menu.text
    [menu] = await coordinator.press("🗣 Nur eine Sprache")  # all -> فارسی
    assert "Sprache: فارسی" in menu.text and "العربية: 0 Empfänger" in menu.text
    await coordinator.press("✏️ Deutsch")
    await coordinator.send("Der Kurs fällt morgen aus.")
    await coordinator.press("🔗 Link-Knopf")
    [again] = await coordinator.send("not a link")
    assert again.text.startswith("Bitte schicken Sie den Link")
    await coordinator.send("https://www.rheine.de/sprachoffensive")
    await coordinator.press("🕐 Später senden")
    [past] = await coordinator.send("2026-11-25 09:30")  # 09:30 in Rheine: already over
    assert past.text.startswith("Dieser Zeitpunkt ist schon vorbei.")
    [menu] = await coordinator.send("۲۰۲۶-۱۱-۲۶ ۱۸:۰۰")  # typed with Persian digits
    assert "2026-11-26 18:00" in menu.text
    [sending] = await coordinator.press("📤 Senden")
    assert "🕐 Geplant für Donnerstag, 26. November 2026, 18:00 Uhr: 1 Empfänger." in sending.text
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    await sender.run_once()
    assert not [s for s in telegram.sent_to(21) if s.text.startswith("📣")]  # not yet
    clock.now = datetime(2026, 11, 26, 17, 1, tzinfo=UTC)  # 18:01 in Rheine
    await sender.run_once()
    [news] = [s for s in telegram.sent_to(21) if s.text.startswith("📣")]
    assert news.buttons[0][0]["url"] == "https://www.rheine.de/sprachoffensive"
    assert "این پیام به زبان آلمانی است" in news.text
    assert not [s for s in telegram.sent_to(22) if s.text.startswith("📣")]  # Arabic: not chosen


async def test_a_plain_user_cannot_broadcast(chat):
    someone = await ready(chat, "en", 14)
    for command in ("/broadcast", "/report 1"):
        [answer] = await someone.send(command)
        assert answer.text == "Only coordinators can do this."


async def test_two_thousand_recipients_within_telegrams_limits(tmp_path):
    time_ = VirtualTime()
    db = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'big.db'}")
    await migrate(db)
    languages = ("fa", "ar", "de", "en")
    async with db.begin() as conn:
        await conn.execute(sa.insert(users), [
            {"id": uid, "language": languages[uid % 4], "language_confirmed": True, "created_at": time_.utc()}
            for uid in range(1, 2001)
        ])  # fmt: skip
        await conn.execute(sa.insert(subscriptions), [
            {"user_id": uid, "topic": "courses", "district": None, "created_at": time_.utc()}
            for uid in range(1, 2001)
        ])  # fmt: skip
    telegram = FakeTelegram(enforce_limits=True, clock=time_.mono)
    for uid in range(7, 2001, 100):  # 20 people blocked the bot
        telegram.block(uid)
    for _ in range(3):
        telegram.fail_next("sendMessage", 429, retry_after=5)
    sent, counts = await broadcasts.send(
        db, coordinator_id=1, topic="courses", district=None, language=None,
        texts={"de": "Neuer Kurs!", "fa": "کلاس جدید!"}, now=time_.utc(), today=time_.utc().date(),
    )  # fmt: skip
    assert sum(counts.values()) == 2000
    bot = Bot("1:BIG", request=FakeBotApi(telegram))
    await bot.initialize()
    sender = OutboxSender(
        db, bot, clock=time_.utc, limiter=RateLimiter(clock=time_.mono), sleep=time_.sleep
    )
    for _ in range(100):
        await sender.run_once()
        await time_.sleep(1)
    await bot.shutdown()
    delivered = Counter(s.chat_id for s in telegram.sent)
    assert len(delivered) == 1980 and set(delivered.values()) == {1}  # nobody twice
    assert telegram.limit_violations == 0  # none of our own sends went over the limit
    report = await broadcasts.report(db, sent.id)
    assert sum(r.get("delivered", 0) for r in report.values()) == 1980
    assert sum(r.get("blocked", 0) for r in report.values()) == 20
    assert sum(r.get("failed", 0) for r in report.values()) == 0
    assert time_.seconds >= 2000 / 25  # 25 a second at most
    async with db.connect() as conn:
        unreachable = await conn.scalar(
            sa.select(sa.func.count()).where(users.c.unreachable_at.is_not(None))
        )
    assert unreachable == 20
    await db.dispose()


async def test_asked_once_after_the_first_useful_moment_and_the_coordinator_gets_a_report(
    app, chat, telegram, clock
):
    from bot.services import registrations

    def asked() -> list:
        return [
            s for s in telegram.sent_to(31) if s.method == "sendMessage" and s.text.startswith("📬")
        ]

    reader = await ready(chat, "ar", 31)
    await reader.send("/start c_vhs-a1-abend")
    await reader.press("📝 التسجيل")
    await reader.press("✅ تسجيل")
    [question] = asked()
    assert "هل يناسبك استلام إعلانات قصيرة" in question.text
    assert_reads_right_to_left(question.text)
    [switched] = await reader.press("دورات ألمانية جديدة")
    assert switched.button_texts()[0].startswith("✅")
    await registrations.withdraw(app.bot_data["db"], user_id=31, registration_id=1, now=clock())
    await reader.send("/start c_vhs-b1-abend")
    await reader.press("📝 التسجيل")
    await reader.press("✅ تسجيل")  # a second registration: not asked again
    assert asked() == [question]

    await broadcasts.send(
        app.bot_data["db"],
        coordinator_id=COORDINATOR,
        topic="courses",
        district=None,
        language=None,
        texts={"de": "Neu!"},
        now=clock(),
        today=clock().date(),
    )
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    await sender.run_once()
    assert await broadcasts.follow(app.bot_data["db"], now=clock()) == 1
    await sender.run_once()
    [report] = telegram.sent_to(COORDINATOR)
    assert report.text.startswith("📊 Mitteilung 1") and "العربية: zugestellt 1" in report.text
