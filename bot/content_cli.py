"""`python -m bot content check | stamp | report` and `python -m bot qr`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.i18n import translator
from bot.services import feedback
from bot.services.content import load_folder
from bot.services.content_check import check, stamp
from bot.storage.db import create_engine, migrate


def run_check(settings: Settings, *, errors_only: bool) -> int:
    """Print what needs doing; exit 1 when a translation or link is missing or broken."""
    folder = load_folder(settings.content_dir / "folder")
    findings = check(folder)
    shown = [f for f in findings if f.is_error or not errors_only]
    for finding in shown:
        print(("ERROR " if finding.is_error else "      ") + str(finding))
    errors = sum(f.is_error for f in findings)
    by_kind: dict[str, int] = {}
    for finding in findings:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items())) or "nothing to do"
    pages = len(folder.pages())
    print(f"{pages} pages, {len(folder.nodes) - pages} topics and sections: {summary}")
    return 1 if errors else 0


def run_stamp(
    settings: Settings, *, pages: list[str], languages: list[str], reviewed: bool, restamp: bool
) -> int:
    directory = settings.content_dir / "folder"
    written = stamp(
        load_folder(directory),
        directory,
        node_ids=set(pages) or None,
        languages=set(languages) or None,
        reviewed=reviewed,
        restamp=restamp,
    )
    print(f"{written} translation stamps written")
    return 0


def run_report(settings: Settings, *, days: int) -> int:
    """Questions the folder could not answer, and pages readers found unhelpful."""

    async def fetch() -> feedback.Report:
        engine = create_engine(settings.database_url)
        try:
            await migrate(engine)
            return await feedback.report(engine, now=datetime.now(UTC), days=days)
        finally:
            await engine.dispose()

    result = asyncio.run(fetch())
    folder = load_folder(settings.content_dir / "folder")
    print(f"Questions without an answer (last {days} days):")
    for question in result.unanswered or []:
        print(f"  {question.times:4}×  [{question.language}] {question.text}")
    if not result.unanswered:
        print("  none")
    print(f"Pages found unhelpful ({result.votes} votes in all):")
    for votes in result.unhelpful_pages:
        node = folder.get(votes.page_id)
        title = node.title["de"] if node else "(page no longer exists)"
        print(f"  👎 {votes.unhelpful:3}  👍 {votes.helpful:3}  {votes.page_id}: {title}")
    if not result.unhelpful_pages:
        print("  none")
    return 0


def run_qr(settings: Settings, *, target: str, language: str, output: Path | None) -> int:
    """A QR code for the start (`start`), a course (`c_<course-id>`) or a welcome-folder page
    (`<page-id>` or `p_<page-id>`), with its title as the caption in `language`."""
    from bot.qr import deep_link, write_qr_png

    tr = translator(language)
    if target == "start":
        payload, caption = None, tr.gettext("Lotse: your guide for Rheine")
    elif target.startswith("c_"):
        titles = _course_titles(settings).get(target.removeprefix("c_"))
        if titles is None:
            print(f"no course with id {target.removeprefix('c_')!r}")
            return 2
        payload, caption = target, titles.get(language) or titles["de"]
    else:
        page_id = target.removeprefix("p_")
        node = load_folder(settings.content_dir / "folder").get(page_id)
        if node is None:
            print(f"no page or topic with id {page_id!r}")
            return 2
        payload, caption = f"p_{page_id}", node.title.get(language) or node.title["de"]
    url = deep_link(settings.bot_username, payload)
    path = output or Path(f"qr-{target}-{language}.png")
    write_qr_png(url, caption, path, rtl=tr.rtl)
    print(f"{path}: {url}")
    return 0


def _course_titles(settings: Settings) -> dict[str, dict[str, str]]:
    """Course titles from the database (courses may be added by CSV import)."""
    from bot.services import courses

    async def read() -> dict[str, dict[str, str]]:
        engine = create_engine(settings.database_url)
        try:
            await migrate(engine)
            await courses.seed(engine, settings.content_dir / "courses.yaml")
            return {c.id: c.title for c in await courses.catalogue(engine)}
        finally:
            await engine.dispose()

    return asyncio.run(read())
