"""WCAG 2.2 contrast (contrast.py), checked against values worked out here by other means:
the WCAG formulas written out, and the nearest passing shade found by brute force."""

from __future__ import annotations

import colorsys
import dataclasses

import pytest

from scrnews import contrast
from scrnews.contrast import WHITE, Use


def test_the_wcag_minimums():
    assert (contrast.TEXT, contrast.LARGE_TEXT, contrast.NON_TEXT) == (4.5, 3.0, 3.0)


def test_luminance_of_each_channel_in_its_place():
    assert contrast.luminance("#000000") == 0
    assert contrast.luminance("#ffffff") == pytest.approx(1)
    assert contrast.luminance("#ff0000") == pytest.approx(0.2126)
    assert contrast.luminance("#00ff00") == pytest.approx(0.7152)
    assert contrast.luminance("#0000ff") == pytest.approx(0.0722)


@pytest.mark.parametrize("value", [0, 1, 9, 10, 11, 12, 128, 254, 255])
def test_luminance_on_both_sides_of_the_srgb_knee(value):
    """sRGB is linear up to 0.04045 (10/255 = 0.0392 is below it, 11/255 = 0.0431 above)."""
    c = value / 255
    linear = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    assert contrast.luminance(f"#{value:02x}{value:02x}{value:02x}") == pytest.approx(linear)


def test_ratio_is_symmetric_and_matches_reference_pairs():
    assert contrast.ratio("#000000") == pytest.approx(21)
    assert contrast.ratio("#767676") == pytest.approx(4.54, abs=0.005)
    assert contrast.ratio("#ffffff", "#000000") == contrast.ratio("#000000", "#ffffff")
    assert contrast.ratio("#0000ff", "#ffff00") == pytest.approx(8.0, abs=0.01)


def test_passes_at_exactly_the_minimum():
    value = contrast.ratio("#767676")
    assert contrast.passes("#767676", WHITE, value)
    assert not contrast.passes("#767676", WHITE, value + 1e-9)


@pytest.mark.parametrize(
    "value, shown", [(4.499, "4.49"), (4.5, "4.50"), (21, "21.00"), (1, "1.00")]
)
def test_shown_rounds_down(value, shown):
    assert contrast.shown(value) == shown


def test_a_use_is_a_frozen_value():
    use = Use("links", WHITE, 4.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        use.minimum = 1  # type: ignore[misc]
    assert use == Use("links", WHITE, 4.5)


@pytest.mark.parametrize(
    "colour", ["#3366cc", "#7fb2e5", "#c00000", "#1d4f91", "#f0e68c", "#2e8b57"]
)
@pytest.mark.parametrize("lightness", [0.1, 0.33, 0.5, 0.71, 0.9])
def test_with_lightness_is_the_same_hue_and_saturation_at_that_lightness(colour, lightness):
    h, _, s = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    expected = "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))
    assert contrast._with_lightness(colour, lightness) == expected


def test_with_lightness_keeps_hue_and_clamps():
    assert contrast._with_lightness("#3366cc", 2.0) == "#ffffff"
    assert contrast._with_lightness("#3366cc", -1.0) == "#000000"
    assert contrast._with_lightness("#3366cc", 0.5) == "#3366cc"


def _hls(colour: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))


def brute_nearest(colour: str, background: str, minimum: float) -> tuple[float, str] | None:
    """The passing shade nearest in lightness, by trying lightness in steps of 1/4000."""
    h, lightness, s = _hls(colour)
    found = []
    for direction in (-1, 1):
        for step in range(4001):
            level = lightness + direction * step / 4000
            if not 0 <= level <= 1:
                break
            r, g, b = colorsys.hls_to_rgb(h, level, s)
            shade = "#{:02x}{:02x}{:02x}".format(*(round(v * 255) for v in (r, g, b)))
            if contrast.ratio(shade, background) >= minimum:
                found.append((step / 4000, shade))
                break
    return min(found) if found else None


