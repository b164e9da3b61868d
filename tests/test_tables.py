"""Tables: content tables (caption, th/scope, Markdown cells, footnotes; a long table breaks
across PDF pages with its header repeated and is tagged as a Table) and the action-plan tracker
(status as word, shape and colour; a summary line; AA contrast; bare YAML booleans caught)."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pikepdf
import pytest
import yaml

from scrnews.build import build_issue, load_issue
from scrnews.contrast import ratio as contrast
from scrnews.errors import ValidationError
from scrnews.labels import labels_for
from scrnews.project import theme_dir

FIXTURES = Path(__file__).parent / "fixtures" / "figures"
LABELS = labels_for("en-GB")
HEADER = ["Review", "Published", "What we learned"]
ROWS = 60


def long_table() -> dict:
    """A 60-row table whose third cell is a Markdown list, with two footnotes."""
    rows = [
        [f"Review {n:02d}", f"{2010 + n % 12}", f"- finding {n}a\n- finding {n}b"]
        for n in range(1, ROWS + 1)
    ]
    return {
        "caption": "Reviews and what they found",
        "header": HEADER,
        "rows": rows,
        "footnotes": [
            "* Published in part, to protect the family's privacy.",
            "Dates are the month the board agreed the report.",
        ],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One issue holding the action tracker fixture and the 60-row table, built once."""
    data = yaml.safe_load((FIXTURES / "actions.yaml").read_text("utf-8"))
    data["body"].append(
        {
            "type": "table",
            "heading": "Publication of reviews",
            **long_table(),
            "after": "AFTER-TABLE",
        }
    )
    folder = tmp_path_factory.mktemp("tables")
    path = folder / "tables.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_issue(path, folder / "out", strict=True)
    return result, data


def _html(built) -> str:
    return built[0].html.read_text("utf-8")


def _content_table(html: str) -> str:
    return re.search(r'<table class="content-table".*?</table>', html, re.S).group(0)


# ---------------------------------------------------------------- content tables in HTML


def test_caption_and_column_headers(built):
    table = _content_table(_html(built))
    assert re.search(r"<caption[^>]*>Reviews and what they found</caption>", table)
    assert re.findall(r'<th scope="col">(.*?)</th>', table) == HEADER


def test_first_cell_of_each_row_is_its_row_header(built):
    table = _content_table(_html(built))
    assert re.findall(r'<th scope="row"><p>(.*?)</p>', table) == [
        f"Review {n:02d}" for n in range(1, ROWS + 1)
    ]


def test_cells_hold_markdown_lists(built):
    table = _content_table(_html(built))
    lists = re.findall(r"<td><ul>\s*<li>finding (\d+)a</li>\s*<li>finding \1b</li>\s*</ul>", table)
    assert lists == [str(n) for n in range(1, ROWS + 1)]


def test_footnotes_follow_the_table_and_describe_it(built):
    html = _html(built)
    table = _content_table(html)
    described = re.search(r'aria-describedby="([^"]+)"', table).group(1)
    notes = re.search(rf'<div class="footnotes" id="{described}">(.*?)</div>', html, re.S).group(1)
    shown = [unescape(re.sub(r"<[^>]+>", "", para)) for para in re.findall(r"<p>(.*?)</p>", notes)]
    assert shown == long_table()["footnotes"]  # a leading "*" stays a mark, not a list bullet


def test_rows_without_row_headers(make_issue, tmp_path):
    table = {**long_table(), "rows": [["a", "b", "c"]], "row_headers": False, "footnotes": []}
    path = make_issue(sections=[{"heading": "Plain", "table": table}])
    html = build_issue(path, tmp_path / "out", formats=("html",)).html.read_text("utf-8")
    table_html = _content_table(html)
    assert 'scope="row"' not in table_html
    assert re.findall(r"<td><p>(.)</p>\s*</td>", table_html) == ["a", "b", "c"]
    assert "aria-describedby" not in table_html


def test_a_bare_yes_in_a_cell_gets_the_quote_hint(write_issue, tmp_path):
    path = write_issue(
        "board: {name: B}\nnumber: 1\ndate: 2024-06\nsections:\n  - heading: T\n"
        "    table:\n      caption: C\n      header: [Review, Published]\n"
        "      rows:\n        - [Child A, Yes]\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "issue.yaml:10:21: sections[0].table.rows[0][1]: YAML reads a bare Yes as true, not as "
        'the word. Put it in quotes: "Yes"'
    ]


# ---------------------------------------------------------------- the long table in the PDF


def test_long_table_spans_pages_with_its_header_on_each(built, pdf_pages):
    pages = pdf_pages(built[0].pdf)
    holding = [text for text in pages if re.search(r"Review \d\d", text)]
    assert len(holding) >= 2
    for text in holding:
        lines = [line.strip() for line in text.splitlines()]
        for heading in HEADER:
            assert heading in lines, text
    found = [int(n) for text in holding for n in re.findall(r"Review (\d\d)", text)]
    assert found == list(range(1, ROWS + 1))  # every row once, in order, none lost at a break


