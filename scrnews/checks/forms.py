"""What the rules need to know about the shape of an issue file, in both of its forms.

An issue is written either in the block form (`body:`, a list of `{type: ..., ...}` blocks) or
in the older form of named sections (`foreword:`, `articles:`, `contacts: {people: [...]}`, ...).
The rules look only at text and where it stands (its key path); every question about what a
key path means is answered here, so a change to the issue format changes this file only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..load import Loc

#: Keys whose values are data, not words a reader reads: never checked as prose.
DATA_KEYS = frozenset(
    {
        "type",
        "date",
        "due",
        "time",
        "status",
        "language",
        "number",
        "volume",
        "src",
        "alt",
        "colour",
        "url",
        "website",
        "email",
        "phone",
        "booking",
        "code",
        "sex",
        "age_band",
        "outcome",
        "review_type",
        "ordered",
        "row_headers",
        "since",
        "year",
        "age",
        "keywords",
        "id",
        "kind",
        "layout",
    }
)

#: Where a named person, their phone, email or address is expected: the people readers can
#: contact, the signatories and bylines of a message or foreword, a quote's attribution.
PEOPLE_LISTS = frozenset({"people", "signatories"})  # contacts / message blocks (both forms)
BYLINE_KEYS = frozenset({"author", "role", "attribution", "source", "organisation", "group"})
CONTACT_FIELDS = frozenset({"email", "phone", "address", "website"})


@lru_cache(maxsize=4096)  # the same key paths recur in every issue
def person_named_fine(loc: Loc) -> bool:
    """True when text at loc may name a person and give their contact details.

    Contacts (`contacts.people[...]`, a contacts block's `people`), a message's signatories,
    the byline of a foreword or article (`author`, `role`), a quote's `attribution` and
    `source`, fields that are contact details (`email`, `phone`, `address`, `website`), and
    the board's own details.
    """
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return False
    return (
        keys[0] in ("board", "contacts")
        or any(key in PEOPLE_LISTS for key in keys)
        or keys[-1] in BYLINE_KEYS
        or keys[-1] in CONTACT_FIELDS
    )


@lru_cache(maxsize=4096)
def is_prose(loc: Loc) -> bool:
    """True when the string at loc is words a reader reads (not an address, date or code)."""
    keys = [part for part in loc if isinstance(part, str)]
    return bool(keys) and not (set(keys) & DATA_KEYS) and keys[0] not in ("board", "series")


#: Reading order of the top-level keys of the older form (the block form reads `body` in order).
READING_ORDER = (
    "title",
    "summary",
    "introduction",
    "foreword",
    "articles",
    "local_reviews",
    "initiatives",
    "action_plans",
    "national_studies",
    "local_learning",
    "sections",
    "body",
    "further_reading",
    "contacts",
    "feedback",
)
_RANK = {key: rank for rank, key in enumerate(READING_ORDER)}


def reading_rank(loc: Loc) -> int:
    """Where the text at loc comes in the page: an order key for the top-level key."""
    return _RANK.get(loc[0], len(READING_ORDER)) if loc else -1


def blocks(data: Any) -> list[tuple[Loc, dict]]:
    """The blocks of an issue with their key paths: `body[i]`, or each older-form section."""
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("body"), list):
        return [(("body", i), b) for i, b in enumerate(data["body"]) if isinstance(b, dict)]
    found: list[tuple[Loc, dict]] = []
    for key in READING_ORDER[3:]:
        value = data.get(key)
        if isinstance(value, dict):
            found.append(((key,), value))
        elif isinstance(value, list) and key in ("articles", "sections"):
            found += [((key, i), v) for i, v in enumerate(value) if isinstance(v, dict)]
    return found


#: Keys that label a block rather than fill it.
LABEL_KEYS = frozenset({"type", "heading", "id", "since", "ordered", "style"})


def is_empty_block(block: dict) -> bool:
    """True when a block has a heading (or nothing) and no content."""
    return not any(_filled(value) for key, value in block.items() if key not in LABEL_KEYS)


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return any(_filled(v) for v in (value.values() if isinstance(value, dict) else value))
    return value is not None


def studies_without_link(data: Any, loc: Loc = ()) -> list[Loc]:
    """Every study (an entry of a `studies:` list, in either form) that has no `url`."""
    found: list[Loc] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "studies" and isinstance(value, list):
                found += [
                    (*loc, key, i)
                    for i, study in enumerate(value)
                    if isinstance(study, dict) and not study.get("url")
                ]
            else:
                found += studies_without_link(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += studies_without_link(value, (*loc, i))
    return found
