"""Check a loaded Document against a schema; turn every problem into file:line:col: field: advice."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from .errors import Problem, ValidationError
from .load import Document, Loc, format_loc
from .schema import Issue, field_doc

M = TypeVar("M", bound=BaseModel)


def validate_issue(doc: Document) -> Issue:
    """Return the Issue the document describes, or raise ValidationError with every problem."""
    return validate(doc, Issue)


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
    try:
        return model.model_validate(doc.data)
    except PydanticError as exc:
        problems = [_problem(doc, model, error) for error in exc.errors()]
        raise ValidationError(_dedupe(problems)) from None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if (problem.key, problem.message) not in seen:
            seen.add((problem.key, problem.message))
            out.append(problem)
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


def _problem(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc = _user_loc(doc.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return doc.problem(loc, _unknown_key(model, loc), key=True)
    if kind == "missing":
        return doc.problem(loc, _missing(model, loc))
    return doc.problem(loc, _advice(doc, model, loc, error))


def _user_loc(data: Any, loc: tuple) -> Loc:
    """The error's location in the user's keys: a key such as 'list' or 'a[1]' is theirs."""
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


def _is_internal(part: Any) -> bool:
    """Pydantic adds union branch names ('str', 'function-after[...]') to locations."""
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "list", "dict"})


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    parent = _model_at(model, loc[:-1])
    allowed = list(parent.model_fields) if parent else []
    name = str(loc[-1])
    message = f"unknown field '{name}'."
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message} Did you mean '{close[0]}'?"
    if allowed:
        message += f" Fields allowed here: {', '.join(allowed)}."
    return message


def _missing(model: type[BaseModel], loc: Loc) -> str:
    info = _field_at(model, loc)
    parent = _model_at(model, loc[:-1])
    name = str(loc[-1])
    example = ""
    if info is not None and info.examples:
        example = f" For example:  {name}: {info.examples[0]}"
    doc = field_doc(parent, name) if parent else None
    if (
        doc
    ):  # "The body of the piece (Markdown; ...)." -> "the body of the piece": no nested brackets
        doc = doc.split(" (")[0].rstrip(".")
    what = f" ({doc[0].lower() + doc[1:]})" if doc else ""
    return f"this field is required{what}; add it.{example}"


def _advice(doc: Document, model: type[BaseModel], loc: Loc, error: dict[str, Any]) -> str:
    kind, given = error["type"], error.get("input")
    raw = doc.raw_scalars.get(loc)
    if raw is not None and isinstance(given, bool | type(None)):
        return (
            f"YAML reads a bare {raw} as {'nothing' if given is None else str(given).lower()}, "
            f'not as the word. Put it in quotes: "{raw}"'
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
    if kind in ("too_short", "string_too_short"):
        return "this must not be empty; write something here."
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


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that the value at loc is validated against."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_at(model: type[BaseModel], loc: Loc):
    parent = _model_at(model, loc[:-1])
    return parent.model_fields.get(str(loc[-1])) if parent else None


def _inner_model(annotation: Any) -> Any:
    """Strip Optional[...] and list[...] to the model inside, if any."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


__all__ = ["validate", "validate_issue", "format_loc"]
