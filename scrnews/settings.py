"""Board settings: scrnews.yaml holds what every issue shares (board, look, contacts, footer).

It is found by walking up from the issue file (or named with --config), read with the same
safe loader as issues and checked the same way, so mistakes come back as file:line:col.

How issues override it: before an issue is validated, the settings' `board:` fields are merged
*under* the issue's own `board:` (a field the issue writes wins; the rest come from settings). An
issue may therefore leave `board:` out altogether. Problems in a merged value are reported where
the issue wrote it; values that came from settings were already checked in scrnews.yaml.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from . import contrast
from .blocks.base import Model
from .blocks.contacts import Contact
from .briefing.model import BriefingSettings
from .checks.config import CheckSettings
from .errors import Problem, ValidationError, relpath
from .fields import Colour, Markdown, Url
from .load import Document, Loc, load_document
from .project import find_settings
from .safety import is_inside
from .schema import Board
from .validate import validate

log = logging.getLogger(__name__)

FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")

#: How the default theme uses each colour it takes from settings (see style.css). The brand
#: colour is also the masthead band behind white text: the same ratio as headings on white.
BRAND_USES = [
    contrast.Use("headings on white", contrast.WHITE, contrast.TEXT),
    contrast.Use("the masthead band behind white text", contrast.WHITE, contrast.TEXT),
    contrast.Use("the masthead and section rules (non-text)", contrast.WHITE, contrast.NON_TEXT),
]
LINK_USES = [contrast.Use("links on white", contrast.WHITE, contrast.TEXT)]
#: The theme's brand colour when a board sets none (style.css --brand).
DEFAULT_BRAND = "#1d4f91"


def link_uses(brand: str | None) -> list[contrast.Use]:
    """Links on white, and on the panels tinted with the brand colour (boxes, contents, cards)."""
    panel = contrast.tint(brand or DEFAULT_BRAND)
    return [*LINK_USES, contrast.Use("links on the tinted panels", panel, contrast.TEXT)]


class Fonts(Model):
    """The board's own typeface: font files beside scrnews.yaml, used by page and PDF."""

    family: str = Field(examples=["Open Sans"])
    """The typeface's name, used in the CSS."""
    regular: str = Field(examples=["fonts/OpenSans-Regular.woff2"])
    """The normal weight (.woff2, .woff, .ttf or .otf), relative to scrnews.yaml."""
    bold: str | None = None
    """The bold weight."""
    italic: str | None = None
    """The italic."""
    bold_italic: str | None = None
    """The bold italic."""


class Colours(Model):
    """Colours the theme uses; each must meet WCAG AA contrast against white for its use."""

    brand: Colour | None = Field(default=None, examples=["#005ea5"])
    """Headings and the masthead and section rules, as '#rrggbb'."""
    link: Colour | None = Field(default=None, examples=["#1d4f91"])
    """Links, as '#rrggbb'."""


class DefaultContacts(Model):
    """The board's usual contacts, as a contacts block without its type."""

    heading: str | None = Field(default=None, examples=["Contact us"])
    """The heading of the contacts block (none when left out)."""
    intro: Markdown | None = None
    """Text before the contacts."""
    people: list[Contact] = Field(min_length=1)
    """The contacts."""
    after: Markdown | None = None
    """Text after the contacts."""

    @model_validator(mode="before")
    @classmethod
    def _people_alone(cls, value: Any) -> Any:
        return {"people": value} if isinstance(value, list) else value


class Settings(Model):
    """What every issue of a board's newsletter shares."""

    board: Board | None = None
    """The board: name, short name, website, email, phone, logo, colour (an issue's win)."""
    series: str | None = Field(default=None, examples=["Learning from Reviews"])
    """The newsletter's name, for every issue that does not give its own `series:`."""
    colours: Colours = Colours()
    """Brand and link colours."""
    fonts: Fonts | None = None
    """The board's own typeface; the built-in Atkinson Hyperlegible Next when left out."""
    contacts: DefaultContacts | None = None
    """Contacts added at the end of an issue that has no contacts block of its own: a list of
    people, or a group with heading, intro, people and after, like a contacts block."""
    footer: Markdown | None = None
    """A paragraph at the foot of every issue, after the publication line."""
    alternative_formats: str | None = Field(
        default=None, examples=["If you need this newsletter in another format, please contact"]
    )
    """The words before the board's name, email and phone in the 'Other formats' paragraph."""
    templates: list[str] = []
    """Folders of templates that override the built-in theme, relative to scrnews.yaml."""
    base_url: Url | None = Field(
        default=None, examples=["https://www.example-scp.org.uk/newsletter/"]
    )
    """The address where the out/ folder is published (out/issue-2/ is <base_url>issue-2/). The
    email edition needs it: its "View this newsletter in your browser" and PDF links and its
    pictures point there."""
    layout: Literal["single", "columns"] = Field(default="single", examples=["columns"])
    """The PDF's body: single (one column) or columns (two columns, with headings, figures and
    tables across both). The web page keeps one column."""
    smart_quotes: bool = Field(default=False, examples=[True])
    """true: straight quotes and apostrophes written in the issue (' and ") are printed as
    typographic ones (‘ ’ “ ”) in the web page and the PDF; the issue file is not changed."""
    checks: CheckSettings = CheckSettings()
    """How `scrnews check` judges the issues: rules switched off, sentence length, reading ease."""
    briefings: BriefingSettings = BriefingSettings()
    """How 7-minute briefings look: their PDF's layout (grid or clock) and the words of their
    'Other formats' line."""