@pytest.mark.parametrize(
    "colour, background, minimum",
    [
        ("#7fb2e5", WHITE, 4.5),  # a pale blue brand colour: darker
        ("#ff0000", WHITE, 4.5),  # red fails text by a little
        ("#333333", "#000000", 4.5),  # on black: lighter
        ("#1d4f91", "#0b1e3a", 3.0),  # dark blue on navy: lighter
        ("#777777", "#777777", 2.0),  # on itself: both ways would do; the nearer wins
        ("#808080", "#606060", 2.5),
    ],
)
def test_nearest_passing_is_the_shade_brute_force_finds(colour, background, minimum):
    expected_distance, expected = brute_nearest(colour, background, minimum)
    shade = contrast.nearest_passing(colour, background, minimum)
    assert contrast.ratio(shade, background) >= minimum
    distance = abs(_hls(shade)[1] - _hls(colour)[1])
    assert distance == pytest.approx(expected_distance, abs=0.004), (shade, expected)
    assert (_hls(shade)[1] < _hls(colour)[1]) == (_hls(expected)[1] < _hls(colour)[1])
    assert _hls(shade)[0] == pytest.approx(_hls(colour)[0], abs=0.02)  # the same hue


def test_a_colour_that_passes_is_its_own_nearest():
    assert contrast.nearest_passing("#1d4f91", WHITE, 4.5) == "#1d4f91"


def test_no_shade_passes_on_a_mid_grey():
    """Against #777777 black reaches 4.69:1 and white 4.48:1: neither makes 7:1."""
    assert brute_nearest("#c00000", "#777777", 7.0) is None
    assert contrast.nearest_passing("#c00000", "#777777", 7.0) is None


def test_only_the_lighter_side_passes_on_a_dark_background():
    shade = contrast.nearest_passing("#202020", "#101010", 4.5)
    assert _hls(shade)[1] > _hls("#202020")[1]


def test_check_says_nothing_of_a_colour_that_passes_every_use():
    uses = [Use("links on white", WHITE, 4.5), Use("rules", WHITE, 3.0)]
    assert contrast.check("#1d4f91", uses) is None


def test_check_names_the_failing_uses_the_ratio_and_the_shade():
    uses = [Use("links on white", WHITE, 4.5), Use("rules", WHITE, 3.0)]
    # '#2979c8' is the shade brute_nearest finds (lightness 0.225 darker), written out here
    assert brute_nearest("#7fb2e5", WHITE, 4.5)[1] == "#2979c8"
    assert contrast.check("#7fb2e5", uses) == (
        "the colour '#7fb2e5' has a contrast ratio of 2.23:1 against white, too low for WCAG AA "
        "where the theme uses it for links on white (needs at least 4.5:1) and rules (needs at "
        "least 3:1). The nearest shade of the same hue that passes is '#2979c8' (4.50:1); "
        "write that instead."
    )


def test_check_names_only_the_use_that_fails():
    uses = [Use("links", WHITE, 4.5), Use("rules", WHITE, 3.0)]
    message = contrast.check("#ff0000", uses)
    assert "for links (needs at least 4.5:1)." in message and "rules" not in message


def test_white_is_named_however_the_string_was_made():
    white = "".join(["#ff", "ffff"])  # equal to contrast.WHITE, but not the same object
    assert white is not WHITE
    message = contrast.check("#7fb2e5", [Use("links", white, 4.5)])
    assert "against white," in message


def test_check_against_another_background_names_it_and_says_when_nothing_passes():
    uses = [Use("text on grey", "#777777", 7.0)]
    assert contrast.check("#c00000", uses) == (
        "the colour '#c00000' has a contrast ratio of 1.44:1 against '#777777', too low for "
        "WCAG AA where the theme uses it for text on grey (needs at least 7:1). No shade of "
        "this hue passes; choose a darker colour."
    )


@pytest.mark.parametrize(
    ("colour", "amount", "panel"),
    [
        ("#1d4f91", 0.07, "#eff3f7"),  # the theme's own panels
        ("#00594f", 0.07, "#edf3f3"),
        ("#000000", 0.5, "#808080"),
        ("#ffffff", 0.3, "#ffffff"),
        ("#102030", 1.0, "#102030"),
        ("#102030", 0.0, "#ffffff"),
    ],
)
def test_tint_lays_a_colour_thinly_on_white(colour, amount, panel):
    assert contrast.tint(colour, amount) == panel


def test_tint_defaults_to_seven_percent():
    assert contrast.tint("#000000") == "#ededed"  # 255 - 255 * 0.07 = 237.15
