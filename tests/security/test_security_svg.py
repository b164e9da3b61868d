"""SVG made safe: scripts, event handlers, foreign content, DTDs and entities, and references
outside the file are refused wherever an SVG can come from: the logo, a Markdown picture, a
template's asset (read while the PDF is made), a data: URL or a web address.

Each hostile SVG below is tried in every one of those places."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from click.testing import CliRunner
from security_helpers import png_pixel

from scrnews.build import build_issue, load_issue
from scrnews.cli import cli
from scrnews.errors import PdfError, ValidationError
from scrnews.fetch import FetchRefused, ProjectFetcher
from scrnews.project import builtin_dir
from scrnews.svg import inspect, svg_problems

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 20">'
PNG_DATA = "data:image/png;base64," + base64.b64encode(png_pixel()).decode()

#: name -> (SVG text, what svg_problems must find, in order)
HOSTILE: dict[str, tuple[str, list[str]]] = {
    "external-entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        f"{SVG_OPEN}<text>&secret;</text></svg>",
        [
            "a DOCTYPE with definitions of its own (line 2), which can make an XML reader fetch "
            "other files or expand text without end"
        ],
    ),
    "billion-laughs": (
        '<!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"{SVG_OPEN}<text>&c;</text></svg>",
        [
            "a DOCTYPE with definitions of its own (line 1), which can make an XML reader fetch "
            "other files or expand text without end"
        ],
    ),
    "doctype-fetching-a-dtd": (
        f'<!DOCTYPE svg SYSTEM "http://attacker.example/x.dtd">{SVG_OPEN}</svg>',
        [
            "a DOCTYPE with definitions of its own (line 1), which can make an XML reader fetch "
            "other files or expand text without end"
        ],
    ),
    "script": (
        f"{SVG_OPEN}\n<script>fetch('/account').then(r => r.text())</script>\n</svg>",
        ["a <script> element (line 2)"],
    ),
    "xhtml-script": (
        f'{SVG_OPEN}<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
        ["a <script> element (line 1)"],
    ),
    "onload": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>',
        ["an event handler, onload= (line 1)"],
    ),
    "onclick-in-a-shape": (
        f'{SVG_OPEN}\n<rect width="5" height="5"\n OnClick="alert(1)"/></svg>',
        ["an event handler, OnClick= (line 2)"],
    ),
    "foreign-object": (
        f'{SVG_OPEN}<foreignObject width="20" height="20"><iframe xmlns="http://www.w3.org/1999/xhtml" '
        'src="https://attacker.example/"/></foreignObject></svg>',
        [
            "a <foreignObject> element (line 1)",
            "a <iframe> element (line 1)",
            "a reference to 'https://attacker.example/' outside the file (line 1)",
        ],
    ),
    "image-from-a-local-file": (
        f'{SVG_OPEN}<image href="file:///etc/passwd" width="9" height="9"/></svg>',
        ["a reference to 'file:///etc/passwd' outside the file (line 1)"],
    ),
    "image-from-the-web": (
        f'{SVG_OPEN}<image xlink:href="https://tracker.example/pixel.png"/></svg>',
        ["a reference to 'https://tracker.example/pixel.png' outside the file (line 1)"],
    ),
    "use-of-another-file": (
        f'{SVG_OPEN}<use href="other.svg#shape"/></svg>',
        ["a reference to 'other.svg#shape' outside the file (line 1)"],
    ),
    "javascript-link": (
        f'{SVG_OPEN}<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>',
        ["a reference to 'javascript:alert(1)' outside the file (line 1)"],
    ),
    "nested-svg-data-url": (
        f'{SVG_OPEN}<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
        ["a reference to 'data:image/svg+xml;base64,PHN2Zy8+' outside the file (line 1)"],
    ),
    "style-import-and-url": (
        f"{SVG_OPEN}\n<style>\n@import url(https://attacker.example/a.css);\n"
        "rect { fill: url( 'https://attacker.example/b#g' ) }\n</style></svg>",
        [
            "a reference to 'https://attacker.example/a.css' outside the file (line 2)",
            "a reference to 'https://attacker.example/b#g' outside the file (line 2)",
            "a stylesheet @import (line 2)",
        ],
    ),
    "style-attribute-url": (
        f'{SVG_OPEN}<rect style="fill: url(file:///etc/passwd)"/></svg>',
        ["a reference to 'file:///etc/passwd' outside the file (line 1)"],
    ),
    "xml-stylesheet": (
        f'<?xml-stylesheet href="https://attacker.example/x.css"?>\n{SVG_OPEN}</svg>',
        ["a <?xml-stylesheet?> instruction (line 1)"],
    ),
    "animation-setting-an-address": (
        f'{SVG_OPEN}<a><set attributeName="xlink:href" to="javascript:alert(1)"/>'
        "<text>x</text></a></svg>",
        ["an animation that sets xlink:href= (line 1)"],
    ),
    "animation-setting-a-handler": (
        f'{SVG_OPEN}<animate attributeName="onbegin" values="alert(1)"/></svg>',
        ["an animation that sets onbegin= (line 1)"],
    ),
    "xinclude": (
        f'{SVG_OPEN}<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
        'parse="text"/></svg>',
        [
            "a <include> element (line 1)",
            "a reference to '/etc/passwd' outside the file (line 1)",
        ],
    ),
}

SAFE = {
    "gradient-and-use": (
        f'{SVG_OPEN}<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<rect id="r" width="5" height="5"/></defs><use href="#r"/><use xlink:href="#r"/>'
        '<rect width="9" height="9" fill="url(#g)" style="stroke: url( #g )"/></svg>'
    ),
    "embedded-png": f'{SVG_OPEN}<image href="{PNG_DATA}" width="9" height="9"/></svg>',
    "svg-1.1-doctype": (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC '
        '"-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f'{SVG_OPEN}<rect width="9" height="9"/></svg>'
    ),
    "inkscape": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/'
        'namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'width="20mm" height="10mm" viewBox="0 0 20 10"><sodipodi:namedview id="n" '
        'inkscape:zoom="1"/><g inkscape:label="Layer 1"><style>rect { fill: #c00 }</style>'
        '<rect width="20" height="10"/></g></svg>'
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_svg_problems_names_each_thing_with_its_line(name):
    text, expected = HOSTILE[name]
    assert svg_problems(text.encode()) == expected


@pytest.mark.parametrize("name", list(SAFE))
def test_safe_svgs_pass(name):
    assert inspect(SAFE[name].encode()) == ([], None)


def test_a_billion_laughs_is_refused_before_it_expands():
    text = HOSTILE["billion-laughs"][0].replace("&c;", "&c;" * 1000)
    assert svg_problems(text.encode())  # and quickly: nothing is expanded


def test_an_entity_outside_a_doctype_subset_is_refused():
    """Entities declared in an external subset never reach here (no DTD is read): named is enough."""
    text = f"{SVG_OPEN}<text>&nbsp;</text></svg>"
    assert inspect(text.encode()) == (
        [],
        "it is not a well-formed SVG file (line 1: undefined entity)",
    )


# ------------------------------------------------------------------ every place an SVG comes from


def project_with(tmp_path: Path, svg: str, where: str) -> Path:
    """A project whose issue uses images/art.svg as its logo or as a picture; the issue's path."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "art.svg").write_text(svg, encoding="utf-8")
    logo = "  logo:\n    src: images/art.svg\n    alt: Art\n" if where == "logo" else ""
    text = "foreword:\n  text: 'See ![Art](images/art.svg)'\n" if where == "picture" else ""
    issue = tmp_path / "issue.yaml"
    issue.write_text(
        f"board:\n  name: Example Board\n{logo}number: 1\ndate: 2024-06\n{text}", encoding="utf-8"
    )
    return issue


