"""A board's own templates: an override wins, can extend the built-in theme, typos are reported."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scrnews.cli import cli


@pytest.fixture
def theme(tmp_path):
    """An empty override folder with a blocks/ subfolder; write(name, text) adds a template."""
    folder = tmp_path / "board-theme"
    (folder / "blocks").mkdir(parents=True)

    def write(name: str, text: str):
        (folder / name).write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def build(tmp_path, monkeypatch, make_issue):
    """Build a minimal issue with the override folder; return (result, page text or None)."""
    monkeypatch.chdir(tmp_path)
    make_issue(
        body=[
            {
                "type": "message",
                "heading": "Foreword",
                "text": "Reviews teach us to *listen*.",
                "signatories": [{"name": "A. Chair"}],
            }
        ]
    )

    def run(*extra: str, fmt: str = "html"):
        result = CliRunner().invoke(
            cli, ["build", "issue.yaml", "--format", fmt, "--templates", "board-theme", *extra]
        )
        page = tmp_path / "out" / "issue" / "index.html"
        return result, page.read_text(encoding="utf-8") if page.is_file() else None

    return run


def test_override_replaces_one_section(theme, build):
    theme(
        "blocks/message.html",
        '<section class="board-foreword" aria-labelledby="{{ view.id }}">\n'
        '<h2 id="{{ view.id }}">From our chair</h2>\n{{ block.text|md }}\n</section>\n',
    )
    result, page = build()
    assert result.exit_code == 0, result.output
    assert '<section class="board-foreword"' in page
    assert "From our chair" in page
    assert "<em>listen</em>" in page
    assert '<p class="byline">' not in page  # the built-in message is not used
    assert '<footer class="site-footer">' in page  # the rest of the theme still is


def test_override_can_extend_the_built_in_block(theme, build):
    theme("blocks/message.html", '{% extends "default/blocks/message.html" %}\n')
    result, page = build()
    assert result.exit_code == 0, result.output
    assert '<section class="block block-message"' in page
    assert '<p class="byline">A. Chair</p>' in page


def test_override_can_extend_the_page_and_call_super(theme, build):
    theme(
        "issue.html",
        '{% extends "default/issue.html" %}\n'
        '{% block masthead %}<p class="board-banner">Keeping children safe</p>'
        "{{ super() }}{% endblock %}\n",
    )
    result, page = build()
    assert result.exit_code == 0, result.output
    banner = page.index('<p class="board-banner">Keeping children safe</p>')
    assert banner < page.index('<header class="masthead">')  # super() kept the original
    assert page.count("<h1>") == 1


def test_several_folders_first_one_wins(theme, build, tmp_path):
    theme("blocks/message.html", "<p>first folder</p>\n")
    second = tmp_path / "second"
    (second / "blocks").mkdir(parents=True)
    (second / "blocks" / "message.html").write_text("<p>second folder</p>\n", encoding="utf-8")
    result, page = build("--templates", "second")
    assert result.exit_code == 0, result.output
    assert "first folder" in page and "second folder" not in page


def _one_problem(result) -> str:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problem, closing = result.stderr.splitlines()
    assert closing == "Error: 1 problem found; nothing was written."
    return problem


def test_template_syntax_error(theme, build):
    theme(
        "blocks/message.html",
        '<section>\n<h2 id="{{ view.id }}">{{ view.heading }}</h2>\n'
        "{{ block.text|md }\n</section>\n",
    )
    result, page = build()
    assert _one_problem(result) == (
        "board-theme/blocks/message.html:3: template syntax error: unexpected '}'"
    )
    assert page is None


def test_template_undefined_variable(theme, build):
    theme(
        "blocks/message.html",
        '<section>\n<h2 id="{{ view.id }}">{{ view.heading }}</h2>\n{{ veiw.id }}\n</section>\n',
    )
    result, page = build()
    assert _one_problem(result) == (
        "board-theme/blocks/message.html:3: template error: 'veiw' is undefined. Check the "
        "spelling of the variable, or guard it with {% if ... %}."
    )
    assert page is None


def test_template_misspelt_field(theme, build):
    theme("blocks/message.html", "<section>\n{{ block.txt }}\n</section>\n")
    result, _ = build()
    assert _one_problem(result) == (
        "board-theme/blocks/message.html:2: template error: the template asks for 'txt', "
        "which a Message does not have. Check the spelling against the issue fields (README, "
        "'The issue file')."
    )


def test_missing_image_in_an_override_warns_and_fails_strict(theme, build):
    theme("blocks/message.html", '{% extends "default/blocks/message.html" %}\n')
    theme("footer.html", '<footer><img src="no-such-picture.png" alt="Our logo"></footer>\n')
    result, _ = build(fmt="pdf")
    assert result.exit_code == 0, result.output
    assert "warning: issue.yaml: WeasyPrint: Failed to load image at" in result.stderr
    assert "no-such-picture.png" in result.stderr
    strict, _ = build("--strict", fmt="pdf")
    assert strict.exit_code == 1
    assert "no-such-picture.png" in strict.stderr
    assert "(--strict turns warnings into errors)" in strict.stderr
