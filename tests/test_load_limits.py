"""load.py at its edges: limits hit exactly, where a problem is placed, merges, tags, raw scalars.

Written to kill the mutants a mutation run found alive (`make mutate MODULES=load`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews import load
from scrnews.errors import LoadError

NAME = Path("issue.yaml")


def parse(text: str) -> load.Document:
    return load.parse_document(text, NAME)


def problem(text: str) -> str:
    with pytest.raises(LoadError) as caught:
        parse(text)
    return caught.value.problems[0].message


# ---------------------------------------------------------------- where problems are placed


def test_locate_falls_back_to_the_nearest_parent_that_was_written():
    doc = parse("a:\n  b:\n    c: 1\n")
    assert doc.locate(("a", "b", "c")) == (3, 8)
    assert doc.locate(("a", "b", "c"), key=True) == (3, 5)
    assert doc.locate(("a", "b", "missing")) == (3, 5)  # its parent, a.b
    assert doc.locate(("a", "b", "missing", "deeper")) == (3, 5)
    assert doc.locate(("a", "missing", "x", "y")) == (2, 3)  # a's value
    doc.value_marks = {(): (1, 1)}
    assert doc.locate(("a", "b", "c")) == (1, 1)  # the whole document
    doc.value_marks = {}
    assert doc.locate(("a",)) == (None, None)


def test_as_written_follows_the_longest_renamed_prefix_in_any_order():
    doc = parse("x: 1\n")
    doc.renamed = [(("body",), ("sections",)), (("body", 0), ("foreword",))]
    assert doc.as_written(("body", 0, "text")) == ("foreword", "text")
    assert doc.as_written(("body", 1, "text")) == ("sections", 1, "text")
    assert doc.as_written(("other",)) == ("other",)
    doc.renamed.reverse()
    assert doc.as_written(("body", 0, "text")) == ("foreword", "text")
    assert doc.problem(("body", 0), "m").key == "foreword"


def test_line_text_counts_from_one_and_is_empty_outside_the_file():
    doc = parse("a: 1\nb: 2\n")
    doc.lines = ["a: 1", "b: 2"]
    assert [doc.line_text(n) for n in (1, 2)] == ["a: 1", "b: 2"]
    assert [doc.line_text(n) for n in (None, 0, -1, 3)] == ["", "", "", ""]


def test_strings_walks_lists_and_mappings():
    data = {"a": ["x", {"b": "y"}], "c": 3, "d": "z"}
    assert list(load.strings(data)) == [(("a", 0), "x"), (("a", 1, "b"), "y"), (("d",), "z")]


# ---------------------------------------------------------------- limits, exactly


def test_the_value_limit_is_exact(monkeypatch):
    monkeypatch.setattr(load, "MAX_NODES", 3)  # the mapping and its two values
    assert parse("a: 1\nb: 2\n").data == {"a": 1, "b": 2}
    assert "expands to more than 3 values" in problem("a: 1\nb: 2\nc: 3\n")


def test_the_text_limit_is_exact(monkeypatch):
    monkeypatch.setattr(load, "MAX_CHARS", 10)
    assert parse("a: '12345'\nb: '12345'\n").data == {"a": "12345", "b": "12345"}
    assert "text expands to more than 10 characters" in problem("a: '12345'\nb: '123456'\n")


def test_the_tab_hint_needs_the_tab_in_the_indentation_or_the_message():
    assert problem("a: b\t: c\n").endswith("YAML does not allow tabs for indentation: use spaces.")


@pytest.mark.parametrize(
    "text, index, found",
    [
        ("\tb\n", 0, True),
        ("a\n\tb\n", 1, True),
        ("a\n  \tb\n", 1, True),
        ("a\nb\t\n", 1, False),
        ("a\n", 1, False),
        ("a\n", 5, False),
    ],
)
def test_line_has_tab_looks_only_at_the_indentation_of_a_line_that_exists(text, index, found):
    assert load._line_has_tab(text, index) is found
    assert load._line_has_tab(text, -1) is False


# ---------------------------------------------------------------- what is built


def test_raw_scalars_keep_how_booleans_and_written_nulls_were_spelt():
    doc = parse("a: yes\nb: ~\nc:\nd: null\ne: text\nf: 3\n")
    assert doc.raw_scalars == {("a",): "yes", ("b",): "~", ("d",): "null"}


@pytest.mark.parametrize("tag", ["!local", "!!omap", "!!set"])
def test_a_tagged_mapping_is_refused(tag):
    assert (
        problem(f"title: {tag} {{a: 1}}\n")
        == f"the tag {load.yaml.compose(f'{tag} {{a: 1}}').tag!r} is not allowed."
    )


def test_merges_fill_in_and_explicit_keys_win():
    doc = parse(
        "base: &b {x: 1, y: 2}\nmore: &m {z: 3}\none:\n  <<: *b\n  y: 9\ntwo:\n  <<: [*b, *m]\n"
    )
    assert doc.data["one"] == {"x": 1, "y": 9}
    assert doc.data["two"] == {"x": 1, "y": 2, "z": 3}


@pytest.mark.parametrize("value", ["5", "[1, 2]", "[{a: 1}, 5]"])
def test_a_merge_of_anything_but_mappings_is_refused(value):
    assert problem(f"one:\n  <<: {value}\n") == "'<<' must name a mapping (an &anchor of keys)."


def test_a_nearer_rename_wins_even_when_the_other_was_written_shorter():
    doc = parse("x: 1\n")
    doc.renamed = [(("body", 0, "q"), ("x",)), (("body", 0), ("y", "z", "w", "v"))]
    assert doc.as_written(("body", 0, "q", "r")) == ("x", "r")


@pytest.mark.parametrize(
    "raw, where",
    [
        (b"ab\xffc: 1\n", "issue.yaml:1:3:"),
        (b"a: 1\nb: 2\nc: 'xyz\xff'\n", "issue.yaml:3:8:"),
        (b"\na: \xff\n", "issue.yaml:2:4:"),
    ],
)
def test_invalid_utf8_is_placed_at_its_line_and_column(tmp_path, monkeypatch, raw, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issue.yaml").write_bytes(raw)
    with pytest.raises(LoadError) as caught:
        load.load_document(tmp_path / "issue.yaml")
    assert str(caught.value).startswith(where + " the file is not valid UTF-8 (byte ")


def test_a_list_item_has_no_key_so_its_key_is_placed_at_its_list():
    doc = parse("a:\n  - x\n")
    assert doc.locate(("a", 0)) == (2, 5)
    assert doc.locate(("a", 0), key=True) == (2, 3)


def test_of_two_renames_of_one_place_the_first_recorded_wins():
    doc = parse("x: 1\n")
    doc.renamed = [(("body",), ("first",)), (("body",), ("second",))]
    assert doc.as_written(("body", 1)) == ("first", 1)


def test_the_size_limit_is_exact(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text("a: '" + "x" * 20 + "'\n", encoding="utf-8")
    size = path.stat().st_size
    assert load.load_document(path, max_bytes=size).data == {"a": "x" * 20}
    with pytest.raises(LoadError):
        load.load_document(path, max_bytes=size - 1)


@pytest.mark.parametrize(
    "text, where",
    [("a: b\x07c\n", (1, 5)), ("a: 1\nb: 2\nc: xyz\x07\n", (3, 7)), ("\na: b\x07\n", (2, 5))],
)
def test_a_control_character_is_placed_at_its_line_and_column(text, where):
    with pytest.raises(LoadError) as caught:
        parse(text)
    [found] = caught.value.problems
    assert (found.line, found.column) == where


def test_a_key_that_is_a_list_is_placed_at_the_key():
    with pytest.raises(LoadError) as caught:
        parse("a: 1\nb:\n  ? [x, y]\n  : 2\n")
    assert str(caught.value) == (
        "issue.yaml:3:5: b: a key must be a plain word, not a list or mapping."
    )


def test_the_depth_limit_is_exact(monkeypatch):
    monkeypatch.setattr(load, "MAX_DEPTH", 3)
    assert parse("a:\n  b:\n    c: 1\n").data == {"a": {"b": {"c": 1}}}
    assert "nested more than 3 levels deep" in problem("a:\n  b:\n    c:\n      d: 1\n")


def test_an_unclosed_quote_at_the_end_of_the_file():
    assert problem('a: "x\n') == (
        "YAML syntax error: while scanning a quoted scalar: found unexpected end of stream."
    )


def test_every_key_written_twice_is_reported():
    with pytest.raises(LoadError) as caught:
        parse("a: 1\na: 2\nb: 1\nb: 2\n")
    assert [(p.line, p.key) for p in caught.value.problems] == [(2, "a"), (4, "b")]


@pytest.mark.parametrize("tag", ["!!str", "!!timestamp", "!local"])
def test_a_tagged_list_is_refused(tag):
    assert problem(f"title: {tag} [a, b]\n").endswith("Remove it and write a plain list.")


def test_an_unclosed_quote_at_the_end_of_a_long_file():
    """Line numbers past 256 are not cached ints: `is not` would differ from `<` there."""
    text = "".join(f"k{n}: {n}\n" for n in range(300)) + 'a: "x\n'
    assert problem(text).startswith("YAML syntax error: while scanning a quoted scalar")
