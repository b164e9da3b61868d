"""The document's pictures: named and kept for images/, written as Markdown with the
description Word holds, or a TODO that `scrnews check` will not let through."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from .inline import escape, link_target
from .wordxml import Description

#: Formats a browser and WeasyPrint both show, by content type: the file's extension.
SHOWN = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}
#: Formats Pillow turns into PNG.
CONVERTED = {"image/bmp", "image/x-ms-bmp", "image/tiff", "image/x-tiff"}

NO_DESCRIPTION = "TODO: describe this picture"
#: What Word 365 adds to a description it made up itself.
_AUTOMATIC = "description automatically generated"


@dataclass
class Pictures:
    """Pictures met while reading, each saved once (by content) as picture-N.<ext>.

    src_prefix: how the issue file names the pictures' folder ("../images/spring-2019").
    """

    src_prefix: str
    files: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes
    _names: dict[str, str] = field(default_factory=dict)  # sha256 -> file name
    without_description: int = 0

    def add(self, data: bytes, content_type: str, about: Description) -> tuple[str, list[str]]:
        """The Markdown of one picture (or "" when it is left out), and what was approximated."""
        notes: list[str] = []
        if about.decorative:
            return "", ["a picture marked decorative in Word was left out"]
        name = self._save(data, content_type)
        if name is None:
            kind = content_type.split("/")[-1].removeprefix("x-").upper()
            return escape(
                f"TODO: a picture in {kind} format, which web pages cannot show: "
                "save it from Word as PNG and put it here"
            ), [
                f"a {kind} picture cannot be shown in a web page or the PDF; a TODO stands in its place"
            ]
        alt = about.text
        if not alt:
            alt = NO_DESCRIPTION
            self.without_description += 1
            notes.append(f"{name} has no description in Word: replace the TODO with what it shows")
        elif _AUTOMATIC in alt.lower():
            alt = f"TODO: check the description Word made up: {_without_automatic(alt)}"
            notes.append(f"{name}'s description was made by Word: check it and remove the TODO")
        if about.floating:
            notes.append(
                f"{name} floats beside the text in Word; it is placed where it is anchored"
            )
        src = link_target(f"{self.src_prefix}/{name}")
        return f"![{escape(alt)}]({src})", notes

    def _save(self, data: bytes, content_type: str) -> str | None:
        digest = hashlib.sha256(data).hexdigest()
        if digest in self._names:
            return self._names[digest]
        content_type = content_type.lower()
        if content_type in SHOWN:
            ext = SHOWN[content_type]
        elif content_type in CONVERTED:
            data, ext = _as_png(data), "png"
            if not data:
                return None
        else:
            return None
        name = f"picture-{len(self.files) + 1}.{ext}"
        self.files[name] = data
        self._names[digest] = name
        return name


def _as_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return b""


def _without_automatic(text: str) -> str:
    """Word's own description without its 'Description automatically generated' tail."""
    cut = text.lower().find(_AUTOMATIC)
    return text[:cut].rstrip(" .,;\n") if cut > 0 else text