@dataclass(frozen=True)
class LoadedSettings:
    """Validated settings and the file they came from (paths are relative to its folder)."""

    settings: Settings
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def templates(self) -> list[Path]:
        return [self.folder / t for t in self.settings.templates]

    def font_files(self) -> dict[str, Path]:
        """Built URL (relative to the page) -> font file, for the board's own typeface."""
        fonts = self.settings.fonts
        if fonts is None:
            return {}
        names = [fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic]
        return {
            f"fonts/{Path(name).name}": (self.folder / name).resolve() for name in names if name
        }


def load_settings(path: Path | str) -> LoadedSettings:
    """Read and check a settings file; raise ValidationError with every problem."""
    doc = load_document(path)
    settings = validate(doc, Settings)
    problems = _file_problems(doc, settings) + _colour_problems(doc, settings)
    if problems:
        raise ValidationError(problems)
    return LoadedSettings(_resolve_logo(settings, doc.path.parent), doc.path.resolve())


def settings_for(issue_path: Path, config: Path | str | None = None) -> LoadedSettings | None:
    """The settings for an issue: --config if given, else the nearest scrnews.yaml, or None."""
    path = Path(config) if config is not None else find_settings(issue_path)
    return load_settings(path) if path is not None else None


def _resolve_logo(settings: Settings, folder: Path) -> Settings:
    # A logo path is relative to the file that names it; make it absolute before issues borrow it.
    board = settings.board
    if board is None or board.logo is None:
        return settings
    logo = board.logo.model_copy(update={"src": str((folder / board.logo.src).resolve())})
    return settings.model_copy(update={"board": board.model_copy(update={"logo": logo})})


def _file_problems(doc: Document, settings: Settings) -> list[Problem]:
    folder = doc.path.parent
    wanted: list[tuple[Loc, str]] = []
    if settings.board and settings.board.logo:
        wanted.append((("board", "logo", "src"), settings.board.logo.src))
    if settings.fonts:
        for key in ("regular", "bold", "italic", "bold_italic"):
            if getattr(settings.fonts, key):
                wanted.append((("fonts", key), getattr(settings.fonts, key)))
    problems = []
    for loc, name in wanted:
        if loc[0] == "fonts" and not name.lower().endswith(FONT_SUFFIXES):
            problems.append(
                doc.problem(
                    loc,
                    f"{name!r} is not a font file scrnews can embed; name a "
                    f"{', '.join(FONT_SUFFIXES[:-1])} or {FONT_SUFFIXES[-1]} file.",
                )
            )
        elif not (folder / name).is_file():
            problems.append(
                doc.problem(
                    loc,
                    f"the file {name!r} was not found (looked in "
                    f"{relpath(folder)}/). Check the name and folder.",
                )
            )
        elif not is_inside(folder / name, folder):  # it would be copied into the output
            problems.append(
                doc.problem(
                    loc,
                    f"the file {name!r} is outside the folder of this settings file "
                    f"({folder}); scrnews only uses files inside it. Copy it in, for example "
                    "into fonts/ or images/, and name that copy.",
                )
            )
        elif why := _content_problem(loc, folder / name):
            problems.append(doc.problem(loc, f"the file {name!r} {why}"))
    for index, name in enumerate(settings.templates):
        if not (folder / name).is_dir():
            problems.append(
                doc.problem(
                    ("templates", index),
                    f"the folder {name!r} was not found (looked in {relpath(folder)}/).",
                )
            )
        elif not is_inside(folder / name, folder):  # its templates could include any file there
            problems.append(
                doc.problem(
                    ("templates", index),
                    f"the folder {name!r} is outside the folder of this settings file "
                    f"({folder}); scrnews only uses templates inside it. Copy them in, for "
                    "example into templates/, and name that folder.",
                )
            )
    return problems


def _content_problem(loc: Loc, path: Path) -> str | None:
    """A logo must open as the picture its name says, a font as the font (pictures.py)."""
    from .pictures import font_problem, picture_problem

    return font_problem(path) if loc[0] == "fonts" else picture_problem(path, "logo")


