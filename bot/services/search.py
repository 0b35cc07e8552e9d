"""Finding welcome-folder pages from a few typed words, in any of the four languages.

Every page is indexed in all languages at once (a Farsi reader may type "Kita"): title and
keywords weigh more than body text. Words match exactly, by prefix (word forms: "Kurse",
"Deutschkurs"), or fuzzily (small typos), after folding letter variants and digits.
Words about danger always bring the emergency page first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.i18n import LANGUAGES, normalize_search
from bot.services.content import Folder

EMERGENCY_PAGE = "emergency"
MAX_RESULTS = 3
MIN_SCORE = 1.2  # about a keyword hit on a word that a few pages share, or several body hits
WEIGHTS = {"title": 4.0, "keyword": 3.0, "body": 1.0}
OWN_LANGUAGE = 1.3  # a title or keyword in the reader's own language
_WORD = re.compile(r"\w+")

# Words that carry no meaning for search, per language (folded like the index).
STOPWORDS = frozenset(
    normalize_search(w)
    for w in """
    der die das den dem des ein eine einen einem einer und oder mit fur für von zu zum zur im in
    an am auf ist sind ich du sie er es wir ihr mein meine wie was wo wann gibt es kann ich bitte
    the a an and or with for of to in on at is are i you my me how what where when can do does
    please there need want
    و در به با از برای که را این آن من شما کجا چطور چگونه چه کی آیا هست است می خواهم لطفا یک
    میخواهم میخوام رفتن برم دارم باید کنم کردن چطوری چیست چی هستم
    في من الى إلى على مع عن هل ما ماذا أين اين كيف متى انا أنا أريد اريد لو هذا هذه يا ال
    عندي لدي ممكن يمكن بدي ابغى
    """.split()
)

# Danger words in the four languages (and common spellings): the emergency page comes first.
DANGER = frozenset(
    normalize_search(w)
    for w in """
    emergency emergencies police ambulance fire suicide danger dangerous violence attack help112
    notfall notruf polizei krankenwagen rettungswagen feuer feuerwehr selbstmord suizid gefahr
    gewalt überfall ueberfall 112 110
    طوارئ طوارىء الطوارئ شرطة الشرطة نجدة اسعاف إسعاف الإسعاف حريق انتحار خطر عنف
    اورژانس اورژانسی پلیس آمبولانس امبولانس آتش‌نشانی آتشنشانی خودکشی خطر خشونت
    """.split()
)


@dataclass(frozen=True, slots=True)
class Hit:
    page_id: str
    score: float


class SearchIndex:
    """Built once per folder; `search` is pure and fast (well under a millisecond a word)."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        strong: dict[str, dict[str, float]] = defaultdict(dict)  # title and keywords
        weak: dict[str, dict[str, float]] = defaultdict(dict)  # body text
        # which languages name a term in a page's title or keywords: the same letters can be
        # different words (Dari مکتب "school", Arabic مكتب "office")
        self.languages: dict[tuple[str, str], set[str]] = defaultdict(set)
        for page in folder.pages():
            fields = [
                ("title", " ".join(page.title.values())),
                ("keyword", " ".join(k for words in page.keywords.values() for k in words)),
                ("body", " ".join(page.body.values())),
            ]
            for name, text in fields:
                postings = weak if name == "body" else strong
                for term, count in Counter(_terms(text)).items():
                    # a word named in several languages' keywords is central to the page
                    weight = WEIGHTS[name] * (1 + 0.3 * math.log(count))
                    postings[term][page.id] = max(postings[term].get(page.id, 0.0), weight)
            for language in LANGUAGES:
                own = page.title.get(language, "") + " " + " ".join(page.keywords.get(language, ()))
                for term in _terms(own):
                    self.languages[(term, page.id)].add(language)
        # A word on many pages says little about which one is meant (inverse document
        # frequency over titles and keywords, scaled so a word of one page keeps its weight).
        pages = max(len(folder.pages()), 1)
        top = math.log(1 + pages)
        self.postings: dict[str, dict[str, float]] = {}
        for term in strong.keys() | weak.keys():
            df = len(strong.get(term) or weak[term])
            idf = math.log(1 + pages / df) / top
            merged = {**weak.get(term, {}), **strong.get(term, {})}
            self.postings[term] = {page: weight * idf for page, weight in merged.items()}
        self.vocabulary = list(self.postings)

    def search(
        self, query: str, limit: int = MAX_RESULTS, *, language: str | None = None
    ) -> list[Hit]:
        """The best pages for the query; words in the reader's `language` count a bit more."""
        words = _terms(query)
        scores: dict[str, float] = defaultdict(float)
        for word in words:
            for page_id, value in self._match_word(word, language).items():
                scores[page_id] += value
        ranked = sorted(
            (Hit(page, round(score, 3)) for page, score in scores.items() if score >= MIN_SCORE),
            key=lambda hit: (-hit.score, hit.page_id),
        )
        if self.is_emergency(words) and EMERGENCY_PAGE in self.folder.nodes:
            top = Hit(EMERGENCY_PAGE, float("inf"))
            ranked = [top, *(h for h in ranked if h.page_id != EMERGENCY_PAGE)]
        return ranked[:limit]

    @staticmethod
    def is_emergency(words: list[str]) -> bool:
        return any(
            word in DANGER
            or (
                len(word) >= 5
                and process.extractOne(word, DANGER, scorer=fuzz.ratio, score_cutoff=85)
            )
            for word in words
        )

    def _match_word(self, word: str, language: str | None = None) -> dict[str, float]:
        """Best score per page for one query word: exact 1, prefix or compound 0.8, typo ~0.7."""
        similarity: dict[str, float] = {}
        if word in self.postings:
            similarity[word] = 1.0
        if len(word) >= 4:
            for term in self.vocabulary:
                if term == word or len(term) < 4:
                    continue
                if term.startswith(word) or word.startswith(term):  # word forms: Kurs, Kurse
                    similarity.setdefault(term, 0.8)
                elif term.endswith(word) or word.endswith(term):  # compounds: Deutsch|kurs
                    similarity.setdefault(term, 0.5)
            # Typos: a single wrong letter in a 4-letter word is another word (دکتر, دفتر).
            cutoff = 80 if len(word) >= 5 else 100
            for term, score, _ in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                similarity[term] = max(similarity.get(term, 0.0), 0.9 * score / 100)
        best: dict[str, float] = {}
        for term, sim in similarity.items():
            for page_id, weight in self.postings[term].items():
                if language in self.languages.get((term, page_id), ()):
                    weight *= OWN_LANGUAGE
                best[page_id] = max(best.get(page_id, 0.0), sim * weight)
        return best


def _terms(text: str) -> list[str]:
    return [
        _strip_article(word)
        for word in _WORD.findall(normalize_search(text))
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit())
    ]


def _strip_article(word: str) -> str:
    """Arabic's article is written onto the word: الحمل and حمل are one word for search."""
    return word[2:] if word.startswith("ال") and len(word) >= 5 else word
