"""Fuzzing: whatever the file holds, load -> validate -> render (HTML) ends in a page or in a
ScrnewsError whose problems say where; never another exception, never a hang.

The default run tries a few dozen examples per property; `make fuzz` (SCRNEWS_FUZZ=1) many more.
"""

from __future__ import annotations

import os
import signal
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from security_helpers import assert_inert, fill

from scrnews import markup, schema
from scrnews.build import load_issue, render_issue
from scrnews.errors import LoadError, ScrnewsError, ValidationError, relpath

settings.register_profile(
    "scrnews-quick",
    max_examples=40,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "scrnews-fuzz",
    max_examples=int(os.environ.get("SCRNEWS_FUZZ_EXAMPLES", "2000")),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(
    "scrnews-fuzz" if os.environ.get("SCRNEWS_FUZZ") else "scrnews-quick"
)

#: A single example that takes this long is a hang (the deadline only fires once it returns).
WATCHDOG_SECONDS = 20
#: Problems that concern the whole file, so have no line.
WHOLE_FILE = ("the file holds nothing", "the file is ")


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so no `except OSError` can swallow it."""


@contextmanager
def watchdog(seconds: float = WATCHDOG_SECONDS):
    def fire(signum, frame):
        raise Hang(f"one example ran for more than {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_pipeline(content: str | bytes) -> None:
    """Write content as an issue, then load, validate and render it; check how it ended."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.yaml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        with watchdog():
            try:
                loaded = load_issue(path)
                rendered = render_issue(loaded, Path(folder) / "out" / "issue", formats=("html",))
            except ScrnewsError as error:
                check_located(error, relpath(path))
                return
        assert_inert(rendered.outputs[rendered.result.html].decode("utf-8"))


def check_located(error: ScrnewsError, name: str) -> None:
    # A template problem here would be a bug in the theme: the input is only data.
    assert isinstance(error, LoadError | ValidationError), error
    assert error.problems
    for problem in error.problems:
        assert problem.file == name, problem
        assert problem.message, problem
        if problem.line is None:
            assert problem.message.startswith(WHOLE_FILE), problem
        else:
            assert problem.line >= 1 and (problem.column is None or problem.column >= 1), problem


# ------------------------------------------------------------------ strategies


def _field_names() -> list[str]:
    names: set[str] = set()
    for value in vars(schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


KEYS = st.sampled_from([*_field_names(), "<<"]) | st.text(max_size=8)
TOKENS = [
    *"ab \n\n-*_`#>![]()<>&\"':;/\\{}%|=~",
    "javascript:",
    "JaVaScRiPt:",
    "data:",
    "http://",
    "https://x.org",
    "mailto:",
    "tel:",
    "www.x.org",
    "<script>",
    "</p>",
    "<img src=x onerror=alert(1)>",
    "&#106;",
    "&colon;",
    "%0a",
    "{{ 7*7 }}",
    "{% raw %}",
    "\t",
    "   [r]: ",
    "![a](",
    "[a](",
    "](<",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "```\n",
    "\u202e",
    "\x00",
]
MARKDOWN = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats()
    | st.dates()
    | st.text(max_size=30)
    | MARKDOWN
)
STRUCTURE = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)
NO_SURROGATES = st.characters(blacklist_categories=("Cs",))


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def paths_in(value, prefix=()) -> list[tuple]:
    """Every place in nested dicts and lists that a value could be swapped for another."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_in(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths_in(child, (*prefix, index))
    return found


def replace_at(data, path: tuple, new):
    if not path:
        return new
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = new
    return data


VALID = fill(schema.Issue, "Some *text* with a [link](https://example.org).")
VALID["board"].pop("logo", None)  # no picture file in the scratch folder
VALID_PATHS = paths_in(VALID)


# ------------------------------------------------------------------ properties


@PROFILE
@given(st.text(alphabet=NO_SURROGATES, max_size=300))
def test_any_text(text):
    run_pipeline(text)


@PROFILE
@given(st.binary(max_size=200))
def test_any_bytes(data):
    run_pipeline(data)


@PROFILE
@given(st.dictionaries(KEYS, STRUCTURE, max_size=8))
def test_any_yaml_structure(data):
    run_pipeline(dump(data))


@PROFILE
@given(st.sampled_from(VALID_PATHS), STRUCTURE)
def test_a_valid_issue_with_one_part_replaced(path, value):
    import copy

    run_pipeline(dump(replace_at(copy.deepcopy(VALID), path, value)))


@PROFILE
@given(st.sampled_from([p for p in VALID_PATHS if p and isinstance(p[-1], str)]), MARKDOWN)
def test_any_markdown_in_any_field(path, text):
    import copy

    run_pipeline(dump(replace_at(copy.deepcopy(VALID), path, text)))


@PROFILE
@given(MARKDOWN | st.text(alphabet=NO_SURROGATES, max_size=200))
def test_markdown_renders_inert_html(text):
    with watchdog():
        assert_inert(str(markup.render_block(text)))
        assert_inert(str(markup.render_inline(text)))


@PROFILE
@given(MARKDOWN)
def test_yaml_text_round_trips(text):
    """A value written by a YAML library reads back exactly (nothing lost or reinterpreted)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.yaml"
        path.write_text(dump({"title": text}), encoding="utf-8")
        from scrnews.load import load_document

        with watchdog():
            assert load_document(path).data == {"title": text}


# ------------------------------------------------------------------ what fuzzing found, kept


def test_found_control_character_is_a_located_error():
    run_pipeline("board:\n  name: Ex\x1fample\nnumber: 1\ndate: 2024-06\n")


def test_found_key_that_looks_like_pydantic_internals():
    run_pipeline(dump({"[": None, "list": 1, "str": "x"}))


def test_found_heading_in_a_markdown_field(tmp_path):
    issue = {**VALID, "body": [{"type": "text", "text": "# A heading\n\ntext"}]}
    path = tmp_path / "issue.yaml"
    path.write_text(dump(issue), encoding="utf-8")
    loaded = load_issue(path)
    rendered = render_issue(loaded, tmp_path / "out" / "issue", formats=("html",))
    assert "<h3>A heading</h3>" in rendered.outputs[rendered.result.html].decode("utf-8")
