"""One issue file in two languages: any text may be written once per language.

    language: [cy-GB, en-GB]          # the first is the issue's own: out/<name>/index.html
    title:
      cy: Dysgu o adolygiadau
      en: Learning from reviews

A mapping whose keys are language codes (cy, en, cy-GB, en-GB) is a *language map*. Before
validation the file is read once per language (`edition`): every map is replaced by its text in
that language, and every line and column is carried over, so a mistake is reported where it is
written (`body[2].text.en`). The model, the blocks and the templates never see a map.

What may be written once for both languages: web and email addresses, phone numbers, dates,
numbers, choices from a list, ids, picture files, text without a letter in it, and the proper
names of `SAME_IN_EVERY_LANGUAGE` (a person, an organisation, a review's code). Any other text of a
bilingual issue written once is a missing translation, and so is a map without one of the
issue's languages: an error naming the field (a draft may be built with `--allow-untranslated`;
it then shows the text it has).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .labels import CODES
from .load import Document, Loc

#: Keys of a language map, and the language each names.
LANGUAGE_KEYS = {"cy": "cy-GB", "en": "en-GB", "cy-GB": "cy-GB", "en-GB": "en-GB"}
#: "no Welsh (cy) text": each language's name in English, for messages.
IN_ENGLISH = {"cy-GB": "Welsh", "en-GB": "English"}

#: Proper names that may be written once for every language (model, field).
SAME_IN_EVERY_LANGUAGE = {
    ("Board", "name"),
    ("Board", "short_name"),
    ("Signatory", "name"),
    ("Signatory", "organisation"),
    ("Contact", "name"),
    ("Contact", "organisation"),
    ("Quote", "attribution"),
    ("Study", "publisher"),
    ("Review", "code"),
    ("Image", "src"),
}
_LETTER = re.compile(r"[^\W\d_]")


def is_language_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(k in LANGUAGE_KEYS for k in value)


def languages_of(data: Any) -> list[str]:
    """The issue's languages, its own first: `language: [cy-GB, en-GB]` or one tag."""
    from .schema import language_tag

    value = data.get("language", "en-GB") if isinstance(data, dict) else "en-GB"
    tags = value if isinstance(value, list) else [value]
    found = [language_tag(tag) for tag in tags]
    return found if all(isinstance(tag, str) for tag in found) else ["en-GB"]


def is_bilingual(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("language"), list)


def language_problems(doc: Document) -> list[Problem]:
    """A list of languages must name two different ones the theme speaks: [cy-GB, en-GB]."""
    tags = doc.data.get("language") if isinstance(doc.data, dict) else None
    if not isinstance(tags, list):
        return []
    from .schema import language_tag

    found = [language_tag(tag) for tag in tags]
    if (
        len(found) == 2
        and all(isinstance(t, str) and t in CODES for t in found)
        and found[0] != found[1]
    ):
        return []
    return [
        doc.problem(
            ("language",),
            f"{tags!r} is not two languages. Write one language (en-GB or cy-GB), or both, "
            "the issue's own first: [cy-GB, en-GB]",
        )
    ]


def has_map(value: Any) -> bool:
    """Whether any text in the data is written as a language map."""
    if is_language_map(value):
        return True
    if isinstance(value, dict):
        return any(has_map(v) for v in value.values())
    if isinstance(value, list):
        return any(has_map(v) for v in value)
    return False


def first_map(value: Any, loc: Loc = ()) -> Loc | None:
    """Where the first text written as a language map is, if any."""
    if is_language_map(value):
        return loc
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = first_map(item, (*loc, key))
        if found is not None:
            return found
    return None


def only_drafts(doc: Document) -> Problem:
    """--allow-untranslated asked for a published issue."""
    return doc.problem(
        ("status",),
        "--allow-untranslated builds only a draft (status: draft) with missing translations; "
        "a published issue must have every text in each of its languages",
    )


@dataclass
class _Edition:
    language: str
    fallback: bool
    doc: Document
    where: dict[Loc, Loc] = field(default_factory=dict)
    """location in the edition -> location in the file, for every value."""
    keys: dict[Loc, Loc] = field(default_factory=dict)
    """location in the edition -> location of the key that names it in the file."""


def edition(doc: Document, language: str, *, fallback: bool = False) -> Document:
    """The document as it reads in one language: maps replaced by that language's text (by
    another's, when fallback and it has none), language set to that one, positions kept."""
    out = Document(path=doc.path, data=None, lines=doc.lines)
    state = _Edition(language, fallback, out)
    out.data = _read(doc.data, (), (), state)
    if isinstance(out.data, dict) and isinstance(doc.data, dict) and "language" in doc.data:
        out.data["language"] = language
    for now, was in state.where.items():
        if was in doc.value_marks:
            out.value_marks[now] = doc.value_marks[was]
        if was in doc.raw_scalars:
            out.raw_scalars[now] = doc.raw_scalars[was]
        if now != was:
            out.renamed.append((now, was))
    for now, was in state.keys.items():
        if was in doc.key_marks:
            out.key_marks[now] = doc.key_marks[was]
    out.renamed.sort(key=lambda pair: len(pair[0]))
    return out


