"""The coordinators' figures on a known data set, the chart and the CSV; small counts never
point at a person; plain users get nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from PIL import Image

from bot.charts import bars
from bot.config import CONTENT_DIR
from bot.services import course_search, courses, registrations, stats
from bot.storage.db import create_engine, migrate
from bot.storage.tables import subscriptions, users

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")


async def test_figures_on_a_known_data_set(tmp_path):
    db = create_engine(f"sqlite+aiosqlite:///{tmp_path / 's.db'}")
    await migrate(db)
    await courses.seed(db, CONTENT_DIR / "courses.yaml")
    languages = ["fa"] * 5 + ["ar"] * 3 + ["de"]
    async with db.begin() as conn:
        for uid, language in enumerate(languages, start=1):
            await conn.execute(
                sa.insert(users).values(
                    id=uid, language=language, language_confirmed=True, created_at=NOW
                )
            )
        for uid in (1, 2, 3):
            await conn.execute(
                sa.insert(subscriptions).values(
                    user_id=uid, topic="courses", district=None, created_at=NOW
                )
            )
    for uid in (1, 2, 3, 4):
        await course_search.answer(db, uid, "district", "Dorenkamp", now=NOW)
    await course_search.answer(db, 5, "district", "Mesum", now=NOW)
    await course_search.answer(db, 2, "shift", "alternating", now=NOW)
    await registrations.register(
        db,
        user_id=1,
        course_id="kita-sonne-a1",
        name="A",
        child_ages=[1],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    await registrations.register(
        db,
        user_id=2,
        course_id="vhs-a1-morgen",
        name="B",
        child_ages=[],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    await registrations.register(
        db,
        user_id=3,
        course_id="frauen-inn-a2",
        name="C",
        child_ages=[],
        language="ar",
        now=NOW,
        coordinators_chat=None,
    )  # full: waiting
    await registrations.register(
        db,
        user_id=4,
        course_id="azubi-a2-abend",
        name="D",
        child_ages=[],
        language="ar",
        now=NOW,
        coordinators_chat=None,
    )
    found = await stats.figures(db, tz=TZ)
    assert found.users_by_language == {"fa": 5, "ar": 3, "de": 1}
    assert found.users_by_district == {"Dorenkamp": 4, "Mesum": 1}
    assert found.subscriptions == {"courses": 3}
    assert found.registrations == {"kita-sonne-a1": 1, "vhs-a1-morgen": 1, "azubi-a2-abend": 1}
    assert found.waiting == {"frauen-inn-a2": 1}
    assert found.childcare_share == 1 / 3  # one of the three open registrations
    assert found.shift_or_evening_share == 2 / 3  # a shift worker and an evening course
    rows = list(csv.reader(io.StringIO(stats.as_csv(found).decode())))
    assert ["users_by_district", "Mesum", "<3"] in rows  # one person: not shown exactly
    assert ["users_by_language", "fa", "5"] in rows
    chart = Image.open(io.BytesIO(bars(
        "Kurse", [(c, found.registrations.get(c, 0), found.waiting.get(c, 0)) for c in sorted(set(found.registrations) | set(found.waiting))],
        legend=("angemeldet", "wartend"), rtl=False)))  # fmt: skip
    assert chart.format == "PNG" and chart.height > 100
    await db.dispose()


async def test_stats_for_coordinators_only(app, chat, telegram):
    plain_user = chat(user_id=5, language_code="en")
    await plain_user.send("/start")
    await plain_user.press("English")
    [answer] = await plain_user.send("/stats")
    assert answer.text == "Only coordinators can do this."
    app.bot_data["settings"] = app.bot_data["settings"].model_copy(
        update={"coordinator_ids": frozenset({5})}
    )
    sent = await plain_user.send("/stats")
    assert sent[0].text.startswith("📊 Figures") and "💬 Everyone who started Lotse" in sent[0].text
    assert [s.method for s in sent[1:]] == ["sendPhoto", "sendDocument"]
    assert sent[2].params["_filename"] == "lotse-figures.csv"
