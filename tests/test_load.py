"""load.py reads good files with libyaml and words errors with PyYAML's parser: both must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scrnews import load
from scrnews.errors import LoadError

ISSUES = sorted((Path(__file__).resolve().parent.parent / "issues").glob("*.yaml"))


def _slow(text: str, path: Path) -> load.Document:
    return load._parse_wording_errors(text, path)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", ISSUES, ids=lambda p: p.name)
def test_fast_and_wording_parsers_give_the_same_values_and_positions(path):
    text = path.read_text(encoding="utf-8")
    fast, slow = load.parse_document(text, path), _slow(text, path)
    assert fast.data == slow.data
    assert fast.value_marks == slow.value_marks
    assert fast.key_marks == slow.key_marks
    assert fast.raw_scalars == slow.raw_scalars


def test_a_syntax_error_is_worded_by_the_pyyaml_parser(tmp_path):
    path = tmp_path / "issue.yaml"
    text = "board:\n  name: X\nnumber: [1\ndate: 2024-06\n"
    with pytest.raises(LoadError) as fast:
        load.parse_document(text, path)
    with pytest.raises(LoadError) as slow:
        _slow(text, path)
    assert fast.value.report() == slow.value.report()
    assert "YAML syntax error: while parsing a flow sequence" in fast.value.report()


def test_a_duplicate_key_is_reported_the_same_way_by_both(tmp_path):
    path = tmp_path / "issue.yaml"
    text = "board:\n  name: X\nnumber: 1\nnumber: 2\n"
    reports = []
    for parse in (load.parse_document, _slow):
        with pytest.raises(LoadError) as caught:
            parse(text, path)
        reports.append(caught.value.report())
    assert reports[0] == reports[1]
    assert ":4:1: number: this key is written twice (first on line 3)" in reports[0]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_a_good_file_never_reaches_the_slow_parser(monkeypatch):
    def refuse(text, path):
        raise AssertionError("a good file was parsed twice")

    monkeypatch.setattr(load, "_parse_wording_errors", refuse)
    doc = load.load_document(ISSUES[0])
    assert doc.data["number"] == 2
