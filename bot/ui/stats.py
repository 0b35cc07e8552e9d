"""The coordinators' figures, each with what it counts."""

from __future__ import annotations

from bot.i18n import NATIVE_NAMES, Translator
from bot.services.stats import Figures, small
from bot.ui.common import Screen, bold


def _count(tr: Translator, value: int) -> str:
    shown = small(value)
    return tr.number(shown) if isinstance(shown, int) else tr.gettext("fewer than 3")


def _percent(tr: Translator, share: float | None) -> str:
    return tr.gettext("not yet known") if share is None else tr.number(round(share * 100)) + " %"


def figures(tr: Translator, found: Figures) -> Screen:
    lines = [bold(tr.gettext("📊 Figures"))]

    def section(title: str, definition: str, items: list[str]) -> None:
        lines.extend(["", bold(title), "💬 " + definition, *(items or ["–"])])

    section(
        tr.gettext("Users by language"),
        tr.gettext("Everyone who started Lotse and has not deleted their data."),
        [
            f"• {NATIVE_NAMES.get(k, k)}: {_count(tr, v)}"
            for k, v in sorted(found.users_by_language.items())
        ],
    )
    section(
        tr.gettext("Users by part of town"),
        tr.gettext("From the answers to the course questions; only those who answered."),
        [f"• {k}: {_count(tr, v)}" for k, v in sorted(found.users_by_district.items())],
    )
    section(
        tr.gettext("Subscriptions"),
        tr.gettext("People who asked for announcements, per topic."),
        [f"• {k}: {_count(tr, v)}" for k, v in sorted(found.subscriptions.items())],
    )
    section(
        tr.gettext("Course registrations and waiting lists"),
        tr.gettext("Seats reserved or confirmed through Lotse + people waiting, per course."),
        [
            f"• {course}: {_count(tr, found.registrations.get(course, 0))}"
            f" + {_count(tr, found.waiting.get(course, 0))}"
            for course in sorted(set(found.registrations) | set(found.waiting))
        ],
    )
    section(
        tr.gettext("Childcare, shifts and evenings"),
        tr.gettext(
            "Share of open registrations that need childcare; "
            "that are by shift workers or for evening courses."
        ),
        [
            "• "
            + tr.gettext("childcare: {share}").format(share=_percent(tr, found.childcare_share)),
            "• "
            + tr.gettext("shifts or evening: {share}").format(
                share=_percent(tr, found.shift_or_evening_share)
            ),
        ],
    )
    section(
        tr.gettext("Appointments per office and month"),
        tr.gettext("Booked (confirmed at some point) / attended / no-show / cancelled."),
        [
            f"• {office} {month}: "
            + " / ".join(str(c.get(k, 0)) for k in ("booked", "attended", "no_show", "cancelled"))
            for (office, month), c in sorted(found.appointments.items())
        ],
    )
    section(
        tr.gettext("Announcements"),
        tr.gettext("Delivered of planned, per announcement."),
        [
            f"• {number} ({topic}): {done}/{planned}"
            for number, topic, done, planned in found.broadcasts
        ],
    )
    return "\n".join(lines), None
