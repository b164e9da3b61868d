"""One test per error message: exact text, file:line:col, key path, exit status 1, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from scrnews.cli import cli

HEAD = """\
board:
  name: Example Safeguarding Children Partnership
number: 1
date: 2024-06
"""  # four lines: the problem lines below start at line 5


def check(tmp_path, monkeypatch, text: str | bytes, *, command: str = "check"):
    """Write issue.yaml into tmp_path (the working folder) and run `scrnews <command>` on it."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "issue.yaml"
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8"))
    args = [command, "issue.yaml"] + (["--out", "out"] if command == "build" else [])
    return CliRunner().invoke(cli, args)


def lines(result) -> list[str]:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr.splitlines()


ONE = "Error: 1 problem found; fix them and check again."

CASES = {
    "yaml-syntax": (
        "board:\n  name: Example: the board\nnumber: 1\ndate: 2024-06\n",
        "issue.yaml:2:16: YAML syntax error: mapping values are not allowed here. If a value "
        "contains ': ' or starts with a quote, put the whole value in double quotes or use a "
        "block (key: |) on the next lines.",
    ),
    "unclosed-bracket": (
        HEAD + "keywords: [safeguarding, neglect\nforeword:\n  text: Hello\n",
        "issue.yaml:6:9: YAML syntax error: while parsing a flow sequence: expected ',' or ']', "
        "but got ':'.",
    ),
    "tab-indentation": (
        "board:\n\tname: Example\nnumber: 1\n",
        "issue.yaml:2:1: YAML syntax error: while scanning for the next token: found character "
        "'\\t' that cannot start any token. YAML does not allow tabs for indentation: use spaces.",
    ),
    "unknown-key": (
        HEAD + "forword:\n  text: Hello\n",
        "issue.yaml:5:1: forword: unknown field 'forword'. Did you mean 'foreword'?",
    ),
    "unknown-nested-key": (
        HEAD + "foreword:\n  text: Hello\n  autor: A. Chair\n",
        "issue.yaml:7:3: foreword.autor: unknown field 'autor'. Did you mean 'author'?",
    ),
    "unknown-key-no-match": (
        HEAD + "foreword:\n  text: Hello\n  signature: yes please\n",
        "issue.yaml:7:3: foreword.signature: unknown field 'signature'. Fields allowed here: "
        "heading, intro, text, author, role.",
    ),
    "list-for-text": (
        HEAD + "foreword:\n  text:\n    - one\n    - two\n",
        "issue.yaml:7:5: foreword.text: expected text, found a list.",
    ),
    "text-for-number": (
        "board:\n  name: X\nnumber: two\ndate: 2024-06\n",
        "issue.yaml:3:9: number: expected a whole number such as 2, found the text 'two'.",
    ),
    "missing-required": (
        "board:\n  name: X\nnumber: 2\n",
        "issue.yaml:1:1: date: this field is required (the time the issue covers); add it. "
        "For example:  date: 2012-01",
    ),
    "missing-required-nested": (
        HEAD + "foreword:\n  author: A. Chair\n",
        "issue.yaml:6:3: foreword.text: this field is required (the message); "
        "add it. For example:  "
        "text: Sharing learning from reviews is vital.",
    ),
    "bad-date": (
        "board:\n  name: X\nnumber: 1\ndate: Janvier 2012\n",
        "issue.yaml:4:7: date: 'Janvier 2012' is not a date scrnews can read. "
        "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), a quarter (2024-Q3) or a range of months (July to September 2011).",
    ),
    "impossible-month": (
        "board:\n  name: X\nnumber: 1\ndate: 2012-13\n",
        "issue.yaml:4:7: date: '2012-13' is not a date scrnews can read. Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), a quarter (2024-Q3) or a range of months (July to September 2011).",
    ),
    "url-without-scheme": (
        HEAD + "national_studies:\n  studies:\n    - title: A report\n"
        "      url: www.example.org/r\n",
        "issue.yaml:8:12: national_studies.studies[0].url: 'www.example.org/r' needs "
        "'https://' (or 'http://') in front: write https://www.example.org/r.",
    ),
    "url-not-web": (
        HEAD
        + "further_reading:\n  links:\n    - title: Procedures\n      url: ftp://example.org/p\n",
        "issue.yaml:8:12: further_reading.links[0].url: 'ftp://example.org/p' is not a web "
        "address. Write a full address such as https://www.example.org/page.",
    ),
    "bad-email": (
        "board:\n  name: X\n  email: info.example.org\nnumber: 1\ndate: 2024-06\n",
        "issue.yaml:3:10: board.email: 'info.example.org' is not an email address. "
        "Write it like name@example.org.",
    ),
    "mailto-email": (
        "board:\n  name: X\n  email: mailto:info@example.org\nnumber: 1\ndate: 2024-06\n",
        "issue.yaml:3:10: board.email: write the address without 'mailto:': info@example.org.",
    ),
    "bad-phone": (
        "board:\n  name: X\n  phone: call us\nnumber: 1\ndate: 2024-06\n",
        "issue.yaml:3:10: board.phone: 'call us' is not a phone number. Write digits and "
        "spaces, such as 01274 434361 or +44 1274 434361.",
    ),
    "bare-no": (
        HEAD + "action_plans:\n  actions:\n    - action: Audit of referrals\n      status: No\n",
        "issue.yaml:8:15: action_plans.actions[0].status: YAML reads a bare No as false, not "
        'as the word. Put it in quotes: "No"',
    ),
    "unknown-status": (
        HEAD + "action_plans:\n  actions:\n    - action: Audit of referrals\n"
        "      status: amberr\n",
        "issue.yaml:8:15: action_plans.actions[0].status: 'amberr' is not one of: red, amber, "
        "green, complete. Did you mean 'amber'?",
    ),
    "missing-logo": (
        "board:\n  name: X\n  logo:\n    src: images/logo.png\n    alt: Our logo\n"
        "number: 1\ndate: 2024-06\n",
        "issue.yaml:4:10: board.logo.src: the file 'images/logo.png' was not found (looked in "
        "the current folder). Check the name and folder, or remove it.",
    ),
    "duplicate-key": (
        "board:\n  name: X\nnumber: 1\nnumber: 2\ndate: 2024-06\n",
        "issue.yaml:4:1: number: this key is written twice (first on line 3); YAML would "
        "silently keep only the last one. Merge the two or rename one.",
    ),
    "top-level-list": (
        "- board\n- number\n",
        "issue.yaml:1:1: the file holds a list; it should hold fields written as 'key: value' "
        "lines, starting with 'board:'.",
    ),
    "empty-file": (
        "",
        "issue.yaml: the file holds nothing; it should hold fields written as 'key: value' "
        "lines, starting with 'board:'.",
    ),
    "invalid-utf8": (
        b"board:\n  name: Caf\xe9\nnumber: 1\ndate: 2024-06\n",
        "issue.yaml:2:12: the file is not valid UTF-8 (byte 18: 0xe9). Save it as UTF-8 in "
        "your editor.",
    ),
    "unsafe-link": (
        HEAD + 'foreword:\n  text: "[Open the form](javascript:openForm)"\n',
        "issue.yaml:6:9: foreword.text: the link 'javascript:openForm' uses 'javascript:', "
        "which scrnews does not allow. Links may start with https://, http://, mailto: or "
        "tel:, or be relative.",
    ),
    "image-without-alt": (
        HEAD + 'foreword:\n  text: "![](chart.png)"\n',
        "issue.yaml:6:9: foreword.text: the image 'chart.png' has no description. Write one "
        "in the brackets: ![What the picture shows](chart.png).",
    ),
    "yaml-tag": (
        HEAD + "title: !!python/name:os.system\n",
        "issue.yaml:5:8: title: the tag 'tag:yaml.org,2002:python/name:os.system' is not "
        "allowed. Remove it and write plain text.",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_message(tmp_path, monkeypatch, case):
    text, message = CASES[case]
    assert lines(check(tmp_path, monkeypatch, text)) == [message, ONE]


def test_missing_issue_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "nothere.yaml"])
    assert lines(result) == ["nothere.yaml: no such file. Check the name and folder.", ONE]


