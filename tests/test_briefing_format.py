"""The briefing file (`kind: briefing`): what it accepts and refuses, its schema for editors,
and `scrnews new --briefing`. No PDF is made here (test_briefing.py builds them)."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from scrnews.briefing.model import PANELS
from scrnews.briefing.new import new_briefing
from scrnews.build import load_issue
from scrnews.cli import cli
from scrnews.errors import ScrnewsError
from scrnews.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "issues" / "briefing-child-t.yaml"
RIVERSIDE = ROOT / "examples" / "issues" / "riverside-spring-2024.yaml"

BRIEFING: dict = {
    "kind": "briefing",
    "board": {"name": "Example Safeguarding Children Partnership"},
    "title": "Child S",
    "date": "2024-05",
    "review": {"code": "ESCP-01", "name": "Child S"},
    "panels": {name: f"Panel {n} text." for n, name in enumerate(PANELS, 1)},
}


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScrnewsError) as caught:
        load_issue(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files as the user wrote them

    def write(data: dict | str, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def briefing(**changes) -> dict:
    data = copy.deepcopy(BRIEFING)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# ---------------------------------------------------------------- the format


def test_a_minimal_briefing_reads(write):
    loaded = load_issue(write(briefing()))
    assert loaded.kind == "briefing"
    assert loaded.issue.panel_title("why_it_matters") == "Why it matters"
    assert loaded.issue.panels.background.text == "Panel 1 text."


def test_a_panel_title_can_be_changed_and_points_numbered(write):
    data = briefing()
    data["panels"]["information"] = {"title": "What the research says", "items": ["One."]}
    data["panels"]["what_to_do"] = {"items": ["A."], "numbered": True}
    data["panels"]["questions"] = {"items": ["Q?"], "numbered": False}
    issue = load_issue(write(data)).issue
    assert issue.panel_title("information") == "What the research says"
    assert [issue.numbered(n) for n in ("what_to_do", "questions", "background")] == [
        True,
        False,
        False,
    ]


def test_welsh_titles_come_with_the_language(write):
    issue = load_issue(write(briefing(language="cy"))).issue
    assert [issue.panel_title(name) for name in PANELS][:2] == ["Cefndir", "Pam mae'n bwysig"]
    assert issue.series == "Briff 7 munud"


def test_a_missing_panel_is_named_at_the_panels_line(write):
    data = briefing()
    del data["panels"]["questions"]
    path = write(data)
    line = path.read_text().splitlines().index("panels:") + 1
    assert problems_of(path) == [
        f"{path.name}:{line + 1}:3: panels.questions: this field is required (6 Questions to "
        "reflect on, with your team or in supervision); add it. For example:  questions: "
        "{items: ['When did you last ask a child about home?']}"
    ]


def test_an_empty_panel_says_what_to_write(write):
    data = briefing()
    data["panels"]["information"] = {"title": "Only a title"}
    (problem,) = problems_of(write(data))
    assert problem.endswith(
        "panels.information: this panel is empty. Write its text (text: …), its points "
        "(items: …) or its links (links: …): a briefing has seven panels to fill."
    )


def test_a_misspelt_panel_gets_a_did_you_mean(write):
    data = briefing()
    data["panels"]["what_we_learnt"] = data["panels"].pop("what_we_learned")
    found = problems_of(write(data))
    assert any(
        "unknown field 'what_we_learnt'. Did you mean 'what_we_learned'?" in p for p in found
    )


def test_a_briefing_says_where_it_comes_from(write):
    (problem,) = problems_of(write(briefing(review=None)))
    assert problem.endswith(
        "a briefing says what it shares the learning of: a review (review: with its code: or "
        "name:) or a theme (theme: Was not brought)."
    )
    assert load_issue(write(briefing(review=None, theme="Neglect"), "theme.yaml")).issue.theme


def test_a_review_needs_a_code_or_a_name(write):
    (problem,) = problems_of(write(briefing(review={"type": "LCSPR"})))
    assert "review: the review needs a code or a name so readers can find it." in problem


def test_newsletter_fields_are_not_briefing_fields(write):
    found = problems_of(write(briefing(number=3, body=[])))
    assert any("number: unknown field 'number'." in p for p in found)
    assert any("body: unknown field 'body'." in p for p in found)


def test_an_unknown_kind_gets_a_did_you_mean(write):
    (problem,) = problems_of(write(briefing(kind="breifing")))
    assert problem == (
        "briefing.yaml:1:7: kind: 'breifing' is not a kind of document scrnews makes. Did you "
        "mean 'briefing'? Write briefing for a 7-minute briefing; a newsletter issue needs no "
        "kind: line."
    )


def test_a_briefing_in_two_languages_is_refused_at_language(write):
    """A newsletter may be bilingual in one file; a briefing is one A4 page in one language."""
    text = yaml.safe_dump(briefing(), sort_keys=False) + "language: [cy-GB, en-GB]\n"
    assert problems_of(write(text)) == [
        "briefing.yaml:17:11: language: a 7-minute briefing is in one language: write one "
        "briefing file for each language (for example briefing-child-t.yaml and "
        "briff-plentyn-t.yaml), each with its own language: line and text."
    ]


def test_a_text_in_two_languages_in_a_briefing_is_refused_at_the_text(write):
    data = briefing()
    data["panels"]["questions"] = {"items": ["One?", {"cy": "Dau?", "en": "Two?"}]}
    text = yaml.safe_dump(data, sort_keys=False)
    assert text.splitlines()[17] == "    - cy: Dau?"  # line 18, the map's first key at column 7
    assert problems_of(write(text)) == [
        "briefing.yaml:18:7: panels.questions.items[1]: a 7-minute briefing is in one language: "
        "write this text once, in the briefing's language, not as {cy: …, en: …}; for the "
        "other language, write one briefing file for each language (for example "
        "briefing-child-t.yaml and briff-plentyn-t.yaml), each with its own language: line and "
        "text."
    ]


def test_a_newsletter_may_say_kind_newsletter(make_issue):
    assert load_issue(make_issue(kind="newsletter")).issue.kind == "newsletter"
    assert load_issue(make_issue()).issue.kind == "newsletter"


def test_the_board_comes_from_scrnews_yaml_without_series_or_contacts(tmp_path):
    (tmp_path / "scrnews.yaml").write_text(
        "board: {name: Northshire Partnership, colour: '#7a1e6e'}\nseries: Learning\n"
        "contacts: [{name: A. Person, email: a@northshire.gov.uk}]\n",
        encoding="utf-8",
    )
    data = briefing(board=None)
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    issue = load_issue(path).issue
    assert (issue.board.name, issue.board.colour) == ("Northshire Partnership", "#7a1e6e")


# ---------------------------------------------------------------- the schema


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json_schema())


def test_the_schema_takes_briefings_and_newsletters(validator):
    assert list(validator.iter_errors(briefing())) == []
    assert list(validator.iter_errors({**briefing(), "panels": {}})) != []
    newsletter = {"board": {"name": "B"}, "date": "2024-01", "kind": "newsletter", "body": []}
    assert list(validator.iter_errors(newsletter)) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["panels"].pop("questions"), ("panels",)),
        (lambda d: d["panels"].update(extra="x"), ("panels",)),
        (lambda d: d.update(layout="circle"), ("layout",)),
        (lambda d: d.update(body=[]), ()),
    ],
    ids=["missing panel", "unknown panel", "unknown layout", "a newsletter's field"],
)
def test_a_wrong_briefing_does_not_validate(validator, change, where):
    data = briefing()
    change(data)
    errors = list(validator.iter_errors(data))
    assert any(tuple(e.absolute_path) == where for e in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


# ---------------------------------------------------------------- scrnews new --briefing


@pytest.fixture
def issues(tmp_path, monkeypatch):
    """A project whose issues/ holds the Riverside newsletter (three reviews)."""
    folder = tmp_path / "issues"
    folder.mkdir()
    shutil.copy(RIVERSIDE, folder)
    monkeypatch.chdir(tmp_path)
    return folder


TODAY = dt.date(2024, 4, 2)


def test_new_briefing_starts_from_the_newest_review_without_one(issues):
    path = new_briefing(issues, today=TODAY)
    assert path == issues / "briefing-child-t.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["review"] == {
        "code": "RSCP-LCSPR-03",
        "name": "Child T",
        "type": "LCSPR",
        "url": "https://www.riverside-scp.example.org/reviews/child-t",
    }
    assert (data["kind"], data["title"], data["date"], data["status"]) == (
        "briefing",
        "Child T",
        "2024-04",
        "draft",
    )
    assert data["panels"]["background"]["text"].startswith("Child T was nine when school staff")
    assert data["panels"]["what_we_learned"]["items"][1] == (
        "Ask the child. Nobody asked Child T what a school day was like at home."
    )
    assert data["panels"]["why_it_matters"] == {
        "text": "TODO: why this matters to practitioners, in a few lines."
    }
    text = path.read_text(encoding="utf-8")
    assert "  questions:  # 6 Questions to reflect on (numbered)\n" in text
    loaded = load_issue(path)  # it reads as it is, TODOs and all
    assert loaded.issue.review.code == "RSCP-LCSPR-03"
    assert loaded.issue.board.name == "Riverside Safeguarding Children Partnership"


def test_the_next_one_is_for_the_next_review_and_none_is_overwritten(issues):
    first = new_briefing(issues, today=TODAY)
    second = new_briefing(issues, today=TODAY)
    third = new_briefing(issues, today=TODAY)
    assert [first.name, second.name, third.name] == [
        "briefing-child-t.yaml",
        "briefing-rr-2024-02.yaml",
        "briefing-family-k.yaml",
    ]
    with pytest.raises(ScrnewsError) as caught:
        new_briefing(issues, today=TODAY)
    assert "every review in these newsletters has a briefing already" in str(caught.value)
    with pytest.raises(ScrnewsError) as caught:
        new_briefing(issues, review="Child T", today=TODAY)
    assert "this file already exists, and scrnews never overwrites an issue" in str(caught.value)


def test_new_briefing_on_a_review_named_or_a_theme(issues):
    named = new_briefing(issues, review="rscp-silp-01", today=TODAY)
    assert named.name == "briefing-family-k.yaml"
    assert yaml.safe_load(named.read_text())["review"]["type"] == "SILP"
    unknown = new_briefing(issues, review="Child Z", today=TODAY)
    assert yaml.safe_load(unknown.read_text())["review"] == {"name": "Child Z"}
    theme = new_briefing(issues, theme="Was not brought", today=TODAY)
    data = yaml.safe_load(theme.read_text())
    assert theme.name == "briefing-was-not-brought.yaml"
    assert (data["theme"], data["title"], "review" in data) == (
        "Was not brought",
        "Was not brought",
        False,
    )
    for path in (named, unknown, theme):
        load_issue(path)


def test_new_briefing_command_line(issues):
    runner = CliRunner()
    done = runner.invoke(cli, ["new", "--briefing", "--theme", "Neglect"])
    assert done.exit_code == 0, done.output
    assert "wrote issues/briefing-neglect.yaml (a draft 7-minute briefing)" in done.stderr
    assert runner.invoke(cli, ["new", "--theme", "Neglect"]).exit_code == 2
    both = runner.invoke(cli, ["new", "--briefing", "--theme", "A", "--review", "B"])
    assert both.exit_code == 2
    assert "a briefing is on one review (--review) or a theme (--theme)" in both.stderr


def test_a_briefing_has_no_email_edition(write):
    path = write(briefing())
    runner = CliRunner()
    url = ["--base-url", "https://www.example.org/news/"]
    alone = runner.invoke(cli, ["build", str(path), "--format", "email", *url])
    assert alone.exit_code == 1
    assert alone.stderr.splitlines()[0] == (
        f"{path.name}:1:7: kind: a 7-minute briefing has no email edition: it is one A4 page, to "
        "print or to send as its PDF. Build it with --format html,pdf (the default), and link "
        "to it from a newsletter's email."
    )
    with_page = runner.invoke(cli, ["build", str(path), "--format", "html,email", *url])
    assert with_page.exit_code == 0, with_page.output
    made = sorted(p.name for p in (path.parent / "out" / "briefing").glob("*.*"))
    assert made == ["index.html", "print.css"]  # no email.html, .txt or .eml


def test_measuring_a_briefing_in_the_pdf_worker_imports_nothing_heavy():
    """The PDF worker unpickles fit.measure after the page is sent, on the build's critical
    path: it must not pull in the briefing's model (pydantic, the blocks) or the templates."""
    code = (
        "import sys, scrnews.briefing.fit; "
        "print(sorted(m for m in ('pydantic', 'jinja2', 'scrnews.briefing.model', "
        "'scrnews.blocks') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
