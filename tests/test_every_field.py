"""Nothing the format accepts is silently dropped.

An issue is generated from the model itself, with a block of every type and every field
filled: each text field holds a unique marker, and every other field (numbers, dates,
choices, switches) is listed in NON_TEXT below with how a reader sees it, or why it is not
printed (metadata, or a figure only checked against the text). The test finds every marker
in the web page and in the PDF's text (or in their metadata), and fails when the model gains
a field that is neither a marker nor listed here.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

import pikepdf
import pytest
import yaml
from field_markers import Markers, text_kind
from pydantic import BaseModel

from scrnews import blocks
from scrnews.build import build_issue
from scrnews.schema import Board, Image, Issue

# ---------------------------------------------------------------- fields that are not text

#: (model, field) -> the value written, and where a reader finds it: "page" (in the page's
#: text and the PDF's), "html" (in the page's markup: an anchor, a class, a style),
#: or "checked" (compared with the text, not printed: README, "Figures"). A field that holds
#: other fields (a block, a list of reviews) is covered by theirs.
NON_TEXT: dict[tuple[str, str], tuple[object, str, str | None]] = {
    ("Issue", "kind"): ("newsletter", "html", '<header class="masthead">'),  # not a briefing
    ("Issue", "number"): (4242, "page", "Issue 4242"),
    ("Issue", "volume"): (4343, "page", "Volume 4343"),
    ("Issue", "date"): ("July to September 2031", "page", "July to September 2031"),
    ("Issue", "language"): ("en-GB", "html", 'lang="en-GB"'),
    ("Issue", "status"): ("draft", "page", "Draft: not for publication"),
    ("Board", "colour"): ("#00594f", "html", "--brand: #00594f"),
    ("Image", "src"): ("images/logo-marker.png", "html", 'src="assets/logo-marker.png"'),
    ("Box", "style"): ("warning", "html", 'class="block block-box box box-warning"'),
    ("Box", "ordered"): (True, "html", "BOX-ORDERED"),
    ("List", "ordered"): (True, "html", "LIST-ORDERED"),
    ("List", "start"): (3, "html", '<ol start="3">'),
    ("Item", "ordered"): (True, "html", "ITEM-ORDERED"),
    ("Item", "start"): (5, "html", '<ol start="5">'),
    ("Theme", "ordered"): (True, "html", "THEME-ORDERED"),
    ("Theme", "start"): (7, "html", '<ol start="7">'),
    ("Review", "started"): ("1997-03", "page", "March 1997"),
    ("Review", "completed"): ("1998-04", "page", "April 1998"),
    ("Review", "published"): ("1999-05-06", "page", "6 May 1999"),
    ("Figure", "value"): (7017, "page", "7017"),
    ("Figures", "stated"): (None, "checked", None),
    ("Figures", "since"): (1990, "checked", None),
    ("Figures", "display"): (
        "charts",
        "html",
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"',
    ),
    ("Figures", "facets"): (
        ["outcome", "age_band", "sex", "issues", "review_type", "year"],
        "html",
        'id="fig-year"',
    ),
    ("Case", "year"): (2029, "page", "2029"),
    ("Case", "sex"): ("girl", "page", "Girls"),
    ("Case", "age"): (11, "checked", None),
    ("Case", "outcome"): ("serious harm", "page", "Serious harm"),
    ("Action", "due"): ("2033-08", "page", "August 2033"),
    ("Action", "status"): ("amber", "page", "Amber"),
    ("Study", "published"): ("1995-11", "page", "November 1995"),
    ("Event", "date"): ("2031-02-17", "page", "17 February 2031"),
    ("Event", "end"): ("2031-02-19", "page", "19 February 2031"),
    ("Event", "time"): ("9:30 to 12:30", "page", "9:30 to 12:30"),
    ("Event", "online"): (True, "page", "Online"),
    ("Table", "row_headers"): (True, "html", '<th scope="row">'),
}
#: Text fields read as metadata only (listed in the README): in <meta> and the PDF's Info.
METADATA = {("Issue", "summary"), ("Issue", "keywords")}
#: Text fields seen in the page's markup rather than its text: an anchor, a picture's
#: description (alt in the page, /Alt of its Figure in the PDF).
IN_MARKUP = {"id"}
ALT_TEXT = {("Image", "alt")}

# ---------------------------------------------------------------- the generated issue


def value_for(model: type[BaseModel], name: str, markers: Markers, depth: int):
    info = model.model_fields[name]
    key = (model.__name__, name)
    if name == "type" and issubclass(model, blocks.Block):
        return blocks.type_name(model)
    if key in NON_TEXT:
        return NON_TEXT[key][0]
    return _value(info.annotation, tuple(info.metadata), model, name, markers, depth)


def _value(annotation, metadata, model, name, markers: Markers, depth: int):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], (*metadata, *args[1:]), model, name, markers, depth)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) > 1:  # the blocks: one of each type
            return [fill(block, markers, depth + 1) for block in inner]
        return _value(inner[0], metadata, model, name, markers, depth)
    if origin is list:
        item = _value(args[0], (), model, name, markers, depth)
        return (
            item
            if isinstance(item, list) and item and isinstance(item[0], dict) and "type" in item[0]
            else [item]
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if depth > 3:
            return None
        return fill(annotation, markers, depth + 1)
    kind = "id" if name in IN_MARKUP else text_kind(annotation, metadata)
    if kind is None:
        raise AssertionError(f"{model.__name__}.{name} is not text: list it in NON_TEXT")
    return markers.new(model.__name__, name, kind)


def fill(model: type[BaseModel], markers: Markers, depth: int = 0) -> dict:
    data = {}
    for name in model.model_fields:
        value = value_for(model, name, markers, depth)
        if value is not None and value != [None]:
            data[name] = value
    return data


def non_text_fields() -> set[tuple[str, str]]:
    """Every field of the format that does not hold text (or a list of text)."""
    found: set[tuple[str, str]] = set()
    for model in _models():
        for name, info in model.model_fields.items():
            if name == "type" and issubclass(model, blocks.Block):
                continue
            if name in IN_MARKUP or _holds_text(info.annotation, tuple(info.metadata)):
                continue
            if _inner_models(info.annotation):
                continue  # covered by the fields of what it holds
            found.add((model.__name__, name))
    return found


def _holds_text(annotation, metadata) -> bool:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _holds_text(args[0], (*metadata, *args[1:]))
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return len(inner) == 1 and _holds_text(inner[0], metadata)
    if origin is list:
        return _holds_text(args[0], ())
    return text_kind(annotation, metadata) is not None


def _models() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}

    def visit(model):
        if model.__name__ in seen:
            return
        seen[model.__name__] = model
        for name, info in model.model_fields.items():
            if NON_TEXT.get((model.__name__, name), (None, ""))[1] == "checked":
                continue  # not printed: what it holds is not generated either
            for inner in _inner_models(info.annotation):
                visit(inner)

    visit(Issue)
    return list(seen.values())


def _field_holds_text(key: tuple[str, str]) -> bool:
    info = {m.__name__: m for m in _all_models()}[key[0]].model_fields[key[1]]
    return _holds_text(info.annotation, tuple(info.metadata))


def v_holds_models(key: tuple[str, str]) -> bool:
    model = {m.__name__: m for m in _all_models()}[key[0]]
    return bool(_inner_models(model.model_fields[key[1]].annotation))


def _all_models():
    from scrnews.schema import _all_models as every

    return every().values()


def _inner_models(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _inner_models(arg)]


# ---------------------------------------------------------------- build it once


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from PIL import Image as Picture

    markers = Markers()
    data = fill(Issue, markers)
    folder = tmp_path_factory.mktemp("every-field")
    (folder / "images").mkdir()
    Picture.new("RGB", (120, 40), (0, 89, 79)).save(folder / "images" / "logo-marker.png")
    # Nested lists tell their switches apart: only these lists are numbered.
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_issue(path, folder / "out", strict=True)
    html = result.html.read_text(encoding="utf-8")
    return markers, data, html, result


def test_the_generated_issue_has_every_block_type_and_many_fields(built):
    markers, data, _, _ = built
    assert [block["type"] for block in data["body"]] == list(blocks.BY_NAME)
    assert len(markers.found) > 100


def test_every_non_text_field_is_listed_with_how_it_is_shown():
    holding = {k for k in NON_TEXT if v_holds_models(k)}
    text = {k for k in NON_TEXT if k not in holding and _field_holds_text(k)}  # a valid value
    assert non_text_fields() == set(NON_TEXT) - holding - text, (
        "a field that is not text must say in NON_TEXT how a reader sees it"
    )


def _page_markers(markers: Markers):
    return [m for m in markers.found if (m[0], m[1]) not in METADATA | ALT_TEXT and m[3] != "id"]


def test_descriptions_of_pictures_are_their_alt_text(built):
    markers, _, html, result = built
    alts = [marker for model, field, marker, _ in markers.found if (model, field) in ALT_TEXT]
    assert alts and [a for a in alts if f'alt="{a}"' not in html] == []
    with pikepdf.open(result.pdf) as pdf:
        found = set()

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if "/Alt" in node:
                    found.add(str(node.Alt))
                kids = node.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert [a for a in alts if a not in found] == []


def test_every_text_field_is_in_the_web_page(built, html_text):
    markers, _, html, _ = built
    text = html_text(html)
    missing = [
        (model, field, marker)
        for model, field, marker, kind in _page_markers(markers)
        if marker.rstrip("/") not in (html if kind == "url" else text)
    ]
    assert missing == []


def test_every_text_field_is_in_the_pdf(built, pdf_text, tight):
    markers, _, _, result = built
    text = tight(pdf_text(result.pdf))
    with pikepdf.open(result.pdf) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    missing = []
    for model, field, marker, kind in _page_markers(markers):
        if kind == "url":
            if marker not in uris and marker.rstrip("/") not in {u.rstrip("/") for u in uris}:
                missing.append((model, field, marker))
        elif tight(marker) not in text:
            missing.append((model, field, marker))
    assert missing == []


def test_anchors_are_in_the_page(built):
    markers, _, html, _ = built
    anchors = [marker for _, _, marker, kind in markers.found if kind == "id"]
    assert len(anchors) == len(blocks.TYPES)
    assert [a for a in anchors if f'id="{a}"' not in html] == []


def test_metadata_fields_are_in_the_page_head_and_the_pdf_info(built):
    markers, _, html, result = built
    head = html.split("</head>")[0]
    meta = [(f, m) for model, f, m, _ in markers.found if (model, f) in METADATA]
    assert {f for f, _ in meta} == {"summary", "keywords"}
    assert [m for _, m in meta if m not in head] == []
    with pikepdf.open(result.pdf) as pdf:
        info = " ".join(str(value) for value in pdf.docinfo.values())
    assert [m for _, m in meta if m not in info] == []


SHOWN = [k for k, v in NON_TEXT.items() if v[1] in ("page", "html")]


@pytest.mark.parametrize("key", SHOWN, ids=[f"{model}.{field}" for model, field in SHOWN])
def test_each_non_text_field_is_shown(built, html_text, pdf_text, tight, key):
    _, _, html, result = built
    _, where, expected = NON_TEXT[key]
    if expected.endswith("-ORDERED"):  # a numbered list: <ol> around that field's items
        owner = {"BOX": "Box", "LIST": "List", "ITEM": "Item", "THEME": "Theme"}[
            expected.split("-")[0]
        ]
        assert _numbered(html, owner), owner
        return
    if where == "html":
        assert expected in html
    else:
        assert expected in html_text(html)
        assert tight(expected) in tight(pdf_text(result.pdf))


def _numbered(html: str, owner: str) -> bool:
    """Whether the first item of that model's list sits in an <ol>."""
    first = {
        "Box": r"block-box",
        "List": r"block-list",
        "Theme": r"block-themes",
        "Item": r"<li><p>Mk",
    }[owner]
    at = html.find(first) if owner != "Item" else html.find('<ol start="5">')
    return at != -1 and "<ol" in html[at : at + 4000]


def test_checked_fields_are_said_to_be_checked_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for model, field in [k for k, v in NON_TEXT.items() if v[1] == "checked"]:
        assert re.search(rf"`{field}`[^\n]*(checked|not printed)", readme), (model, field)
    for model, field in METADATA:
        assert re.search(rf"`{field}`[^\n]*metadata", readme), (model, field)


def test_board_and_image_fields_are_covered():
    names = {m.__name__ for m in _models()}
    assert {"Board", "Image", *(m.__name__ for m in blocks.TYPES)} <= names
    assert Board.model_fields and Image.model_fields