def test_an_empty_folder_has_nothing_to_check(tmp_path, monkeypatch):
    """A folder is checked issue by issue (tests/test_check_cli.py); an empty one is not a mistake."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issues").mkdir()
    result = CliRunner().invoke(cli, ["check", "issues"])
    assert result.exit_code == 0
    assert result.stderr == "there are no issues in issues/ yet: start one with `scrnews new`\n"


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch):
    text = "board:\n  name: X\n  emial: a@example.org\nnumber: two\ndate: 2024-13\n"
    assert lines(check(tmp_path, monkeypatch, text)) == [
        "issue.yaml:3:3: board.emial: unknown field 'emial'. Did you mean 'email'?",
        "issue.yaml:4:9: number: expected a whole number such as 2, found the text 'two'.",
        "issue.yaml:5:7: date: '2024-13' is not a date scrnews can read. "
        "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), a quarter (2024-Q3) or a range of months (July to September 2011).",
        "Error: 3 problems found; fix them and check again.",
    ]


def test_build_reports_the_same_and_writes_nothing(tmp_path, monkeypatch):
    result = check(
        tmp_path, monkeypatch, "board:\n  name: X\nnumber: two\ndate: 2024-06\n", command="build"
    )
    assert lines(result) == [
        "issue.yaml:3:9: number: expected a whole number such as 2, found the text 'two'.",
        "Error: 1 problem found; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_build_of_several_says_which_were_not_built(tmp_path, monkeypatch, make_issue):
    monkeypatch.chdir(tmp_path)
    make_issue("good.yaml")
    make_issue("bad.yaml", date="someday")
    result = CliRunner().invoke(cli, ["build", "good.yaml", "bad.yaml", "--format", "html"])
    assert lines(result) == [
        "built out/good/index.html",
        "bad.yaml:4:7: date: 'someday' is not a date scrnews can read. "
        "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), a quarter (2024-Q3) or a range of months (July to September 2011).",
        "Error: 1 problem found; 1 of 2 issues not built; their earlier output is untouched.",
    ]
    assert (tmp_path / "out" / "good" / "index.html").is_file()
    assert not (tmp_path / "out" / "bad").exists()


def test_leading_zero_number_stays_as_written(make_issue):
    """YAML 1.1 would read 01274434361 as an octal number and print 183646449."""
    from scrnews.build import load_issue

    path = make_issue(board={"phone": "PHONE"})
    path.write_text(path.read_text().replace("PHONE", "01274434361"))
    assert load_issue(path).issue.board.phone == "01274434361"


def test_real_process_exit_status_and_no_traceback(tmp_path):
    (tmp_path / "issue.yaml").write_text(HEAD + "forword:\n  text: Hello\n", encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-m", "scrnews", "build", "issue.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "issue.yaml:5:1: forword: unknown field 'forword'. Did you mean 'foreword'?",
        "Error: 1 problem found; nothing was written.",
    ]
