"""YAML limits: nothing runs, nothing is silently lost, nothing blows up."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scrnews import load
from scrnews.build import load_issue
from scrnews.cli import cli
from scrnews.errors import LoadError, ScrnewsError

HEAD = "board:\n  name: Example Board\nnumber: 1\ndate: 2024-06\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run in tmp_path, so problems name the file as a user would see it: issue.yaml."""
    monkeypatch.chdir(tmp_path)


def problem_of(path) -> str:
    with pytest.raises(LoadError) as caught:
        load_issue(path)
    [problem] = caught.value.problems
    return str(problem)


# ------------------------------------------------------------------ nothing runs

PYTHON_TAGS = {
    "apply on a list": "title: !!python/object/apply:os.system ['touch {marker}']\n",
    "apply on a mapping": "title: !!python/object/apply:os.system {{args: ['touch {marker}']}}\n",
    "new": "title: !!python/object/new:os.system ['touch {marker}']\n",
    "name": "title: !!python/name:os.system\n",
    "module": "title: !!python/module:os\n",
    "key": "!!python/object/apply:os.system ['touch {marker}']: x\n",
    "scalar key": "? !!python/name:os.system\n: x\n",
}


@pytest.mark.parametrize("line", PYTHON_TAGS.values(), ids=PYTHON_TAGS.keys())
def test_python_tags_are_refused_and_nothing_runs(write_issue, tmp_path, line):
    marker = tmp_path / "ran"
    path = write_issue(HEAD + line.format(marker=marker))
    message = problem_of(path)
    assert not marker.exists()
    assert message.startswith("issue.yaml:5:")
    assert "python/" in message and "not allowed" in message or "plain word" in message


def test_python_tag_message(write_issue):
    path = write_issue(HEAD + "title: !!python/object/apply:os.system ['true']\n")
    assert problem_of(path) == (
        "issue.yaml:5:8: title: the tag 'tag:yaml.org,2002:python/object/"
        "apply:os.system' is not allowed. Remove it and write a plain list."
    )


def test_python_tag_on_a_key_message(write_issue):
    path = write_issue(HEAD + "foreword:\n  ? !!python/name:os.system\n  : x\n")
    assert problem_of(path) == (
        "issue.yaml:6:5: foreword: the tag 'tag:yaml.org,2002:python/name:"
        "os.system' is not allowed on a key. Write a plain word."
    )


def test_other_tags_are_refused(write_issue):
    path = write_issue(HEAD + "keywords: !!set {a, b}\n")
    assert "the tag 'tag:yaml.org,2002:set' is not allowed" in problem_of(path)


# ------------------------------------------------------------------ nothing lost


def test_duplicate_key_is_an_error_not_a_silent_overwrite(write_issue):
    path = write_issue(HEAD + "title: First wording\ntitle: Second wording\n")
    assert problem_of(path) == (
        "issue.yaml:6:1: title: this key is written twice (first on line 5); "
        "YAML would silently keep only the last one. Merge the two or rename one."
    )


def test_duplicate_key_inside_a_list_item(write_issue):
    path = write_issue(HEAD + "articles:\n  - heading: A\n    text: one\n    text: two\n")
    assert problem_of(path).startswith(
        "issue.yaml:8:5: articles[0].text: this key is written twice"
    )


