"""The issue file's schema: who publishes it, which issue it is, and a body of typed blocks.

The block types are in `scrnews/blocks/`, one module each. Every field's docstring is what
an editor reads in `scrnews schema` (hover help) and in error messages.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from .blocks import AnyBlock
from .blocks.base import Model
from .fields import Colour, Email, IssueDate, Phone, Url


class Image(Model):
    """A picture from the project folder, with the text a screen reader says instead."""

    src: str = Field(examples=["images/logo.png"])
    """Path of the image file, relative to the YAML file that names it."""
    alt: str = Field(min_length=1, examples=["Bradford Safeguarding Children Board logo"])
    """What the picture shows, for people who cannot see it."""


class Board(Model):
    """The safeguarding board or partnership that publishes the newsletter."""

    name: str = Field(examples=["Bradford Safeguarding Children Board"])
    """The board's full name."""
    short_name: str | None = Field(default=None, examples=["BSCB"])
    """The abbreviation used in the text, such as BSCB."""
    website: Url | None = Field(default=None, examples=["https://www.example-scb.org.uk"])
    """The board's website."""
    email: Email | None = Field(default=None, examples=["info@example-scb.org.uk"])
    """Where readers write to the board (feedback, other formats)."""
    phone: Phone | None = Field(default=None, examples=["01274 434361"])
    """The board's telephone number."""
    logo: Image | None = Field(
        default=None, examples=[{"src": "images/logo.png", "alt": "Example board logo"}]
    )
    """The board's logo."""
    colour: Colour | None = Field(default=None, examples=["#005ea5"])
    """Brand colour for headings and the masthead rule, as '#rrggbb'."""


Language = Annotated[Literal["en-GB", "cy-GB"], Field(examples=["en-GB"])]

DEFAULT_SERIES = "Serious Case Review Newsletter"
#: The newsletter's name when the issue and scrnews.yaml give none, in the issue's language
#: ("adolygiad achos difrifol" is the Welsh Government's term for a serious case review).
DEFAULT_SERIES_IN = {"en-GB": DEFAULT_SERIES, "cy-GB": "Cylchlythyr Adolygiadau Achos Difrifol"}
_LANGUAGE_ALIASES = {"en": "en-GB", "en-gb": "en-GB", "cy": "cy-GB", "cy-gb": "cy-GB"}


class Issue(Model):
    """One issue of a newsletter: who publishes it, which issue it is, and its body of blocks."""

    kind: Literal["newsletter"] = Field(default="newsletter", examples=["newsletter"])
    """What the file is: a newsletter issue (the default, so it is seldom written) or, with
    kind: briefing, a 7-minute briefing."""
    board: Board = Field(examples=[{"name": "Example Safeguarding Children Partnership"}])
    """Who publishes it (merged over the `board:` of scrnews.yaml)."""
    series: str = Field(default=DEFAULT_SERIES, examples=["Learning from Reviews"])
    """The newsletter's name, shown large in the masthead (when left out: Serious Case Review
    Newsletter, or in a Welsh issue Cylchlythyr Adolygiadau Achos Difrifol)."""
    number: int | None = Field(default=None, ge=1, examples=[2])
    """The issue number, if the newsletter numbers its issues."""
    volume: int | None = Field(default=None, ge=1, examples=[3])
    """The volume, if the newsletter counts volumes."""
    date: IssueDate = Field(examples=["2012-01"])
    """The time the issue covers: a day (2012-01-16), a month (2012-01), a season (Spring 2024), a quarter (2024-Q3) or a range (July to September 2011)."""
    title: str | None = Field(default=None, examples=["Seeing the whole family"])
    """A headline for this issue, if it has one."""
    summary: str | None = Field(default=None, examples=["What our latest reviews taught us."])
    """One sentence about the issue, for the archive, the feed and search engines."""
    keywords: list[str] = Field(default=[], examples=[["neglect", "safe sleep"]])
    """Subjects, for the page's and the PDF's metadata."""
    language: Language = "en-GB"
    """en-GB, or cy-GB (Welsh): the language of the text and of the theme's words."""
    status: Literal["draft", "published"] = Field(default="published", examples=["draft"])
    """draft (left out of the archive, marked in the page) or published."""
    body: list[AnyBlock] = Field(default=[], examples=[[{"type": "text", "text": "Welcome."}]])
    """The content: blocks, shown in the order written. Each starts with `- type:` and one of
    text, message, quote, box, list, reviews, figures, themes, actions, studies, events, table,
    contacts, links, feedback."""

    @field_validator("language", mode="before")
    @classmethod
    def _language_tag(cls, value: Any) -> Any:
        return language_tag(value)

    @model_validator(mode="before")
    @classmethod
    def _series_in_its_language(cls, data: Any) -> Any:
        if isinstance(data, dict) and "series" not in data:
            language = language_tag(data.get("language", "en-GB"))
            known = isinstance(language, str) and language in DEFAULT_SERIES_IN
            return {**data, "series": DEFAULT_SERIES_IN[language] if known else DEFAULT_SERIES}
        return data


