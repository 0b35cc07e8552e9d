"""Gettext catalogs, the user's language, Babel formatting and right-to-left helpers.

A `Translator` is passed explicitly to every view, so a reminder or a broadcast is rendered
in its recipient's language outside of any update.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("fa", "ar", "en", "de")  # order of the language buttons
RTL_LANGUAGES = frozenset({"fa", "ar"})
FALLBACK_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

# Each language names itself on the language buttons.
NATIVE_NAMES = {"fa": "فارسی", "ar": "العربية", "en": "English", "de": "Deutsch"}

# Babel locale per language: Arabic month names as in Syria and Iraq (GLOSSARY.md).
_BABEL_LOCALES = {"de": "de_DE", "en": "en_GB", "fa": "fa_IR", "ar": "ar_SY"}
# 24-hour times everywhere; Farsi shows weekday plus numeric date (month names differ
# between Iran and Afghanistan).
_DATE_PATTERNS = {
    "de": "EEEE, d. MMMM y",
    "en": "EEEE, d MMMM y",
    "fa": "EEEE y/M/d",
    "ar": "EEEE، d MMMM y",
}
# Farsi keeps the year: "۱۲/۱" alone reads as 12 January to Afghan and German eyes.
_SHORT_DATE_PATTERNS = {"de": "EEE d.M.", "en": "EEE d/M", "fa": "EEEE y/M/d", "ar": "EEEE d/M"}
_TIME_PATTERN = "HH:mm"

_NUMBERING_SYSTEMS = {"fa": "arabext", "ar": "arab"}  # for the separators (٬ ٫)
_LATIN_DIGITS = "0123456789"
_NATIVE_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "ar": "٠١٢٣٤٥٦٧٨٩"}
_TO_NATIVE = {lang: str.maketrans(_LATIN_DIGITS, digits) for lang, digits in _NATIVE_DIGITS.items()}
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", _LATIN_DIGITS * 2)

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate
# A run of left-to-right material inside right-to-left text: Latin words, Latin digits,
# addresses, phone numbers, URLs. It starts and ends with a Latin letter or digit.
_LTR_RUN = re.compile(
    r"[A-Za-z0-9À-ɏ+]"  # start: Latin letter, digit, or the + of a phone number
    r"(?:[A-Za-z0-9À-ɏ .,:;/@+\-–&'_?=%#~!]*[A-Za-z0-9À-ɏ/!])?"  # brackets stay outside
)


def propose_language(language_code: str | None) -> str:
    """The language to propose for Telegram's `language_code` (e.g. "fa-IR", "prs", "de-AT")."""
    code = (language_code or "").lower().replace("_", "-").split("-")[0]
    if code in ("fa", "prs", "tg"):  # Farsi, Dari, Tajik read the Farsi texts best
        return "fa"
    return code if code in LANGUAGES else FALLBACK_LANGUAGE


def to_latin_digits(text: str) -> str:
    """Persian and Arabic-Indic digits become 0-9, so input in any script is read alike."""
    return text.translate(_TO_LATIN)


_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # harakat, superscript alef, tatweel
_SEARCH_FOLD = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"}
)


def normalize_search(text: str) -> str:
    """Fold text for matching: case, Arabic/Persian letter variants, digits, ZWNJ, accents."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = to_latin_digits(text).translate(_SEARCH_FOLD)
    text = _ARABIC_MARKS.sub("", text).replace("\u200c", "")
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return text


def is_rtl_letter(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def first_strong_is_rtl(line: str) -> bool:
    """True when the line's first strong character is right-to-left (Telegram's rule).

    Text inside isolates does not count (the Unicode bidi algorithm skips it), so a line
    made only of an isolated German name has no right-to-left start."""
    depth = 0
    letters = False
    for char in line:
        if char in "\u2066\u2067\u2068":
            depth += 1
            continue
        if char == "\u2069":
            depth = max(depth - 1, 0)
            continue
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL", "L"):
            letters = True
            if depth == 0:
                return direction != "L"
    return not letters  # a line of digits or emoji only has no direction of its own


@dataclass(frozen=True)
class Translator:
    """Texts, numbers, dates and bidi for one language."""

    language: str
    catalog: gettext.NullTranslations

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalog.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.catalog.npgettext(context, singular, plural, n)

    # -- numbers, dates, times: Babel formats, then the reader's digits -------------------
    def digits(self, text: str) -> str:
        table = _TO_NATIVE.get(self.language)
        return text.translate(table) if table else text

    def number(self, value: int | float) -> str:
        # The reader's numbering system brings the right separators (٬ ٫); digits are mapped.
        system = _NUMBERING_SYSTEMS.get(self.language, "latn")
        return self.digits(format_decimal(value, locale=self.babel_locale, numbering_system=system))

    def date(self, value: date | datetime, *, short: bool = False, tz: str | None = None) -> str:
        if isinstance(value, datetime) and tz:
            value = value.astimezone(ZoneInfo(tz))
        patterns = _SHORT_DATE_PATTERNS if short else _DATE_PATTERNS
        text = format_date(value, patterns[self.language], locale=self.babel_locale)
        return self.digits(text.replace("پنجشنبه", "پنج\u200cشنبه"))  # the standard spelling

    def time(self, value: time | datetime, *, tz: str | None = None) -> str:
        if isinstance(value, datetime):
            if tz:
                value = value.astimezone(ZoneInfo(tz))
            text = format_datetime(value, _TIME_PATTERN, locale=self.babel_locale)
        else:
            text = value.strftime("%H:%M")
        return self.digits(text)

    def weekday(self, index: int) -> str:
        """Name of the weekday, Monday = 0."""
        return self.babel_locale.days["format"]["wide"][index]

    @property
    def babel_locale(self) -> Locale:
        return _babel_locale(self.language)

    # -- right-to-left ---------------------------------------------------------------------
    def isolate(self, insert: str) -> str:
        """Wrap a left-to-right insert (street, phone, time, German name) in RTL text."""
        return f"{FSI}{insert}{PDI}" if self.rtl and insert else insert

    def isolate_runs(self, text: str) -> str:
        """Isolate every Latin run in a right-to-left text (content written by people)."""
        if not self.rtl:
            return text
        return _LTR_RUN.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", text)


@cache
def _babel_locale(language: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES[language])


def catalog_paths(language: str, locales_dir: Path = LOCALES_DIR) -> tuple[Path, Path]:
    base = locales_dir / language / "LC_MESSAGES" / DOMAIN
    return base.with_suffix(".po"), base.with_suffix(".mo")


def compile_catalog(language: str, locales_dir: Path = LOCALES_DIR) -> bytes:
    """Compile the .po of one language (fuzzy entries left out) and write the .mo next to it
    when it is missing or older; a read-only install compiles in memory only."""
    po_path, mo_path = catalog_paths(language, locales_dir)
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return mo_path.read_bytes()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    with contextlib.suppress(OSError):  # a read-only install serves the in-memory catalog
        mo_path.write_bytes(data)
    return data


@cache
def translator(language: str) -> Translator:
    """The translator for a language; unknown languages fall back to English."""
    if language not in LANGUAGES:
        language = FALLBACK_LANGUAGE
    catalog = gettext.GNUTranslations(io.BytesIO(compile_catalog(language)))
    return Translator(language, catalog)
