"""Is an SVG safe to publish? Scripts, event handlers, foreign content, DTDs and entities, and
references to anything outside the file are refused, wherever the SVG comes from.

An SVG is a document, not just a picture: copied beside the page and served from the board's
own site, a <script> or an onload attribute in it runs when someone opens it (stored XSS), and
an entity or a DOCTYPE can make an XML parser read other files or expand text without end.

The file is read with expat directly, with the same guards as defusedxml (no DTD internal
subset, no entity declarations, no external entities or parameter entities) plus line numbers
for the messages. Nothing is removed: the file is refused, saying what to take out.
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"

#: Elements that run code or embed another document (compared without case or namespace).
ACTIVE_ELEMENTS = {
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "frame",
    "embed",
    "object",
    "applet",
    "include",  # XInclude
}
#: Attributes whose value is an address.
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}
#: The only outside-looking addresses allowed: pictures written into the file itself.
_EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.I)
_URL_FUNCTION = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.I)
_PUBLIC_SVG_DTD = re.compile(r"^http://www\.w3\.org/Graphics/SVG/1\.[01]/DTD/svg[0-9a-z-]*\.dtd$")


class _Refused(Exception):
    """Stops the parse at something that must not be read further (a DTD, an entity)."""


def svg_problems(data: bytes) -> list[str]:
    """What makes data unsafe to publish: phrases such as "a <script> element (line 3)"."""
    return inspect(data)[0]


def inspect(data: bytes) -> tuple[list[str], str | None]:
    """(what makes data unsafe, why it cannot be drawn as an SVG picture or None)."""
    scan = _Scan()
    try:
        scan.parser.Parse(data, True)
    except _Refused as stop:
        scan.found.append(str(stop))
    except expat.ExpatError as error:
        return [], f"it is not a well-formed SVG file (line {error.lineno}: {_reason(error)})"
    unsafe = list(dict.fromkeys(scan.found))
    if scan.root is None:  # refused before the first element
        return unsafe, None
    namespace, name = scan.root
    if (namespace, name) != (SVG_NS, "svg"):
        return unsafe, f"it is not an SVG picture (its first element is <{name}>)"
    return unsafe, _size_problem(scan.root_attributes)


_LENGTH = re.compile(
    r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*$", re.I
)


def _size_problem(attributes: dict[str, str]) -> str | None:
    """The root's width, height and viewBox, when written, must give the picture a size."""
    for key in ("width", "height"):
        value = attributes.get(key)
        if value is None:
            continue
        match = _LENGTH.match(value)
        if not match:
            return f"its {key} {value!r} is not a length (write a number, such as 120)"
        if float(match.group(1)) <= 0:
            return f"its {key} is {value!r}, so nothing would be drawn"
    box = attributes.get("viewBox")
    if box is not None:
        parts = box.replace(",", " ").split()
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            return f"its viewBox {box!r} is not four numbers with a positive width and height"
    return None


def _reason(error: expat.ExpatError) -> str:
    return expat.ErrorString(error.code) if error.code else str(error)


class _Scan:
    """The expat handlers: each finding is noted with its line; DTDs and entities stop the read."""

    def __init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.UnparsedEntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.entity
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.parser = parser
        self.found: list[str] = []
        self.root: tuple[str, str] | None = None
        self.root_attributes: dict[str, str] = {}
        self.style: list[str] | None = None  # the text of the <style> being read
        self.style_line = 0

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset or (system_id and not _PUBLIC_SVG_DTD.match(system_id)):
            raise _Refused(
                f"a DOCTYPE with definitions of its own (line {self.line}), which can make an "
                "XML reader fetch other files or expand text without end"
            )

    def entity(self, *args) -> None:
        raise _Refused(
            f"an entity (line {self.line}), which can make an XML reader fetch other files"
        )

    def instruction(self, target: str, data: str) -> None:
        self.found.append(f"a <?{target}?> instruction (line {self.line})")

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, _, name = tag.rpartition(" ")
        if self.root is None:
            self.root = (namespace, name)
            self.root_attributes = {k: v for k, v in attributes.items() if " " not in k}
        if name.lower() in ACTIVE_ELEMENTS:
            self.found.append(f"a <{name}> element (line {self.line})")
        if name == "style":
            self.style, self.style_line = [], self.line
        for key, value in attributes.items():
            self.attribute(key.rpartition(" ")[2], value)

    def attribute(self, name: str, value: str) -> None:
        lower = name.lower()
        if lower.startswith("on"):
            self.found.append(f"an event handler, {name}= (line {self.line})")
        elif lower in ADDRESS_ATTRIBUTES and not _inside(value):
            self.found.append(
                f"a reference to {_short(value)!r} outside the file (line {self.line})"
            )
        elif lower == "attributename" and _animates_code(value):
            self.found.append(f"an animation that sets {value}= (line {self.line})")
        else:
            self.css(value)

    def css(self, text: str, line: int | None = None) -> None:
        line = line or self.line
        for _, target in _URL_FUNCTION.findall(text):
            if not _inside(target.strip()):
                self.found.append(
                    f"a reference to {_short(target)!r} outside the file (line {line})"
                )
        if "@import" in text.lower():
            self.found.append(f"a stylesheet @import (line {line})")

    def end(self, tag: str) -> None:
        if tag.rpartition(" ")[2] == "style" and self.style is not None:
            self.css("".join(self.style), self.style_line)  # expat hands text over by lines
            self.style = None

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    *head, last = items
    return f"{', '.join(head)} and {last}" if head else last


def _inside(address: str) -> bool:
    """A reference to a part of the same file (#id), or a picture written into it."""
    address = address.strip()
    return not address or address.startswith("#") or bool(_EMBEDDED_PICTURE.match(address))


def _animates_code(name: str) -> bool:
    local = name.rpartition(":")[2].lower()
    return local.startswith("on") or local in ADDRESS_ATTRIBUTES


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
