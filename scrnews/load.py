"""Read a YAML file safely, keeping the line and column of every key and value.

PyYAML's own loaders forget where things came from, keep the last of two
duplicate keys without a word, and expand aliases without limit. We compose
the node graph (which carries marks) and build plain Python values ourselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LoadError, Problem, relpath

MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 40
#: Characters of text after aliases are expanded: a short file must not become a huge page.
MAX_CHARS = MAX_BYTES
_DEPTH_ADVICE = "Lists and groups of fields inside each other must stop well before that."

Loc = tuple[str | int, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_LEADING_ZERO = re.compile(r"^0[0-9_]+$")
_TAGS_WE_BUILD = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    _FLOAT_TAG,
    _BOOL_TAG,
    _NULL_TAG,
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """Plain data read from one YAML file, with where each part of it stands."""

    path: Path
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    raw_scalars: dict[Loc, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    """The file's lines, for messages that quote what was written."""
    renamed: list[tuple[Loc, Loc]] = field(default_factory=list)
    """(location now, location as written) for data moved after reading (the old issue form)."""

    @property
    def name(self) -> str:
        return relpath(self.path)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the value (or key) at loc, else of its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        if loc in marks:
            return marks[loc]
        for end in range(len(loc) - 1, -1, -1):
            parent = loc[:end]
            if parent in self.value_marks:
                return self.value_marks[parent]
        return (None, None)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.locate(loc, key=key)
        return Problem(self.name, line, column, format_loc(self.as_written(loc)), message)

    def as_written(self, loc: Loc) -> Loc:
        """Where loc was in the file as written (it differs for data moved after reading)."""
        best: tuple[Loc, Loc] | None = None
        for now, written in self.renamed:
            if loc[: len(now)] == now and (best is None or len(now) > len(best[0])):
                best = (now, written)
        return loc if best is None else (*best[1], *loc[len(best[0]) :])

    def line_text(self, line: int | None) -> str:
        """The text of a line (counted from 1), or '' when unknown."""
        return self.lines[line - 1] if line and 0 < line <= len(self.lines) else ""


def format_loc(loc: Loc) -> str:
    """('studies', 1, 'url') -> 'studies[1].url'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(location, text) of every string in plain data read from YAML."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, (*loc, index))


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse a YAML file into a Document, or raise LoadError."""
    path = Path(path)
    text = read_text(path, max_bytes=max_bytes)
    return parse_document(text, path)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file (a BOM is fine), refusing huge or undecodable ones."""
    name = relpath(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"the file is {size:,} bytes; scrnews reads at most "
                    f"{max_bytes:,}. Move long text or pictures into separate files.",
                )
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(
            Problem(name, None, None, "", "no such file. Check the name and folder.")
        ) from None
    except IsADirectoryError:
        raise LoadError(
            Problem(name, None, None, "", "this is a folder; name a .yaml file.")
        ) from None
    except OSError as exc:
        raise LoadError(
            Problem(name, None, None, "", f"cannot read the file: {exc.strerror}.")
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            Problem(
                name,
                line,
                column,
                "",
                f"the file is not valid UTF-8 (byte {exc.start}: "
                f"0x{raw[exc.start]:02x}). Save it as UTF-8 in your editor.",
            )
        ) from None


def parse_document(text: str, path: Path) -> Document:
    """Parse YAML text; any syntax error becomes a LoadError with its position.

    libyaml (when PyYAML has it) reads a good file some 20 times faster than PyYAML's own
    parser; a file it rejects is read again by PyYAML's, whose messages (and the hints
    added to them) are the ones scrnews shows.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _compose(Document(path=path, data=None, lines=text.splitlines()), fast(text))
        except (yaml.YAMLError, RecursionError):
            pass
    return _parse_wording_errors(text, path)


def _compose(doc: Document, loader: yaml.SafeLoader) -> Document:
    """Build doc.data from what loader composes (builder problems raise LoadError)."""
    try:
        node = loader.get_single_node()
        if node is not None:
            builder = _Builder(doc, loader)
            doc.data = builder.build(node, ())
            if builder.problems:
                raise LoadError(builder.problems)
    finally:
        loader.dispose()
    return doc


def _parse_wording_errors(text: str, path: Path) -> Document:
    """PyYAML's own parser: slower, with the error messages scrnews words its advice around."""
    doc = Document(path=path, data=None, lines=text.splitlines())
    try:
        loader = yaml.SafeLoader(text)  # checks every character first
    except yaml.reader.ReaderError as exc:
        raise LoadError(_unprintable(doc.name, exc, text)) from None
    try:
        return _compose(doc, loader)
    except yaml.MarkedYAMLError as exc:
        raise LoadError(_syntax_problem(doc.name, exc, text)) from None
    except RecursionError:  # PyYAML composes recursively: hundreds of levels overflow the stack
        raise LoadError(_too_deep(doc.name, text)) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(doc.name, None, None, "", f"not valid YAML: {exc}")) from None


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = exc.problem or "not valid YAML"
    hint = ""
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if _TYPOGRAPHIC.search(line_text):
        hint = _typographic_hint(line_text)
    elif "'\\t'" in problem or (mark and _line_has_tab(text, mark.line)):
        hint = " YAML does not allow tabs for indentation: use spaces."
    elif "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        hint = (
            " If a value contains ': ' or starts with a quote, put the whole value in "
            "double quotes or use a block (key: |) on the next lines."
        )
    elif "found undefined alias" in problem:
        hint = " Define the anchor (&name) before using it (*name)."
    elif "expected <block end>" in problem:
        hint = " Check the indentation of this line against the lines above it."
    context = f"{exc.context}: " if exc.context else ""
    return Problem(name, line, column, "", f"YAML syntax error: {context}{problem}.{hint}")


