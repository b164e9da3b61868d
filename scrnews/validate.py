"""Check a loaded Document against a schema; turn every problem into file:line:col: field: advice."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from .errors import Problem, ValidationError
from .load import Document, Loc, format_loc
from .schema import Issue, field_doc

M = TypeVar("M", bound=BaseModel)


#: The kinds of document, as written after `kind:` (a file without one is a newsletter issue).
KINDS = ("newsletter", "briefing")


def validate_document(doc: Document) -> Any:
    """The newsletter Issue or the Briefing the document describes, as its `kind:` says.

    Raises ValidationError with every problem, like validate_issue.
    """
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if kind == "briefing":
        from .briefing.model import Briefing

        return validate(doc, Briefing)
    if kind is not None and kind not in KINDS:
        close = difflib.get_close_matches(str(kind).strip().lower(), KINDS, n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ValidationError(
            doc.problem(
                ("kind",),
                f"'{kind}' is not a kind of document scrnews makes.{hint} Write briefing for a "
                "7-minute briefing; a newsletter issue needs no kind: line.",
            )
        )
    return validate_issue(doc)


def validate_issue(doc: Document) -> Issue:
    """Return the Issue the document describes, or raise ValidationError with every problem.

    A file in the first issue form (fixed sections) is read as blocks first (legacy.py).
    Then each block checks what pydantic cannot (table rows, figures against cases).
    """
    from .legacy import translate

    problems = translate(doc)
    try:
        issue = validate(doc, Issue)
    except ValidationError as error:
        raise ValidationError(_dedupe(problems + error.problems)) from None
    problems += block_problems(issue, doc)
    if problems:
        raise ValidationError(_dedupe(problems))
    return issue


def block_problems(issue: Issue, doc: Document) -> list[Problem]:
    """What each block finds wrong with itself, and anchors used twice."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, block in enumerate(issue.body):
        problems += block.problems(doc, ("body", index))
        if block.id is not None:
            if block.id in seen:
                problems.append(
                    doc.problem(
                        ("body", index, "id"),
                        f"the anchor '{block.id}' is already used by body[{seen[block.id]}]. "
                        "Give each block its own id.",
                    )
                )
            seen.setdefault(block.id, index)
    return problems


def validate(doc: Document, model: type[M]) -> M:
    """Validate doc.data against model, reporting all problems at once."""
    if not isinstance(doc.data, dict):
        found = "nothing" if doc.data is None else _kind(doc.data)
        raise ValidationError(
            doc.problem(
                (),
                f"the file holds {found}; it should hold fields "
                "written as 'key: value' lines, starting with 'board:'.",
            )
        )
    problems = _commented_out(doc)
    try:
        result = model.model_validate(doc.data)
    except PydanticError as exc:
        problems += [_problem(doc, model, error) for error in exc.errors()]
        raise ValidationError(_dedupe(problems)) from None
    if problems:
        raise ValidationError(_dedupe(problems))
    return result


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if (problem.key, problem.message) not in seen:
            seen.add((problem.key, problem.message))
            out.append(problem)
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


_VALUE_AS_COMMENT = re.compile(r":\s+(#\S.*)$")


def _commented_out(doc: Document) -> list[Problem]:
    """`brand: #7a1e6e` is an empty value and a comment in YAML: say so, and how to quote it."""
    problems = []
    for loc in _empty_values(doc.data):
        line, _ = doc.locate(loc, key=True)
        match = _VALUE_AS_COMMENT.search(doc.line_text(line))
        if match and loc in doc.key_marks:
            written = match[1].strip()
            problems.append(
                doc.problem(
                    loc,
                    f"this is empty: in YAML '#' starts a comment, so {written!r} was read as "
                    f"a comment, not as the value. Put the value in quotes:  "
                    f"{loc[-1]}: {_yaml_value(written)}",
                )
            )
    return problems


