"""Case statistics: counts derived from the cases reach the SVG charts, their data tables and the
PDF; charts carry their numbers in words; figures stated in the text must agree with the cases."""

from __future__ import annotations

import re
import typing
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

from scrnews.blocks.figures import Outcome
from scrnews.build import build_issue, load_issue
from scrnews.charts import brand_colour
from scrnews.cli import cli
from scrnews.contrast import ratio as contrast
from scrnews.errors import ValidationError
from scrnews.labels import labels_for

FIXTURES = Path(__file__).parent / "fixtures" / "figures"
ISSUE2 = Path(__file__).resolve().parent.parent / "issues" / "issue-2.yaml"
SVG = "{http://www.w3.org/2000/svg}"
LABELS = labels_for("en-GB")
#: Facet -> the chart's id in the page; the outcome chart is the icon row.
CHART_IDS = {
    "outcome": "fig-outcome",
    "age_band": "fig-age-band",
    "sex": "fig-sex",
    "issues": "fig-issues",
    "review_type": "fig-review-type",
    "year": "fig-year",
}


# ---------------------------------------------------------------- counting the data ourselves


def expected_rows(cases: list[dict], facet: str) -> dict[str, int]:
    """Label -> count, counted straight from the YAML (independently of scrnews.stats)."""
    counter: Counter = Counter()
    for case in cases:
        if facet == "issues":
            counter.update(set(case.get("issues", [])))
        else:
            counter[case.get(facet)] += 1
    if set(counter) == {None}:
        return {}
    return {_label(facet, value): count for value, count in counter.items()}


def _label(facet: str, value) -> str:
    if value is None:
        return LABELS["case_not_recorded"]
    return LABELS[f"case_{value}"] if facet in ("sex", "outcome") else str(value)


# ---------------------------------------------------------------- reading the page


def charts_in(html: str) -> dict[str, dict]:
    """Each chart block in the page: its SVG element, caption and data-table rows."""
    found = {}
    blocks = re.findall(r'<div class="chart" id="([^"]+)">(.*?)</details>', html, re.S)
    for chart_id, block in blocks:
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", block, re.S).group(0))
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td></tr>', block)
        caption = re.search(r"<figcaption>(.*?)</figcaption>", block).group(1)
        found[chart_id] = {
            "svg": svg,
            "caption": caption,
            "table": [(label, int(count)) for label, count in rows],
        }
    return found


def bar_values(svg: ET.Element) -> dict[str, int]:
    """Bar label -> the value written at the bar's end, as drawn."""
    texts = list(svg.iter(f"{SVG}text"))
    out, label = {}, []
    for text in texts:
        if text.get("font-weight") == "bold":
            out[" ".join(label)] = int(text.text)
            label = []
        else:
            label.append(text.text)
    return out


def bar_widths(svg: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]


def icon_rows(svg: ET.Element) -> dict[str, int]:
    """Outcome label -> the number of child figures drawn in its row (one head arc each)."""
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    paths = svg.findall(f"{SVG}path")  # the figures; patterns' strokes sit inside <defs>
    return {
        label.rsplit(":", 1)[0]: paths[i].get("d").count("a5.5 5.5 0 1 1 11 0")
        for i, label in enumerate(labels)
    }


def figure_alts(pdf_path: Path) -> list[str]:
    """The /Alt of every Figure in the PDF's structure tree, in document order."""
    alts = []

    def walk(elem):
        if isinstance(elem, pikepdf.Dictionary) and "/S" in elem:
            if elem.S == "/Figure":
                alts.append(str(elem.get("/Alt", "")))
            kids = elem.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root.StructTreeRoot.K
        for elem in root if isinstance(root, pikepdf.Array) else [root]:
            walk(elem)
    return alts


@pytest.fixture(scope="module")
def built_cases(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    result = build_issue(FIXTURES / "cases.yaml", out, strict=True)
    return result


@pytest.fixture(scope="module")
def cases_data() -> list[dict]:
    return yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))["body"][0]["cases"]


# ---------------------------------------------------------------- counts everywhere agree


@pytest.mark.parametrize("facet", ["outcome", "age_band", "sex", "issues", "review_type", "year"])
def test_svg_and_table_counts_equal_the_case_data(built_cases, cases_data, facet):
    expected = expected_rows(cases_data, facet)
    chart = charts_in(built_cases.html.read_text("utf-8"))[CHART_IDS[facet]]
    assert dict(chart["table"]) == expected
    drawn = icon_rows(chart["svg"]) if facet == "outcome" else bar_values(chart["svg"])
    assert drawn == expected
    assert [label for label, _ in chart["table"]] == list(drawn)  # same order in both


