"""Nothing a briefing accepts is silently dropped (as tests/test_every_field.py for issues).

A briefing is generated from its model with every field filled: each text field holds a
unique marker, every other field is listed in NON_TEXT with how a reader sees it. Every
marker is found in the web page and in the PDF's text (or its metadata, or its links), and
the test fails when the model gains a field that is neither.
"""

from __future__ import annotations

import types
import typing

import pikepdf
import pytest
import yaml
from field_markers import Markers, text_kind
from pydantic import BaseModel

from scrnews.briefing.model import Briefing
from scrnews.build import build_issue

#: (model, field) -> the value written, and where a reader finds it: "page" (the page's text
#: and the PDF's) or "html" (the page's markup).
NON_TEXT: dict[tuple[str, str], tuple[object, str, str]] = {
    ("Briefing", "kind"): ("briefing", "html", '<span class="kind">7-minute briefing</span>'),
    ("Briefing", "date"): ("2031-07-14", "page", "14 July 2031"),
    ("Briefing", "language"): ("en-GB", "html", '<html lang="en-GB">'),
    ("Briefing", "status"): ("draft", "page", "Draft: not for publication"),
    ("Briefing", "layout"): ("clock", "html", 'class="panels panels-clock"'),
    ("Board", "colour"): ("#00594f", "html", "--brand: #00594f"),
    ("Image", "src"): ("images/logo-marker.png", "html", 'src="assets/logo-marker.png"'),
    ("Panel", "numbered"): (True, "html", "PANEL-1-NUMBERED"),  # bullets unless it says so
    ("Item", "ordered"): (True, "html", '<ol start="5">'),  # a point's sub-points, numbered
    ("Item", "start"): (5, "html", '<ol start="5">'),
}
METADATA = {("Briefing", "summary"), ("Briefing", "keywords")}
ALT_TEXT = {("Image", "alt")}


def _value(annotation, metadata, model, name, markers: Markers, depth: int):
    if (model.__name__, name) in NON_TEXT:
        return NON_TEXT[(model.__name__, name)][0]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], (*metadata, *args[1:]), model, name, markers, depth)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return _value(inner, metadata, model, name, markers, depth)
    if origin is list:
        return [_value(args[0], (), model, name, markers, depth)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fill(annotation, markers, depth + 1) if depth < 4 else None
    kind = text_kind(annotation, metadata)
    if kind is None:
        raise AssertionError(f"{model.__name__}.{name} is not text: list it in NON_TEXT")
    return markers.new(model.__name__, name, kind)


def fill(model: type[BaseModel], markers: Markers, depth: int = 0) -> dict:
    data = {}
    for name, info in model.model_fields.items():
        value = _value(info.annotation, tuple(info.metadata), model, name, markers, depth)
        if value is not None and value != [None]:
            data[name] = value
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from PIL import Image as Picture

    markers = Markers()
    data = fill(Briefing, markers)
    folder = tmp_path_factory.mktemp("briefing-fields")
    (folder / "images").mkdir()
    Picture.new("RGB", (120, 40), (0, 89, 79)).save(folder / "images" / "logo-marker.png")
    path = folder / "briefing.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_issue(path, folder / "out", strict=True)
    return markers, result.html.read_text(encoding="utf-8"), result


def _page_markers(markers: Markers):
    return [m for m in markers.found if (m[0], m[1]) not in METADATA | ALT_TEXT]


def test_every_field_of_every_panel_is_filled(built):
    markers, _, result = built
    filled = {(model, field) for model, field, _, _ in markers.found}
    assert {("Panel", f) for f in ("title", "text", "after")} <= filled
    assert {("Item", "text"), ("Item", "note"), ("Link", "description"), ("ReviewRef", "code")} <= (
        filled
    )
    assert sum(1 for m, f, _, _ in markers.found if (m, f) == ("Panel", "text")) == 7
    assert result.pages == 1


def test_every_text_field_is_in_the_web_page(built, html_text):
    markers, html, _ = built
    text = html_text(html)
    missing = [
        (model, field, marker)
        for model, field, marker, kind in _page_markers(markers)
        if marker.rstrip("/") not in (html if kind == "url" else text)
    ]
    assert missing == []


def test_every_text_field_is_in_the_pdf(built, pdf_text, tight):
    markers, _, result = built
    text = tight(pdf_text(result.pdf))
    with pikepdf.open(result.pdf) as pdf:
        uris = {str(a.A.URI) for a in pdf.pages[0].get("/Annots", []) if "/A" in a}
        alts = {str(n.get("/Alt")) for n in _struct(pdf.Root.StructTreeRoot) if "/Alt" in n}
        info = " ".join(str(value) for value in pdf.docinfo.values())
    missing = []
    for model, field, marker, kind in markers.found:
        if (model, field) in METADATA:
            found = marker in info
        elif (model, field) in ALT_TEXT:
            found = marker in alts
        elif kind == "url":
            found = marker in uris
        else:
            found = tight(marker) in text
        if not found:
            missing.append((model, field, marker))
    assert missing == []


def _struct(node):
    if isinstance(node, pikepdf.Dictionary):
        yield node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from _struct(kid)


@pytest.mark.parametrize("key", list(NON_TEXT), ids=[f"{m}.{f}" for m, f in NON_TEXT])
def test_each_non_text_field_is_shown(built, html_text, pdf_text, tight, key):
    _, html, result = built
    _, where, expected = NON_TEXT[key]
    if expected == "PANEL-1-NUMBERED":  # Background's points are numbered, as the field says
        background = html.split('<section class="panel ')[1]
        assert "<ol>" in background.split("</section>")[0]
    elif where == "html":
        assert expected in html
    else:
        assert expected in html_text(html)
        assert tight(expected) in tight(pdf_text(result.pdf))


def test_every_non_text_field_is_listed():
    """A field the model gains that holds no text must be listed here with how it is shown."""
    from scrnews.schema import _all_models

    models = {"Briefing", "Panels", "Panel", "ReviewRef", "Board", "Image", "Item", "Link"}
    every = {name: model for name, model in _all_models().items() if name in models}
    unlisted = []
    for name, model in every.items():
        for field, info in model.model_fields.items():
            try:
                _value(info.annotation, tuple(info.metadata), model, field, Markers(), 9)
            except AssertionError:
                unlisted.append((name, field))
    assert unlisted == []