# ------------------------------------------------------------------ size, aliases, depth


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 1000)
    path = tmp_path / "issue.yaml"
    path.write_text(HEAD + "title: " + "x" * 1200 + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load.load_document(path, max_bytes=1000)
    size = path.stat().st_size
    assert str(caught.value) == (
        f"issue.yaml: the file is {size:,} bytes; scrnews reads at most "
        "1,000. Move long text or pictures into separate files."
    )


def test_default_size_limit_is_a_few_megabytes(tmp_path, monkeypatch):
    path = tmp_path / "issue.yaml"
    path.write_bytes(b"title: '" + b"x" * (load.MAX_BYTES + 1) + b"'\n")

    def never(*args, **kwargs):
        raise AssertionError("a file over the limit must be refused before it is parsed")

    monkeypatch.setattr(load, "parse_document", never)
    with pytest.raises(LoadError, match="scrnews reads at most 4,194,304"):
        load_issue(path)


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast(write_issue, monkeypatch):
    """It stops after MAX_NODES values, not after 9**9: the work is bounded, whatever the clock."""
    path = write_issue(billion_laughs())
    built = []
    original = load._Builder.build

    def counting(self, node, loc):
        built.append(loc)
        return original(self, node, loc)

    monkeypatch.setattr(load._Builder, "build", counting)
    message = problem_of(path)
    assert "expands to more than 100,000 values (too many aliases?)" in message
    assert len(built) == load.MAX_NODES + 1


def test_aliased_long_text_cannot_blow_up_the_page(write_issue):
    text = "x" * 1_000_000
    path = write_issue(HEAD + f'title: &t "{text}"\nkeywords: [*t, *t, *t, *t, *t]\n')
    message = problem_of(path)
    assert "keywords[3]: the file's text expands to more than 4,194,304 characters" in message


def test_a_few_aliases_are_fine(write_issue):
    path = write_issue(HEAD.replace("Example Board", "&b Example Board") + "title: *b\n")
    assert load_issue(path).issue.title == "Example Board"


def test_nesting_limit(write_issue):
    path = write_issue(HEAD + "keywords: " + "[" * 60 + "]" * 60 + "\n")
    message = problem_of(path)
    assert message.startswith("issue.yaml:5:")
    assert message.endswith(
        "nested more than 40 levels deep. Lists and groups of fields inside "
        "each other must stop well before that."
    )


def test_nesting_far_past_python_recursion_limit_is_reported_with_its_line(write_issue):
    path = write_issue(HEAD + "keywords:\n  - " + "[" * 5000 + "]" * 5000 + "\n")
    assert problem_of(path) == (
        "issue.yaml:6:44: nested more than 40 levels deep. Lists and groups "
        "of fields inside each other must stop well before that."
    )


def test_deep_block_nesting_also_stops(write_issue):
    text = HEAD + "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "end: 1\n"
    path = write_issue(text)
    with pytest.raises(LoadError, match="nested more than 40 levels deep"):
        load_issue(path)


# ------------------------------------------------------------------ encodings and tabs


def test_invalid_utf8_reported_with_byte_offset(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_bytes(HEAD.encode() + b"title: Caf\xe9 menu\n")
    offset = len(HEAD.encode()) + len(b"title: Caf")
    assert problem_of(path) == (
        f"issue.yaml:5:11: the file is not valid UTF-8 (byte {offset}: 0xe9). "
        "Save it as UTF-8 in your editor."
    )


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode() + "title: Café\n".encode())
    assert load_issue(path).issue.title == "Café"


def test_utf8_positions_count_characters_not_bytes(write_issue):
    path = write_issue(HEAD + "title: Café — ünïcödé\nnumbr: 2\n")
    assert problem_of_validation(path).startswith("issue.yaml:6:1: numbr: unknown field")


def problem_of_validation(path) -> str:
    with pytest.raises(ScrnewsError) as caught:
        load_issue(path)
    return str(caught.value.problems[0])


def test_tab_indentation_reported_with_its_line(write_issue):
    path = write_issue(HEAD + "foreword:\n  text: fine\n\tauthor: A. Chair\n")
    message = problem_of(path)
    assert message.startswith("issue.yaml:7:1: YAML syntax error")
    assert message.endswith("YAML does not allow tabs for indentation: use spaces.")


def test_hostile_yaml_through_the_cli_exits_1_without_traceback(write_issue, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_issue(billion_laughs(), name="laughs.yaml")
    write_issue(HEAD + "title: !!python/object/apply:os.system ['true']\n", name="tag.yaml")
    result = CliRunner().invoke(cli, ["check", "laughs.yaml", "tag.yaml"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "laughs.yaml:" in result.stderr and "tag.yaml:5:8:" in result.stderr