def test_bar_lengths_are_proportional_to_the_counts(built_cases, cases_data):
    chart = charts_in(built_cases.html.read_text("utf-8"))["fig-age-band"]
    values = list(bar_values(chart["svg"]).values())
    widths = bar_widths(chart["svg"])
    longest = max(values)
    for value, width in zip(values, widths, strict=True):
        assert width == pytest.approx(widths[values.index(longest)] * value / longest, abs=1)


def test_age_bands_read_youngest_first_and_not_recorded_last(built_cases):
    chart = charts_in(built_cases.html.read_text("utf-8"))["fig-age-band"]
    assert [label for label, _ in chart["table"]] == [
        "under 1",
        "1 to 4",
        "10 to 15",
        "16 and over",
        LABELS["case_not_recorded"],
    ]


def test_issues_read_most_frequent_first_and_years_in_order(built_cases):
    """The fixture lists the cases with 2022 and criminal exploitation first."""
    charts = charts_in(built_cases.html.read_text("utf-8"))
    assert charts["fig-issues"]["table"] == [
        ("domestic abuse", 3),
        ("criminal exploitation", 2),
        ("parental mental health", 2),
        ("substance misuse", 1),
        ("neglect", 1),
    ]
    assert charts["fig-year"]["table"] == [
        ("2019", 1),
        ("2020", 2),
        ("2021", 1),
        ("2022", 2),
        ("2023", 1),
    ]


def test_pdf_text_holds_every_table_row_in_order(built_cases, cases_data, pdf_text):
    text = " ".join(pdf_text(built_cases.pdf).split())
    for facet in CHART_IDS:
        rows = charts_in(built_cases.html.read_text("utf-8"))[CHART_IDS[facet]]["table"]
        assert dict(rows) == expected_rows(cases_data, facet)
        assert " ".join(f"{label} {count}" for label, count in rows) in text


def test_pdf_figures_have_the_svg_titles_as_alt(built_cases):
    charts = charts_in(built_cases.html.read_text("utf-8"))
    titles = [chart["svg"].find(f"{SVG}title").text for chart in charts.values()]
    assert figure_alts(built_cases.pdf) == titles


# ---------------------------------------------------------------- accessible charts


def test_every_svg_is_an_image_named_by_its_title_and_described(built_cases, cases_data):
    for chart_id, chart in charts_in(built_cases.html.read_text("utf-8")).items():
        svg = chart["svg"]
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == title.get("id") == f"{chart_id}-title"
        assert svg.get("aria-describedby") == desc.get("id") == f"{chart_id}-desc"
        assert desc.text.strip()
        for label, count in chart["table"]:  # the title says every number in words
            assert label.lower() in title.text.lower()
            assert str(count) in title.text


def test_outcome_title_reads_as_a_sentence(built_cases, cases_data):
    svg = charts_in(built_cases.html.read_text("utf-8"))["fig-outcome"]["svg"]
    counts = expected_rows(cases_data, "outcome")
    order = [_label("outcome", value) for value in typing.get_args(Outcome)]  # the schema's order
    parts = ", ".join(f"{counts[label]} {label.lower()}" for label in order if label in counts)
    assert svg.find(f"{SVG}title").text == f"{len(cases_data)} reviews: {parts}"


def test_charts_scale_from_a_320_unit_viewbox_without_a_fixed_size(built_cases):
    for chart in charts_in(built_cases.html.read_text("utf-8")).values():
        svg = chart["svg"]
        assert svg.get("viewBox").split()[:3] == ["0", "0", "320"]
        assert svg.get("width") is None and svg.get("height") is None
        assert int(svg.get("font-size")) >= 14  # ~13 px or more at a 320 px screen


