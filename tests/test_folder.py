"""The welcome folder through the real Application: browsing edits in place, long pages
page, search finds pages from words in four languages (typos too), emergencies come first,
votes and unanswered questions are kept without the user's id, deep links open pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.config import CONTENT_DIR
from bot.i18n import LANGUAGES, first_strong_is_rtl, translator
from bot.services.content import load_folder
from bot.services.content_check import check
from bot.storage.tables import page_feedback, unanswered_searches
from bot.ui.folder import folder_home, node_menu, page_screen
from tests.helpers import assert_reads_right_to_left, plain, ready

FOLDER = load_folder(CONTENT_DIR / "folder")


async def rows(app, table) -> list:
    async with app.bot_data["db"].connect() as conn:
        return (await conn.execute(sa.select(table))).all()


def test_the_folder_passes_its_own_content_check():
    errors = [str(f) for f in check(FOLDER) if f.is_error]
    assert not errors, errors


def test_every_topic_the_town_asked_for_is_there():
    topics = {t.id for t in FOLDER.topics()}
    assert {"first-steps", "german", "children", "work", "money", "housing", "health",
            "leisure", "crisis"} <= topics  # fmt: skip
    for page in ("buergerbuero", "auslaenderbehoerde", "ankommensberatung", "stadtteilbueros",
                 "book-appointment", "sprachoffensive", "integration-course",
                 "berechtigungsschein", "kita", "school-places", "bildung-teilhabe", "jobcenter",
                 "arbeitsagentur", "recognition", "ausbildung", "employer-service",
                 "benefits-overview", "housing-search", "doctor", "vaccinations",
                 "psych-support", "emergency", "sport-clubs", "volunteering", "meeting-places",
                 "religion", "crisis-help"):  # fmt: skip
        node = FOLDER.get(page)
        assert node is not None and node.kind == "page", page
        assert set(node.title) == set(LANGUAGES) and set(node.body) == set(LANGUAGES), page


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_every_menu_reads_right_to_left(language):
    tr = translator(language)
    assert_reads_right_to_left(folder_home(tr, FOLDER)[0])
    for node in FOLDER.nodes.values():
        if node.kind != "page":
            text, keyboard = node_menu(tr, FOLDER, node)
            assert_reads_right_to_left(text)
            for row in keyboard.inline_keyboard:
                for button in row:
                    assert first_strong_is_rtl(button.text), button.text


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_every_page_reads_right_to_left_with_isolated_inserts(language):
    tr = translator(language)
    for page in FOLDER.pages():
        for index in range(len(FOLDER.screens(page, language))):
            text, _ = page_screen(tr, FOLDER, page, index)
            assert_reads_right_to_left(text)


async def test_browse_topic_to_page_edits_one_message(chat):
    conversation = await ready(chat, "en")
    [home] = await conversation.press("Welcome folder")
    assert home.method == "editMessageText"
    assert "🧭 First steps" in home.button_texts()
    [topic] = await conversation.press("First steps")
    [page] = await conversation.press("Registering your address")
    assert (
        page.method == "editMessageText" and page.message_id == topic.message_id == home.message_id
    )
    assert "Page 1 of 3" in page.text
    assert {"↩️ Back", "🏠 Main menu", "More ▶️"} <= set(page.button_texts())
    [second] = await conversation.press("More")
    assert "Page 2 of 3" in second.text and "◀️ Back a page" in second.button_texts()
    [third] = await conversation.press("More")
    assert "Phone: +49 5971 939-0" in third.text
    assert "👍 Helpful" in third.button_texts()
    [back] = await conversation.press("↩️ Back")
    assert back.text.startswith("🧭 First steps")
    [again] = await conversation.press("↩️ Back")
    assert again.text.startswith("📁 Welcome folder")


async def test_farsi_page_pages_right_to_left(chat):
    conversation = await ready(chat, "fa")
    await conversation.send("/menu")
    await conversation.press("پوشه")
    await conversation.press("قدم‌های اول")
    [page] = await conversation.press("ثبت آدرس خانه")
    assert "صفحه ۱ از ۳" in page.text
    assert page.button_texts()[0] == "◀️ ادامه"  # "next" points the reading way
    assert_reads_right_to_left(page.text)
    [last] = await conversation.press("ادامه")
    [last] = await conversation.press("ادامه")
    assert "تلفن: \u2068+49 5971 939-0\u2069" in last.text
    assert_reads_right_to_left(last.text)


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("de", "Kita", "kita"),
        ("fa", "مهدکودک", "kita"),
        ("fa", "کودکستان", "kita"),
        ("ar", "روضة", "kita"),
        ("en", "doctor", "doctor"),
        ("de", "Arzt", "doctor"),
        ("fa", "داکتر", "doctor"),
        ("ar", "طبيب", "doctor"),
        ("de", "Deutschkurs mit Baby", "sprachoffensive"),
        ("de", "Kitta", "kita"),  # typo
        ("de", "Anerkenung", "recognition"),  # typo
        ("en", "jobcentre", "jobcenter"),  # spelling
        ("en", "where do I register my address", "buergerbuero"),
        ("ar", "أين أسجل عنواني", "buergerbuero"),
        ("de", "Kindergeld", "kindergeld"),
        ("fa", "کلاس زبان", "sprachoffensive"),
        ("ar", "دورة الاندماج", "integration-course"),
        ("en", "flat", "housing-search"),
    ],
)
async def test_search_finds_the_page_in_any_language(app, chat, language, query, expected):
    conversation = await ready(chat, language)
    [answer] = await conversation.send(query)
    expected_label = app.bot_data["folder"].title(app.bot_data["folder"].get(expected), language)
    found = [
        plain(label) for label in answer.button_texts()[:-2]
    ]  # the last two are "All topics" and "Main menu"
    assert 1 <= len(found) <= 3
    assert any(expected_label.split(" (")[0] in label for label in found), (query, found)


@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "emergency"), ("de", "Notfall"), ("en", "police"), ("ar", "طوارئ"),
     ("fa", "اورژانس"), ("en", "suicide"), ("de", "Polizei bitte"), ("fa", "پلیس")],
)  # fmt: skip
async def test_danger_words_bring_the_emergency_numbers_first(app, chat, language, query):
    conversation = await ready(chat, language)
    [answer] = await conversation.send(query)
    folder = app.bot_data["folder"]
    assert folder.title(folder.get("emergency"), language) in plain(answer.button_texts()[0])
    [page] = await conversation.press(0)
    assert "112" in page.text and "110" in page.text


async def test_nothing_found_is_answered_kindly_and_logged_without_the_user(app, chat):
    conversation = await ready(chat, "ar", user_id=31337)
    [answer] = await conversation.send("بيتزا ساخنة")
    assert answer.text.startswith("للأسف، لم أجد شيئًا عن")
    assert_reads_right_to_left(answer.text)
    assert len(answer.buttons) == len(FOLDER.topics()) + 1  # every topic, and the main menu
    [logged] = await rows(app, unanswered_searches)
    assert logged.query == "بيتزا ساخنة" and logged.language == "ar"
    assert "31337" not in repr(tuple(logged))


async def test_a_vote_is_counted_once_and_anonymously(app, chat):
    conversation = await ready(chat, "de", user_id=4711)
    await conversation.send("/start p_kita")
    while "👎 Nicht hilfreich" not in conversation.buttons():  # the vote sits on the last screen
        await conversation.press("Weiter")
    [after] = await conversation.press("👎 Nicht hilfreich")
    assert "👍 Hilfreich" not in after.button_texts()  # the vote row is gone
    assert app.bot.request.telegram.callback_answers[-1]["text"].startswith("Danke!")
    [vote] = await rows(app, page_feedback)
    assert (vote.page_id, vote.language, vote.helpful) == ("kita", "de", False)
    assert "4711" not in repr(tuple(vote))


async def test_deep_link_opens_a_page_for_someone_new_after_the_language(chat):
    conversation = chat(user_id=999, language_code="ar")
    [picker] = await conversation.send("/start p_school-places")
    assert "✅ العربية" in picker.button_texts()
    [page] = await conversation.press("العربية")
    assert FOLDER.title(FOLDER.get("school-places"), "ar") in plain(page.text)


async def test_unknown_deep_link_shows_the_welcome(chat):
    conversation = await ready(chat, "en")
    [answer] = await conversation.send("/start p_no-such-page")
    assert answer.text.startswith("Welcome to Lotse!")


async def test_stale_page_button_gets_a_kind_answer(chat):
    conversation = await ready(chat, "fa")
    [answer] = await conversation.press_data("1:f:removed-page:0")
    assert answer.text.startswith("این دکمه قدیمی است")
