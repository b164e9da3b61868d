"""`scrnews check` as a command (issue #14): output formats, suppression, folders, --due and
--online against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from scrnews.cli import cli

HEAD = """\
board:
  name: Northshire Safeguarding Children Partnership
number: 1
date: 2024-06
"""
BAD = HEAD + "foreword:\n  text: Call 07700 900123. TODO\n"  # P105 and T201 on line 6


def scrnews(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="scrnews")


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder, name: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_text_format_lines_and_exit_status(here):
    write(here, "issue.yaml", BAD)
    result = scrnews("check", "issue.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "issue.yaml:6:14: P105 error: '07700 900123' is a phone number outside contacts; a "
        "private number could identify a person. Give the board's number, or add this one "
        "to contacts.",
        "issue.yaml:6:28: T201 error: 'TODO' marks something still to write: replace it with "
        "the words the reader should see.",
        "Error: 2 problems found; fix them and check again.",
    ]


def test_warnings_alone_do_not_fail(here):
    write(here, "issue.yaml", HEAD + "foreword:\n  text: Click [here](https://www.gov.uk/p).\n")
    result = scrnews("check", "issue.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "1 warning in 1 issue file; no errors."


def test_github_format_exact_lines(here):
    write(here, "issues/issue-1.yaml", BAD)
    result = scrnews("check", "--format", "github", "issues/issue-1.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=issues/issue-1.yaml,line=6,col=14::P105 '07700 900123' is a phone number "
        "outside contacts; a private number could identify a person. Give the board's number, "
        "or add this one to contacts.",
        "::error file=issues/issue-1.yaml,line=6,col=28::T201 'TODO' marks something still to "
        "write: replace it with the words the reader should see.",
    ]


def test_github_format_reports_a_file_that_does_not_read(here):
    write(here, "issue.yaml", "board:\n  name: X\n  emial: a@b.org\nnumber: 1\ndate: 2024-06\n")
    result = scrnews("check", "--format", "github", "issue.yaml")
    assert result.stdout.splitlines() == [
        "::error file=issue.yaml,line=3,col=3::board.emial: unknown field 'emial'. Did you "
        "mean 'email'?"
    ]


def test_json_format(here):
    write(here, "issue.yaml", BAD)
    result = scrnews("check", "--format", "json", "issue.yaml")
    data = json.loads(result.stdout)
    assert (data["files"], data["errors"], data["warnings"]) == (["issue.yaml"], 2, 0)
    assert data["findings"][0] == {
        "file": "issue.yaml",
        "line": 6,
        "column": 14,
        "code": "P105",
        "severity": "error",
        "message": "'07700 900123' is a phone number outside contacts; a private number could "
        "identify a person. Give the board's number, or add this one to contacts.",
        "field": "foreword.text",
    }


def test_a_comment_with_a_reason_switches_a_rule_off_for_its_line(here):
    write(
        here,
        "issue.yaml",
        HEAD + "foreword:\n"
        "  text: Call 07700 900123. TODO  # scrnews: ignore P105: the board's out-of-hours line\n",
    )
    result = scrnews("check", "issue.yaml")
    assert [line.split(": ")[1][:4] for line in result.stderr.splitlines()[:-1]] == ["T201"]


def test_a_comment_on_the_key_covers_text_written_below_it(here):
    write(
        here,
        "issue.yaml",
        HEAD + "foreword:\n"
        "  text: |  # scrnews: ignore P105, T201: quoted from the family's statement\n"
        "    Call 07700 900123.\n\n    TODO\n",
    )
    assert scrnews("check", "issue.yaml").exit_code == 0


def test_a_comment_without_a_reason_switches_nothing_off(here):
    write(
        here, "issue.yaml", HEAD + "foreword:\n  text: Call 07700 900123.  # scrnews: ignore P105\n"
    )
    result = scrnews("check", "issue.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "issue.yaml:6:14: P105 error: '07700 900123' is a phone number outside contacts; a "
        "private number could identify a person. Give the board's number, or add this one "
        "to contacts.",
        "issue.yaml:6:29: S001 error: this comment switches nothing off until it says why: "
        "write `# scrnews: ignore P105: <why this is fine here>`.",
    ]


def test_a_comment_naming_an_unknown_code(here):
    write(here, "issue.yaml", HEAD + "foreword:\n  text: Fine.  # scrnews: ignore P999: typo\n")
    result = scrnews("check", "issue.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "issue.yaml:6:16: S002 warning: P999: name the rule to switch off by its code, as "
        "`# scrnews: ignore P105: why this is fine` (`scrnews check --rules` lists them)."
    )


def test_settings_switch_a_rule_off_for_every_issue(here):
    write(here, "issues/issue-1.yaml", BAD)
    write(here, "scrnews.yaml", "checks:\n  ignore: [P105, t201]\n")
    result = scrnews("check", "issues/issue-1.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 issue file OK\n"


def test_settings_name_only_known_codes(here):
    write(here, "issues/issue-1.yaml", HEAD)
    write(here, "scrnews.yaml", "checks:\n  ignore: [P105, X1]\n")
    result = scrnews("check", "issues/issue-1.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "scrnews.yaml:2:11: checks.ignore: 'X1' is not a rule code. `scrnews check --rules` "
        "lists them, such as E401."
    )


def test_settings_limits(here):
    write(here, "issues/issue-1.yaml", HEAD + "foreword:\n  text: " + "Word " * 12 + "\n")
    write(here, "scrnews.yaml", "checks:\n  sentence_words: 10\n")
    result = scrnews("check", "issues/issue-1.yaml")
    assert "E401 warning: this sentence has 12 words (the limit is 10)" in result.stderr


def test_no_argument_checks_every_issue_and_a_folder_works_too(here):
    write(here, "issues/issue-1.yaml", HEAD)
    write(here, "issues/issue-2.yaml", BAD.replace("number: 1", "number: 2"))
    for args in ((), ("issues",)):
        result = scrnews("check", *args)
        assert result.exit_code == 1
        assert {line.split(":")[0] for line in result.stderr.splitlines()[:-1]} == {
            "issues/issue-2.yaml"
        }
        assert (
            result.stderr.splitlines()[-1] == "Error: 2 problems found; fix them and check again."
        )


def test_no_argument_without_an_issues_folder_is_a_usage_error(here):
    result = scrnews("check")
    assert result.exit_code == 2
    assert "name an issue file, such as `scrnews check issues/issue-2.yaml`" in result.stderr


def test_due_reports_a_broken_draft_without_failing(here):
    write(here, "issues/issue-1.yaml", HEAD)
    write(here, "issues/issue-2.yaml", BAD.replace("number: 1", "number: 2\nstatus: draft"))
    write(here, "issues/issue-3.yaml", "number: 3\nstatus: draft\nboard: [\n")  # YAML error
    result = scrnews("check", "--due")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("issues/issue-2.yaml:7:14: P105 warning: ")
    assert lines[2].startswith("issues/issue-3.yaml:4:1: YAML syntax error")
    assert lines[-1] == "3 warnings in 3 issue files; no errors."
    assert scrnews("check").exit_code == 1  # without --due, the draft's errors count


def test_quiet_after_the_sub_command(here):
    write(here, "issue.yaml", HEAD)
    assert scrnews("check", "issue.yaml", "-q").stderr == ""
    assert scrnews("-q", "check", "issue.yaml").stderr == ""
    assert scrnews("check", "issue.yaml").stderr == "1 issue file OK\n"


def test_rules_lists_every_code():
    result = scrnews("check", "--rules")
    assert result.exit_code == 0
    assert "P101  error    privacy: an NHS number (ten digits with a valid check digit)" in (
        result.stdout.splitlines()
    )
    assert len(result.stdout.splitlines()) == 26


# ---------------------------------------------------------------- --online


class _Site(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):  # quiet
        pass

    def do_HEAD(self):
        type(self).requests.append(self.path)
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/head-refused" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/head-refused":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def site():
    _Site.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_online_reports_dead_and_redirected_links(here, site):
    write(
        here,
        "issue.yaml",
        HEAD
        + "further_reading:\n  links:\n"
        + f"    - {{title: Works, url: '{site}/ok'}}\n"
        + f"    - {{title: Gone, url: '{site}/gone'}}\n"
        + f"    - {{title: Moved, url: '{site}/old'}}\n"
        + f"    - {{title: Refuses HEAD, url: '{site}/head-refused'}}\n",
    )
    result = scrnews("check", "--online", "--timeout", "5", "issue.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"issue.yaml:8:27: L305 error: {site}/gone answers 404 Not Found: the page is not "
        "there. Find where it moved, or remove the link.",
        f"issue.yaml:9:28: L306 warning: {site}/old redirects (301) to {site}/ok. Link there "
        "directly.",
        "Error: 1 problem found (and 1 warning); fix them and check again.",
    ]


def test_links_are_never_fetched_without_online(here, site):
    write(
        here,
        "issue.yaml",
        HEAD + f"further_reading:\n  links:\n    - {{title: Gone, url: '{site}/gone'}}\n",
    )
    assert scrnews("check", "issue.yaml").exit_code == 0
    assert _Site.requests == []