def test_charts_fit_and_stay_legible_on_a_320_px_screen(built_cases, chromium):
    page = chromium.new_page(viewport={"width": 320, "height": 800})
    try:
        page.goto(built_cases.html.as_uri())
        for summary in page.locator(".chart-numbers summary").all():
            summary.click()  # open every table too: they must fit as well
        measured = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            charts: [...document.querySelectorAll('svg.chart-svg')].map(svg => ({
                right: svg.getBoundingClientRect().right,
                width: svg.getBoundingClientRect().width,
                text: Math.min(...[...svg.querySelectorAll('text')].map(
                    t => t.getBoundingClientRect().height)),
            })),
            tables: [...document.querySelectorAll('.chart-table')].map(
                t => t.getBoundingClientRect().right),
        })""")
    finally:
        page.close()
    assert measured["page"] <= 320  # no sideways scrolling
    assert len(measured["charts"]) == len(CHART_IDS)
    for chart in measured["charts"]:
        assert chart["width"] >= 250 and chart["right"] <= 320
        assert chart["text"] >= 13  # a line box of 13 px or more: text about 11 px or larger
    assert measured["tables"] and max(measured["tables"]) <= 320


def test_outcomes_differ_by_pattern_not_only_colour(built_cases):
    svg = charts_in(built_cases.html.read_text("utf-8"))["fig-outcome"]["svg"]
    fills = [p.get("fill") for p in svg.findall(f"{SVG}path")]
    assert len(set(fills)) == len(fills) == 3
    patterns = {p.get("id") for p in svg.iter(f"{SVG}pattern")}
    assert {f[5:-1] for f in fills if f.startswith("url(#")} <= patterns
    assert sum(f.startswith("url(#") for f in fills) == 2  # hatched and dotted beside solid


def test_bars_take_the_board_colour_unless_too_pale_to_see(built_cases):
    svg = charts_in(built_cases.html.read_text("utf-8"))["fig-sex"]["svg"]
    board = yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))["board"]["colour"]
    assert {rect.get("fill") for rect in svg.iter(f"{SVG}rect")} == {board}
    assert contrast("#ffdd00", "#ffffff") < 3
    assert contrast(brand_colour("#ffdd00"), "#ffffff") >= 3
    assert contrast(brand_colour(None), "#ffffff") >= 3


def test_no_cases_no_charts(make_issue, tmp_path):
    path = make_issue(body=[{"type": "figures", "intro": "We completed no reviews this year."}])
    html = build_issue(path, tmp_path / "out", formats=("html",)).html.read_text("utf-8")
    assert "<svg" not in html and 'class="charts"' not in html


# ---------------------------------------------------------------- issue 2: the seed's figures


def _seed_figures() -> dict:
    (block,) = [
        b for b in yaml.safe_load(ISSUE2.read_text("utf-8"))["body"] if b["type"] == "figures"
    ]
    return block


def test_seed_stated_figures_are_the_newsletters():
    stated = _seed_figures()["stated"]
    # "four SCRs. All four children were boys. Two were under 3 ... three died whilst one
    # child experienced a life-threatening incident."
    assert stated["reviews"] == 4
    assert stated["sex"] == {"boy": 4}
    assert stated["age_band"] == {"under 3": 2}
    assert stated["outcome"] == {"died": 3, "life-threatening incident": 1}


def test_seed_figures_reproduce_in_html_and_pdf(built_issue2):
    load_issue(ISSUE2)  # the stated figures agree with the cases, or this raises
    data = _seed_figures()
    charts = charts_in(built_issue2.html.read_text("utf-8"))
    for facet in ("outcome", "age_band", "sex"):
        table = dict(charts[CHART_IDS[facet]]["table"])
        for value, figure in data["stated"][facet].items():
            assert table[_label(facet, value)] == figure
    outcome = data["stated"]["outcome"]
    died, lti = outcome["died"], outcome["life-threatening incident"]
    sentence = f"{data['stated']['reviews']} reviews: {died} died, {lti} life-threatening incident"
    assert charts["fig-outcome"]["svg"].find(f"{SVG}title").text == sentence
    assert sentence in figure_alts(built_issue2.pdf)


# ---------------------------------------------------------------- stated figures vs the cases


CASES_TEXT = """\
board: {name: Example Board}
number: 1
date: 2024-06
local_reviews:
  text: Three reviews; two of the children died.
  cases:
    - {sex: boy, age_band: under 1, outcome: died}
    - {sex: girl, age_band: under 1, outcome: serious harm}
    - {sex: girl, age_band: 5 to 9, outcome: died}
  stated:
