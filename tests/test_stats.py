"""Counting the reviews (scrnews/stats.py): what each chart counts, the order a reader sees the
bars in, and the messages when the figures the text states disagree with the cases.

Every expected value is written out; no fixture is already in the order under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.blocks.actions import Action
from scrnews.blocks.figures import Case
from scrnews.build import load_issue
from scrnews.errors import ValidationError
from scrnews.stats import Breakdown, age_band_key, breakdown, case_stats, rag_counts


def cases(*entries: dict) -> list[Case]:
    return [Case.model_validate(entry) for entry in entries]


def counts(entries: list[Case], facet: str) -> list[tuple]:
    return list(breakdown(entries, facet).counts)


# ---------------------------------------------------------------- the order of the bars


def test_sex_is_counted_in_the_schemas_order_with_not_recorded_last():
    entries = cases({"sex": "unknown"}, {}, {"sex": "girl"}, {"sex": "boy"}, {"sex": "girl"})
    assert counts(entries, "sex") == [("boy", 1), ("girl", 2), ("unknown", 1), ("", 1)]


def test_outcomes_are_counted_in_the_schemas_order_with_not_recorded_last():
    entries = cases(
        {},
        {"outcome": "serious harm"},
        {"outcome": "life-threatening incident"},
        {"outcome": "died"},
        {"outcome": "serious harm"},
    )
    assert counts(entries, "outcome") == [
        ("died", 1),
        ("life-threatening incident", 1),
        ("serious harm", 2),
        ("", 1),
    ]


def test_age_bands_read_youngest_first_whatever_order_the_cases_come_in():
    entries = cases(
        {"age_band": "10 to 15"},
        {},
        {"age_band": "age not known"},
        {"age_band": "16 and over"},
        {"age_band": "5 to 9"},
        {"age_band": "Under 1"},
        {"age_band": "1 to 4"},
        {"age_band": "10 to 15"},
    )
    assert counts(entries, "age_band") == [
        ("Under 1", 1),
        ("1 to 4", 1),
        ("5 to 9", 1),
        ("10 to 15", 2),
        ("16 and over", 1),
        ("age not known", 1),
        ("", 1),
    ]


def test_age_bands_with_the_same_lower_end_keep_the_order_they_were_first_written_in():
    entries = cases(
        {"age_band": "5 to 9"},
        {"age_band": "5 to 7"},
        {"age_band": "under 1"},
        {"age_band": "5 to 7"},
        {"age_band": "5 to 9"},
    )
    assert counts(entries, "age_band") == [("under 1", 1), ("5 to 9", 2), ("5 to 7", 2)]
    # the last seen would put '5 to 7' first
    entries = cases({"age_band": "5 to 7"}, {"age_band": "5 to 9"}, {"age_band": "5 to 7"})
    assert counts(entries, "age_band") == [("5 to 7", 2), ("5 to 9", 1)]


@pytest.mark.parametrize(
    "band, key",
    [
        ("under 1", 0.5),
        ("Under 3", 2.5),
        ("less than 1", 0.5),
        ("below 5", 4.5),
        ("  under 2", 1.5),
        ("<1", 0.5),
        ("1 to 4", 1.0),
        ("10 to 15", 10.0),
        ("16 and over", 16.0),
        ("aged 16 or under", 16.0),  # "under" only counts at the start
        ("not known", float("inf")),
        ("", float("inf")),
    ],
)
def test_an_age_band_sorts_by_its_lower_end(band, key):
    assert age_band_key(band) == key


def test_years_and_ages_read_in_number_order_with_not_recorded_last():
    entries = cases(
        {"year": 2021, "age": 12},
        {"year": 2019, "age": 0},
        {},
        {"year": 2020, "age": 3},
        {"year": 2019, "age": 12},
    )
    assert counts(entries, "year") == [(2019, 2), (2020, 1), (2021, 1), ("", 1)]
    assert counts(entries, "age") == [(0, 1), (3, 1), (12, 2), ("", 1)]


def test_issues_are_listed_most_frequent_first_then_in_the_order_first_written():
    entries = cases(
        {"issues": ["substance misuse", "domestic abuse"]},
        {"issues": ["neglect"]},
        # the same issue twice in one review (once with spaces) counts once
        {"issues": ["neglect", " domestic abuse", "domestic abuse "]},
        {"issues": ["mental health", "neglect"]},
        {"issues": ["domestic abuse", "mental health"]},
        {},
    )
    assert counts(entries, "issues") == [
        ("domestic abuse", 3),
        ("neglect", 3),
        ("mental health", 2),
        ("substance misuse", 1),
    ]


def test_review_types_keep_the_order_first_written_with_not_recorded_last():
    """Not by how often (that is for issues): SCR first, though CSPR comes up more."""
    entries = cases(
        {},
        {"review_type": "SCR"},
        {"review_type": "CSPR"},
        {"review_type": "CSPR"},
        {"review_type": "LCSPR"},
        {"review_type": "SCR"},
        {"review_type": "CSPR"},
    )
    assert counts(entries, "review_type") == [("SCR", 2), ("CSPR", 3), ("LCSPR", 1), ("", 1)]


# ---------------------------------------------------------------- what a breakdown says


def test_a_facet_no_case_gives_has_no_chart():
    entries = cases({"sex": "boy"}, {"sex": "girl"})
    empty = breakdown(entries, "age_band")
    assert (empty.counts, bool(empty), empty.values) == ((), False, [])
    assert counts(entries, "issues") == []


def test_a_breakdown_gives_its_values_and_zero_for_a_value_it_lacks():
    counted = breakdown(cases({"sex": "girl"}, {"sex": "boy"}, {}), "sex")
    assert counted.values == ["boy", "girl", ""]
    assert (counted["girl"], counted["boy"], counted[""], counted["unknown"]) == (1, 1, 1, 0)
    assert bool(counted) is True


def test_a_breakdown_of_only_not_recorded_is_empty_to_a_reader():
    assert bool(Breakdown("sex", (("", 3),))) is False
    assert bool(Breakdown("sex", (("", 3), ("boy", 1)))) is True


def test_case_stats_counts_the_reviews_and_every_facet():
    stats = case_stats(cases({"sex": "boy", "year": 2020}, {"sex": "boy"}, {"outcome": "died"}))
    assert stats.reviews == 3
    assert list(stats["sex"].counts) == [("boy", 2), ("", 1)]
    assert list(stats["year"].counts) == [(2020, 1), ("", 2)]
    assert list(stats.breakdowns) == [
        "outcome",
        "age_band",
        "sex",
        "issues",
        "review_type",
        "year",
        "age",
    ]


def test_action_statuses_are_counted_green_amber_red_complete_leaving_out_zeros():
    actions = [
        Action.model_validate({"action": "A", "status": status} if status else {"action": "A"})
        for status in ("red", None, "complete", "green", "red", "complete", "complete")
    ]
    assert rag_counts(actions) == [("green", 1), ("red", 2), ("complete", 3)]
    assert rag_counts([]) == []


# ---------------------------------------------------------------- stated figures vs the cases

HEAD = """\
board: {name: Example Board}
date: 2024-06
body:
  - type: figures
