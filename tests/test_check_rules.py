"""`scrnews check` rules (issue #14): each fires on a bad example, stays quiet on a near miss,
and stays quiet on the real example, issues/issue-2.yaml."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scrnews.checks import CODES, check_files
from scrnews.checks.privacy import nhs_checksum_ok

ROOT = Path(__file__).resolve().parent.parent
HEAD = """\
board:
  name: Northshire Safeguarding Children Partnership
  email: info@northshire-scp.org.uk
number: 1
date: 2024-06
"""  # five lines: the examples below start at line 6


def found(tmp_path, monkeypatch, body: str, *, name: str = "issue.yaml") -> list[str]:
    """The findings of `scrnews check` on HEAD + body, as the text lines it prints."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    report = check_files([tmp_path / name])
    return [str(f) for f in report.sorted()]


@pytest.fixture(scope="module")
def issue2_codes() -> list[str]:
    report = check_files([ROOT / "issues" / "issue-2.yaml"])
    assert not [f for f in report.findings if not f.code], "issue 2 reads and validates"
    return [f.code for f in report.findings]


#: code -> (an example that breaks the rule, the line it gives, a near miss that passes)
CASES = {
    "P101": (
        "foreword:\n  text: Her NHS number was 943 476 5919.\n",
        "issue.yaml:7:28: P101 error: '943 476 5919' is an NHS number (its check digit is "
        "right), which identifies a person. Remove it.",
        "foreword:\n  text: Her reference was 943 476 5918.\n",
    ),
    "P102": (
        "foreword:\n  text: His National Insurance number, AB 12 34 56 C, was on the form.\n",
        "issue.yaml:7:40: P102 error: 'AB 12 34 56 C' is a National Insurance number, which "
        "identifies a person. Remove it.",
        "foreword:\n  text: The form GB 12 34 56 C was not an NI number.\n",
    ),
    "P103": (
        "foreword:\n  text: The child (DOB 03/04/2015) lived with an aunt.\n",
        "issue.yaml:7:20: P103 error: 'DOB 03/04/2015' gives a date of birth, which could "
        "identify a child. Give an age or an age group instead, such as 'under 3'.",
        "foreword:\n  text: The child, born in 2015, lived with an aunt.\n",
    ),
    "P104": (
        "foreword:\n  text: The family lived near LS1 4AP until the review.\n",
        "issue.yaml:7:31: P104 error: 'LS1 4AP' is a full postcode, which can point to a "
        "family's home. Give the town or the first half of the postcode, or move an office "
        "address into contacts.",
        "foreword:\n  text: The family lived in the LS1 area until the review.\n",
    ),
    "P105": (
        "foreword:\n  text: The grandmother was called on 07700 900123 that night.\n",
        "issue.yaml:7:39: P105 error: '07700 900123' is a phone number outside contacts; a "
        "private number could identify a person. Give the board's number, or add this one "
        "to contacts.",
        "foreword:\n  text: Worried about a child? Call the NSPCC on 0808 800 5000.\n"
        "contacts:\n  people:\n    - {name: Duty team, phone: 01632 960123}\n",
    ),
    "P106": (
        "foreword:\n  text: The father wrote from jo.bloggs@gmail.com to the school.\n",
        "issue.yaml:7:31: P106 error: 'jo.bloggs@gmail.com' is an email address outside "
        "contacts; a private address could identify a person. Use the board's address, or add "
        "this one to contacts (or its domain to checks.allowed_domains in scrnews.yaml).",
        "foreword:\n  text: Write to jo.smith@northshire.gov.uk or info@northshire-scp.org.uk.\n",
    ),
    "P107": (
        "foreword:\n  text: The agencies did not hear the mother, Sarah, when she asked for help.\n",
        "issue.yaml:7:39: P107 error: 'mother, Sarah' names a person beside a word for a child "
        "or a family member, which could identify them. Write 'the child', 'Child A' or 'the "
        "mother' instead.",
        "foreword:\n  text: Child A's mother asked the Children's Services for help.\n"
        "  author: Sarah Jones\n  role: Named nurse for the child protection team\n",
    ),
    "T201": (
        "status: published\ntitle: 'TODO: a headline'\n",
        "issue.yaml:7:9: T201 error: 'TODO' marks something still to write: replace it with "
        "the words the reader should see.",
        "status: published\ntitle: What we learned about neglect\n",
    ),
    "T202": (
        "foreword:\n  text: Lorem ipsum dolor sit amet.\n",
        "issue.yaml:7:9: T202 error: placeholder text ('Lorem ipsum'): write the real text.",
        "foreword:\n  text: Sharing learning is vital.\n",
    ),
    "T203": (
        "foreword:\n  text: 'Training is on [insert dates] at the hub.'\n",
        "issue.yaml:7:25: T203 error: '[insert dates]' was left to fill in: write what it asks "
        "for.",
        "foreword:\n  text: 'Training is on [13 May](https://northshire-scp.org.uk/training).'\n",
    ),
    "T204": (
        "further_reading:\n  links:\n    - {title: Procedures, url: 'https://www.example.org/p'}\n",
        "issue.yaml:8:33: T204 error: 'https://www.example.org' is an example address, not a "
        "real one: give the real address.",
        "further_reading:\n  links:\n    - {title: Procedures, url: 'https://www.gov.uk/p'}\n",
    ),
    "L301": (
        "foreword:\n  text: Read [our procedures](www.northshire-scp.org.uk/procedures).\n",
        "issue.yaml:7:31: L301 error: 'www.northshire-scp.org.uk/procedures' needs 'https://' in "
        "front, or it leads to a page of this site: write "
        "https://www.northshire-scp.org.uk/procedures.",
        "foreword:\n  text: Read [our procedures](https://www.northshire-scp.org.uk/p).\n",
    ),
    "L302": (
        "foreword:\n  text: See https://www.gov.uk/a and http://www.gov.uk/b for more.\n",
        "issue.yaml:7:38: L302 warning: 'http://www.gov.uk/b' uses http:, but this issue links "
        "to gov.uk with https: elsewhere. Write 'https://www.gov.uk/b'.",
        "foreword:\n  text: See https://www.gov.uk/a and http://www.ofsted.gov.uk/b for more.\n",
    ),
    "L303": (
        "foreword:\n  text: Read [the guidance](https://www.gov.uk/a), then "
        "[the guidance](https://www.gov.uk/b).\n",
        "issue.yaml:7:57: L303 warning: the link text 'the guidance' also leads to "
        "https://www.gov.uk/a, but here to https://www.gov.uk/b. Give each place its own words.",
        "foreword:\n  text: Read [the guidance](https://www.gov.uk/a), then "
        "[the guidance](https://www.gov.uk/a/).\n",
    ),
    "L304": (
        "foreword:\n  text: For the procedures, [click here](https://www.gov.uk/p).\n",
        "issue.yaml:7:29: L304 warning: the link text 'click here' does not say where the link "
        "goes (WCAG 2.4.4). Make the words of the link name the page, such as "
        "'[Working Together 2023](https://...)'.",
        "foreword:\n  text: Read [the procedures](https://www.gov.uk/p) here.\n",
    ),
    "E401": (
        "foreword:\n  text: " + " ".join(["word"] * 31) + ".\n",
        "issue.yaml:7:9: E401 warning: this sentence has 31 words (the limit is 30): split it. "
        "It starts 'word word word word word …'.",
        "foreword:\n  text: " + " ".join(["Word"] * 30) + ". " + " ".join(["Word"] * 30) + ".\n",
    ),
    "E402": (
        "foreword:\n  text: "
        + " ".join(
            [
                "Multi-agency safeguarding arrangements necessitate comprehensive "
                "interdisciplinary communication."
            ]
            * 15
        )
        + "\n",
        "issue.yaml:7:3: E402 warning: foreword is hard to read: its reading ease is -199 "
        "(Flesch; checks.reading_ease is 30). Shorter sentences and everyday words raise it.",
        "foreword:\n  text: " + " ".join(["We read the case. We met the team."] * 15) + "\n",
    ),
    "E403": (
        "foreword:\n  text: The SCR was published. This Serious Case Review (SCR) found gaps.\n",
        "issue.yaml:7:13: E403 warning: 'SCR' is used here before it is spelled out (in "
        "foreword.text). Spell it out at its first use instead.",
        "foreword:\n  text: This Serious Case Review (SCR) found gaps. The SCR was published.\n",
    ),
    "C501": (
        "national_studies:\n  studies:\n    - title: Ages of concern\n",
        "issue.yaml:8:7: C501 warning: national_studies.studies[0] has no url: readers cannot "
        "find the study. Add its address (url: https://…).",
        "national_studies:\n  studies:\n    - {title: Ages of concern, url: 'https://www.gov.uk/a'}\n",
    ),
    "C502": (
        "action_plans:\n  heading: Monitoring of action plans\n",
        "issue.yaml:7:3: C502 warning: action_plans has nothing in it but its heading. Write "
        "it, or remove it.",
        "action_plans:\n  heading: Monitoring of action plans\n  text: Every action is green.\n",
    ),
}