def _empty_values(data: Any, loc: Loc = ()) -> Any:
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                yield (*loc, key)
            else:
                yield from _empty_values(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _empty_values(value, (*loc, index))


def _problem(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc = _user_loc(doc.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return doc.problem(loc, _unknown_key(doc.data, model, loc), key=True)
    if kind == "missing":
        return doc.problem(loc, _missing(doc.data, model, loc))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _block_type_problem(doc, loc, error)
    return doc.problem(loc, _advice(doc, model, loc, error))


def _user_loc(data: Any, loc: tuple) -> Loc:
    """The error's location in the user's keys: a key such as 'list' or 'a[1]' is theirs."""
    loc = _without_block_tag(data, loc)
    kept: list[str | int] = []
    for part in loc:
        if (
            isinstance(data, dict)
            and part in data
            or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        ):
            kept.append(part)
            data = data[part]
        elif not _is_internal(part):
            kept.append(part)
            data = None
    return tuple(kept)


def _without_block_tag(data: Any, loc: tuple) -> tuple:
    """Pydantic names the block type it chose after body[i] (('body', 0, 'quote', 'text')); a
    type can share its name with a field (a text block's text), so it is dropped by position."""
    if len(loc) >= 3 and loc[0] == "body" and isinstance(loc[1], int) and isinstance(data, dict):
        body = data.get("body")
        block = body[loc[1]] if isinstance(body, list) and 0 <= loc[1] < len(body) else None
        if isinstance(block, dict) and loc[2] == block.get("type"):
            return loc[:2] + loc[3:]
    return loc


def _is_internal(part: Any) -> bool:
    """Pydantic adds union branch names ('str', 'function-after[...]') to locations."""
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "list", "dict"})


def _block_type_problem(doc: Document, loc: Loc, error: dict[str, Any]) -> Problem:
    from .blocks import BY_NAME

    names = list(BY_NAME)
    given = error.get("ctx", {}).get("tag")
    if error["type"] == "union_tag_not_found" or given is None:
        return doc.problem(
            loc,
            "this block has no type. Start it with a line such as  - type: text  "
            f"(the types are {', '.join(names)}).",
        )
    close = _block_type_like(str(given).strip().lower(), names)
    hint = f" Did you mean '{close}'?" if close else ""
    return doc.problem(
        (*loc, "type"),
        f"'{given}' is not a block type.{hint} The types are {', '.join(names)}.",
    )


#: Words people use for a kind of block, and the type scrnews calls it.
_TYPE_WORDS = {
    "quotation": "quote", "callout": "box", "call-out": "box", "sidebar": "box", "aside": "box",
    "panel": "box", "paragraph": "text", "article": "text", "introduction": "text",
    "foreword": "message", "editorial": "message", "letter": "message", "training": "events",
    "event": "events", "contact": "contacts", "link": "links", "reading": "links",
    "review": "reviews", "statistics": "figures", "stats": "figures", "numbers": "figures",
    "action": "actions", "plan": "actions", "tracker": "actions", "study": "studies",
    "initiatives": "themes", "theme": "themes", "bullets": "list", "views": "feedback",
}  # fmt: skip


def _block_type_like(given: str, names: list[str]) -> str | None:
    if given in _TYPE_WORDS:
        return _TYPE_WORDS[given]
    close = difflib.get_close_matches(given, names, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(data: Any, model: type[BaseModel], loc: Loc) -> str:
    parent = _model_at(data, model, loc[:-1])
    allowed = list(parent.model_fields) if parent else []
    name = str(loc[-1])
    message = f"unknown field '{name}'."
    candidates = allowed + (_old_sections() if len(loc) == 1 and "body" in allowed else [])
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return f"{message} Did you mean '{close[0]}'?"
    owner = _belongs_higher(data, model, loc)
    if owner is not None:
        where, sibling = owner
        if not where:
            return (
                f"'{name}' belongs to the issue itself, not to {format_loc(loc[:-1])}: it is "
                f"indented too far. Move it left to the start of the line, like {sibling}:"
            )
        return (
            f"'{name}' is a field of {format_loc(where)}, not of {format_loc(loc[:-1])}: it is "
            f"indented too far. Move it left so it lines up with {sibling}:"
        )
    if allowed:
        message += f" Fields allowed here: {', '.join(allowed)}."
    return message


def _old_sections() -> list[str]:
    """Top-level sections of the first issue form, which is still read (legacy.py)."""
    from .legacy import SECTIONS

    return list(SECTIONS)


def _belongs_higher(data: Any, model: type[BaseModel], loc: Loc) -> tuple[Loc, str] | None:
    """The nearest enclosing group that has a field loc[-1], and a key written in it."""
    name = loc[-1]
    for end in range(len(loc) - 2, -1, -1):
        ancestor = _model_at(data, model, loc[:end])
        if ancestor is not None and name in ancestor.model_fields:
            written = _data_at(data, loc[:end])
            keys = [k for k in written if k != name] if isinstance(written, dict) else []
            return loc[:end], (keys[0] if keys else next(iter(ancestor.model_fields)))
    return None


def _data_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _missing(data: Any, model: type[BaseModel], loc: Loc) -> str:
    parent = _model_at(data, model, loc[:-1])
    info = parent.model_fields.get(str(loc[-1])) if parent else None
    name = str(loc[-1])
    example = ""
    if info is not None and info.examples:
        example = f" For example:  {name}: {_yaml_value(info.examples[0])}"
    doc = field_doc(parent, name) if parent else None
    if doc:  # "The body of the piece (Markdown; ...)." -> "the body of the piece"
        doc = doc.split(" (")[0].split(":")[0].rstrip(".")
    what = f" ({doc[0].lower() + doc[1:]})" if doc else ""
    return f"this field is required{what}; add it.{example}"


def _yaml_value(value: Any) -> str:
    """A value as it can be written after 'key: ' on one line, in "double quotes" where YAML
    would read it otherwise (a colon and a space, a leading quote or #, a bare No)."""
    import json

    import yaml

    if isinstance(value, str):
        try:
            plain = yaml.safe_load(f"key: {value}") == {"key": value} and value == value.strip()
        except yaml.YAMLError:
            plain = False
        return (
            value
            if plain and value[:1] not in "\"'“‘[{&*!|>%@`"
            else json.dumps(value, ensure_ascii=False)
        )
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**6)
    return text.strip()[1:-1]


def _advice(doc: Document, model: type[BaseModel], loc: Loc, error: dict[str, Any]) -> str:
    kind, given = error["type"], error.get("input")
    raw = doc.raw_scalars.get(loc)
    if raw is not None and isinstance(given, bool | type(None)):
        return (
            f"YAML reads a bare {raw} as {'nothing' if given is None else str(given).lower()}, "
            f"not as the word. Put it in quotes: {_yaml_value(raw)}"
        )
    if kind == "value_error":
        return str(error["ctx"]["error"]).rstrip(".") + "."
    if kind == "literal_error":
        return _choice(error)
    if kind.startswith(("model_", "dataclass_")) or kind == "dict_type":
        return f"expected fields written as 'key: value' lines, found {_kind(given)}."
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {_kind(given)}."
    if kind in ("string_type", "str_type"):
        return f"expected text, found {_kind(given)}."
    if kind.startswith("int_") or kind.startswith("float_"):
        return f"expected a whole number such as 2, found {_kind(given)}."
    if kind.startswith("bool_"):
        return f"expected true or false, found {_kind(given)}."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return error["msg"].replace("Input should be", "should be") + f", not {given}."
    if kind == "string_too_short":
        return "this must not be empty; write something here."
    if kind == "too_short":
        return "this list is empty; give it at least one entry (a line starting with '- '), or remove it."
    return error["msg"].rstrip(".") + "."


def _choice(error: dict[str, Any]) -> str:
    expected = error["ctx"]["expected"].replace("'", "")
    options = [o.strip() for o in expected.replace(" or ", ", ").split(",") if o.strip()]
    given = str(error.get("input"))
    message = f"'{given}' is not one of: {', '.join(options)}."
    close = difflib.get_close_matches(given.lower(), options, n=1, cutoff=0.5)
    return f"{message} Did you mean '{close[0]}'?" if close else message


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return f"the text '{text[:40]}…'" if len(text) > 40 else f"the text '{text}'"


def _model_at(data: Any, model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that the value at loc is validated against (a block by its type)."""
    annotation: Any = model
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            continue
        current = _resolve(annotation, data)
        field = current.model_fields.get(part) if current is not None else None
        if field is None:
            return None
        data = data.get(part) if isinstance(data, dict) else None
        annotation = field.annotation
    return _resolve(annotation, data)


def _resolve(annotation: Any, data: Any = None) -> type[BaseModel] | None:
    """The model inside Optional[...], list[...] or a union; for blocks, the one data's type names."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    from .blocks import BY_NAME, TYPES

    args = typing.get_args(annotation)
    if set(args) & set(TYPES):
        kind = data.get("type") if isinstance(data, dict) else None
        return BY_NAME.get(kind) if isinstance(kind, str) else None
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in args:
            inner = _resolve(arg, data)
            if inner is not None:
                return inner
    return None


__all__ = ["validate", "validate_document", "validate_issue", "format_loc"]
