"""Template overrides are untrusted too: they may use the issue's fields, never reach Python."""

from __future__ import annotations

import pytest

from scrnews.build import build_issue
from scrnews.errors import TemplateError

ESCAPES = {
    "globals": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "model internals": "{{ issue.__class__.__init__.__globals__ }}",
    "format string": "{{ '{0.__class__.__init__.__globals__}'.format(issue) }}",
    "loader": "{{ self._TemplateReference__context.cycler.__init__ }}",
}


@pytest.fixture
def override(tmp_path):
    """write(body) -> a template folder whose issue.html adds body to the theme's <head>."""

    def write(body: str):
        folder = tmp_path / "theme"
        folder.mkdir(exist_ok=True)
        (folder / "issue.html").write_text(
            '{% extends "default/issue.html" %}{% block head_extra %}<!-- '
            + body
            + " -->{% endblock %}\n",
            encoding="utf-8",
        )
        return folder

    return write


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_override_cannot_reach_python(make_issue, override, tmp_path, monkeypatch, body):
    monkeypatch.chdir(tmp_path)
    folder = override(body.replace("MARKER", str(tmp_path / "ran")))
    with pytest.raises(TemplateError) as caught:
        build_issue(make_issue(), tmp_path / "out", formats=("html",), templates=[folder])
    [problem] = caught.value.problems
    assert problem.file == "theme/issue.html"
    assert problem.line == 1
    assert problem.message.startswith("template error: ")
    assert problem.message.endswith(
        "is unsafe. Templates may only use the issue's fields and scrnews's filters."
    )
    assert not (tmp_path / "ran").exists()
    assert not (tmp_path / "out").exists()


def test_override_may_still_use_the_issue(make_issue, override, tmp_path):
    folder = override(
        "{{ board.name|upper }} {{ issue.date.first_day.isoformat() }} {{ blocks|length }}"
    )
    result = build_issue(make_issue(), tmp_path / "out", formats=("html",), templates=[folder])
    html = result.html.read_text(encoding="utf-8")
    assert "<!-- EXAMPLE SAFEGUARDING CHILDREN PARTNERSHIP 2024-06-01 1 -->" in html


def test_symlinked_template_out_of_its_folder_is_refused(
    make_issue, override, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "environ"
    secret.write_text("AWS_SECRET=do-not-publish", encoding="utf-8")
    folder = override('{% include "env.html" %}')
    (folder / "env.html").symlink_to(secret)
    with pytest.raises(TemplateError) as caught:
        build_issue(make_issue(), tmp_path / "out", formats=("html",), templates=[folder])
    assert str(caught.value) == (
        f"theme/env.html: this template is a link to {secret}, outside its folder; scrnews "
        "does not follow it. Put the template itself in the folder."
    )
    assert not (tmp_path / "out").exists()


def test_include_cannot_climb_out_of_the_template_folders(make_issue, override, tmp_path):
    (tmp_path / "secret.html").write_text("AWS_SECRET=do-not-publish", encoding="utf-8")
    folder = override('{% include "../secret.html" %}')
    with pytest.raises(TemplateError, match="template '../secret.html' not found"):
        build_issue(make_issue(), tmp_path / "out", formats=("html",), templates=[folder])


def test_settings_cannot_add_a_template_folder_outside_the_project(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from scrnews.cli import cli

    project = tmp_path / "site"
    (project / "issues").mkdir(parents=True)
    (project / "theme").mkdir()
    (project / "theme" / "issue.html").write_text(
        '{% extends "default/issue.html" %}'
        '{% block head_extra %}{% include "hostname" %}{% endblock %}',
        encoding="utf-8",
    )
    (project / "scrnews.yaml").write_text(
        "board:\n  name: Example Board\ntemplates: [theme, /etc]\n", encoding="utf-8"
    )
    (project / "issues" / "issue.yaml").write_text("number: 1\ndate: 2024-06\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "issues/issue.yaml", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "scrnews.yaml:3:20: templates[1]: the folder '/etc' is outside the folder of this "
        f"settings file ({project}); scrnews only uses templates inside it. Copy them in, for "
        "example into templates/, and name that folder."
    )
    assert not (project / "out").exists()
