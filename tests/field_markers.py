"""Markers for the every-field tests (issues: test_every_field.py; briefings:
test_briefing_fields.py): a unique marker for each text field, and how to tell a text field."""

from __future__ import annotations

from scrnews.fields import _check_markdown


class Markers:
    """A unique marker for each text field, and where it was put."""

    def __init__(self) -> None:
        self.count = 0
        self.found: list[tuple[str, str, str, str]] = []  # (model, field, marker, kind)

    def new(self, model: str, field: str, kind: str) -> str:
        self.count += 1
        n = self.count
        marker = {
            "url": f"https://mk{n:03d}.example.org/",
            "email": f"mk{n:03d}@example.org",
            "phone": f"01632 960 {n:03d}",
            "id": f"anchor-mk{n:03d}",
        }.get(kind, f"Mk{n:03d}x")
        self.found.append((model, field, marker, kind))
        return marker


def text_kind(annotation, metadata) -> str | None:
    """'text', 'url', 'email', 'phone' for fields that hold text, else None."""
    for item in metadata:
        func = getattr(item, "func", None)
        if func is _check_markdown:
            return "text"
        name = getattr(func, "__name__", "")
        for kind in ("url", "email", "phone"):
            if name == f"_check_{kind}":
                return kind
    return "text" if annotation is str else None