def language_tag(value: Any) -> Any:
    """'cy', 'CY-gb' -> 'cy-GB'; anything else as it is, for validation to judge."""
    return _LANGUAGE_ALIASES.get(value.strip().lower(), value) if isinstance(value, str) else value


@cache
def _docstrings(model: type[BaseModel]) -> dict[str, str]:
    import ast
    import inspect

    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or not _ours(cls):
            continue
        body = ast.parse(inspect.getsource(cls)).body[0].body
        for node, after in zip(body, body[1:], strict=False):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
            ):
                docs[node.target.id] = inspect.cleandoc(str(after.value.value))
    return docs


def _ours(cls: type) -> bool:
    return cls.__module__ == __name__ or cls.__module__.startswith(
        ("scrnews.blocks", "scrnews.briefing")
    )


def field_doc(model: type[BaseModel], name: str) -> str | None:
    """The docstring written under a field, for messages and `scrnews schema`."""
    return _docstrings(model).get(name)


SCHEMA_ID = "https://scrnews.invalid/schema/issue.schema.json"


def json_schema() -> dict[str, Any]:
    """The file formats as JSON Schema (2020-12): a newsletter issue, or with `kind: briefing` a
    7-minute briefing; each field with its description and an example, for editors with a
    YAML language server (completion and hover help)."""
    from pydantic.json_schema import GenerateJsonSchema, models_json_schema

    from . import __version__
    from .briefing.model import Briefing

    _, top = models_json_schema(
        [(Issue, "validation"), (Briefing, "validation")], schema_generator=GenerateJsonSchema
    )
    definitions = top["$defs"]
    for name, definition in definitions.items():
        model = _MODELS.get(name)
        if model is not None:
            _describe(_object_branch(definition), model)
    definitions["Issue"]["properties"]["body"]["items"] = _block_choice()
    _allow_translations(definitions["Issue"], definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"scrnews issue or briefing (scrnews {__version__})",
        "description": "A newsletter issue, or with kind: briefing a 7-minute briefing.",
        "if": {"properties": {"kind": {"const": "briefing"}}, "required": ["kind"]},
        "then": {"$ref": "#/$defs/Briefing"},
        "else": {"$ref": "#/$defs/Issue"},
        "$defs": definitions,
    }


#: Text that never varies by language (choices from a list never do either: see _is_text).
_ONE_FOR_ALL = {"language", "id"}


