"""Is this file a Word document scrnews can read? Said before python-docx opens it, so a
.doc, a PDF with a .docx name, a damaged zip or a zip bomb gets one clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import Problem, ScrnewsError, relpath

#: Limits that no newsletter comes near and a zip bomb passes at once.
MAX_UNPACKED = 512 * 1024 * 1024  # bytes, all parts together
MAX_PARTS = 5_000
MAX_RATIO = 200  # unpacked / packed, for any part over RATIO_FROM bytes unpacked
RATIO_FROM = 1024 * 1024

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHERS = {
    "ms-word.document.macroEnabled": "a macro-enabled Word document (.docm)",
    "wordprocessingml.template": "a Word template (.dotx)",
    "ms-word.template.macroEnabled": "a macro-enabled Word template (.dotm)",
    "spreadsheetml": "an Excel workbook",
    "presentationml": "a PowerPoint presentation",
    "oasis.opendocument.text": "an OpenDocument text file (.odt)",
}
_SAVE_AS = (
    "Open it in Word (or LibreOffice) and save it as a Word Document (.docx), then import that"
)


class NotWord(ScrnewsError):
    """The file is not a .docx that can be read."""


def check(path: Path) -> None:
    """Raise NotWord, with what the file seems to be and what to do, unless it is a sound .docx."""
    name = relpath(path)

    def refuse(message: str) -> NotWord:
        return NotWord(Problem(name, None, None, "", message))

    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise refuse("no such file. Check the name and folder.") from None
    except IsADirectoryError:
        raise refuse("this is a folder; name a .docx file.") from None
    except OSError as error:
        raise refuse(f"cannot be read: {error.strerror}.") from None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise refuse(
            "this is an older Word document (.doc, Word 97-2003), or a .docx protected with "
            f"a password; scrnews reads only .docx. {_SAVE_AS} (without a password)."
        )
    if head.startswith(b"%PDF"):
        raise refuse(
            "this is a PDF, not a Word document (whatever its name says). Import the Word "
            "file the PDF was made from, or save the PDF as .docx from Word."
        )
    if head.startswith(b"{\\rtf"):
        raise refuse(f"this is a Rich Text file (.rtf), not a .docx. {_SAVE_AS}.")
    if not head.startswith(b"PK"):
        raise refuse(f"this is not a Word document (a .docx file is a zip archive). {_SAVE_AS}.")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _sizes(parts, refuse)
            _kind(archive, refuse)
    except zipfile.BadZipFile:
        raise refuse(
            "this .docx is damaged (its zip archive cannot be read). Open it in Word, which "
            "can often repair it, and save it again."
        ) from None


def _sizes(parts: list[zipfile.ZipInfo], refuse) -> None:
    if len(parts) > MAX_PARTS:
        raise refuse(
            f"this .docx holds {len(parts):,} files; a Word document has a few dozen. "
            "It is not a document scrnews will open."
        )
    total = sum(part.file_size for part in parts)
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and part.file_size / packed > MAX_RATIO:
            raise refuse(
                f"this .docx looks like a zip bomb: {part.filename} would unpack from "
                f"{part.compress_size:,} bytes to {part.file_size:,}. It was not opened."
            )
    if total > MAX_UNPACKED:
        raise refuse(
            f"this .docx would unpack to {total:,} bytes, more than scrnews opens "
            f"({MAX_UNPACKED:,}). Make the pictures in it smaller (Word: Compress Pictures)."
        )


def _kind(archive: zipfile.ZipFile, refuse) -> None:
    try:
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except KeyError:
        raise refuse(
            "this is a zip file but not a Word document (it has no [Content_Types].xml). "
            f"{_SAVE_AS}."
        ) from None
    if _MAIN in types:
        return
    for marker, kind in _OTHERS.items():
        if marker in types:
            raise refuse(f"this is {kind}, not a Word document. {_SAVE_AS}.")
    raise refuse(f"this zip file is not a Word document. {_SAVE_AS}.")