@pytest.mark.parametrize("code", CASES, ids=list(CASES))
def test_rule_fires_on_a_bad_example(tmp_path, monkeypatch, code):
    bad, line, _ = CASES[code]
    assert found(tmp_path, monkeypatch, bad) == [line]


@pytest.mark.parametrize("code", CASES, ids=list(CASES))
def test_rule_is_quiet_on_a_near_miss(tmp_path, monkeypatch, code):
    _, _, near_miss = CASES[code]
    assert found(tmp_path, monkeypatch, near_miss) == []


@pytest.mark.parametrize("code", [*CASES, "C503", "C504"])
def test_rule_is_quiet_on_issue_2(issue2_codes, code):
    # Issue 2 is transcribed without correcting its wording: two of its sentences really are
    # long (44 and 33 words), and E401 says so. Every other rule finds nothing.
    assert issue2_codes.count(code) == (2 if code == "E401" else 0)


def test_every_rule_code_has_a_case():
    online_only, archive, suppression = {"L305", "L306"}, {"C503", "C504"}, {"S001", "S002"}
    assert set(CODES) == set(CASES) | online_only | archive | suppression


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("1234567890", False)],
)
def test_nhs_number_check_digit(digits, valid):
    # 1234567890 gives a check digit of 10, which no NHS number has.
    assert nhs_checksum_ok(digits) is valid


