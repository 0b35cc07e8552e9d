"""The translators' and coordinators' tools: content check and stamps, the feedback report,
QR codes for flyers, and the map of a page with coordinates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import segno
from PIL import Image

from bot.config import CONTENT_DIR, Settings
from bot.content_cli import run_check, run_qr, run_report
from bot.i18n import translator
from bot.services import feedback
from bot.services.content import load_folder
from bot.services.content_check import check, stamp
from bot.ui.folder import page_screen


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "folder", target / "folder")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_german_source_marks_translations_outdated(content_copy, capsys):
    folder_dir = content_copy / "folder"
    edit(folder_dir / "children.yaml", "Kinder können ab 1 Jahr", "Kinder können schon ab 1 Jahr")
    folder = load_folder(folder_dir)
    kita = folder.get("kita")
    assert {folder.status(kita, lang) for lang in ("en", "fa", "ar")} == {"outdated"}
    text, _ = page_screen(translator("fa"), folder, kita, 0)
    assert "این صفحه در حال به‌روزرسانی است" in text
    assert run_check(Settings(_env_file=None, content_dir=content_copy), errors_only=False) == 0
    assert "outdated     kita[fa]" in capsys.readouterr().out
    # the translator updates Farsi and stamps it: only Farsi is current again
    stamp(folder, folder_dir, node_ids={"kita"}, languages={"fa"}, reviewed=True)
    folder = load_folder(folder_dir)
    assert folder.status(folder.get("kita"), "fa") == "ok"
    assert folder.status(folder.get("kita"), "ar") == "outdated"


def test_missing_translation_and_broken_link_fail_the_check(content_copy, capsys):
    folder_dir = content_copy / "folder"
    edit(folder_dir / "children.yaml", "see_also: [", "see_also: [no-such-page, ")
    text = (folder_dir / "work.yaml").read_text(encoding="utf-8")
    # drop the Arabic title of the first page
    lines = text.splitlines(keepends=True)
    first_ar_title = next(
        i for i, line in enumerate(lines) if line.strip().startswith("ar:") and i > 8
    )
    del lines[first_ar_title]
    (folder_dir / "work.yaml").write_text("".join(lines), encoding="utf-8")
    findings = check(load_folder(folder_dir))
    kinds = {(f.kind, f.language) for f in findings if f.is_error}
    assert ("broken-link", None) in kinds and ("missing", "ar") in kinds
    assert run_check(Settings(_env_file=None, content_dir=content_copy), errors_only=True) == 1


async def test_report_lists_unanswered_questions_and_unhelpful_pages(tmp_path, capsys, clock):
    from bot.storage.db import create_engine, migrate

    url = f"sqlite+aiosqlite:///{tmp_path / 'r.db'}"
    engine = create_engine(url)
    await migrate(engine)
    for text in ("Pizza", "pizza ", "Führerschein umschreiben"):
        await feedback.no_answer(engine, query=text, language="de", now=clock())
    await feedback.vote(engine, page_id="kita", language="fa", helpful=False, now=clock())
    await feedback.vote(engine, page_id="kita", language="de", helpful=True, now=clock())
    result = await feedback.report(engine, now=clock())
    await engine.dispose()
    assert [(q.text, q.times) for q in result.unanswered] == [
        ("Pizza", 2),
        ("Führerschein umschreiben", 1),
    ]
    assert [(p.page_id, p.unhelpful, p.helpful) for p in result.unhelpful_pages] == [("kita", 1, 1)]


def test_report_command_prints_for_coordinators(tmp_path, capsys):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    assert run_report(settings, days=30) == 0
    out = capsys.readouterr().out
    assert "Questions without an answer" in out and "Pages found unhelpful" in out


@pytest.mark.parametrize("language", ["fa", "de"])
def test_qr_code_for_a_page_with_a_caption(tmp_path, language, capsys):
    settings = Settings(_env_file=None, bot_username="lotse_test_bot")
    output = tmp_path / "kita.png"
    assert run_qr(settings, target="p_kita", language=language, output=output) == 0
    assert "https://t.me/lotse_test_bot?start=p_kita" in capsys.readouterr().out
    image = Image.open(output)
    code = segno.make("https://t.me/lotse_test_bot?start=p_kita", error="m")
    width = (code.symbol_size(scale=10, border=4))[0]
    assert image.width == width and image.height > width  # the caption sits below the code
    caption_area = image.crop((0, width, image.width, image.height)).convert("L")
    assert caption_area.getextrema()[0] < 100  # there is text in it


def test_qr_for_an_unknown_page_is_refused(tmp_path, capsys):
    assert (
        run_qr(Settings(_env_file=None), target="nope", language="de", output=tmp_path / "x.png")
        == 2
    )


async def test_map_button_sends_the_place(tmp_path, telegram, clock, content_copy):
    from bot.app import build_application
    from bot.testing.chat import Conversation
    from bot.testing.fake_api import FakeBotApi

    edit(
        content_copy / "folder" / "german.yaml",
        'city: "Rheine"}',
        'city: "Rheine", lat: 52.28, lon: 7.44}',
    )
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}",
        content_dir=content_copy,
    )
    app = build_application(settings, request=FakeBotApi(telegram), clock=clock, rate_limit=False)
    await app.initialize()
    await app.post_init(app)
    try:
        conversation = Conversation(app, telegram, 5, language_code="de")
        await conversation.send("/start")
        await conversation.press("Deutsch")
        await conversation.send("/start p_sprachoffensive")
        while "📍 Karte" not in conversation.buttons():
            await conversation.press("Weiter")
        [venue] = await conversation.press("📍 Karte")
        assert venue.method == "sendVenue"
        assert venue.params["latitude"] == 52.28 and "Klosterstraße 14" in venue.params["address"]
    finally:
        await app.shutdown()
        await app.post_shutdown(app)


def test_qr_code_for_a_course_poster(tmp_path, capsys):
    settings = Settings(
        _env_file=None,
        bot_username="lotse_test_bot",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'qr.db'}",
    )
    output = tmp_path / "course.png"
    assert run_qr(settings, target="c_kita-sonne-a1", language="ar", output=output) == 0
    assert "https://t.me/lotse_test_bot?start=c_kita-sonne-a1" in capsys.readouterr().out
    assert Image.open(output).height > Image.open(output).width
    assert run_qr(settings, target="c_nope", language="ar", output=output) == 2


async def test_coordinators_see_the_folder_report_in_the_chat(app, chat, telegram):
    reader = chat(user_id=81, language_code="de")
    await reader.send("/start")
    await reader.press("Deutsch")
    await reader.send("Führerschein umschreiben")
    [refused] = await reader.send("/folderreport")
    assert refused.text == "Das dürfen nur Koordinatorinnen und Koordinatoren."
    app.bot_data["settings"] = app.bot_data["settings"].model_copy(
        update={"coordinator_ids": frozenset({81})}
    )
    [report] = await reader.send("/folderreport")
    assert "1× Führerschein umschreiben" in report.text
