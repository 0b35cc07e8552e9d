"""Welcome-folder screens: the topic menu, a page with its facts, search results."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.content import WEEKDAYS, Folder, Node
from bot.services.feedback import Report
from bot.services.search import Hit
from bot.ui.callbacks import OpenMenu, OpenNode, ShowMap, VotePage
from bot.ui.common import Screen, bold, button, home_button, insert

MAX_SEE_ALSO = 3


def label(tr: Translator, folder: Folder, node: Node) -> str:
    """A node's name for a button or heading: emoji, then the title in the reader's language."""
    title = tr.isolate_runs(folder.title(node, tr.language))
    return f"{node.emoji} {title}".strip()


def folder_home(tr: Translator, folder: Folder) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("📁 Welcome folder")),
            tr.gettext("Choose a topic, or type a word, for example “Kita” or “doctor”."),
        ]
    )
    rows = [[button(label(tr, folder, t), OpenNode(t.id))] for t in folder.topics()]
    rows.append([home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def node_menu(tr: Translator, folder: Folder, node: Node) -> Screen:
    """A topic or section: its pages and sections, one per row."""
    rows = [
        [button(label(tr, folder, child), OpenNode(child.id))] for child in folder.children(node.id)
    ]
    rows.append([_back_button(tr, node), home_button(tr)])
    return bold(label(tr, folder, node)), InlineKeyboardMarkup(rows)


def page_screen(tr: Translator, folder: Folder, page: Node, index: int) -> Screen:
    """One screen of a page; the last screen carries the facts, links and the vote."""
    screens = folder.screens(page, tr.language)
    index = max(0, min(index, len(screens) - 1))
    last = index == len(screens) - 1
    parts = [bold(label(tr, folder, page)), escape(tr.isolate_runs(screens[index]))]
    if last:
        facts = _facts(tr, page)
        if facts:
            parts.append("\n".join(facts))
    if folder.status(page, tr.language) in ("outdated", "missing"):
        parts.append(
            "💡 " + tr.gettext("This page is being updated. The German version may be newer.")
        )
    if len(screens) > 1:
        parts.append(
            tr.gettext("Page {current} of {total}").format(
                current=tr.number(index + 1), total=tr.number(len(screens))
            )
        )
    return "\n\n".join(parts), _page_keyboard(tr, folder, page, index, len(screens))


def _facts(tr: Translator, page: Node) -> list[str]:
    lines = []
    if page.address:
        lines.append(
            "📍 "
            + tr.gettext("Address: {address}").format(address=insert(tr, page.address.one_line()))
        )
    if page.hours:
        lines.append("🕐 " + tr.gettext("Opening hours:"))
        for day, spans in sorted(page.hours.items(), key=lambda item: WEEKDAYS.index(item[0])):
            times = ", ".join(tr.digits(span.replace("-", "–")) for span in spans)
            lines.append(f"• {tr.weekday(WEEKDAYS.index(day))}: {escape(times)}")
    if page.phone:
        lines.append("📞 " + tr.gettext("Phone: {phone}").format(phone=insert(tr, page.phone)))
    if page.email:
        lines.append("✉️ " + tr.gettext("E-mail: {email}").format(email=insert(tr, page.email)))
    if page.website:
        lines.append("🌐 " + tr.gettext("Website: {url}").format(url=insert(tr, page.website)))
    if page.sample:
        lines.append("💡 " + tr.gettext("Sample data for trying Lotse out, not real."))
    elif page.checked and (page.address or page.hours or page.phone):
        lines.append(
            "💡 " + tr.gettext("Information as of {date}.").format(date=tr.date(page.checked))
        )
    return lines


def _page_keyboard(
    tr: Translator, folder: Folder, page: Node, index: int, total: int
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if total > 1:
        paging = []
        if index > 0:
            paging.append(
                button(tr.pgettext("button", "◀️ Back a page"), OpenNode(page.id, index - 1))
            )
        if index < total - 1:
            paging.append(button(tr.pgettext("button", "More ▶️"), OpenNode(page.id, index + 1)))
        rows.append(paging[::-1] if tr.rtl else paging)  # reading direction
    if index == total - 1:
        shortcuts = {
            "appointments": tr.pgettext("button", "📅 Book an appointment"),
            "courses": tr.pgettext("button", "📚 Find a German course"),
        }
        rows += [
            [button(shortcuts[name], OpenMenu(name))]
            for name in page.shortcuts
            if name in shortcuts
        ]
        links = [folder.get(target) for target in page.see_also]
        arrow = "⬅️ " if tr.rtl else "➡️ "  # points the way the reader reads
        rows += [[button(arrow + label(tr, folder, n), OpenNode(n.id))] for n in links if n][
            :MAX_SEE_ALSO
        ]
        places = []
        if page.address and page.address.lat is not None:
            places.append(button(tr.pgettext("button", "📍 Map"), ShowMap(page.id)))
        if page.website:
            places.append(
                InlineKeyboardButton(tr.pgettext("button", "🌐 Website"), url=page.website)
            )
        if places:
            rows.append(places)
        rows.append(
            [
                button(tr.pgettext("button", "👍 Helpful"), VotePage(page.id, 1)),
                button(tr.pgettext("button", "👎 Not helpful"), VotePage(page.id, 0)),
            ]
        )
    rows.append([_back_button(tr, page), home_button(tr)])
    return InlineKeyboardMarkup(rows)


def without_vote(markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """The same keyboard after a vote: the 👍 👎 row is gone, so nobody votes twice."""
    keep = [
        row
        for row in markup.inline_keyboard
        if not any(
            b.callback_data and b.callback_data.startswith(f"1:{VotePage.PREFIX}:") for b in row
        )
    ]
    return InlineKeyboardMarkup(keep)


def _back_button(tr: Translator, node: Node) -> InlineKeyboardButton:
    target = OpenNode(node.parent) if node.parent else OpenMenu("folder")
    return button(tr.pgettext("button", "↩️ Back"), target)


def search_results(tr: Translator, folder: Folder, hits: list[Hit]) -> Screen:
    rows = [[button(label(tr, folder, folder.nodes[h.page_id]), OpenNode(h.page_id))] for h in hits]
    rows.append(
        [button(tr.pgettext("button", "📁 All topics"), OpenMenu("folder")), home_button(tr)]
    )
    return tr.gettext("I found this in the welcome folder:"), InlineKeyboardMarkup(rows)


def no_results(tr: Translator, folder: Folder, query: str) -> Screen:
    text = "\n\n".join(
        [
            tr.gettext("Sorry, I found nothing for “{query}”.").format(query=insert(tr, query)),
            tr.gettext("Try another word, or choose a topic. A district office can also help you."),
        ]
    )
    rows = [[button(label(tr, folder, t), OpenNode(t.id))] for t in folder.topics()]
    rows.append([home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def vote_thanks(tr: Translator) -> str:
    return tr.gettext("Thank you! This helps us improve the welcome folder.")


def location_title(tr: Translator, folder: Folder, page: Node) -> str:
    return folder.title(page, tr.language)


def coordinator_report(tr: Translator, folder: Folder, found: Report) -> Screen:
    """Questions the folder could not answer, and pages readers found unhelpful."""
    lines = [bold(tr.gettext("📁 Welcome folder: what readers missed"))]
    lines.append(bold(tr.gettext("Questions without an answer (last 90 days):")))
    lines += [
        f"• {tr.number(q.times)}× {escape(tr.isolate_runs(q.text))}" for q in found.unanswered[:20]
    ] or ["–"]
    lines.append(bold(tr.gettext("Pages found unhelpful:")))
    for votes in found.unhelpful_pages[:20]:
        node = folder.get(votes.page_id)
        name = label(tr, folder, node) if node else votes.page_id
        lines.append(f"• 👎 {tr.number(votes.unhelpful)} 👍 {tr.number(votes.helpful)} {name}")
    if not found.unhelpful_pages:
        lines.append("–")
    return "\n".join(lines), None
