"""What readers tell the folder: votes on pages and questions it could not answer.

Both are stored without any user id; the report groups them for the coordinators.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.i18n import normalize_search
from bot.storage import feedback


@dataclass(frozen=True, slots=True)
class PageVotes:
    page_id: str
    helpful: int
    unhelpful: int


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # as first asked
    language: str
    times: int


@dataclass(frozen=True, slots=True)
class Report:
    unanswered: list[Question]  # most asked first
    unhelpful_pages: list[PageVotes]  # most "not helpful" first
    votes: int


async def vote(
    db: AsyncEngine, *, page_id: str, language: str, helpful: bool, now: datetime
) -> None:
    async with db.begin() as conn:
        await feedback.add_vote(conn, page_id=page_id, language=language, helpful=helpful, now=now)


async def no_answer(db: AsyncEngine, *, query: str, language: str, now: datetime) -> None:
    async with db.begin() as conn:
        await feedback.add_unanswered(conn, query=query.strip(), language=language, now=now)


async def report(db: AsyncEngine, *, now: datetime, days: int = 90) -> Report:
    """Questions without an answer (the same question folded together) and pages that
    readers found unhelpful, over the last `days`."""
    async with db.connect() as conn:
        asked = await feedback.unanswered(conn, since=now - timedelta(days=days))
        votes = await feedback.votes_by_page(conn)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str]] = {}
    for text, language, _at in asked:
        key = " ".join(normalize_search(text).split())
        counts[key] += 1
        first.setdefault(key, (text, language))
    questions = [Question(*first[key], times) for key, times in counts.most_common()]
    unhelpful = sorted(
        (PageVotes(page, yes, no) for page, yes, no in votes if no),
        key=lambda v: (-v.unhelpful, v.helpful, v.page_id),
    )
    return Report(questions, unhelpful, sum(yes + no for _, yes, no in votes))