def _allow_translations(issue: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Any text of a newsletter issue may be written once per language, `{cy: …, en: …}`
    (languages.py), and `language` may name two: [cy-GB, en-GB], the issue's own first. (A
    briefing is in one language: its own fields are left as they are.)"""
    language = issue["properties"]["language"]
    one = {key: language.pop(key) for key in ("enum", "type")}
    language["anyOf"] = [
        one,
        {"type": "array", "items": one, "minItems": 2, "maxItems": 2, "uniqueItems": True},
    ]
    language["description"] += (
        " Two, such as [cy-GB, en-GB], for an issue in both languages: each text is then "
        "written in each, as {cy: …, en: …}."
    )
    for definition in [issue, *(definitions[name] for name in _reachable(issue, definitions))]:
        if definition is definitions.get("Item"):
            definition["anyOf"].insert(1, _translated({"type": "string"}))
        for name, prop in definition.get("properties", {}).items():
            if name not in _ONE_FOR_ALL and _is_text(prop):
                _add_translated(prop)


def _is_text(prop: dict[str, Any]) -> bool:
    """A string (not a choice from a list), a list of strings, or an optional one of those."""
    if "anyOf" in prop:
        return any(_is_text(option) for option in prop["anyOf"])
    if prop.get("type") == "string":
        return "enum" not in prop and "const" not in prop
    return prop.get("type") == "array" and _is_text(prop.get("items", {}))


def _add_translated(prop: dict[str, Any]) -> None:
    keep = {"title", "description", "examples", "default"}
    plain = {key: value for key, value in prop.items() if key not in keep}
    for key in plain:
        del prop[key]
    options = plain.pop("anyOf", None) or [plain]
    prop["anyOf"] = [*options, _translated({"anyOf": options} if len(options) > 1 else options[0])]


_IN = {"cy": ("Welsh", "Croeso"), "en": ("English", "Welcome")}


def _translated(text: dict[str, Any]) -> dict[str, Any]:
    """{cy: …, en: …}: each language's text as the field takes it (a line, or a list of them)."""
    options = text.get("anyOf", [text])
    line = any(option.get("type") == "string" for option in options)

    def one(key: str) -> dict[str, Any]:
        language, sample = _IN[key[:2]]
        return {
            **text,
            "description": f"The text in {language}.",
            "examples": [sample if line else [sample]],
        }

    return {
        "type": "object",
        "description": "The text in each language of a bilingual issue.",
        "properties": {key: one(key) for key in ("cy", "en", "cy-GB", "en-GB")},
        "additionalProperties": False,
        "minProperties": 1,
    }


def _reachable(
    schema: Any, definitions: dict[str, Any], found: set[str] | None = None
) -> list[str]:
    """The names of the definitions schema refers to, directly or through others, in order."""
    found = set() if found is None else found
    order: list[str] = []
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        name = ref.removeprefix("#/$defs/") if ref.startswith("#/$defs/") else None
        if name is not None and name not in found:
            found.add(name)
            order += [name, *_reachable(definitions[name], definitions, found)]
        for key, value in schema.items():
            if key != "$ref":
                order += _reachable(value, definitions, found)
    elif isinstance(schema, list):
        for value in schema:
            order += _reachable(value, definitions, found)
    return order


def _object_branch(definition: dict[str, Any]) -> dict[str, Any]:
    """The fields of a definition that also accepts a plain line of text (an item, a panel)."""
    for branch in definition.get("anyOf", []):
        if "properties" in branch:
            return branch
    return definition


def _block_choice() -> dict[str, Any]:
    """A block: `type` first, from a list (so an editor offers the types and names a wrong
    one at its line), then the fields of that type (if/then rather than oneOf, so a mistake
    is reported against the block's own type, not against all fifteen)."""
    from .blocks import BY_NAME

    return {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {
                "enum": list(BY_NAME),
                "description": "The kind of block: " + ", ".join(BY_NAME) + ".",
                "examples": ["text"],
            }
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": f"#/$defs/{model.__name__}"},
            }
            for name, model in BY_NAME.items()
        ],
    }


def _describe(definition: dict[str, Any], model: type[BaseModel]) -> None:
    from .blocks import Block, type_name

    for name, prop in definition.get("properties", {}).items():
        if name == "type" and issubclass(model, Block):
            kind = type_name(model)
            prop["description"] = f"The kind of block: {kind}. {model.__doc__.splitlines()[0]}"
            prop["examples"] = [kind]
            continue
        doc = field_doc(model, name)
        if doc:
            prop["description"] = doc
        info = model.model_fields[name]
        if "examples" not in prop and info.examples:
            prop["examples"] = info.examples


def _all_models() -> dict[str, type[BaseModel]]:
    """Every model class of the format, by the name pydantic gives its definition."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for info in model.model_fields.values():
            for inner in _models_in(info.annotation):
                visit(inner)

    from .briefing.model import Briefing

    visit(Issue)
    visit(Briefing)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


class _LazyModels(dict):
    def get(self, key, default=None):  # type: ignore[override]
        if not self:
            self.update(_all_models())
        return super().get(key, default)


_MODELS: dict[str, type[BaseModel]] = _LazyModels()
