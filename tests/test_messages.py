"""Messages a new user can act on (the blocks issue, part 7): what a trial of real newsletters
got wrong, each with its exact message, and every suggested fix is itself valid YAML."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml
from click.testing import CliRunner

from scrnews import blocks
from scrnews.build import load_issue
from scrnews.cli import cli
from scrnews.errors import ScrnewsError

HEAD = "board:\n  name: X\ndate: 2024-06\nbody:\n"


def problems(tmp_path, text: str, name: str = "issue.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ScrnewsError) as caught:
        load_issue(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


# ---------------------------------------------------------------- every suggestion parses

_SUGGESTION = re.compile(
    r"(?:For example|Put it in quotes|Put the value in quotes|Use straight "
    r"quotes around the whole value): +(.+)$"
)


def _parsed(suggestion: str):
    """A suggestion as YAML reads it: 'key: value' gives {key: value}, a bare value itself."""
    return yaml.safe_load(suggestion)


def _empty_blocks_of_every_type(tmp_path) -> list[str]:
    body = "".join(f"  - type: {name}\n" for name in blocks.BY_NAME)
    return problems(tmp_path, HEAD + body)


def test_every_suggested_fix_is_valid_yaml_giving_the_example(tmp_path):
    found = _empty_blocks_of_every_type(tmp_path)
    found += problems(
        tmp_path, HEAD + "  - type: studies\n    studies:\n      - url: https://x.org\n"
    )
    suggestions = [m[1] for line in found if (m := _SUGGESTION.search(line))]
    assert len(suggestions) >= 8
    for line in found:
        match = _SUGGESTION.search(line)
        if not match:
            continue
        key = line.split(": ", 2)[1].split(".")[-1].split("[")[0]
        value = _parsed(match[1])
        assert isinstance(value, dict) and list(value) == [key], line


def test_a_suggested_title_with_a_colon_is_quoted(tmp_path):
    found = problems(
        tmp_path, HEAD + "  - type: studies\n    studies:\n      - url: https://x.org\n"
    )
    assert found == [
        "issue.yaml:7:9: body[0].studies[0].title: this field is required (the study's title, "
        'shown as a sub-heading); add it. For example:  title: "Ages of concern: learning '
        'lessons from serious case reviews"'
    ]
    suggestion = _SUGGESTION.search(found[0])[1]
    assert _parsed(suggestion) == {
        "title": "Ages of concern: learning lessons from serious case reviews"
    }


@pytest.mark.parametrize("word", ["No", "Yes", "off"])
def test_a_bare_yes_or_no_is_quoted_in_the_suggestion(tmp_path, word):
    found = problems(tmp_path, HEAD + f"  - type: reviews\n    reviews:\n      - name: {word}\n")
    [line] = found
    assert "Put it in quotes" in line
    assert _parsed(_SUGGESTION.search(line)[1]) == word


# ---------------------------------------------------------------- the trial's mistakes


def test_typographic_quotes_used_as_yaml_quotes_are_named(tmp_path):
    found = problems(tmp_path, "board:\n  name: X\ndate: 2024-06\ntitle: “Learning: what next”\n")
    assert found == [
        "issue.yaml:4:17: YAML syntax error: mapping values are not allowed here. The value "
        "starts with a typographic quote (“ or ‘), which YAML reads as an ordinary letter, not "
        'as a quote. Use straight quotes around the whole value:  title: "Learning: what next"'
    ]
    assert _parsed(_SUGGESTION.search(found[0])[1]) == {"title": "Learning: what next"}


def test_a_key_that_belongs_one_level_up_says_to_move_it_left(tmp_path):
    found = problems(
        tmp_path,
        "board:\n  name: X\n  status: draft\ndate: 2024-06\nbody:\n"
        "  - type: message\n    text: Hello\n    signatories:\n      - name: Jo\n"
        "        heading: Welcome\n",
    )
    assert found == [
        "issue.yaml:3:3: board.status: 'status' belongs to the issue itself, not to board: it "
        "is indented too far. Move it left to the start of the line, like board:",
        "issue.yaml:10:9: body[0].signatories[0].heading: 'heading' is a field of body[0], not "
        "of body[0].signatories[0]: it is indented too far. Move it left so it lines up with type:",
    ]


def test_a_colour_written_without_quotes_is_a_comment(tmp_path):
    found = problems(tmp_path, "board:\n  name: X\n  colour: #7a1e6e\ndate: 2024-06\n")
    assert found == [
        "issue.yaml:3:10: board.colour: this is empty: in YAML '#' starts a comment, so "
        "'#7a1e6e' was read as a comment, not as the value. Put the value in quotes:  "
        'colour: "#7a1e6e"'
    ]
    assert _parsed(_SUGGESTION.search(found[0])[1]) == {"colour": "#7a1e6e"}


def test_a_colour_in_the_settings_gets_the_same_advice(tmp_path, monkeypatch):
    (tmp_path / "scrnews.yaml").write_text("colours:\n  brand: #7a1e6e   \n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(HEAD + "  - type: text\n    text: Hi\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "issue.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "scrnews.yaml:2:9: colours.brand: this is empty: in YAML '#' starts a comment, so "
        "'#7a1e6e' was read as a comment, not as the value. Put the value in quotes:  "
        'brand: "#7a1e6e"'
    )


def test_a_real_comment_after_an_empty_value_is_left_alone(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text("board:\n  name: X\n  colour: # none yet\ndate: 2024-06\n", encoding="utf-8")
    assert load_issue(path).issue.board.colour is None


def test_an_unknown_block_type_suggests_the_word_scrnews_uses(tmp_path):
    found = problems(tmp_path, HEAD + "  - type: quotation\n    text: x\n  - type: sidebar\n")
    names = ", ".join(blocks.BY_NAME)
    assert found == [
        f"issue.yaml:5:11: body[0].type: 'quotation' is not a block type. Did you mean 'quote'? "
        f"The types are {names}.",
        f"issue.yaml:7:11: body[1].type: 'sidebar' is not a block type. Did you mean 'box'? "
        f"The types are {names}.",
    ]


def test_a_block_without_a_type_says_how_to_start_one(tmp_path):
    found = problems(tmp_path, HEAD + "  - text: Hello\n")
    assert found == [
        "issue.yaml:5:5: body[0]: this block has no type. Start it with a line such as  "
        f"- type: text  (the types are {', '.join(blocks.BY_NAME)})."
    ]


def test_old_and_new_forms_cannot_be_mixed(tmp_path):
    found = problems(tmp_path, HEAD + "  - type: text\n    text: Hi\nforeword:\n  text: Hello\n")
    assert found == [
        "issue.yaml:7:1: foreword: this file has both 'body:' and the old sections (foreword). "
        "Write each section as a block under 'body:' (see README, 'The issue file')."
    ]


def test_a_nine_thirty_time_is_not_read_as_a_number(tmp_path):
    """YAML 1.1 reads 9:30 as 570 (base 60); an event's time stays as written."""
    path = tmp_path / "issue.yaml"
    path.write_text(
        HEAD + "  - type: events\n    events:\n      - title: Training\n"
        "        date: 2024-09-12\n        time: 9:30 to 12:30\n"
        "      - title: Forum\n        date: 2024-09-13\n        time: 9:30\n",
        encoding="utf-8",
    )
    events = load_issue(path).issue.body[0].events
    assert [event.time for event in events] == ["9:30 to 12:30", "9:30"]