@pytest.mark.parametrize("where", ["logo", "picture"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_svg_in_the_issue_is_refused_when_read(tmp_path, monkeypatch, name, where):
    monkeypatch.chdir(tmp_path)
    issue = project_with(tmp_path, HOSTILE[name][0], where)
    with pytest.raises(ValidationError) as caught:
        load_issue(issue)
    [problem] = caught.value.problems
    field = "board.logo.src" if where == "logo" else "foreword.text"
    assert str(problem).startswith(
        f"issue.yaml:{4 if where == 'logo' else 6}:{10 if where == 'logo' else 9}: {field}: the "
        "picture 'images/art.svg' is an SVG that scrnews will not publish: it has "
        + HOSTILE[name][1][0]
    )
    result = CliRunner().invoke(cli, ["build", "issue.yaml"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # never copied into the site's assets/


@pytest.mark.parametrize("where", ["logo", "picture"])
def test_a_safe_svg_is_published_and_drawn(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    issue = project_with(tmp_path, SAFE["gradient-and-use"], where)
    result = build_issue(issue, tmp_path / "out", strict=True)
    assert (tmp_path / "out/issue/assets/art.svg").read_text() == SAFE["gradient-and-use"]
    assert result.pdf.read_bytes().startswith(b"%PDF")


def fetcher(root: Path) -> ProjectFetcher:
    return ProjectFetcher(roots=[root, builtin_dir()])


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_pdf_never_reads_a_hostile_svg_from_a_file(tmp_path, name):
    """A template's asset, or any file WeasyPrint asks for: .svg or named otherwise."""
    for file_name in ("art.svg", "art.png", "art"):
        path = tmp_path / file_name
        path.write_text(HOSTILE[name][0], encoding="utf-8")
        fence = fetcher(tmp_path)
        with pytest.raises(FetchRefused):
            fence.fetch(path.as_uri())
        [refusal] = fence.refused
        assert refusal.reason.startswith("it is an SVG with " + HOSTILE[name][1][0])
        assert refusal.reason.endswith(
            ", which could run code or read other files. Take them out, or use a PNG instead"
        )


def test_the_pdf_never_reads_a_hostile_svg_from_a_data_url(tmp_path):
    svg = HOSTILE["onload"][0].encode()
    for url in (
        "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        "data:text/plain;base64," + base64.b64encode(b"  \n" + svg).decode(),
    ):
        with pytest.raises(FetchRefused):
            fetcher(tmp_path).fetch(url)


def test_the_pdf_never_reads_a_hostile_svg_from_the_web(tmp_path, web):
    fence = ProjectFetcher(roots=[tmp_path], allow_remote=["127.0.0.1"])
    with pytest.raises(FetchRefused):
        fence.fetch(web.url("/evil.svg"))
    assert fence.refused[0].reason.startswith("it is an SVG with an event handler, onload=")


def test_safe_files_pass_the_fetcher_unchanged(tmp_path):
    (tmp_path / "art.svg").write_text(SAFE["inkscape"], encoding="utf-8")
    (tmp_path / "dot.png").write_bytes(png_pixel())
    fence = fetcher(tmp_path)
    for path in (tmp_path / "art.svg", tmp_path / "dot.png"):
        response = fence.fetch(path.as_uri())
        assert response.read() == path.read_bytes()
    assert fence.refused == []


def test_a_template_asset_svg_fails_the_pdf_build_and_says_which(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    issue = project_with(tmp_path, SAFE["gradient-and-use"], "none")
    (tmp_path / "images" / "badge.svg").write_text(HOSTILE["script"][0], encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "issue.html").write_text(
        '{% extends "default/issue.html" %}{% block masthead %}{{ super() }}'
        '<img src="../../images/badge.svg" alt="Badge">{% endblock %}',
        encoding="utf-8",
    )
    with pytest.raises(PdfError) as caught:
        build_issue(issue, tmp_path / "out", templates=[theme])
    [problem] = caught.value.problems
    assert str(problem) == (
        f"issue.yaml: a template or stylesheet asks for {(tmp_path / 'images/badge.svg').as_uri()}, "
        "which scrnews will not read: it is an SVG with a <script> element (line 2), which could "
        "run code or read other files. Take them out, or use a PNG instead."
    )
    assert not (tmp_path / "out").exists()