"""


def _check(write_issue, stated: str) -> list[str]:
    path = write_issue(CASES_TEXT + stated)
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    return _shown(caught.value, path)


def _shown(error: ValidationError, path: Path) -> list[str]:
    """The problems as printed, with the file named as it is inside its folder."""
    return [str(problem).replace(str(path.parent) + "/", "") for problem in error.problems]


def test_agreeing_figures_pass(write_issue):
    path = write_issue(CASES_TEXT + "    reviews: 3\n    outcome: {died: 2}\n    sex: {girl: 2}\n")
    assert load_issue(path).issue.body[0].stated.outcome == {"died": 2}


def test_a_mismatch_is_reported_at_its_line(write_issue):
    problems = _check(write_issue, "    reviews: 3\n    outcome:\n      died: 3\n")
    assert problems == [
        "issue.yaml:13:13: local_reviews.stated.outcome.died: the text gives 3 with outcome "
        "'died', but local_reviews.cases has 2 (the cases on lines 7 and 9). Correct this figure "
        "or the cases so the two agree."
    ]


def test_a_wrong_number_of_reviews(write_issue):
    problems = _check(write_issue, "    reviews: 4\n")
    assert problems == [
        "issue.yaml:11:14: local_reviews.stated.reviews: the text gives 4 reviews, but "
        "local_reviews.cases (from line 7) lists 3. Add or remove cases, or correct this "
        "figure, so the two agree."
    ]


def test_a_value_no_case_has_lists_the_values_used(write_issue):
    problems = _check(write_issue, "    age_band: {under 2: 2}\n")
    assert problems == [
        "issue.yaml:11:25: local_reviews.stated.age_band.under 2: the text gives 2 with "
        "age_band 'under 2', but local_reviews.cases has none; the cases use 'under 1' and "
        "'5 to 9'. Correct this figure or the cases so the two agree."
    ]


def test_a_number_key_is_located(write_issue):
    text = CASES_TEXT.replace("outcome: died}", "outcome: died, year: 2020}")
    path = write_issue(text + "    year: {2021: 1}\n")
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert _shown(caught.value, path) == [
        "issue.yaml:11:18: local_reviews.stated.year.2021: the text gives 1 with year '2021', "
        "but local_reviews.cases has none; the cases use '2020'. Correct this figure or the "
        "cases so the two agree."
    ]


def test_every_mismatch_is_reported_at_once(write_issue):
    problems = _check(write_issue, "    reviews: 2\n    sex: {boy: 2, girl: 2}\n")
    assert [p.split(": ")[1] for p in problems] == [
        "local_reviews.stated.reviews",
        "local_reviews.stated.sex.boy",
    ]


def test_stated_without_cases(write_issue):
    path = write_issue(
        "board: {name: B}\nnumber: 1\ndate: 2024-06\nlocal_reviews:\n"
        "  text: Four reviews.\n  stated:\n    reviews: 4\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert _shown(caught.value, path) == [
        "issue.yaml:7:14: local_reviews.stated.reviews: the text gives 4 reviews, but there are "
        "no cases to count. Add one entry per review under 'cases', or give the number under "
        "'counts' instead of 'stated'."
    ]


def test_no_reviews_this_quarter_can_be_stated(write_issue, tmp_path):
    """A quarter with no reviews: zero stated and no cases agree; zero is shown as a number."""
    path = write_issue(
        "board: {name: B}\ndate: July to September 2024\nbody:\n"
        "  - type: figures\n    heading: Reviews this quarter\n"
        "    intro: No reviews were started this quarter.\n"
        "    stated: {reviews: 0}\n"
        "    counts:\n      - {label: Rapid reviews held, value: 0}\n"
        "      - {label: Referrals to the national panel, value: 2}\n"
    )
    html = build_issue(path, tmp_path / "out", formats=("html",)).html.read_text("utf-8")
    counts = re.findall(
        r'<span class="count-value">(\d+)</span> <span class="count-label">([^<]+)</span>', html
    )
    assert counts == [("0", "Rapid reviews held"), ("2", "Referrals to the national panel")]
    assert "<svg" not in html


def test_an_unknown_sex_in_stated_gets_a_suggestion(write_issue):
    problems = _check(write_issue, "    sex: {boys: 1}\n")
    assert len(problems) == 1
    assert problems[0].startswith("issue.yaml:11:")
    assert (
        "local_reviews.stated.sex.boys: 'boys' is not one of: boy, girl, unknown. "
        "Did you mean 'boy'?" in problems[0]
    )


def test_check_and_build_both_report_a_mismatch(write_issue, tmp_path):
    path = write_issue(CASES_TEXT + "    outcome: {died: 1}\n")
    runner = CliRunner()
    line = f"{path.name}:11:21: local_reviews.stated.outcome.died: the text gives 1"
    for args in (["check", str(path)], ["build", str(path), "-o", str(tmp_path / "out")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert line in result.output.replace(str(path.parent) + "/", "")
    assert not (tmp_path / "out").exists()


def test_a_case_before_since_is_reported(write_issue):
    text = CASES_TEXT.replace("  cases:\n", "  since: 2019\n  cases:\n").replace(
        "outcome: died}", "outcome: died, year: 2017}", 1
    )
    path = write_issue(text + "    reviews: 3\n")
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert _shown(caught.value, path) == [
        "issue.yaml:8:58: local_reviews.cases[0].year: this review's year, 2017, is before "
        "'since' (2019), so the text leaves it out. Correct the year or 'since' so "
        "the two agree."
    ]


def test_welsh_issue_draws_its_figures_in_welsh(tmp_path):
    data = yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))
    data["language"] = "cy-GB"
    data["body"].append(
        {"type": "actions", "actions": [{"action": "Archwiliad", "status": "green"}]}
    )
    path = tmp_path / "rhifyn.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    html = build_issue(path, tmp_path / "out", formats=("html",)).html.read_text("utf-8")
    welsh = labels_for("cy-GB")
    charts = charts_in(html)
    assert charts["fig-sex"]["caption"] == welsh["facet_sex"]
    assert dict(charts["fig-outcome"]["table"])[welsh["case_died"]] == 2
    assert f"1 {welsh['actions_count']}:" in html
