"""safety.py on its own: what is inside a folder, and which output folders are refused."""

from __future__ import annotations

import pytest

from scrnews.errors import OutputError
from scrnews.safety import check_out_dir, is_inside


def test_is_inside(tmp_path):
    (tmp_path / "project" / "images").mkdir(parents=True)
    (tmp_path / "project-old").mkdir()
    root = tmp_path / "project"
    assert is_inside(root, root)
    assert is_inside(root / "images" / "a.png", root)
    assert is_inside(root / "images" / ".." / "a.png", root)
    assert not is_inside(root / ".." / "a.png", root)
    assert not is_inside(tmp_path / "project-old" / "a.png", root)  # a prefix is not a parent
    (root / "images" / "out").symlink_to(tmp_path / "project-old")
    assert not is_inside(root / "images" / "out" / "a.png", root)


def refusal(out, root) -> str:
    with pytest.raises(OutputError) as caught:
        check_out_dir(out, root)
    [problem] = caught.value.problems
    assert problem.key == "--out"
    return problem.message


@pytest.fixture
def root(tmp_path, monkeypatch):
    (tmp_path / "site" / "issues").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


def test_the_project_folder_itself_is_refused(root):
    assert refusal(root, root) == (
        f"scrnews will not write its output into the project folder ({root}): built files would "
        "mix with the sources. Choose a folder of its own, such as --out out"
    )


def test_a_folder_holding_the_project_is_refused(root):
    assert refusal(root.parent, root).startswith(
        f"scrnews will not write its output into a folder that holds the project folder ({root})"
    )


@pytest.mark.parametrize("out", ["issues", "issues/2024", "issues/../issues/x"])
def test_the_issues_folder_and_below_are_refused(root, out):
    assert refusal(root / out, root).startswith(
        "scrnews will not write its output into the issues folder (issues): built files"
    )


@pytest.mark.parametrize("out", ["out", "public/site", "../elsewhere", "issues-old"])
def test_other_folders_are_fine(root, out):
    assert check_out_dir(root / out, root) is None
