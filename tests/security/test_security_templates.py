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
        "{{ board.name|upper }} {{ issue.date.first_day.isoformat() }} {{ sections|length }}"
    )
    result = build_issue(make_issue(), tmp_path / "out", formats=("html",), templates=[folder])
    html = result.html.read_text(encoding="utf-8")
    assert "<!-- EXAMPLE SAFEGUARDING CHILDREN PARTNERSHIP 2024-06-01 1 -->" in html
