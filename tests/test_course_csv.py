"""Coordinators keep the course list in a spreadsheet: export, edit, import — and a bad
file is refused with line numbers, importing nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.config import CONTENT_DIR
from bot.services import course_csv, courses
from bot.storage.db import create_engine, migrate

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'csv.db'}")
    await migrate(engine)
    await courses.seed(engine, CONTENT_DIR / "courses.yaml")
    yield engine
    await engine.dispose()


def edit(text: str, course_id: str, **changes: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["id"] == course_id:
            row.update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=course_csv.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


async def test_export_then_import_round_trips(db):
    text = await course_csv.export_csv(db)
    assert text.count("\n") == 33  # header and 32 courses
    changed = edit(text, "vhs-a1-abend", capacity="14", schedule="mon 19:00-20:30; wed 19:00-20:30")
    written, problems = await course_csv.import_csv(db, changed, now=NOW)
    assert (written, problems) == (32, [])
    course = await courses.get_course(db, "vhs-a1-abend")
    assert course.capacity == 14 and course.sessions[0].start.hour == 19
    assert await course_csv.export_csv(db) == changed  # nothing lost on the way


async def test_a_bad_file_is_refused_with_line_numbers_and_nothing_changes(db):
    text = await course_csv.export_csv(db)
    before = await course_csv.export_csv(db)
    bad = edit(text, "kita-sonne-a1", level="C2", capacity="12")
    bad = edit(bad, "alpha-elte", starts="2027-31-01")
    bad = edit(bad, "vhs-b1-abend", schedule="Tuesday evening")
    written, problems = await course_csv.import_csv(db, bad, now=NOW)
    assert written == 0
    messages = [str(p) for p in problems]
    ids = [row["id"] for row in csv.DictReader(io.StringIO(text))]
    line = ids.index("kita-sonne-a1") + 2  # after the header
    assert f"line {line}: level 'C2': one of alpha, alpha-other, a1-start, a1, a2, b1" in messages
    assert any("starts '2027-31-01'" in m for m in messages)
    assert any("schedule 'Tuesday evening'" in m for m in messages)
    assert await course_csv.export_csv(db) == before


async def test_missing_columns_are_named(db):
    written, problems = await course_csv.import_csv(db, "id,title_de\nx,Kurs\n", now=NOW)
    assert (
        written == 0 and problems[0].line == 1 and "missing columns: title_en" in str(problems[0])
    )


def test_the_command_line_refuses_a_bad_file(tmp_path, capsys, monkeypatch):
    from bot.__main__ import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    target = tmp_path / "courses.csv"
    assert main(["courses", "export", str(target)]) == 0
    target.write_text(target.read_text().replace(",open,", ",opne,", 1), encoding="utf-8")
    assert main(["courses", "import", str(target)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
