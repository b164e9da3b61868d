"""Visual regression: every example issue, on screen at 375 and 1280 px and as PDF pages,
looks as its committed reference picture in tests/visual/ does (within a tolerance).

When a change to the look is meant: `make visual-accept` shows what changed (diff pictures and
a contact sheet in test-output/visual/) and makes the new pictures the references.
"""

from __future__ import annotations

import pytest
import visual_shots as vs

HOW = "Look at test-output/visual/, then `make visual-accept` if the change is meant."


@pytest.fixture(scope="module")
def shots(chromium, tmp_path_factory) -> dict[str, vs.Shot]:
    made = vs.shoot_all(chromium, tmp_path_factory.mktemp("visual"))
    vs.contact_sheet(made)  # for a reviewer, whether or not anything changed
    return {shot.name: shot for shot in made}


def _references() -> list[str]:
    return sorted(path.stem for path in vs.REFERENCES.glob("*.png"))


def test_every_example_has_its_pictures_and_no_picture_is_stale(shots):
    assert _references() == sorted(shots), HOW
    for issue in vs.example_issues():
        assert {f"{issue.stem}-web-375", f"{issue.stem}-web-1280", f"{issue.stem}-pdf-1"} <= set(
            shots
        )


@pytest.mark.parametrize("name", _references())
def test_looks_as_the_reference(shots, name):
    shot = shots.get(name)
    assert shot is not None, f"{name}: no example makes this picture now. {HOW}"
    why = vs.describe(shot)
    if why:
        pytest.fail(f"{why}; see {vs.write_diff(shot)}. {HOW}", pytrace=False)


def test_the_comparison_sees_a_small_change(shots):
    """A 1 px rule across the text column, as thin as a section's rule, is past the tolerance;
    the same picture again is no change at all."""
    from PIL import ImageDraw

    shot = shots["issue-2-web-1280"]
    changed = shot.image.copy()
    left = (changed.width - 704) // 2  # the text column of the page
    ImageDraw.Draw(changed).line([(left, 600), (left + 704, 600)], fill=(0, 0, 0), width=1)
    assert vs.changed_share(changed, shot.image) * 10 > vs.TOLERANCE  # one rule of ten headings'
    ImageDraw.Draw(changed).rectangle([(left, 700), (left + 704, 710)], fill=(0, 0, 0))
    assert vs.changed_share(changed, shot.image) > vs.TOLERANCE
    assert vs.changed_share(shot.image.copy(), shot.image) == 0
