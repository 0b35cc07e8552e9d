"""`python -m bot content check` and `content stamp`: the folder's translation status.

Errors (missing translations, broken links, unreadable right-to-left lines, screens too long
for a phone, facts without a date) fail the check and the tests; outdated and unreviewed
translations are listed so translators know what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.i18n import LANGUAGES, RTL_LANGUAGES, first_strong_is_rtl
from bot.services.content import (
    SOURCE_LANGUAGE,
    STAMPS_FILE,
    Folder,
    Stamp,
    source_hash,
)

MAX_SCREEN = 1000  # characters: more does not fit a small phone without long scrolling
SHORTCUTS = frozenset({"appointments", "courses"})
ERRORS = frozenset({"missing", "broken-link", "rtl-line", "too-long", "no-date", "shortcut"})


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # missing | outdated | unreviewed | broken-link | rtl-line | too-long | …
    node_id: str
    language: str | None
    detail: str = ""

    @property
    def is_error(self) -> bool:
        return self.kind in ERRORS

    def __str__(self) -> str:
        where = f"{self.node_id}[{self.language}]" if self.language else self.node_id
        return f"{self.kind:12} {where}" + (f": {self.detail}" if self.detail else "")


def check(folder: Folder) -> list[Finding]:
    findings: list[Finding] = []
    for node in sorted(folder.nodes.values(), key=lambda n: n.id):
        for language in LANGUAGES:
            status = folder.status(node, language)
            if status != "ok":
                findings.append(Finding(status, node.id, language))
            if status != "missing" and node.kind == "page":
                findings += _screens(folder, node, language)
        findings += [
            Finding("broken-link", node.id, None, f"see_also {target!r}")
            for target in node.see_also
            if target not in folder.nodes
        ]
        findings += [
            Finding("shortcut", node.id, None, f"unknown shortcut {name!r}")
            for name in node.shortcuts
            if name not in SHORTCUTS
        ]
        if (node.address or node.hours or node.phone) and node.checked is None:
            findings.append(Finding("no-date", node.id, None, "facts need `checked:`"))
    return findings


def _screens(folder: Folder, node, language: str) -> list[Finding]:
    findings = []
    for index, screen in enumerate(folder.screens(node, language), start=1):
        if len(screen) > MAX_SCREEN:
            detail = f"screen {index} has {len(screen)} characters (max {MAX_SCREEN})"
            findings.append(Finding("too-long", node.id, language, detail))
        if language in RTL_LANGUAGES:
            findings += [
                Finding("rtl-line", node.id, language, line[:40])
                for line in screen.splitlines()
                if line.strip() and not first_strong_is_rtl(line)
            ]
    return findings


def stamp(
    folder: Folder,
    directory: Path,
    *,
    node_ids: set[str] | None = None,
    languages: set[str] | None = None,
    reviewed: bool = False,
    restamp: bool = False,
) -> int:
    """Record that the current translations follow the current German text.

    Without `restamp`, only translations without any stamp get one (new pages); an outdated
    translation is restamped only when named (`node_ids`) or with `restamp`, because
    stamping says "this translation is up to date". Returns how many stamps were written."""
    stamps = dict(folder.stamps)
    written = 0
    for node in folder.nodes.values():
        if node_ids is not None and node.id not in node_ids:
            continue
        for language in languages or set(LANGUAGES) - {SOURCE_LANGUAGE}:
            if language == SOURCE_LANGUAGE or folder.status(node, language) == "missing":
                continue
            old = stamps.get((node.id, language))
            if old is not None and not restamp and node_ids is None:
                continue
            stamps[(node.id, language)] = Stamp(source_hash(node), reviewed)
            written += 1
    _write_stamps(directory / STAMPS_FILE, stamps)
    return written


def _write_stamps(path: Path, stamps: dict[tuple[str, str], Stamp]) -> None:
    tree: dict[str, dict[str, dict[str, object]]] = {}
    for (node_id, language), entry in sorted(stamps.items()):
        tree.setdefault(node_id, {})[language] = {
            "source": entry.source,
            "reviewed": entry.reviewed,
        }
    header = (
        "# Written by `python -m bot content stamp`: the German source each translation follows.\n"
    )
    path.write_text(header + yaml.safe_dump(tree, sort_keys=True), encoding="utf-8")