def _colour_problems(doc: Document, settings: Settings) -> list[Problem]:
    checks: list[tuple[Loc, str | None, list[contrast.Use]]] = [
        (("colours", "brand"), settings.colours.brand, BRAND_USES),
        (("colours", "link"), settings.colours.link, link_uses(_brand(settings))),
        (("board", "colour"), settings.board.colour if settings.board else None, BRAND_USES),
    ]
    return colour_problems(doc, checks)


def _brand(settings: Settings) -> str | None:
    return (settings.board.colour if settings.board else None) or settings.colours.brand


def colour_problems(
    doc: Document, checks: list[tuple[Loc, str | None, list[contrast.Use]]]
) -> list[Problem]:
    """A Problem, located at the colour in doc, for each colour that fails WCAG AA for its uses."""
    problems = []
    for loc, colour, uses in checks:
        message = contrast.check(colour, uses) if colour else None
        if message:
            problems.append(doc.problem(loc, message))
    return problems


def issue_colour_problems(doc: Document, board: Board) -> list[Problem]:
    """The issue's own board.colour, checked like a settings colour."""
    if ("board", "colour") not in doc.value_marks:
        return []
    return colour_problems(doc, [(("board", "colour"), board.colour, BRAND_USES)])


def merge_board(data: Any, loaded: LoadedSettings | None) -> Any:
    """Issue data with the settings' board fields under the issue's own, the settings' series
    when the issue gives none, and default contacts."""
    if loaded is None or not isinstance(data, dict):
        return data
    data = dict(data)
    if data.get("kind") == "briefing":  # a briefing has no series and no contacts block
        return _with_board(data, loaded.settings)
    if loaded.settings.series and "series" not in data:
        data["series"] = loaded.settings.series
    _add_contacts(data, loaded.settings.contacts)
    return _with_board(data, loaded.settings)


def _with_board(data: dict, settings: Settings) -> dict:
    base = _board_defaults(settings)
    own = data.get("board")
    if base and "board" not in data:
        data["board"] = base
    elif base and isinstance(own, dict):
        data["board"] = {**base, **own}
    # board: that is not a mapping is left for validation to report, at the issue's own line.
    return data


def _add_contacts(data: dict, contacts: DefaultContacts | None) -> None:
    """The board's contacts, for an issue without contacts of its own (either issue form)."""
    from .legacy import is_old_form

    if contacts is None:
        return
    block = contacts.model_dump(mode="json", exclude_none=True)
    if is_old_form(data) or not isinstance(data.get("body"), list):
        data.setdefault("contacts", block)
        return
    body = data["body"]
    if not any(isinstance(b, dict) and b.get("type") == "contacts" for b in body):
        data["body"] = [*body, {"type": "contacts", **block}]


def _board_defaults(settings: Settings) -> dict[str, Any]:
    board = settings.board.model_dump(mode="json", exclude_none=True) if settings.board else {}
    if settings.colours.brand and "colour" not in board:
        board["colour"] = settings.colours.brand
    return board


def theme_css(loaded: LoadedSettings | None) -> str:
    """CSS the settings add to the theme: the board's @font-face rules and link colour."""
    if loaded is None:
        return ""
    settings, rules = loaded.settings, []
    if settings.fonts:
        rules += _font_faces(settings.fonts)
        family = _css_name(settings.fonts.family)
        rules.append(
            f'html, body {{ font-family: {family}, "Atkinson Hyperlegible Next", sans-serif; }}'
        )
    if settings.colours.link:
        rules.append(f":root {{ --link: {settings.colours.link}; }}")
    return "\n".join(rules)


def _font_faces(fonts: Fonts) -> list[str]:
    faces = [
        ("regular", "normal", 400),
        ("bold", "normal", 700),
        ("italic", "italic", 400),
        ("bold_italic", "italic", 700),
    ]
    rules = []
    for key, style, weight in faces:
        name = getattr(fonts, key)
        if name:
            rules.append(
                f"@font-face {{ font-family: {_css_name(fonts.family)}; font-style: {style}; "
                f"font-weight: {weight}; src: url({_css_name('fonts/' + Path(name).name)}); }}"
            )
    return rules


def _css_name(text: str) -> str:
    from .templates import css_string

    return css_string(text)


def font_assets(loaded: LoadedSettings | None) -> dict[str, Path]:
    """Built URL -> file for every font the page and PDF use: the theme's own, then the board's."""
    from .project import theme_dir

    folder = theme_dir() / "fonts"
    files = sorted(p for p in folder.iterdir() if p.suffix in FONT_SUFFIXES or p.name == "OFL.txt")
    return {**{f"fonts/{p.name}": p for p in files}, **(loaded.font_files() if loaded else {})}


def context(loaded: LoadedSettings | None) -> dict[str, Any]:
    """What the templates see of the settings (templates guard each with `is defined`)."""
    settings = loaded.settings if loaded else Settings()
    from markupsafe import Markup

    # Safe inside <style>: names and paths pass css_string(); colours are validated #rrggbb.
    return {"settings": settings, "theme_css": Markup(theme_css(loaded))}
