"""Read a tagged PDF's structure tree and the text of its marked content (pikepdf)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")


@dataclass
class Node:
    """One structure element in document order, with where to find it."""

    elem: Any
    tag: str
    path: str
    page: int | None
    kids: list[Node] = field(default_factory=list)

    def where(self) -> str:
        """Describe the element for a person: its tag path and page."""
        return f"{self.path} (page {self.page})" if self.page else self.path


def walk(pdf) -> list[Node]:
    """List every structure element under /StructTreeRoot in document order."""
    import pikepdf

    root = pdf.Root.StructTreeRoot
    roles = root.get("/RoleMap", pikepdf.Dictionary())
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
    nodes: list[Node] = []
    seen: set[tuple[int, int]] = set()

    def fresh(kid) -> bool:
        """Accept each structure element once, so a malformed, cyclic tree still ends."""
        if not _is_struct_elem(kid) or kid.objgen in seen:
            return False
        if kid.objgen != (0, 0):
            seen.add(kid.objgen)
        return True

    def visit(elem, parent_path: str, index: str, inherited_page: int | None) -> Node:
        tag = _standard_tag(str(elem.get("/S", "/?"))[1:], roles)
        page = pages.get(elem.Pg.objgen) if "/Pg" in elem else inherited_page
        node = Node(elem, tag, f"{parent_path}/{tag}{index}".lstrip("/"), page)
        nodes.append(node)
        children = [kid for kid in _kids(elem) if fresh(kid)]
        tags = [_standard_tag(str(kid.get("/S", "/?"))[1:], roles) for kid in children]
        for kid, kid_tag in zip(children, tags, strict=True):
            same = [i for i, t in enumerate(tags) if t == kid_tag]
            position = f"[{same.index(len(node.kids)) + 1}]" if len(same) > 1 else ""
            node.kids.append(visit(kid, node.path, position, page))
        return node

    for i, top in enumerate(kid for kid in _kids(root) if fresh(kid)):
        visit(top, "", f"[{i + 1}]" if i else "", None)
    return nodes


def _standard_tag(tag: str, roles) -> str:
    """Follow the RoleMap from a custom tag to a standard one (a few steps at most)."""
    for _ in range(5):
        mapped = roles.get("/" + tag)
        if mapped is None:
            break
        tag = str(mapped)[1:]
    return tag


def _kids(elem) -> list:
    """Return an element's /K as a list (it may be a single object)."""
    import pikepdf

    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_struct_elem(obj) -> bool:
    """Tell structure elements apart from MCIDs, marked-content and object references."""
    import pikepdf

    return (
        isinstance(obj, pikepdf.Dictionary)
        and "/S" in obj
        and obj.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem
    )


def object_refs(node: Node) -> list:
    """Return the objects (annotations) an element points to with OBJR kids."""
    import pikepdf

    return [
        kid.Obj
        for kid in _kids(node.elem)
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR
    ]


def marked_content(node: Node) -> Iterator[tuple[Any, int]]:
    """Yield (page object, MCID) for the element and its descendants, in order."""
    import pikepdf

    page = node.elem.get("/Pg")
    for kid in _kids(node.elem):
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            yield kid.get("/Pg", page), int(kid.MCID)
    for child in node.kids:
        yield from marked_content(child)


def tagged_text(pdf) -> str | None:
    """The text of a tagged PDF in its structure tree's order (the order assistive technology
    and reflow read it in), or None when the PDF has no tags."""
    import pikepdf

    if "/StructTreeRoot" not in pdf.Root:
        return None
    reader = TextReader()
    parts: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(elem, page) -> None:
        if "/ActualText" in elem:
            parts.append(str(elem.ActualText))
            return
        page = elem.get("/Pg", page)
        for kid in _kids(elem):
            if isinstance(kid, int):
                parts.append(reader.page_text(page).get(kid, "") if page is not None else "")
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                where = kid.get("/Pg", page)
                parts.append(reader.page_text(where).get(int(kid.MCID), "") if where else "")
            elif _is_struct_elem(kid) and kid.objgen not in seen:
                if kid.objgen != (0, 0):
                    seen.add(kid.objgen)
                visit(kid, page)

    visit(pdf.Root.StructTreeRoot, None)
    return " ".join(parts)


