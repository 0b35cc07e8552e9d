"""Command line: python -m bot run | console | i18n …"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.config import Settings


def _run(args: argparse.Namespace) -> int:
    from bot.app import build_application

    settings = Settings()
    if settings.telegram_bot_token is None:
        print("TELEGRAM_BOT_TOKEN is required for `run`.", file=sys.stderr)
        return 2
    application = build_application(settings, run_jobs=True)
    if args.webhook or settings.webhook_url:
        if not settings.webhook_url:
            print("--webhook needs LOTSE_WEBHOOK_URL (the public https URL).", file=sys.stderr)
            return 2
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=secret,
        )
    else:
        application.run_polling()  # stops gracefully on SIGINT / SIGTERM
    return 0


def _console(args: argparse.Namespace) -> int:
    from bot.console import main

    main(language_code=args.language, database=args.database)
    return 0


def _i18n_compile(args: argparse.Namespace) -> int:
    from bot.i18n import LANGUAGES, compile_catalog

    for language in LANGUAGES:
        compile_catalog(language)
    print(f"compiled {len(LANGUAGES)} catalogs")
    return 0


def _content(args: argparse.Namespace) -> int:
    from bot import content_cli

    settings = Settings()
    if args.content_command == "check":
        return content_cli.run_check(settings, errors_only=args.errors_only)
    if args.content_command == "stamp":
        return content_cli.run_stamp(
            settings,
            pages=args.page,
            languages=args.language,
            reviewed=args.reviewed,
            restamp=args.restamp,
        )
    return content_cli.run_report(settings, days=args.days)


def _qr(args: argparse.Namespace) -> int:
    from bot import content_cli

    return content_cli.run_qr(
        Settings(), target=args.target, language=args.language, output=args.output
    )


def _staff(args: argparse.Namespace) -> int:
    import asyncio
    from zoneinfo import ZoneInfo

    from bot.services import offices, staff
    from bot.services.errors import NotStaff
    from bot.storage.db import create_engine, migrate

    settings = Settings()

    async def add() -> int:
        engine = create_engine(settings.database_url)
        try:
            await migrate(engine)
            await offices.seed(
                engine, settings.content_dir / "offices.yaml", tz=ZoneInfo(settings.timezone)
            )
            await staff.add_staff(engine, user_id=args.user_id, office_id=args.office_id)
        except NotStaff:
            print(f"no office {args.office_id!r} (offices are seeded when the bot starts)")
            return 2
        finally:
            await engine.dispose()
        print(f"user {args.user_id} is now staff of {args.office_id}")
        return 0

    return asyncio.run(add())


def _courses(args: argparse.Namespace) -> int:
    import asyncio
    from datetime import UTC, datetime

    from bot.services import course_csv
    from bot.services import courses as catalogue
    from bot.storage.db import create_engine, migrate

    settings = Settings()

    async def run() -> int:
        engine = create_engine(settings.database_url)
        try:
            await migrate(engine)
            await catalogue.seed(engine, settings.content_dir / "courses.yaml")
            if args.courses_command == "export":
                args.file.write_text(await course_csv.export_csv(engine), encoding="utf-8")
                print(f"{args.file}: written")
                return 0
            written, problems = await course_csv.import_csv(
                engine, args.file.read_text(encoding="utf-8-sig"), now=datetime.now(UTC)
            )
        finally:
            await engine.dispose()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("nothing was imported", file=sys.stderr)
            return 1
        print(f"{written} courses imported")
        return 0

    return asyncio.run(run())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Lotse, the Rheine guide bot"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    run.set_defaults(func=_run)

    console = commands.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--language", default="en", help="your Telegram app language")
    console.add_argument("--database", help="SQLite file (default: a fresh temporary one)")
    console.set_defaults(func=_console)

    i18n = commands.add_parser("i18n", help="translation catalogs")
    i18n_commands = i18n.add_subparsers(dest="i18n_command", required=True)
    i18n_commands.add_parser("compile", help="build the .mo files").set_defaults(func=_i18n_compile)

    content = commands.add_parser("content", help="the welcome folder's translations and feedback")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="missing, outdated, unreviewed, broken links")
    check.add_argument("--errors-only", action="store_true", help="hide outdated and unreviewed")
    stamp = content_commands.add_parser("stamp", help="record that translations follow the German")
    stamp.add_argument("--page", action="append", default=[], help="only this page (repeatable)")
    stamp.add_argument("--language", action="append", default=[], help="only this language")
    stamp.add_argument("--reviewed", action="store_true", help="a person reviewed them")
    stamp.add_argument("--restamp", action="store_true", help="also restamp outdated ones")
    report = content_commands.add_parser("report", help="unanswered questions, unhelpful pages")
    report.add_argument("--days", type=int, default=90)
    content.set_defaults(func=_content)

    staff = commands.add_parser("staff", help="office teams")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_commands.add_parser("add", help="make a Telegram user staff of an office")
    add.add_argument("user_id", type=int)
    add.add_argument("office_id")
    staff.set_defaults(func=_staff)

    course_parser = commands.add_parser("courses", help="the course list as CSV")
    course_commands = course_parser.add_subparsers(dest="courses_command", required=True)
    for name, text in (
        ("import", "read courses from CSV (all or nothing)"),
        ("export", "write all courses"),
    ):
        sub = course_commands.add_parser(name, help=text)
        sub.add_argument("file", type=Path)
    course_parser.set_defaults(func=_courses)

    qr = commands.add_parser("qr", help="a PNG QR code with a deep link, for flyers")
    qr.add_argument("target", help="start, c_<course-id>, or a page id (p_<id> works too)")
    qr.add_argument("--language", default="de", choices=["de", "en", "fa", "ar"])
    qr.add_argument("--output", type=Path, help="PNG file (default: qr-<target>-<language>.png)")
    qr.set_defaults(func=_qr)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    from bot.services.content import ContentError

    try:
        return args.func(args)
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