"""
# lines 5, 6, 7, 8 are the cases
CASES = """\
    cases:
      - {sex: boy, age_band: under 1, outcome: died, issues: [neglect], year: 2020}
      - {sex: girl, age_band: 5 to 9, outcome: died, issues: [neglect, domestic abuse]}
      - {sex: girl, age_band: under 1, outcome: serious harm, year: 2022}
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def passes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    load_issue(path)


def test_figures_that_agree_with_the_cases_pass(tmp_path):
    passes(
        tmp_path,
        HEAD + CASES + "    stated:\n      reviews: 3\n      outcome: {died: 2, serious harm: 1}\n"
        "      issues: {neglect: 2, domestic abuse: 1}\n      year: {2020: 1, 2022: 1}\n"
        "      sex: {boy: 1}\n",
    )


def test_a_figure_one_case_gives_names_that_case_and_its_line(tmp_path):
    assert problems(tmp_path, HEAD + CASES + "    stated:\n      sex: {boy: 2}\n") == [
        "issue.yaml:10:18: body[0].stated.sex.boy: the text gives 2 with sex 'boy', but "
        "body[0].cases has 1 (the case on line 6). Correct this figure or the cases so the "
        "two agree."
    ]


def test_a_figure_three_cases_give_names_their_lines(tmp_path):
    text = HEAD + CASES.replace("boy,", "girl,") + "    stated:\n      sex: {girl: 2}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:19: body[0].stated.sex.girl: the text gives 2 with sex 'girl', but "
        "body[0].cases has 3 (the cases on lines 6, 7 and 8). Correct this figure or the "
        "cases so the two agree."
    ]


def test_an_issue_figure_counts_reviews_that_name_it(tmp_path):
    text = HEAD + CASES + "    stated:\n      issues: {domestic abuse: 2}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:32: body[0].stated.issues.domestic abuse: the text gives 2 with issues "
        "'domestic abuse', but body[0].cases has 1 (the case on line 7). Correct this figure "
        "or the cases so the two agree."
    ]


def test_a_figure_for_a_facet_no_case_gives_says_so(tmp_path):
    text = HEAD + CASES + "    stated:\n      review_type: {SCR: 1}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:26: body[0].stated.review_type.SCR: the text gives 1 with review_type "
        "'SCR', but body[0].cases has none; no case gives its review_type. Correct this figure "
        "or the cases so the two agree."
    ]


