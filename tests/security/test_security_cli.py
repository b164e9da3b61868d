"""Never a traceback: the fuzz corpus (test_security_fuzz.py's strategies, the hostile files of
the other security tests, and broken pictures) goes through the command line, and no output of
`check` or `build` holds a Python traceback, or a report of an error scrnews did not foresee.

Hypothesis drives `scrnews` in-process (CliRunner); a fixed corpus also goes through a real
`python -m scrnews` process, where a traceback would really be printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_security_fuzz import MARKDOWN, NO_SURROGATES, PROFILE, STRUCTURE, VALID, dump

from scrnews.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent
HEAD = "board:\n  name: Example Board\nnumber: 1\ndate: 2024-06\n"

#: Files that have broken scrnews, or could: each is an issue file's bytes.
CORPUS: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)),
    "invalid-utf8": HEAD.encode() + b"title: \xff\xfe\n",
    "python-tag": (HEAD + "title: !!python/object/apply:os.system ['true']\n").encode(),
    "billion-laughs": (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(8)
        )
    ).encode(),
    "deep-nesting": ("title: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "deep-block-nesting": "".join(f"{'  ' * i}k{i}:\n" for i in range(200)).encode(),
    "tabs": (HEAD + "foreword:\n\ttext: x\n").encode(),
    "control-character": (HEAD + "title: a\x07b\n").encode(),
    "duplicate-keys": (HEAD + "title: a\ntitle: b\n").encode(),
    "not-a-mapping": b"- a list\n- not an issue\n",
    "javascript-link": (HEAD + "introduction: '[x](javascript:alert(1))'\n").encode(),
    "missing-picture": (HEAD + "introduction: '![x](nowhere.png)'\n").encode(),
    "picture-outside": (HEAD + "introduction: '![x](../../../../etc/passwd)'\n").encode(),
    "picture-is-a-folder": (HEAD + "introduction: '![x](.)'\n").encode(),
    "broken-logo": HEAD.replace(
        "  name: Example Board\n", "  name: B\n  logo:\n    src: broken.png\n    alt: x\n"
    ).encode(),
    "svg-logo-with-script": HEAD.replace(
        "  name: Example Board\n", "  name: B\n  logo:\n    src: evil.svg\n    alt: x\n"
    ).encode(),
    "huge-number": (HEAD.replace("number: 1", "number: 1" + "0" * 400)).encode(),
    "date-out-of-range": HEAD.replace("2024-06", "99999-99").encode(),
    "template-syntax": (HEAD + "title: '{{ 7*7 }}{% raw %}'\n").encode(),
}


def scratch(folder: Path) -> None:
    """The files the corpus names: a broken PNG and an SVG with a script."""
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    (folder / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8"
    )


def assert_no_traceback(output: str) -> None:
    assert "Traceback" not in output, output
    assert "stopped unexpectedly" not in output, output  # a bug, even if said in one line


def run_cli(folder: Path, content: bytes) -> None:
    path = folder / "issue.yaml"
    path.write_bytes(content)
    for command in (["check", "issue.yaml"], ["build", "issue.yaml", "--format", "html"]):
        result = CliRunner().invoke(cli, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            result.exception,
        )
        assert result.exit_code in (0, 1), result.output
        assert_no_traceback(result.output)


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scratch(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_corpus_through_the_cli(here, name):
    run_cli(here, CORPUS[name])


def test_the_corpus_through_a_real_process(tmp_path):
    """What a person sees: stdout and stderr of `python -m scrnews`, every file at once."""
    scratch(tmp_path)
    names = []
    for name, content in CORPUS.items():
        (tmp_path / f"{name}.yaml").write_bytes(content)
        names.append(f"{name}.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command in (["check", *names], ["build", "--format", "html", *names]):
        run = subprocess.run(
            [sys.executable, "-m", "scrnews", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert run.returncode == 1  # most of them are wrong, and say so
        assert_no_traceback(run.stdout + run.stderr)
        assert len(run.stderr.splitlines()) >= len(CORPUS) - 2


@PROFILE
@given(st.text(alphabet=NO_SURROGATES, max_size=300))
def test_any_text_through_the_cli(text):
    import tempfile

    with tempfile.TemporaryDirectory() as folder, _cwd(Path(folder)):
        run_cli(Path(folder), text.encode("utf-8"))


@PROFILE
@given(st.dictionaries(st.sampled_from(sorted(VALID)), STRUCTURE, max_size=6) | st.just(VALID))
def test_any_yaml_structure_through_the_cli(data):
    import tempfile

    with tempfile.TemporaryDirectory() as folder, _cwd(Path(folder)):
        run_cli(Path(folder), dump(data).encode("utf-8"))


@PROFILE
@given(MARKDOWN)
def test_any_markdown_through_the_cli(text):
    import tempfile

    with tempfile.TemporaryDirectory() as folder, _cwd(Path(folder)):
        run_cli(Path(folder), dump({**VALID, "introduction": text}).encode("utf-8"))


class _cwd:  # noqa: N801  (used like contextlib.chdir, which Python 3.10 lacks)
    def __init__(self, folder: Path) -> None:
        self.folder, self.previous = folder, None

    def __enter__(self) -> None:
        self.previous = Path.cwd()
        os.chdir(self.folder)

    def __exit__(self, *exc) -> None:
        os.chdir(self.previous)