def _read(value: Any, now: Loc, was: Loc, state: _Edition) -> Any:
    state.where[now] = was
    state.keys.setdefault(now, was)
    if is_language_map(value):
        key = _key_for(value, state.language, state.fallback)
        if key is None:
            return None  # reported by translation_problems; validation sees an empty value
        return _read(value[key], now, (*was, key), state)
    if isinstance(value, dict):
        return {k: _read(v, (*now, k), (*was, k), state) for k, v in value.items()}
    if isinstance(value, list):
        return [_read(v, (*now, i), (*was, i), state) for i, v in enumerate(value)]
    return value


def _key_for(mapping: dict, language: str, fallback: bool) -> str | None:
    for key in mapping:
        if LANGUAGE_KEYS[key] == language:
            return key
    return next(iter(mapping)) if fallback else None


# ---------------------------------------------------------------- missing translations


def translation_problems(doc: Document, languages: list[str]) -> list[Problem]:
    """Every text the file does not give in each of its languages, at its line."""
    from .schema import Issue

    problems: list[Problem] = []
    bilingual = len(languages) > 1
    for kind, loc, value, _ in _walk(doc.data, Issue, (), None):
        if kind == "map":
            missing = [tag for tag in languages if not any(LANGUAGE_KEYS[k] == tag for k in value)]
            extra = [k for k in value if LANGUAGE_KEYS[k] not in languages]
            if missing:
                problems.append(doc.problem(loc, _missing_message(loc, value, missing)))
            for key in extra:
                problems.append(
                    doc.problem(
                        (*loc, key),
                        f"this issue is in {_and(languages)}, not {IN_ENGLISH[LANGUAGE_KEYS[key]]}"
                        f" ({key}). Remove it, or add {LANGUAGE_KEYS[key]} to language:",
                        key=True,
                    )
                )
        elif kind == "words" and bilingual and loc in doc.value_marks and _LETTER.search(value):
            problems.append(doc.problem(loc, _once_message(loc, languages)))
    return problems


def _missing_message(loc: Loc, value: dict, missing: list[str]) -> str:
    have = " and ".join(f"{IN_ENGLISH[LANGUAGE_KEYS[k]]} ({k})" for k in value)
    lacking = " and ".join(f"{IN_ENGLISH[t]} ({CODES[t]})" for t in missing)
    first = missing[0]
    return (
        f"there is {have} but no {lacking}. Write the {IN_ENGLISH[first]} under "
        f"{CODES[first]}: beside {next(iter(value))}: (a draft may be built without it: "
        "scrnews build --allow-untranslated)"
    )


def _once_message(loc: Loc, languages: list[str]) -> str:
    key = loc[-1] if loc and isinstance(loc[-1], str) else "text"
    first, second = (CODES[t] for t in languages[:2])
    return (
        f"this issue is in {_and(languages)}, but this text is written once. Write it in "
        f"each language:  {key}: {{{first}: …, {second}: …}}  (a draft may be built without "
        "the translation: scrnews build --allow-untranslated)"
    )


def _and(languages: list[str]) -> str:
    return " and ".join(IN_ENGLISH[t] for t in languages)


def _walk(value: Any, annotation: Any, loc: Loc, owner: tuple[str, str] | None):
    """(kind, loc, value, owner) for every language map ("map") and every text ("words" or
    "same") in the data, judged by the field of the model that reads it."""
    from pydantic import BaseModel

    if is_language_map(value):
        yield "map", loc, value, owner
        for key, child in value.items():  # its texts are translations, not texts written once
            for kind, *rest in _walk(child, annotation, (*loc, key), owner):
                yield ("same" if kind == "words" else kind), *rest
        return
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _walk_model(value, annotation, loc)
    elif typing.get_origin(annotation) is list and isinstance(value, list):
        (inner,) = typing.get_args(annotation) or (Any,)
        for index, child in enumerate(value):
            yield from _walk(child, inner, (*loc, index), owner)
    elif isinstance(value, str):
        yield ("same" if _same(annotation, owner) else "words"), loc, value, owner


def _walk_model(value: Any, model: Any, loc: Loc):
    from .blocks import BY_NAME
    from .blocks.parts import Item

    if model.__name__ == "Issue" and isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "language"}
    if isinstance(value, str) and model is Item:  # a plain line is an item's text
        yield "words", loc, value, ("Item", "text")
        return
    if not isinstance(value, dict):
        return
    fields = model.model_fields
    for key, child in value.items():
        if key not in fields:
            continue
        annotation = fields[key].annotation
        if key == "body" and model.__name__ == "Issue" and isinstance(child, list):
            for index, block in enumerate(child):
                kind = block.get("type") if isinstance(block, dict) else None
                if kind in BY_NAME:
                    yield from _walk_model(block, BY_NAME[kind], (*loc, key, index))
            continue
        yield from _walk(child, annotation, (*loc, key), (model.__name__, key))


def _strip_optional(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _same(annotation: Any, owner: tuple[str, str] | None) -> bool:
    """Text that reads the same in every language: a proper name, an address, a date, a choice."""
    from . import fields

    if owner in SAME_IN_EVERY_LANGUAGE or (owner and owner[1] == "id"):
        return True
    neutral = (fields.Url, fields.Email, fields.Phone, fields.Colour, fields.IssueDate, fields.Day)
    if any(annotation == kind for kind in neutral):
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return True
    return annotation not in (str, fields.Markdown)
