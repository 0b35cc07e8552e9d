"""Appointments through the real Application and the fake Bot API: booking in Farsi and
Arabic, the calendar file, my appointments, move and cancel, forged ids, the last place,
reminders and staff notices through the outbox, attendance and closing a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from telegram import Update

from bot.ratelimit import RateLimiter
from bot.services import staff
from bot.storage.tables import bookings, outbox, slot_load
from tests.helpers import assert_reads_right_to_left, plain, ready

GROUP = -1001
STAFF_USER = 900


@pytest.fixture
def clock(clock):
    clock.now = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 08:00 in Rheine
    return clock


@pytest.fixture
def sender(app):
    sender = app.bot_data["outbox"]
    sender.limiter = RateLimiter(per_second=10_000, chat_interval=0, group_interval=0)
    return sender


async def book(
    conversation, topic: str, office_label: str, day_index: int = 0, time_index: int = 0
):
    """Main menu -> appointments -> book -> topic -> office -> day -> time -> confirm."""
    screens = []
    await conversation.send("/menu")
    for step in (2, 0, topic, office_label, day_index, time_index):
        screens += await conversation.press(step)
    screens += await conversation.press(0)  # ✅ confirm
    return screens


async def rows(app, table) -> list:
    async with app.bot_data["db"].connect() as conn:
        return (await conn.execute(sa.select(table))).all()


async def in_group(app, telegram, user_id: int, text: str):
    user = {"id": user_id, "is_bot": False, "first_name": "Team", "language_code": "de"}
    before = len(telegram.sent)
    await app.process_update(
        Update.de_json(telegram.message_update(user, text, chat_id=GROUP), app.bot)
    )
    return telegram.sent[before:]


async def press_in_group(app, telegram, user_id: int, message_id: int, label: str):
    message = telegram.messages[(GROUP, message_id)]
    data = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if label in b["text"]
    )
    user = {"id": user_id, "is_bot": False, "first_name": "Team", "language_code": "de"}
    await app.process_update(Update.de_json(telegram.callback_update(user, message, data), app.bot))
    return telegram.callback_answers[-1]


async def team(app, telegram):
    await staff.add_staff(app.bot_data["db"], user_id=STAFF_USER, office_id="dorenkamp")
    [answer] = await in_group(app, telegram, STAFF_USER, "/linkgroup dorenkamp")
    assert "Stadtteilbüro Dorenkamp" in answer.text


async def test_booking_in_arabic_end_to_end(app, chat, telegram):
    conversation = await ready(chat, "ar", 11)
    screens = await book(conversation, "السكن", "Dorenkamp")
    for screen in screens:
        if screen.text:
            assert_reads_right_to_left(screen.text)
    offices = next(s for s in screens if "يُرجى اختيار المكتب:" in s.text)
    assert (
        plain(offices.button_texts()[0]) == "🗣 مكتب الاستشارة في الحي (Stadtteilbüro) Dorenkamp"
    )  # Arabic spoken
    summary = next(s for s in screens if s.text.startswith("يُرجى مراجعة بيانات الموعد"))
    assert "هذا الوقت محجوز لك مؤقتًا لمدة ١٠ دقائق" in summary.text
    [confirmed] = [s for s in screens if s.text.startswith("✅")]
    [ics] = [s for s in screens if s.method == "sendDocument"]
    assert confirmed.text.startswith("✅ تم حجز موعدك.")
    assert "الاثنين، ٣٠ تشرين الثاني ٢٠٢٦، الساعة ١٤:٠٠" in confirmed.text
    assert ics.method == "sendDocument" and ics.params["_filename"] == "lotse-appointment.ics"
    calendar = ics.params["_content"].decode()
    assert "DTSTART:20261130T130000Z" in calendar and "Beispielweg 12" in calendar
    [booking] = await rows(app, bookings)
    assert (booking.state, booking.user_id, booking.language, booking.topic) == (
        "confirmed",
        11,
        "ar",
        "housing",
    )
    # booked at 08:00 for 14:00 today: the day-before reminder is past, the 2-hour one planned
    assert [r.kind for r in await rows(app, outbox)] == ["reminder"]


async def test_staff_see_the_booking_and_mark_attendance(app, chat, telegram, sender, clock):
    await team(app, telegram)
    conversation = await ready(chat, "fa", 12)
    await book(conversation, "مسکن", "Dorenkamp")
    await sender.run_once()
    [notice] = [s for s in telegram.sent if s.chat_id == GROUP][-1:]
    assert notice.text.startswith("📌 Neuer Termin — Stadtteilbüro Dorenkamp")
    assert "Amina" in notice.text and "Wohnen" in notice.text and "فارسی" in notice.text
    answer = await press_in_group(app, telegram, STAFF_USER, notice.message_id, "Erschienen")
    assert answer["text"] == "Dieser Termin hat noch nicht begonnen." and answer["show_alert"]
    stranger = await press_in_group(app, telegram, 4444, notice.message_id, "Erschienen")
    assert (
        stranger["text"] == "Das dürfen nur Mitarbeitende dieses Büros."
    )  # someone else in the group
    clock.advance(hours=6, minutes=5)  # 14:05, the appointment has begun
    answer = await press_in_group(app, telegram, STAFF_USER, notice.message_id, "Nicht da")
    assert answer["text"] == "Eingetragen: nicht erschienen."
    [booking] = await rows(app, bookings)
    assert booking.state == "no_show"
    [stats] = await in_group(app, telegram, STAFF_USER, "/officestats")
    assert "Nicht erschienen: 1" in stats.text and "Wie geplant stattgefunden: 0%" in stats.text


async def test_move_then_cancel_from_my_appointments(app, chat, telegram):
    conversation = await ready(chat, "de", 13)
    await book(conversation, "Wohnen", "Dorenkamp")
    [first] = await rows(app, bookings)
    await conversation.send("/menu")
    await conversation.press(2)
    [listing] = await conversation.press("Meine Termine")
    assert "Montag, 30. November 2026, 14:00 Uhr" in listing.text
    await conversation.press("Verschieben")
    await conversation.press(1)  # the second day offered
    moved, calendar_file = await conversation.press(0)
    assert moved.text.startswith("Ihr Termin ist verschoben auf")
    assert calendar_file.method == "sendDocument"  # the phone's calendar gets the new time
    states = {r.id: r.state for r in await rows(app, bookings)}
    assert states[first.id] == "moved" and list(states.values()).count("confirmed") == 1
    loads = {r.starts_at: r.taken for r in await rows(app, slot_load)}
    assert loads[first.starts_at] == 0 and sum(loads.values()) == 1
    await conversation.send("/menu")
    await conversation.press(2)
    await conversation.press("Meine Termine")
    await conversation.press("Absagen")
    [done] = await conversation.press("Ja, absagen")
    assert done.text.startswith("Ihr Termin am") and "ist abgesagt" in done.text
    assert sum(r.taken for r in await rows(app, slot_load)) == 0


async def test_someone_elses_booking_id_is_refused(app, chat, telegram):
    owner = await ready(chat, "en", 14)
    await book(owner, "Housing", "Dorenkamp")
    [theirs] = await rows(app, bookings)
    intruder = await ready(chat, "fa", 15)
    minute = int((theirs.starts_at + timedelta(days=2)).timestamp() // 60)
    for forged in (
        f"1:bxy:{theirs.id}",
        f"1:bx:{theirs.id}",
        f"1:bc:{theirs.id}",
        f"1:bm:{theirs.id}:0",
        f"1:bmt:{theirs.id}:{minute}",
    ):
        await intruder.send("/menu")  # a fresh message under which the forged button sits
        [answer] = await intruder.press_data(forged)
        assert answer.text.startswith("این دکمه قدیمی است"), forged
    [still] = await rows(app, bookings)
    assert still.state == "confirmed" and still.starts_at == theirs.starts_at


async def test_the_last_place_goes_to_one_and_the_other_gets_next_times(app, chat, telegram):
    first = await ready(chat, "en", 16)
    second = await ready(chat, "ar", 17)
    for person, topic in ((first, "Housing"), (second, "السكن")):
        await person.send("/menu")
        for step in (2, 0, topic, "Dorenkamp", 0):
            await person.press(step)
    await first.press(0)  # holds 14:00
    [taken] = await second.press(0)  # presses 14:00 a moment later
    assert taken.text.startswith("للأسف، حجز شخص آخر هذا الوقت قبل قليل.")
    assert len(taken.buttons) == 4  # three next free times, then back / main menu
    assert_reads_right_to_left(taken.text)


async def test_reminders_come_in_the_users_language_and_never_for_a_cancelled_booking(
    app, chat, telegram, sender, clock
):
    conversation = await ready(chat, "fa", 18)
    await book(conversation, "مسکن", "Dorenkamp", day_index=1)  # Wednesday 09:00
    await book(conversation, "مسکن", "Dorenkamp", day_index=2)  # Friday 09:00
    wednesday, friday = sorted(await rows(app, bookings), key=lambda b: b.starts_at)
    await conversation.send("/menu")
    await conversation.press(2)
    await conversation.press(1)
    await conversation.press(3)  # cancel the Friday one (rows: move, cancel, move, cancel)
    await conversation.press(0)
    assert {b.id: b.state for b in await rows(app, bookings)}[friday.id] == "cancelled"
    clock.now = friday.starts_at + timedelta(hours=1)  # long after both reminders were due
    clock.now = wednesday.starts_at - timedelta(hours=1, minutes=59)
    outcome = await sender.run_once()
    reminders = [s for s in telegram.sent_to(18) if s.text.startswith("🔔")]
    assert len(reminders) == 2 and outcome.sent == 2  # the day before and 2 hours before
    assert "یادآوری وقت شما" in reminders[0].text and "چهارشنبه ۲۰۲۶/۱۲/۲" in reminders[0].text
    assert_reads_right_to_left(reminders[0].text)
    clock.now = friday.starts_at - timedelta(hours=1)
    await sender.run_once()
    assert len([s for s in telegram.sent_to(18) if s.text.startswith("🔔")]) == 2  # none for Friday
    await conversation.press("می‌آیم")
    assert telegram.callback_answers[-1]["text"] == "ممنون! دفتر منتظر شماست."


async def test_closing_a_day_tells_each_person_in_their_language(app, chat, telegram, sender):
    await team(app, telegram)
    conversation = await ready(chat, "ar", 19)
    await book(conversation, "السكن", "Dorenkamp")
    [closed] = await in_group(app, telegram, STAFF_USER, "/close dorenkamp 2026-11-30 Krankheit")
    assert closed.text == "Geschlossen. 1 Termin wurde abgesagt; die Person wird benachrichtigt."
    await sender.run_once()
    [notice] = [s for s in telegram.sent_to(19) if s.text.startswith("للأسف، تم إلغاء موعدك يوم")]
    assert len(notice.buttons) >= 2  # new times and "book an appointment"
    assert_reads_right_to_left(notice.text)
    [booking] = await rows(app, bookings)
    assert booking.state == "cancelled"


@pytest.mark.parametrize(
    "command",
    [
        "/linkgroup dorenkamp",
        "/close dorenkamp 2026-12-01",
        "/officestats",
        "/addstaff 5 dorenkamp",
    ],
)
async def test_staff_commands_refuse_everyone_else(app, telegram, command):
    [answer] = await in_group(app, telegram, 4242, command)
    assert answer.text.startswith("Das ") and " nur " in answer.text, answer.text


async def test_my_data_shows_appointments_and_delete_frees_them(app, chat, telegram, sender):
    await team(app, telegram)
    conversation = await ready(chat, "de", 20)
    await book(conversation, "Wohnen", "Dorenkamp")
    [mine] = await conversation.send("/mydata")
    assert "Montag, 30. November 2026, 14:00 Uhr bei Stadtteilbüro Dorenkamp: gebucht" in mine.text
    await conversation.send("/delete")
    await conversation.press("Ja, alles löschen")
    [booking] = await rows(app, bookings)
    assert (booking.state, booking.user_id, booking.name) == ("cancelled", None, None)
    assert sum(r.taken for r in await rows(app, slot_load)) == 0
    assert all(r.chat_id != 20 for r in await rows(app, outbox))  # no reminder waits for them
    await sender.run_once()
    assert any("❌ Termin abgesagt" in s.text for s in telegram.sent_to(GROUP))


async def test_nearest_office_first_from_a_shared_location(app, chat, telegram):
    conversation = await ready(chat, "fa", 21)
    await conversation.send("/menu")
    for step in (2, 0, "کار"):  # work and training: Schotthock, Mesum
        await conversation.press(step)
    [ask] = await conversation.press("نزدیک‌ترین")
    assert ask.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    mesum = {"latitude": 52.2471, "longitude": 7.5055}  # standing in Mesum
    thanks, offices = await conversation.send_other(location=mesum)
    assert thanks.params["reply_markup"] == {"remove_keyboard": True}
    labels = [plain(b) for b in offices.button_texts()]
    assert "Mesum" in labels[0] and "کیلومتر" in labels[0]
    assert "Schotthock" in labels[1]
    async with app.bot_data["db"].connect() as conn:  # the location was not kept
        from bot.storage.tables import flow_states

        assert (await conn.execute(sa.select(flow_states))).all() == []


async def test_a_restart_twice_mid_batch_sends_each_due_reminder_once(
    app, chat, telegram, sender, clock, monkeypatch
):
    from bot.outbox import LEASE, OutboxSender

    for user_id in range(30, 36):
        person = await ready(chat, "de", user_id)
        await book(person, "Wohnen", "Dorenkamp", day_index=1)  # the next free Wednesday time
    clock.now += timedelta(days=1, hours=5)  # Tuesday noon: every day-before reminder is due
    original, calls = OutboxSender._deliver, {"n": 0}

    async def dies_after_two(self, row, result):
        calls["n"] += 1
        if calls["n"] % 3 == 0:
            raise KeyboardInterrupt  # the process is killed between two sends
        return await original(self, row, result)

    monkeypatch.setattr(OutboxSender, "_deliver", dies_after_two)
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            await sender.run_once()
        clock.now += LEASE + timedelta(seconds=1)  # a new process starts after the lease
    monkeypatch.setattr(OutboxSender, "_deliver", original)
    await sender.run_once()
    reminders = [s.chat_id for s in telegram.sent if s.text.startswith("🔔")]
    assert sorted(reminders) == list(range(30, 36))  # each person once, nobody twice


async def test_the_team_gets_the_days_agenda_in_the_morning(app, chat, telegram, sender, clock):
    from bot.services import staff as staff_service

    await team(app, telegram)
    await book(await ready(chat, "ar", 40), "السكن", "Dorenkamp")
    await book(await ready(chat, "fa", 41), "مسکن", "Dorenkamp")
    clock.now = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # 06:00: the planner runs
    planned = await staff_service.plan_agendas(
        app.bot_data["db"], now=clock(), tz=app.bot_data["tz"]
    )
    assert planned == 1
    assert (
        await staff_service.plan_agendas(app.bot_data["db"], now=clock(), tz=app.bot_data["tz"])
        == 0
    )
    await sender.run_once()
    assert not any("Heute bei" in s.text for s in telegram.sent_to(GROUP))  # due at 07:30
    clock.now = datetime(2026, 11, 30, 6, 31, tzinfo=UTC)
    await sender.run_once()
    [agenda] = [
        s for s in telegram.sent_to(GROUP) if "📋 Heute bei Stadtteilbüro Dorenkamp" in s.text
    ]
    assert (
        "14:00 — Amina" in agenda.text
        and "14:30 — Amina" in agenda.text
        and "العربية" in agenda.text
    )


async def test_staff_book_for_someone_who_phoned(app, chat, telegram, sender):
    await staff.add_staff(app.bot_data["db"], user_id=STAFF_USER, office_id="dorenkamp")
    worker = await ready(chat, "de", STAFF_USER)
    [ask] = await worker.send("/bookfor")
    assert "Bitte schreiben Sie den Namen der Person." in ask.text
    [language] = await worker.send("Frau Haidari")
    assert language.text.startswith("Welche Sprache spricht Frau Haidari?")
    await worker.press("فارسی")
    for step in ("Wohnen", "Dorenkamp", 0, 0):
        await worker.press(step)
    [done] = [s for s in telegram.sent_to(STAFF_USER)][-1:]
    assert done.text.startswith("✅ Gebucht für Frau Haidari.")
    [booking] = await rows(app, bookings)
    assert (booking.user_id, booking.name, booking.language, booking.state, booking.by_staff) == (
        None, "Frau Haidari", "fa", "confirmed", True,
    )  # fmt: skip
    [plain_user] = await (await ready(chat, "en", 77)).send("/bookfor")
    assert plain_user.text == "Only staff of an office can do this."
