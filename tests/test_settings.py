"""Board settings (scrnews.yaml): found by walking up, --config, issue overrides,
located errors, contrast."""

from __future__ import annotations

import colorsys
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scrnews import contrast
from scrnews.build import load_issue, render_issue
from scrnews.cli import cli
from scrnews.errors import ValidationError
from scrnews.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent

ISSUE = """\
number: 1
date: 2024-06
body:
  - type: message
    text: A short foreword.
"""

SETTINGS = """\
board:
  name: Example Safeguarding Children Partnership
  short_name: ESCP
  website: https://www.example-scp.org.uk
  email: info@example-scp.org.uk
alternative_formats: For large print or audio, please contact
footer: Registered office at **1 Example Street**.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project: scrnews.yaml at the root, an issue without board: two folders down."""
    (tmp_path / "scrnews.yaml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    (tmp_path / "issues" / "2024" / "issue-1.yaml").write_text(ISSUE, encoding="utf-8")
    return tmp_path


def _html(loaded, tmp_path: Path) -> str:
    rendered = render_issue(loaded, tmp_path / "out", formats=("html",))
    return rendered.outputs[tmp_path / "out" / "index.html"].decode()


def _messages(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


def test_settings_are_found_by_walking_up_and_fill_in_the_board(project):
    loaded = load_issue(project / "issues" / "2024" / "issue-1.yaml")
    assert loaded.issue.board.name == "Example Safeguarding Children Partnership"
    assert loaded.issue.board.email == "info@example-scp.org.uk"
    assert loaded.settings.path == (project / "scrnews.yaml").resolve()


def test_issue_board_fields_win_over_settings_field_by_field(project):
    issue = project / "issues" / "2024" / "issue-1.yaml"
    issue.write_text("board:\n  email: editor@example-scp.org.uk\n" + ISSUE, encoding="utf-8")
    board = load_issue(issue).issue.board
    assert board.email == "editor@example-scp.org.uk"
    assert board.name == "Example Safeguarding Children Partnership"  # from settings
    assert board.short_name == "ESCP"


def test_config_names_another_settings_file(project, tmp_path):
    other = tmp_path / "elsewhere.yaml"
    other.write_text("board:\n  name: Another Board\n", encoding="utf-8")
    loaded = load_issue(project / "issues" / "2024" / "issue-1.yaml", config=other)
    assert loaded.issue.board.name == "Another Board"


def test_without_settings_an_issue_must_name_its_board(tmp_path):
    issue = tmp_path / "issue.yaml"
    issue.write_text(ISSUE, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_issue(issue)
    assert any("board: this field is required" in m for m in _messages(caught.value))


def test_settings_texts_reach_the_page(project, tmp_path):
    html = _html(load_issue(project / "issues" / "2024" / "issue-1.yaml"), tmp_path)
    assert (
        "For large print or audio, please contact Example Safeguarding Children Partnership" in html
    )
    assert "Registered office at <strong>1 Example Street</strong>." in html


def test_the_alternative_formats_text_defaults_to_the_theme_label(tmp_path):
    issue = tmp_path / "issue.yaml"
    issue.write_text("board:\n  name: A Board\n" + ISSUE, encoding="utf-8")
    html = _html(load_issue(issue), tmp_path)
    assert "If you need this newsletter in another format, such as large print, easy read" in html


def test_settings_contacts_are_used_when_the_issue_has_none(project, tmp_path):
    settings = project / "scrnews.yaml"
    settings.write_text(
        SETTINGS + "contacts:\n  - name: Safeguarding Team\n    email: team@example.org\n",
        encoding="utf-8",
    )
    loaded = load_issue(project / "issues" / "2024" / "issue-1.yaml")
    [contacts] = [block for block in loaded.issue.body if block.type == "contacts"]
    assert contacts is loaded.issue.body[-1] and contacts.heading is None
    assert [p.name for p in contacts.people] == ["Safeguarding Team"]
    assert "team@example.org" in _html(loaded, tmp_path)


def test_settings_contacts_may_carry_their_heading_and_words(project, tmp_path):
    settings = project / "scrnews.yaml"
    settings.write_text(
        SETTINGS + "contacts:\n  heading: Talk to us\n  intro: Our team is here to help.\n"
        "  people:\n    - organisation: Safeguarding Team\n      phone: 01632 960 000\n",
        encoding="utf-8",
    )
    loaded = load_issue(project / "issues" / "2024" / "issue-1.yaml")
    html = _html(loaded, tmp_path)
    assert '<h2 id="talk-to-us">Talk to us</h2>' in html
    assert "<p>Our team is here to help.</p>" in html
    assert '<a href="tel:01632960000">01632 960 000</a>' in html


def test_an_issue_with_its_own_contacts_does_not_get_the_boards(project, tmp_path):
    settings = project / "scrnews.yaml"
    settings.write_text(SETTINGS + "contacts:\n  - name: Safeguarding Team\n", encoding="utf-8")
    issue = project / "issues" / "2024" / "issue-1.yaml"
    issue.write_text(
        ISSUE + "  - type: contacts\n    people:\n      - name: Jo Own\n", encoding="utf-8"
    )
    html = _html(load_issue(issue), tmp_path)
    assert "Jo Own" in html and "Safeguarding Team" not in html


def test_a_mistake_in_settings_is_located_with_file_line_and_column(project):
    (project / "scrnews.yaml").write_text(
        SETTINGS + "colour:\n  brand: '#005ea5'\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(project / "issues" / "2024" / "issue-1.yaml")
    [message] = _messages(caught.value)
    assert message.endswith(
        "scrnews.yaml:8:1: colour: unknown field 'colour'. Did you mean 'colours'?"
    )


def test_a_missing_font_file_is_named(project):
    (project / "scrnews.yaml").write_text(
        SETTINGS + "fonts:\n  family: Board Sans\n  regular: fonts/nope.woff2\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_settings(project / "scrnews.yaml")
    [message] = _messages(caught.value)
    assert "scrnews.yaml:10:12: fonts.regular: the file 'fonts/nope.woff2' was not found" in message


def test_a_font_that_is_not_a_font_file_is_refused(project):
    (project / "logo.png").write_bytes(b"\x89PNG")
    (project / "scrnews.yaml").write_text(
        SETTINGS + "fonts:\n  family: Board Sans\n  regular: logo.png\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_settings(project / "scrnews.yaml")
    assert (
        "fonts.regular: 'logo.png' is not a font file scrnews can embed; "
        "name a .woff2, .woff, .ttf or .otf file." in _messages(caught.value)[0]
    )


# ---------------------------------------------------------------- contrast


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast.ratio("#000000") == pytest.approx(21.0)
    assert contrast.ratio("#ffffff") == pytest.approx(1.0)
    assert contrast.shown(contrast.ratio("#767676")) == "4.54"  # the well-known lightest AA grey
    assert contrast.shown(contrast.ratio("#777777")) == "4.47"


def _hue(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return colorsys.rgb_to_hls(*rgb)[0]


def test_nearest_passing_shade_keeps_the_hue_and_just_passes():
    shade = contrast.nearest_passing("#7fb2e5", contrast.WHITE, contrast.TEXT)
    assert contrast.ratio(shade) >= 4.5
    assert _hue(shade) == pytest.approx(_hue("#7fb2e5"), abs=0.01)
    # one step lighter (the next shade towards the original) no longer passes
    r, g, b = (int(shade[i : i + 2], 16) for i in (1, 3, 5))
    lighter = f"#{min(r + 3, 255):02x}{min(g + 3, 255):02x}{min(b + 3, 255):02x}"
    assert contrast.ratio(lighter) < 4.5


def test_a_low_contrast_brand_colour_in_settings_is_an_error_with_ratio_and_shade(project):
    (project / "scrnews.yaml").write_text(
        SETTINGS + "colours:\n  brand: '#7fb2e5'\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_settings(project / "scrnews.yaml")
    [message] = _messages(caught.value)
    assert message == (
        "scrnews.yaml:9:10: colours.brand: the colour '#7fb2e5' has a contrast ratio of 2.23:1 "
        "against white, too low for WCAG AA where the theme uses it for headings on white (needs "
        "at least 4.5:1) and the masthead band behind white text (needs at least 4.5:1) and the "
        "masthead and section rules (non-text) (needs at least 3:1). The "
        "nearest shade of the same hue that passes is '#2979c8' (4.50:1); write that instead."
    ).replace("scrnews.yaml", str(project / "scrnews.yaml"), 1)


def test_a_brand_colour_that_fails_only_for_text_names_only_that_use(project):
    (project / "scrnews.yaml").write_text(
        SETTINGS + "colours:\n  link: '#ff0000'\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_settings(project / "scrnews.yaml")
    [message] = _messages(caught.value)
    assert "colours.link: the colour '#ff0000' has a contrast ratio of 3.99:1" in message
    assert "for links on white (needs at least 4.5:1)" in message
    assert "masthead" not in message


def test_a_low_contrast_colour_written_in_the_issue_is_located_in_the_issue(project):
    issue = project / "issues" / "2024" / "issue-1.yaml"
    issue.write_text("board:\n  colour: '#ffdd00'\n" + ISSUE, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_issue(issue)
    [message] = _messages(caught.value)
    assert message.startswith(
        f"{issue}:2:11: board.colour: the colour '#ffdd00' has a contrast ratio of 1.34:1"
    )


def test_a_passing_brand_colour_reaches_the_css(project, tmp_path):
    (project / "scrnews.yaml").write_text(
        SETTINGS + "colours:\n  brand: '#005ea5'\n  link: '#4c2c92'\n", encoding="utf-8"
    )
    html = _html(load_issue(project / "issues" / "2024" / "issue-1.yaml"), tmp_path)
    assert ":root { --brand: #005ea5; --panel: #edf4f9; }" in html  # panels: 7 % of it on white
    assert ":root { --link: #4c2c92; }" in html


# ---------------------------------------------------------------- the CLI and the example project


def test_cli_config_option_is_passed_to_check(project, tmp_path):
    other = tmp_path / "broken.yaml"
    other.write_text("board:\n  name: X\n  colour: '#eeeeee'\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(project / "issues" / "2024" / "issue-1.yaml"), "--config", str(other)]
    )
    assert result.exit_code == 1
    assert "board.colour: the colour '#eeeeee' has a contrast ratio of 1.16:1" in result.output


def test_the_example_project_settings_validate_and_keep_issue_2_unchanged(tmp_path):
    loaded = load_settings(ROOT / "scrnews.yaml")
    issue_board = yaml.safe_load((ROOT / "issues" / "issue-2.yaml").read_text(encoding="utf-8"))[
        "board"
    ]
    settings_board = loaded.settings.board.model_dump(exclude_none=True)
    assert {k: v for k, v in issue_board.items() if k in settings_board} == settings_board
    # issue 2 built with and without the project's settings gives the same page
    shutil.copytree(ROOT / "issues", tmp_path / "issues")
    alone = load_issue(tmp_path / "issues" / "issue-2.yaml")
    assert alone.settings is None
    with_settings = load_issue(ROOT / "issues" / "issue-2.yaml")
    assert with_settings.settings is not None
    assert _html(alone, tmp_path) == _html(with_settings, tmp_path)
