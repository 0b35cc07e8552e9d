"""The catalogs are complete and consistent, plurals follow each language, numbers and
dates come in the reader's digits, and right-to-left text stays readable."""

from __future__ import annotations

import gettext
import io
import re
from datetime import UTC, date, datetime, time

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import (
    FSI,
    LANGUAGES,
    PDI,
    catalog_paths,
    first_strong_is_rtl,
    normalize_search,
    propose_language,
    to_latin_digits,
    translator,
)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
PINNED_PLURALS = {
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "fa": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}
COUNTS = [0, 1, 2, 3, 11, 99, 100, 101, 102]
EXPECTED_FORM = {  # CLDR: zero, one, two, few (3-10), many (11-99), other
    "ar": [0, 1, 2, 3, 4, 4, 5, 5, 5],
    "fa": [0, 0, 1, 1, 1, 1, 1, 1, 1],
    "de": [1, 0, 1, 1, 1, 1, 1, 1, 1],
    "en": [1, 0, 1, 1, 1, 1, 1, 1, 1],
}


def load_po(language: str):
    po_path, _ = catalog_paths(language)
    with po_path.open("rb") as handle:
        return read_po(handle, locale=language)


def texts(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language: str) -> None:
    catalog = load_po(language)
    problems = [m.id for m in catalog if m.id and (m.fuzzy or not all(s.strip() for s in texts(m)))]
    assert not problems, f"{language}: untranslated or fuzzy: {problems}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_between_msgid_and_msgstr(language: str) -> None:
    for message in load_po(language):
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(" ".join(ids(message))))
        forms = [set(PLACEHOLDER.findall(text)) for text in texts(message)]
        if message.pluralizable:
            # a plural form may say the number in words ("one", "two") instead of {count}
            assert all(form <= expected for form in forms), (language, message.id)
            assert forms[-1] == expected, (language, message.id)
        else:
            assert forms == [expected], (language, message.id, texts(message))


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header_is_pinned(language: str) -> None:
    po_path, _ = catalog_paths(language)
    header = po_path.read_text(encoding="utf-8")
    assert f'"Plural-Forms: {PINNED_PLURALS[language]}\\n"' in header


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_rule_of_the_compiled_catalog(language: str) -> None:
    """What the running bot uses: the header as compiled into the .mo file."""
    buffer = io.BytesIO()
    write_mo(buffer, load_po(language))
    catalog = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    assert [catalog.plural(n) for n in COUNTS] == EXPECTED_FORM[language]


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_right_to_left_lines_start_with_a_right_to_left_word(language: str) -> None:
    for message in load_po(language):
        for text in texts(message) if message.id else []:
            for line in PLACEHOLDER.sub("", text).splitlines():
                assert first_strong_is_rtl(line), (language, message.id, line)


def test_button_labels_use_a_message_context() -> None:
    catalog = load_po("de")
    labels = [m for m in catalog if m.context == "button"]
    assert labels and all(m.id[0] not in "abcdefghijklmnopqrstuvwxyz" for m in labels)
    assert translator("de").pgettext("button", "🏠 Main menu") == "🏠 Hauptmenü"


def test_numbers_times_and_dates_in_the_readers_digits() -> None:
    moment = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)
    fa, ar, de = translator("fa"), translator("ar"), translator("de")
    assert fa.number(1234) == "۱٬۲۳۴"
    assert ar.number(25) == "٢٥"
    assert fa.time(moment, tz="Europe/Berlin") == "۱۴:۳۰"
    assert ar.time(time(9, 5)) == "٠٩:٠٥"
    assert de.time(moment, tz="Europe/Berlin") == "14:30"
    assert "تشرين الثاني" in ar.date(date(2026, 11, 25))  # Syrian / Iraqi month names
    assert fa.date(date(2026, 11, 25)) == "چهارشنبه ۲۰۲۶/۱۱/۲۵"
    assert de.date(date(2026, 11, 25)) == "Mittwoch, 25. November 2026"


def test_isolates_only_in_right_to_left_languages() -> None:
    assert translator("fa").isolate("05971 939-0") == f"{FSI}05971 939-0{PDI}"
    assert translator("de").isolate("05971 939-0") == "05971 939-0"
    runs = translator("ar").isolate_runs("العنوان: Klosterstraße 14, 48431 Rheine.")
    assert runs == f"العنوان: {FSI}Klosterstraße 14, 48431 Rheine{PDI}."


def test_input_digits_of_every_script_read_alike() -> None:
    assert to_latin_digits("۱۲۳ ٤٥٦ 789") == "123 456 789"
    assert normalize_search("مهد‌كودكي") == normalize_search("مهدکودکی")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("fa", "fa"), ("fa-IR", "fa"), ("prs", "fa"), ("ar-SY", "ar"), ("de-AT", "de"),
     ("en-US", "en"), ("ja", "en"), (None, "en")],
)  # fmt: skip
def test_language_proposed_from_telegram(code: str | None, expected: str) -> None:
    assert propose_language(code) == expected
