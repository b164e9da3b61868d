"""The first issue form (fixed sections: foreword, local_reviews, …), read as blocks.

Files written for scrnews 0.1 keep building: at load time their sections become blocks in the
order 0.1 printed them, with 0.1's words (its default headings and its study link text), and
every line and column is carried over, so a mistake is still reported where it was written
and under the name it was written with. After this, there is one model and one code path.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .errors import Problem
from .labels import labels_for
from .load import Document, Loc

#: Sections of the old form, in the order 0.1 printed them, with the fields each had.
SECTIONS: dict[str, tuple[str, ...]] = {
    "introduction": (),
    "foreword": ("heading", "intro", "text", "author", "role"),
    "articles": ("heading", "intro", "text", "author", "role"),
    "local_reviews": (
        "heading",
        "intro",
        "since",
        "text",
        "cases",
        "stated",
        "themes",
        "earlier_issue",
    ),
    "initiatives": ("heading", "intro", "themes"),
    "action_plans": ("heading", "intro", "text", "actions"),
    "national_studies": ("heading", "intro", "studies"),
    "local_learning": ("heading", "intro", "items", "ordered", "text"),
    "sections": ("heading", "intro", "text", "items", "ordered", "table"),
    "further_reading": ("heading", "intro", "text", "links"),
    "contacts": ("heading", "intro", "people"),
    "feedback": ("heading", "intro", "text"),
}
LISTS = ("articles", "sections")
OLD_STUDY_LINK_TEXT = "The full report can be found at:"


def is_old_form(data: Any) -> bool:
    return isinstance(data, dict) and any(key in data for key in SECTIONS)


def translate(doc: Document) -> list[Problem]:
    """Rewrite an old-form doc.data as a body of blocks in place; return what cannot be read."""
    data = doc.data
    if not is_old_form(data):
        return []
    if "body" in data:
        old = [key for key in SECTIONS if key in data]
        problem = [
            doc.problem(
                (old[0],),
                f"this file has both 'body:' and the old sections ({', '.join(old)}). "
                "Write each section as a block under 'body:' (see README, 'The issue file').",
                key=True,
            )
        ]
        for key in old:
            del data[key]  # reported once, here, not again as unknown fields
        return problem
    builder = _Builder(doc, labels_for(_language(data.get("language"))))
    for name in SECTIONS:
        if name not in data:
            continue
        value = data.pop(name)
        if name in LISTS:
            if isinstance(value, list):
                for index, entry in enumerate(value):
                    builder.section(name, (name, index), entry)
            else:
                builder.section(name, (name,), value)  # lets validation say "expected a list"
        else:
            builder.section(name, (name,), value)
    data["body"] = builder.blocks
    builder.move_marks()
    return builder.problems


def _language(value: Any) -> str:
    aliases = {"en": "en-GB", "en-gb": "en-GB", "cy": "cy-GB", "cy-gb": "cy-GB"}
    return aliases.get(str(value).strip().lower(), "en-GB") if value else "en-GB"


class _Builder:
    """Blocks made from old sections, and where each of their parts was written."""

    def __init__(self, doc: Document, labels: dict[str, str]):
        self.doc = doc
        self.labels = labels
        self.blocks: list[dict] = []
        self.moves: list[tuple[Loc, Loc]] = []  # (new location, old location)
        self.problems: list[Problem] = []

    # ------------------------------------------------------------ one block

    def add(self, old: Loc, block: dict, fields: Iterable[tuple[Any, Loc]] = ()) -> Loc:
        """Append a block; fields maps its keys (or key paths) to where they were written."""
        where = ("body", len(self.blocks))
        self.blocks.append(block)
        self.moves.append((where, old))
        for key, written in fields:
            path = key if isinstance(key, tuple) else (key,)
            self.moves.append(((*where, *path), written))
        return where

    def section(self, name: str, old: Loc, value: Any) -> None:
        if name == "introduction":
            self.add(old, {"type": "text", "text": value}, [("text", old)])
            return
        if not isinstance(value, dict):
            self.add(old, {"type": _TYPES[name], "text": value})  # validation says what it found
            return
        self.unknown_keys(name, old, value)
        getattr(self, f"_{name}")(old, value, self.heading(name, value))

    def heading(self, name: str, value: dict) -> str | None:
        if "heading" in value:
            return value["heading"]
        return None if name in LISTS else self.labels.get(name)

    def unknown_keys(self, name: str, old: Loc, value: dict) -> None:
        allowed = SECTIONS[name]
        for key in list(value):
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = (
                f" Did you mean '{close[0]}'?"
                if close
                else f" Fields allowed here: {', '.join(allowed)}."
            )
            self.problems.append(
                self.doc.problem((*old, key), f"unknown field '{key}'.{hint}", key=True)
            )
            del value[key]

    def joined(self, old: Loc, value: dict, *keys: str) -> tuple[str | None, list[tuple[str, Loc]]]:
        """Markdown fields written one after another, as one text (0.1 printed them so)."""
        parts = [(key, value[key]) for key in keys if value.get(key) not in (None, "")]
        if not parts:
            return None, []
        if len(parts) == 1 or not all(isinstance(text, str) for _, text in parts):
            key, text = parts[-1]
            return text, [(key, (*old, key))]
        return "\n\n".join(text for _, text in parts), [(parts[-1][0], (*old, parts[-1][0]))]

    @staticmethod
    def block(kind: str, heading: str | None, **fields: Any) -> dict:
        block = {"type": kind}
        if heading is not None:
            block["heading"] = heading
        block.update({key: value for key, value in fields.items() if value is not None})
        return block

    def add_joined(self, old: Loc, kind: str, heading: str | None, key: str, value: dict, *keys):
        text, written = self.joined(old, value, *keys)
        fields = [("heading", (*old, "heading"))] + [(key, where) for _, where in written]
        return self.add(old, self.block(kind, heading, **{key: text}), fields)

    # ------------------------------------------------------------ the sections

    def _foreword(self, old: Loc, value: dict, heading: str | None) -> None:
        text, written = self.joined(old, value, "intro", "text")
        signatory = {k: value[k] for k in ("author", "role") if value.get(k) is not None}
        block = self.block("message", heading, text=text)
        fields = [("heading", (*old, "heading"))] + [("text", w) for _, w in written]
        if signatory:
            renamed = {"author": "name", "role": "role"}
            block["signatories"] = [{renamed[k]: v for k, v in signatory.items()}]
            fields += [(("signatories", 0, renamed[k]), (*old, k)) for k in signatory]
        self.add(old, block, fields)

    _articles = _foreword

    def _local_reviews(self, old: Loc, value: dict, heading: str | None) -> None:
        intro, written = self.joined(old, value, "intro", "text")
        fields = [("heading", (*old, "heading"))] + [("intro", w) for _, w in written]
        block = self.block("figures", heading, intro=intro)
        for key in ("cases", "stated", "since"):
            if key in value:
                block[key] = value[key]
                fields.append((key, (*old, key)))
        earlier = value.get("earlier_issue")
        if earlier is not None:
            after = self.earlier_issue((*old, "earlier_issue"), earlier)
            if after is not None:
                block["after"] = after
                fields.append(("after", (*old, "earlier_issue")))
        self.add(old, block, fields)
        if value.get("themes"):
            self.add(
                (*old, "themes"),
                {"type": "list", "items": value["themes"]},
                [("items", (*old, "themes"))],
            )

    def earlier_issue(self, old: Loc, value: Any) -> str | None:
        """'text <url>': 0.1 printed the words, then the address as its own link."""
        from .fields import _check_url

        if not isinstance(value, dict) or "url" not in value:
            self.problems.append(
                self.doc.problem(
                    old,
                    "expected the fields text and url, such as url: https://www.example.org/issue-1.pdf",
                )
            )
            return None
        try:
            url = _check_url(str(value["url"]))
        except ValueError as error:
            self.problems.append(self.doc.problem((*old, "url"), f"{error}."))
            return None
        text = value.get("text")
        return f"{text} <{url}>" if text else f"<{url}>"

    def _initiatives(self, old: Loc, value: dict, heading: str | None) -> None:
        block = self.block("themes", heading, intro=value.get("intro"), themes=value.get("themes"))
        self.add(old, block, _same(old, "heading", "intro", "themes"))

    def _action_plans(self, old: Loc, value: dict, heading: str | None) -> None:
        intro, written = self.joined(old, value, "intro", "text")
        block = self.block("actions", heading, intro=intro, actions=value.get("actions"))
        # 0.1 captioned the table with the section's heading.
        if value.get("actions") and heading:
            block["caption"] = heading
        fields = _same(old, "heading", "actions") + [("intro", w) for _, w in written]
        self.add(old, block, fields)

    def _national_studies(self, old: Loc, value: dict, heading: str | None) -> None:
        studies = value.get("studies")
        if isinstance(studies, list):
            studies = [
                {**study, "url_text": OLD_STUDY_LINK_TEXT}
                if isinstance(study, dict) and study.get("url") and "url_text" not in study
                else study
                for study in studies
            ]
        block = self.block("studies", heading, intro=value.get("intro"), studies=studies)
        self.add(old, block, _same(old, "heading", "intro", "studies"))

    def _local_learning(self, old: Loc, value: dict, heading: str | None) -> None:
        if not value.get("items"):
            self.add_joined(old, "text", heading, "text", value, "intro", "text")
            return
        block = self.block(
            "list",
            heading,
            intro=value.get("intro"),
            items=value["items"],
            ordered=value.get("ordered"),
            after=value.get("text"),
        )
        fields = _same(old, "heading", "intro", "items", "ordered") + [("after", (*old, "text"))]
        self.add(old, block, fields)

    def _sections(self, old: Loc, value: dict, heading: str | None) -> None:
        """A section of the board's own: its text, its list and its table, one block each."""
        text, written = self.joined(old, value, "intro", "text")
        if text is not None or not (value.get("items") or value.get("table")):
            block = self.block("text", heading, text=text)
            fields = [("heading", (*old, "heading"))] + [("text", w) for _, w in written]
            self.add(old, block, fields)
            heading = None
        if value.get("items"):
            block = self.block("list", heading, items=value["items"], ordered=value.get("ordered"))
            self.add(old, block, _same(old, "heading", "items", "ordered"))
            heading = None
        table = value.get("table")
        if table is not None:
            if isinstance(table, dict):
                block = {**self.block("table", heading), **table}
            else:
                block = self.block("table", heading, header=table)
            self.add((*old, "table"), block, [("heading", (*old, "heading"))])

    def _further_reading(self, old: Loc, value: dict, heading: str | None) -> None:
        intro, written = self.joined(old, value, "intro", "text")
        block = self.block("links", heading, intro=intro, links=value.get("links"))
        fields = _same(old, "heading", "links") + [("intro", w) for _, w in written]
        self.add(old, block, fields)

    def _contacts(self, old: Loc, value: dict, heading: str | None) -> None:
        block = self.block(
            "contacts", heading, intro=value.get("intro"), people=value.get("people")
        )
        self.add(old, block, _same(old, "heading", "intro", "people"))

    def _feedback(self, old: Loc, value: dict, heading: str | None) -> None:
        self.add_joined(old, "feedback", heading, "text", value, "intro", "text")

    # ------------------------------------------------------------ positions

    def move_marks(self) -> None:
        """Give every new location the line and column its value had where it was written."""
        doc = self.doc
        for marks in (doc.value_marks, doc.key_marks, doc.raw_scalars):
            old = dict(marks)
            for now, written in sorted(self.moves, key=lambda move: len(move[1])):
                for loc, mark in old.items():
                    if loc[: len(written)] == written:
                        marks[(*now, *loc[len(written) :])] = mark
        doc.renamed.extend(self.moves)


def _same(old: Loc, *keys: str) -> list[tuple[str, Loc]]:
    return [(key, (*old, key)) for key in keys]


_TYPES = {
    "foreword": "message",
    "articles": "message",
    "local_reviews": "figures",
    "initiatives": "themes",
    "action_plans": "actions",
    "national_studies": "studies",
    "local_learning": "list",
    "sections": "text",
    "further_reading": "links",
    "contacts": "contacts",
    "feedback": "feedback",
}