def _struct(pdf_path: Path) -> list[tuple[str, list[str], str | None]]:
    """(tag, tags of its children, parent tag) for every structure element."""
    out = []

    def walk(elem, parent):
        if not (isinstance(elem, pikepdf.Dictionary) and "/S" in elem):
            return
        kids = elem.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        tags = [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        out.append((str(elem.S), tags, parent))
        for kid in kids:
            walk(kid, str(elem.S))

    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root.StructTreeRoot.K
        for elem in root if isinstance(root, pikepdf.Array) else [root]:
            walk(elem, None)
    return out


def test_long_table_is_tagged_as_a_table(built):
    elems = _struct(built[0].pdf)
    tags = Counter(tag for tag, _, _ in elems)
    assert tags["/Table"] >= 2  # the tracker and the long table (split per page)
    header_rows = [kids for tag, kids, parent in elems if tag == "/TR" and parent == "/THead"]
    assert header_rows and all(kids.count("/TH") == len(kids) for kids in header_rows)
    body_rows = [kids for tag, kids, parent in elems if tag == "/TR" and parent == "/TBody"]
    long_rows = [kids for kids in body_rows if kids == ["/TH", "/TD", "/TD"]]
    assert len(long_rows) == ROWS
    assert any(kids == ["/L"] for tag, kids, _ in elems if tag == "/TD")  # the Markdown lists


# ---------------------------------------------------------------- the action tracker


def _statuses(data: dict) -> list[str]:
    return [str(action["status"]).lower() for action in data["body"][0]["actions"]]


def test_every_status_is_a_word_and_a_shape(built):
    html, data = _html(built), built[1]
    table = re.search(r'<table class="actions".*?</table>', html, re.S).group(0)
    cells = re.findall(
        r'<span class="rag rag-(\w+)"><span class="rag-shape" aria-hidden="true">'
        r"</span>(\w+)</span>",
        table,
    )
    assert cells == [(status, LABELS[status]) for status in _statuses(data)]


def test_summary_line_counts_the_statuses(built, pdf_text):
    html, data = _html(built), built[1]
    counts = Counter(_statuses(data))
    words = [f"{counts[s]} {s}" for s in ("green", "amber", "red", "complete") if counts[s]]
    line = f"{len(data['body'][0]['actions'])} actions: " + ", ".join(words)
    assert line == "9 actions: 5 green, 2 amber, 1 red, 1 complete"  # what the fixture holds
    summary = re.search(r'<p class="rag-summary"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", summary).split()) == line
    assert line in " ".join(pdf_text(built[0].pdf).split())


def test_status_words_reach_the_pdf_on_their_actions_line(built, pdf_text):
    lines = [" ".join(line.split()) for line in pdf_text(built[0].pdf, layout=True).splitlines()]
    for action in built[1]["body"][0]["actions"]:
        first_words = " ".join(action["action"].split()[:3])
        line = next(line for line in lines if line.startswith(first_words))
        assert line.endswith(LABELS[str(action["status"]).lower()]), line


def _css_vars() -> dict[str, str]:
    css = (theme_dir() / "style.css").read_text("utf-8")
    root = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


@pytest.mark.parametrize("status", ["red", "amber", "green"])
def test_rag_colours_pass_wcag_aa_on_white(status):
    css = (theme_dir() / "style.css").read_text("utf-8")
    colour = _css_vars()[status]
    assert re.search(rf"\.rag-{status}\s*{{\s*color:\s*var\(--{status}\)", css)
    assert contrast(colour, "#ffffff") >= 4.5  # text (1.4.3); the shape needs only 3:1 (1.4.11)


@pytest.mark.parametrize("word", ["No", "Yes", "On", "Off"])
def test_a_bare_yaml_boolean_status_gets_the_quote_hint(write_issue, tmp_path, word):
    path = write_issue(
        "board: {name: B}\nnumber: 1\ndate: 2024-06\naction_plans:\n  actions:\n"
        f"    - action: Audit of referrals\n      status: {word}\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    value = "true" if word in ("Yes", "On") else "false"
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        f"issue.yaml:7:15: action_plans.actions[0].status: YAML reads a bare {word} as {value}, "
        f'not as the word. Put it in quotes: "{word}"'
    ]


def test_a_quoted_status_in_any_case_is_accepted(write_issue):
    path = write_issue(
        "board: {name: B}\nnumber: 1\ndate: 2024-06\naction_plans:\n  actions:\n"
        '    - action: A\n      status: " Amber "\n'
    )
    assert load_issue(path).issue.body[0].actions[0].status == "amber"


def test_text_after_a_table_follows_it_in_both_editions(built, html_text, pdf_text):
    html = _html(built)
    assert html.index("</table>") < html.index("AFTER-TABLE")
    assert html_text(html).index("Review 60") < html_text(html).index("AFTER-TABLE")
    text = pdf_text(built[0].pdf)
    assert text.index("Review 60") < text.index("AFTER-TABLE")


def test_every_row_with_the_wrong_number_of_cells_is_reported_at_its_row(write_issue, tmp_path):
    path = write_issue(
        "board: {name: B}\ndate: 2024-06\nbody:\n  - type: table\n"
        "    header: [Review, Published, Learning]\n    rows:\n"
        "      - [Child A, 2023, Curiosity]\n"
        "      - [Child B, 2024]\n"
        "      - [Child C, 2024, Fathers, Extra]\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "issue.yaml:8:9: body[0].rows[1]: this row has 2 cells but the header has 3 cells. "
        'Give every row one cell per column (write "" for an empty one).',
        "issue.yaml:9:9: body[0].rows[2]: this row has 4 cells but the header has 3 cells. "
        'Give every row one cell per column (write "" for an empty one).',
    ]