def test_placeholders_are_warnings_in_a_draft(tmp_path, monkeypatch):
    assert found(tmp_path, monkeypatch, "status: draft\ntitle: 'TODO: a headline'\n") == [
        "issue.yaml:7:9: T201 warning: 'TODO' marks something still to write: replace it with "
        "the words the reader should see before this issue is published."
    ]


def test_named_people_in_a_message_contacts_or_attribution_are_fine(tmp_path, monkeypatch):
    body = """\
    contacts:
      people:
        - {name: Sarah Jones, role: Lead for the mother and baby unit, phone: 07700 900123}
    foreword:
      text: Thank you to everyone who took part.
      author: Sarah Jones
      role: Chair, mother and baby services
    """
    assert found(tmp_path, monkeypatch, body) == []


def _archive(tmp_path, numbers_and_dates) -> list[Path]:
    paths = []
    for number, date in numbers_and_dates:
        path = tmp_path / f"issue-{number}.yaml"
        path.write_text(
            HEAD.replace("number: 1", f"number: {number}").replace("2024-06", date),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_issue_number_out_of_sequence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = _archive(tmp_path, [(1, "2024-01"), (2, "2024-04"), (4, "2024-10")])
    assert [str(f) for f in check_files(paths).sorted()] == [
        "issue-4.yaml:4:9: C503 warning: issue 4 follows issue 2 (issue-2.yaml): issue 3 is "
        "missing. Check the number, or add the missing issue."
    ]
    assert check_files(paths[:2]).findings == []


def test_issue_date_out_of_sequence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = _archive(tmp_path, [(1, "2024-01"), (2, "2023-10")])
    assert [str(f) for f in check_files(paths).sorted()] == [
        "issue-2.yaml:5:7: C504 warning: issue 2 is dated 2023-10, before issue 1 (2024-01). "
        "Check the date or the number."
    ]


def test_block_form_names_in_signatories_contacts_and_attributions_are_fine(tmp_path, monkeypatch):
    body = """\
    body:
      - type: message
        text: Thank you to everyone who took part.
        signatories:
          - {name: Sarah Jones, role: Lead for the mother and baby unit}
      - type: quote
        text: We should have listened sooner.
        attribution: Mary, the child's grandmother
      - type: contacts
        people:
          - {name: Sarah Jones, role: Named nurse, phone: 07700 900123, address: "1 High St, LS1 4AP"}
    """
    assert found(tmp_path, monkeypatch, body) == []


def test_block_form_is_checked_like_the_older_form(tmp_path, monkeypatch):
    body = """\
    body:
      - type: text
        text: The mother, Sarah, rang 07700 900123.
      - type: studies
        heading: National learning
        studies:
          - {title: Ages of concern}
      - type: box
        heading: Still to write
        style: key
    """
    assert [line.split(": ")[1] for line in found(tmp_path, monkeypatch, body)] == [
        "P107 error",
        "P105 error",
        "C501 warning",
        "C502 warning",
    ]
