"""HTML validity with the Nu HTML Checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.audit import ToolMissing, vnu
from scrnews.audit.vnu import check_vnu, find_java, find_vnu_jar

FIXTURES = Path(__file__).parent / "fixtures"
VALIDITY = "WCAG 4.1.1 Parsing / HTML validity"


def test_good_page_is_valid(vnu_ready):
    assert check_vnu([FIXTURES / "good.html"]) == []


def test_errors_become_problems_on_the_page_as_named(vnu_ready):
    pages = [str(FIXTURES / "good.html"), str(FIXTURES / "invalid.html")]
    problems = check_vnu(pages)
    assert [(p.page, p.element, p.criterion, p.message) for p in problems] == [
        (pages[1], "line 13: </span>", VALIDITY, "Stray end tag “span”."),
    ]


def test_missing_alt_is_a_validity_error(vnu_ready):
    (problem,) = check_vnu([FIXTURES / "img-no-alt.html"])
    assert problem.element.startswith('line 13: <img id="logo"')
    assert "must have an “alt” attribute" in problem.message


def test_no_files_means_no_run():
    assert check_vnu([]) == []


def test_jar_named_by_environment_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRNEWS_VNU_JAR", str(tmp_path / "nope.jar"))
    with pytest.raises(ToolMissing, match="nope.jar is not a file"):
        find_vnu_jar()


def test_jar_found_in_node_modules_above_start(monkeypatch, tmp_path):
    monkeypatch.delenv("SCRNEWS_VNU_JAR", raising=False)
    jar = tmp_path / "node_modules/vnu-jar/build/dist/vnu.jar"
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"")
    (tmp_path / "sub").mkdir()
    assert find_vnu_jar(tmp_path / "sub") == jar


def test_missing_jar_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("SCRNEWS_VNU_JAR", raising=False)
    monkeypatch.setattr(vnu, "CHECKOUT_ROOT", tmp_path)
    with pytest.raises(ToolMissing, match="install-audit-deps.sh"):
        find_vnu_jar(tmp_path)


def test_missing_java_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissing, match="apt-get install default-jre-headless"):
        find_java()


def test_java_home_wins(monkeypatch, tmp_path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert Path(find_java()) == java