class TextReader:
    """Extract the text shown inside each marked-content sequence, page by page."""

    def __init__(self) -> None:
        self._pages: dict[tuple, dict[int, str]] = {}
        self._cmaps: dict[tuple, tuple[int, dict[bytes, str]]] = {}

    def text(self, node: Node) -> str:
        """Return the element's text: /ActualText if set, else its marked content."""
        if "/ActualText" in node.elem:
            return str(node.elem.ActualText)
        parts = [
            self._page_text(page).get(mcid, "")
            for page, mcid in marked_content(node)
            if page is not None
        ]
        return " ".join(parts)

    def page_text(self, page) -> dict[int, str]:
        """Map each MCID on a page to the text shown inside it."""
        return self._page_text(page)

    def _page_text(self, page) -> dict[int, str]:
        """Map each MCID on a page to the text shown inside it."""
        if page.objgen not in self._pages:
            self._pages[page.objgen] = self._read_page(page)
        return self._pages[page.objgen]

    def _read_page(self, page) -> dict[int, str]:
        """Walk the content stream, tracking BDC/EMC nesting and the current font."""
        import pikepdf

        resources = page.get("/Resources", pikepdf.Dictionary())
        texts: dict[int, list[str]] = {}
        stack: list[int | None] = []
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                stack.append(_mcid(operands[1], resources))
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC" and stack:
                stack.pop()
            elif op == "Tf":
                font = resources.get("/Font", {}).get(str(operands[0]))
            elif op in ("Tj", "'", '"', "TJ") and font is not None:
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is not None:
                    texts.setdefault(mcid, []).append(self._decode(font, operands[-1]))
        return {mcid: "".join(parts) for mcid, parts in texts.items()}

    def _decode(self, font, shown) -> str:
        """Decode a Tj string or TJ array through the font's ToUnicode map."""
        import pikepdf

        strings = (
            [s for s in shown if isinstance(s, pikepdf.String)]
            if isinstance(shown, pikepdf.Array)
            else [shown]
        )
        width, cmap = self._cmap(font)
        out = []
        for string in strings:
            data = bytes(string)
            for i in range(0, len(data), width):
                code = data[i : i + width]
                out.append(cmap.get(code, code.decode("latin-1") if width == 1 else ""))
        return "".join(out)

    def _cmap(self, font) -> tuple[int, dict[bytes, str]]:
        """Parse (once per font) its ToUnicode bfchar/bfrange entries."""
        key = font.objgen
        if key not in self._cmaps:
            width = 2 if font.get("/Subtype") == "/Type0" else 1
            data = font.ToUnicode.read_bytes() if "/ToUnicode" in font else b""
            self._cmaps[key] = (width, parse_to_unicode(data))
        return self._cmaps[key]


def _mcid(properties, resources) -> int | None:
    """Return the MCID of a BDC property list, inline or named in /Properties."""
    import pikepdf

    if isinstance(properties, pikepdf.Name):
        properties = resources.get("/Properties", {}).get(str(properties))
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def parse_to_unicode(data: bytes) -> dict[bytes, str]:
    """Parse a ToUnicode CMap's bfchar and bfrange sections into code -> text."""
    cmap: dict[bytes, str] = {}
    for block in _BFCHAR.findall(data):
        hexes = [h for h, _ in _HEX.findall(block)]
        for src, dst in zip(hexes[::2], hexes[1::2], strict=False):
            cmap[bytes.fromhex(src.decode())] = _utf16(dst)
    for block in _BFRANGE.findall(data):
        items = _HEX.findall(block)
        for (lo, _), (hi, _), (dst, array) in zip(
            items[::3], items[1::3], items[2::3], strict=False
        ):
            start, end = int(lo, 16), int(hi, 16)
            targets = (
                [_utf16(h) for h in re.findall(rb"<([0-9A-Fa-f]*)>", array)] if array else None
            )
            for offset, code in enumerate(range(start, end + 1)):
                if targets is not None:
                    text = targets[offset] if offset < len(targets) else ""
                else:
                    base = _utf16(dst)
                    text = base[:-1] + chr(ord(base[-1]) + offset) if base else ""
                cmap[code.to_bytes(len(lo) // 2, "big")] = text
    return cmap


def _utf16(hex_bytes: bytes) -> str:
    """Decode a CMap destination (UTF-16BE hex) to text."""
    return bytes.fromhex(hex_bytes.decode()).decode("utf-16-be", errors="replace")
