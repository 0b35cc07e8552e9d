"""The welcome folder (Willkommensmappe): topics, sections and pages from content/folder/.

German is the source. Each translation is stamped with a hash of the German title and body
it was made from (content/folder/translations.yaml, written by `content stamp`); when the
German changes, the stamp no longer matches and the page says an update is pending.

The folder is read from YAML at start: it is reviewed content kept in git, not edited in
the database, so every instance serves the same folder without seeding.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import yaml

from bot.i18n import LANGUAGES

SOURCE_LANGUAGE = "de"
SCREEN_BREAK = re.compile(r"\n-{3,}\n")
ID_PATTERN = re.compile(r"^[a-z0-9-]{1,24}$")
STAMPS_FILE = "translations.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~15x faster
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Kind = Literal["topic", "section", "page"]
Status = Literal["ok", "missing", "outdated", "unreviewed"]


class ContentError(ValueError):
    """The folder's YAML is malformed (a file, an id, a field)."""


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    street: str
    postcode: str
    city: str
    lat: float | None = None
    lon: float | None = None

    def one_line(self) -> str:
        parts = [self.name, self.street, f"{self.postcode} {self.city}".strip()]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Node:
    """A topic, a section or a page; texts by language."""

    id: str
    kind: Kind
    parent: str | None
    order: int
    title: dict[str, str]
    emoji: str = ""
    body: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    address: Address | None = None
    hours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    see_also: tuple[str, ...] = ()
    shortcuts: tuple[str, ...] = ()
    checked: date | None = None
    sample: bool = False


@dataclass(frozen=True, slots=True)
class Stamp:
    source: str
    reviewed: bool


@dataclass
class Folder:
    nodes: dict[str, Node]
    stamps: dict[tuple[str, str], Stamp]

    def __post_init__(self) -> None:
        self._children: dict[str | None, list[Node]] = {}
        for node in sorted(self.nodes.values(), key=lambda n: (n.order, n.id)):
            self._children.setdefault(node.parent, []).append(node)

    def topics(self) -> list[Node]:
        return self._children.get(None, [])

    def children(self, node_id: str) -> list[Node]:
        return self._children.get(node_id, [])

    def pages(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "page"]

    def get(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def title(self, node: Node, language: str) -> str:
        return node.title.get(language) or node.title[SOURCE_LANGUAGE]

    def screens(self, page: Node, language: str) -> list[str]:
        """The page's text split into phone-sized screens, German where a translation is missing."""
        body = page.body.get(language) or page.body.get(SOURCE_LANGUAGE, "")
        return [s.strip() for s in SCREEN_BREAK.split("\n" + body.strip() + "\n") if s.strip()]

    def status(self, node: Node, language: str) -> Status:
        """How the translation of a page or menu entry stands against the German source."""
        if language == SOURCE_LANGUAGE:
            return "ok"
        if not node.title.get(language) or (node.kind == "page" and not node.body.get(language)):
            return "missing"
        stamp = self.stamps.get((node.id, language))
        if stamp is None or stamp.source != source_hash(node):
            return "outdated"
        return "ok" if stamp.reviewed else "unreviewed"


def source_hash(node: Node) -> str:
    """Fingerprint of the German text a translation must follow."""
    german = node.title.get(SOURCE_LANGUAGE, "") + "\n" + node.body.get(SOURCE_LANGUAGE, "")
    return hashlib.sha256(german.strip().encode()).hexdigest()[:10]


def load_folder(directory: Path) -> Folder:
    """Read every topic file and the translation stamps; raise ContentError on bad YAML."""
    nodes: dict[str, Node] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == STAMPS_FILE:
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
            entries = [
                ("topic", {**data["topic"], "parent": None}),
                *(("section", s) for s in data.get("sections") or []),
                *(("page", p) for p in data.get("pages") or []),
            ]
            for kind, raw in entries:
                node = _node(kind, raw)
                if node.id in nodes:
                    raise ContentError(f"duplicate id {node.id!r}")
                nodes[node.id] = node
        except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
            raise ContentError(f"{path.name}: {error}") from error
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            raise ContentError(f"{node.id}: parent {node.parent!r} does not exist")
    return Folder(nodes, load_stamps(directory / STAMPS_FILE))


def load_stamps(path: Path) -> dict[tuple[str, str], Stamp]:
    if not path.exists():
        return {}
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    return {
        (node_id, language): Stamp(str(entry["source"]), bool(entry.get("reviewed", False)))
        for node_id, languages in raw.items()
        for language, entry in (languages or {}).items()
    }


def _node(kind: Kind, raw: dict) -> Node:
    node_id = str(raw["id"])
    if not ID_PATTERN.match(node_id):
        raise ContentError(f"id {node_id!r}: use a-z, 0-9 and '-', at most 24 characters")
    address = raw.get("address")
    hours = {day: tuple(spans) for day, spans in (raw.get("hours") or {}).items()}
    if set(hours) - set(WEEKDAYS):
        raise ContentError(f"{node_id}: hours use {WEEKDAYS}")
    return Node(
        id=node_id,
        kind=kind,
        parent=raw.get("parent"),
        order=int(raw.get("order", 99)),
        title={k: str(v) for k, v in raw["title"].items() if k in LANGUAGES and v},
        emoji=str(raw.get("emoji", "")),
        body={k: str(v) for k, v in (raw.get("body") or {}).items() if k in LANGUAGES and v},
        keywords={k: tuple(map(str, v)) for k, v in (raw.get("keywords") or {}).items()},
        address=Address(**address) if address else None,
        hours=hours,
        phone=raw.get("phone"),
        email=raw.get("email"),
        website=raw.get("website"),
        see_also=tuple(raw.get("see_also") or ()),
        shortcuts=tuple(raw.get("shortcuts") or ()),
        checked=raw.get("checked"),
        sample=bool(raw.get("sample", False)),
    )
