"""Helpers for the hostile-input tests (a uniquely named module, so it never clashes with
another folder's helpers): a tiny PNG, an issue with every Markdown field filled in, and a check
that HTML is inert."""

from __future__ import annotations

import struct
import types
import typing
import zlib
from html.parser import HTMLParser

from pydantic import BaseModel

from scrnews import markup


def png_pixel() -> bytes:
    """A valid 16x16 red PNG (big enough to pass the picture checks), so a fetched image
    really lands in the PDF."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\xff\x00\x00" * 16) * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# ------------------------------------------------------------------ every Markdown field


def _is_markdown(metadata: typing.Iterable) -> bool:
    from scrnews.fields import _check_markdown

    return any(getattr(item, "func", None) is _check_markdown for item in metadata)


class _OneOfEach(list):
    """Values for a union of models (the block types): one of each, for the list around it."""


def _value(annotation, metadata, info, payload: str, depth: int):
    """A value for one field: the payload for Markdown, a sample for required fields (and for
    optional ones that have an example), else None."""
    if _is_markdown(metadata):
        return payload
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], args[1:], info, payload, depth)
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) > 1 and all(isinstance(a, type) and issubclass(a, BaseModel) for a in inner):
            return _OneOfEach(fill(model, payload, depth + 1) for model in inner)
        if len(inner) == 1:
            value = _value(inner[0], (), None, payload, depth)
            if value is None and info is not None and info.examples and _plain(inner[0]):
                return info.examples[0]
            return value
        return None
    if origin is list:
        item = _value(args[0], (), None, payload, depth)
        if isinstance(item, _OneOfEach):
            return list(item)
        if item is None and info is not None and info.is_required():
            model = args[0]
            is_model = isinstance(model, type) and issubclass(model, BaseModel)
            item = fill(model, payload, depth + 1) if is_model else "Column"
        return [item] if item is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and depth < 3:
        part = fill(annotation, payload, depth + 1)
        return part if payload in repr(part) or (info is not None and info.is_required()) else None
    if info is not None and info.is_required():
        return info.examples[0] if info.examples else "Text"
    return None


def _plain(annotation) -> bool:
    """Text (or a date written as text): a field an example can fill without other parts."""
    return annotation is str or typing.get_origin(annotation) is typing.Annotated


def fill(model: type[BaseModel], payload: str, depth: int = 0) -> dict:
    """Data for model with the payload in every Markdown field it (and its parts) can hold."""
    data = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue  # an anchor: one example, used by every block, would clash
        value = _value(info.annotation, info.metadata, info, payload, depth)
        if value is not None:
            data[name] = value
    return data


# ------------------------------------------------------------------ inert HTML


class _Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def assert_inert(html: str) -> None:
    """No script, frame or event handler, and no link or source a browser would run."""
    found = _Tags()
    found.feed(html)
    assert not {"script", "iframe", "object", "embed"} & set(found.tags)
    assert not [name for name, _ in found.attrs if name.startswith("on")]
    for name, value in found.attrs:
        if name in ("href", "src"):
            assert markup.is_safe_link(value), (name, value)