_TYPOGRAPHIC = re.compile(r":\s+[“”‘’„«]")
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def _typographic_hint(line: str) -> str:
    """A value wrapped in curly quotes (pasted from Word) is not quoted for YAML."""
    key, _, value = line.partition(":")
    fixed = f"{key.strip()}: {value.strip().translate(_STRAIGHT)}"
    return (
        " The value starts with a typographic quote (“ or ‘), which YAML reads as an ordinary "
        "letter, not as a quote. Use straight quotes around the whole value:  " + fixed
    )


def _unprintable(name: str, exc: yaml.reader.ReaderError, text: str) -> Problem:
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return Problem(
        name,
        line,
        column,
        "",
        f"the file contains the control character "
        f"U+{exc.character:04X}, which YAML does not allow. Delete it (retype the "
        "words around it if you cannot see it).",
    )


def _too_deep(name: str, text: str) -> Problem:
    """Where nesting first passes MAX_DEPTH, found by PyYAML's event parser (it does not recurse)."""
    depth, mark = 0, None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the top-level mapping is depth 1, as _Builder counts
                    mark = event.start_mark
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(
        name, line, column, "", f"nested more than {MAX_DEPTH} levels deep. " + _DEPTH_ADVICE
    )


def _line_has_tab(text: str, index: int) -> bool:
    lines = text.splitlines()
    return (
        0 <= index < len(lines)
        and "\t" in lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    )


class _Builder:
    """Turn composed YAML nodes into dicts, lists and scalars, recording marks."""

    def __init__(self, doc: Document, loader: yaml.SafeLoader):
        self.doc = doc
        self.loader = loader
        self.count = 0
        self.chars = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        self.doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.count > MAX_NODES:
            raise LoadError(
                self.doc.problem(
                    loc,
                    f"the file expands to more than {MAX_NODES:,} "
                    "values (too many aliases?). Write the values out.",
                )
            )
        if len(loc) > MAX_DEPTH:
            raise LoadError(
                self.doc.problem(loc, f"nested more than {MAX_DEPTH} levels deep. {_DEPTH_ADVICE}")
            )
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise LoadError(
                    self.doc.problem(
                        loc,
                        f"the tag {node.tag!r} is not allowed. Remove it and write a plain list.",
                    )
                )
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self.build_scalar(node, loc)

    def build_scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if node.tag not in _TAGS_WE_BUILD:
            self.problems.append(
                self.doc.problem(
                    loc, f"the tag {node.tag!r} is not allowed. Remove it and write plain text."
                )
            )
            return None
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise LoadError(
                self.doc.problem(
                    loc,
                    f"the file's text expands to more than {MAX_CHARS:,} characters "
                    "(too many aliases?). Write the values out.",
                )
            )
        if node.tag == _BOOL_TAG or (node.tag == _NULL_TAG and node.value):
            self.doc.raw_scalars[loc] = node.value
        if node.tag == _INT_TAG and _LEADING_ZERO.match(node.value):
            # YAML 1.1 reads 01274434361 as an octal number; a leading zero means a phone number.
            return node.value
        if node.tag in (_INT_TAG, _FLOAT_TAG) and ":" in node.value:
            # YAML 1.1 reads 9:30 as the number 570 (base 60); people mean a time of day.
            return node.value
        return self.loader.construct_object(node, deep=True)

    def build_mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise LoadError(self.doc.problem(loc, f"the tag {node.tag!r} is not allowed."))
        result: dict[str, Any] = {}
        explicit: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.merge(result, explicit, value_node, loc)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError(
                    Problem(
                        self.doc.name,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_loc(loc),
                        "a key must be a plain word, not a list or mapping.",
                    )
                )
            if key_node.tag not in _TAGS_WE_BUILD:
                raise LoadError(
                    Problem(
                        self.doc.name,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_loc(loc),
                        f"the tag {key_node.tag!r} is not allowed on a key. Write a plain word.",
                    )
                )
            key = str(self.loader.construct_object(key_node))
            child = (*loc, key)
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in explicit:
                first = self.doc.key_marks[child]
                self.problems.append(
                    Problem(
                        self.doc.name,
                        *mark,
                        format_loc(child),
                        f"this key is written twice (first on line {first[0]}); YAML would "
                        "silently keep only the last one. Merge the two or rename one.",
                    )
                )
                continue
            explicit.add(key)
            self.doc.key_marks[child] = mark
            result[key] = self.build(value_node, child)
        return result

    def merge(self, result: dict, explicit: set[str], value_node: yaml.Node, loc: Loc) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise LoadError(
                    self.doc.problem(loc, "'<<' must name a mapping (an &anchor of keys).")
                )
            merged = self.build_mapping(source, loc)
            for key, value in merged.items():
                if key not in explicit:
                    result.setdefault(key, value)
