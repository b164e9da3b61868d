"""Content stays content: raw HTML escaped, unsafe link schemes refused with a line, autoescaping
everywhere, issue text never run as a template, CSS values checked before reaching a stylesheet."""

from __future__ import annotations

import pytest
import yaml
from security_helpers import assert_inert

from scrnews import markup
from scrnews.build import load_issue, render_issue
from scrnews.errors import ValidationError
from scrnews.templates import css_string

RAW_HTML = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> "
    '<a href="javascript:alert(1)">x</a> <iframe src="https://evil.example"></iframe>'
)
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def html_of(path) -> str:
    loaded = load_issue(path)
    rendered = render_issue(loaded, path.parent / "out" / loaded.stem, formats=("html",))
    return rendered.outputs[rendered.result.html].decode("utf-8")


def write_data(tmp_path, data: dict, name: str = "issue.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# ------------------------------------------------------------------ raw HTML in Markdown


def test_raw_html_is_escaped_in_every_markdown_field(tmp_path, every_markdown_field):
    data = every_markdown_field(RAW_HTML)
    fields = yaml.safe_dump(data).count("alert(1)</script>")
    assert fields > 30  # every section's Markdown fields, from the schema itself
    html = html_of(write_data(tmp_path, data))
    assert_inert(html)
    assert html.count(ESCAPED_SCRIPT) == fields  # each field shown, as text
    assert "onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("render", [markup.render_block, markup.render_inline])
def test_markdown_renderer_never_passes_html_through(render):
    html = str(render(RAW_HTML + "\n\n<div onclick=alert(1)>block</div>"))
    assert_inert(html)
    assert ESCAPED_SCRIPT in html


# ------------------------------------------------------------------ link schemes

ATTACKS = {
    "javascript": ("[click](javascript:alert(1))", "javascript:alert(1)", "javascript"),
    "mixed case": ("[click](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "javascript"),
    "data": (
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data",
    ),
    "vbscript": ("[click](vbscript:msgbox(1))", "vbscript:msgbox(1)", "vbscript"),
    "entity": ("[click](&#106;avascript:alert(1))", "javascript:alert(1)", "javascript"),
    "hex entity": ("[click](&#x6A;avascript&colon;alert(1))", "javascript:alert(1)", "javascript"),
    "tab inside": ("[click](<java\tscript:alert(1)>)", "java%09script:alert(1)", "javascript"),
    "encoded tab": ("[click](java&#9;script:alert(1))", "java%09script:alert(1)", "javascript"),
    "percent": ("[click](%6Aavascript:alert(1))", "%6Aavascript:alert(1)", "javascript"),
    "space before": ("[click]( javascript:alert(1))", "javascript:alert(1)", "javascript"),
    "autolink": ("<javascript:alert(1)>", "javascript:alert(1)", "javascript"),
    "image": ("![a picture](javascript:alert(1))", "javascript:alert(1)", "javascript"),
    "reference": ("[click][r]\n\n   [r]: javascript:alert(1)", "javascript:alert(1)", "javascript"),
    "reference in quote": (
        "> [click][r]\n>\n> [r]: javascript:alert(1)",
        "javascript:alert(1)",
        "javascript",
    ),
}


@pytest.mark.parametrize("text, url, scheme", ATTACKS.values(), ids=ATTACKS.keys())
def test_unsafe_link_is_an_error_with_its_line(make_issue, text, url, scheme):
    path = make_issue(foreword={"text": text})
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    [problem] = caught.value.problems
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].lstrip().startswith("text:")
    assert problem.key == "foreword.text"
    assert problem.message == (
        f"the link {url!r} uses '{scheme}:', which scrnews does not allow. Links may start "
        "with https://, http://, mailto: or tel:, or be relative."
    )


@pytest.mark.parametrize(
    "field",
    [
        {"introduction": "[x](javascript:alert(1))"},
        {"local_learning": {"items": [{"text": "ok", "note": "[x](javascript:alert(1))"}]}},
        {
            "sections": [
                {
                    "heading": "T",
                    "table": {
                        "caption": "c",
                        "header": ["h"],
                        "rows": [["[x](javascript:alert(1))"]],
                    },
                }
            ]
        },
        {
            "further_reading": {
                "links": [
                    {
                        "title": "t",
                        "url": "https://example.org",
                        "description": "[x](javascript:alert(1))",
                    }
                ]
            }
        },
    ],
    ids=["introduction", "item note", "table cell", "link description"],
)
def test_unsafe_links_refused_in_other_kinds_of_field(make_issue, field):
    with pytest.raises(ValidationError, match="uses 'javascript:', which scrnews does not allow"):
        load_issue(make_issue(**field))


@pytest.mark.parametrize("text, url", [(t, u) for t, u, _ in ATTACKS.values()], ids=ATTACKS.keys())
def test_renderer_drops_unsafe_links_even_unchecked(text, url):
    """The second fence: text that skipped validation still renders no live link."""
    html = str(markup.render_block(text))
    assert_inert(html)
    assert "<a " not in html and "<img" not in html


def test_safe_links_still_work(make_issue):
    text = (
        "[site](https://example.org) [mail](mailto:a@example.org) [call](tel:+441274434361) "
        "[page](other.html) [top](#main) www.example.org"
    )
    html = html_of(make_issue(foreword={"text": text}))
    for href in (
        "https://example.org",
        "mailto:a@example.org",
        "tel:+441274434361",
        "other.html",
        "#main",
        "http://www.example.org",
    ):
        assert f'href="{href}"' in html


# ------------------------------------------------------------------ autoescaping and templates

BOARD = 'Board <script>alert(1)</script> & "Partners"'


def test_board_name_is_escaped_everywhere_in_the_page(make_issue):
    html = html_of(
        make_issue(board={"name": BOARD}, title="<b>bold</b>", summary='"><script>x</script>')
    )
    assert_inert(html)
    assert "<b>" not in html
    assert html.count("Board &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Partners&#34;") >= 3
    assert 'content="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in html  # meta description


def test_template_syntax_in_issue_text_prints_as_written(make_issue, html_text):
    jinja = "{{ 7*7 }} {% if true %}yes{% endif %} {{ config }}"
    html = html_of(
        make_issue(
            board={"name": f"Board {jinja}"}, title=jinja, foreword={"text": jinja, "author": jinja}
        )
    )
    text = html_text(html)
    assert text.count("{{ 7*7 }}") >= 4
    assert "{% if true %}yes{% endif %}" in text
    assert " 49 " not in f" {text} "


# ------------------------------------------------------------------ CSS values


@pytest.mark.parametrize(
    "colour",
    [
        "red;} body{display:none",
        "#005ea5;} body{display:none}",
        "#005ea5; background:url(https://evil.example/x)",
        "#005ea5</style><script>alert(1)</script>",
        "expression(alert(1))",
    ],
)
def test_colour_that_would_break_out_of_css_is_refused(make_issue, colour):
    with pytest.raises(ValidationError) as caught:
        load_issue(make_issue(board={"colour": colour}))
    [problem] = caught.value.problems
    assert problem.key == "board.colour"
    assert problem.line == 3
    assert problem.message == (
        f"{colour!r} is not a colour. Write six hex digits after '#', "
        "such as '#005ea5' (in quotes)."
    )


def test_valid_colour_reaches_the_stylesheet_as_given(make_issue):
    html = html_of(make_issue(board={"colour": "#0B0C0C"}))
    assert "--brand: #0b0c0c;" in html


@pytest.mark.parametrize(
    "value", ['x"; } body { display: none } a { content: "', 'a\\"b', "}</style>"]
)
def test_css_string_cannot_be_closed(value):
    quoted = css_string(value)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not set(inner) & set("\"'{};<>")


def test_board_name_reaches_pdf_metadata_as_plain_text(make_issue, tmp_path, pdf_text):
    import xml.etree.ElementTree as ET

    import pikepdf

    from scrnews.build import build_issue

    board = BOARD + " ]]> </x:xmpmeta>"
    result = build_issue(
        make_issue(board={"name": board}, title="{{ 7*7 }}"), tmp_path / "out", formats=("pdf",)
    )
    with pikepdf.open(result.pdf) as pdf:
        assert str(pdf.docinfo["/Author"]) == board
        assert str(pdf.docinfo["/Title"]).startswith("{{ 7*7 }} – ")
        assert str(pdf.docinfo["/Title"]).endswith(f" – {board}")
        packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    xmp = ET.fromstring(
        packet[packet.index("<x:xmpmeta") : packet.index("</x:xmpmeta>") + len("</x:xmpmeta>")]
    )
    creators = [li.text for li in xmp.iter(f"{rdf}li") if li.text == board]
    assert creators == [board]  # the packet still parses: the name did not close it
    assert board in " ".join(pdf_text(result.pdf).split())


def test_archive_index_and_feed_escape_issue_text(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from click.testing import CliRunner

    from scrnews.cli import cli

    (tmp_path / "issues").mkdir()
    data = {
        "board": {"name": BOARD + " ]]>"},
        "number": 1,
        "date": "2024-06",
        "title": "<img src=x onerror=alert(1)>",
        "summary": "</summary><script>x</script>",
        "foreword": {"text": "Hi"},
    }
    write_data(tmp_path / "issues", data)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--format", "html", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert_inert((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    feed = ET.parse(tmp_path / "out" / "feed.xml")  # still well-formed XML
    texts = {element.text for element in feed.iter() if element.text}
    assert BOARD + " ]]>" in texts
    assert not [element for element in feed.iter() if element.tag.endswith(("script", "img"))]


def test_font_family_from_settings_cannot_break_out_of_css(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from scrnews.cli import cli

    family = 'Open Sans"; } body { visibility: hidden } </style><script>alert(1)</script> x { a: "'
    (tmp_path / "issues").mkdir()
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "Open.woff2").write_bytes(b"wOF2")
    settings = {
        "board": {"name": "Example Board"},
        "fonts": {"family": family, "regular": "fonts/Open.woff2"},
    }
    write_data(tmp_path, settings, "scrnews.yaml")
    write_data(tmp_path / "issues", {"number": 1, "date": "2024-06"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "issues/issue.yaml", "--format", "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "issue" / "index.html").read_text(encoding="utf-8")
    assert_inert(html)
    assert "} body { visibility" not in html  # the rule never escapes its string
    assert "font-family: " + css_string(family) in html  # quoted and escaped, once per rule