def test_a_figure_for_a_value_no_case_has_lists_the_values_the_cases_use(tmp_path):
    text = HEAD + CASES + "    stated:\n      age_band: {under 5: 1}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:27: body[0].stated.age_band.under 5: the text gives 1 with age_band "
        "'under 5', but body[0].cases has none; the cases use 'under 1' and '5 to 9'. Correct "
        "this figure or the cases so the two agree."
    ]
    text = HEAD + CASES + "    stated:\n      year: {2021: 1}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:20: body[0].stated.year.2021: the text gives 1 with year '2021', but "
        "body[0].cases has none; the cases use '2020' and '2022'. Correct this figure or the "
        "cases so the two agree."
    ]


def test_a_year_written_as_text_is_found_where_it_is_written(tmp_path):
    text = HEAD + CASES + "    stated:\n      year:\n        '2020': 2\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:11:17: body[0].stated.year.2020: the text gives 2 with year '2020', but "
        "body[0].cases has 1 (the case on line 6). Correct this figure or the cases so the "
        "two agree."
    ]


def test_a_figures_block_after_another_is_found_where_it_is_written(tmp_path):
    text = (
        HEAD.replace("  - type: figures\n", "  - {type: text, text: Before.}\n  - type: figures\n")
        + CASES
        + "    stated:\n      year:\n        '2022': 1\n        ' 2020 ': 2\n"
    )
    assert problems(tmp_path, text) == [
        "issue.yaml:13:19: body[1].stated.year. 2020 : the text gives 2 with year '2020', but "
        "body[1].cases has 1 (the case on line 7). Correct this figure or the cases so the "
        "two agree."
    ]


def test_each_wrong_figure_is_found_at_its_own_key(tmp_path):
    """'girl' (right) is written before 'boy' (wrong): the message points at 'boy'."""
    text = HEAD + CASES + "    stated:\n      sex: {girl: 2, boy: 2}\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:10:27: body[0].stated.sex.boy: the text gives 2 with sex 'boy', but "
        "body[0].cases has 1 (the case on line 6). Correct this figure or the cases so the "
        "two agree."
    ]


def test_hundreds_of_reviews_are_counted_like_a_few(tmp_path):
    """Numbers past 256 are separate objects in Python: they are compared by value."""
    text = (
        HEAD
        + "    cases:\n"
        + "      - {sex: girl}\n" * 300
        + "    stated:\n      reviews: 300\n      sex: {girl: 300}\n"
    )
    passes(tmp_path, text)


def test_a_stated_zero_for_a_value_no_case_has_agrees(tmp_path):
    passes(tmp_path, HEAD + CASES + "    stated:\n      sex: {unknown: 0}\n")


def test_a_wrong_number_of_reviews_names_the_cases_and_their_first_line(tmp_path):
    assert problems(tmp_path, HEAD + CASES + "    stated:\n      reviews: 2\n") == [
        "issue.yaml:10:16: body[0].stated.reviews: the text gives 2 reviews, but body[0].cases "
        "(from line 6) lists 3. Add or remove cases, or correct this figure, so the two agree."
    ]


@pytest.mark.parametrize("figure, noun", [(1, "review"), (2, "reviews")])
def test_a_number_of_reviews_with_no_cases_says_there_is_nothing_to_count(tmp_path, figure, noun):
    text = HEAD + f"    stated:\n      reviews: {figure}\n"
    assert problems(tmp_path, text) == [
        f"issue.yaml:6:16: body[0].stated.reviews: the text gives {figure} {noun}, but there "
        "are no cases to count. Add one entry per review under 'cases', or give the number "
        "under 'counts' instead of 'stated'."
    ]


def test_every_disagreement_is_reported_at_once_in_the_order_written(tmp_path):
    text = (
        HEAD + CASES + "    stated:\n      reviews: 4\n      outcome: {died: 1}\n"
        "      sex: {boy: 1, girl: 1}\n"
    )
    assert [p.split(": ")[1] for p in problems(tmp_path, text)] == [
        "body[0].stated.reviews",
        "body[0].stated.outcome.died",
        "body[0].stated.sex.girl",
    ]


def test_a_case_before_since_is_reported_and_one_in_that_year_is_not(tmp_path):
    text = HEAD + "    since: 2021\n" + CASES + "    stated:\n      reviews: 3\n"
    assert problems(tmp_path, text) == [
        "issue.yaml:7:79: body[0].cases[0].year: this review's year, 2020, is before 'since' "
        "(2021), so the text leaves it out. Correct the year or 'since' so the two agree."
    ]
    passes(tmp_path, HEAD + "    since: 2020\n" + CASES + "    stated:\n      reviews: 3\n")


def test_since_is_checked_without_stated_figures(tmp_path):
    text = HEAD + "    since: 2023\n" + CASES
    assert [p.split(": ")[1] for p in problems(tmp_path, text)] == [
        "body[0].cases[0].year",
        "body[0].cases[2].year",
    ]
