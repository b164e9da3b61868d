"""WCAG 2.2 contrast: the ratio between two colours, and the nearest shade of a colour that passes.

"Nearest" keeps the hue and saturation and moves only the lightness (HLS), darker or lighter,
by the smallest step that reaches the ratio, so a board's brand stays recognisably its own.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

WHITE = "#ffffff"

#: WCAG 2.2 AA minimums: 1.4.3 (text), 1.4.3 large text, 1.4.11 (non-text: rules, borders, icons).
TEXT = 4.5
LARGE_TEXT = 3.0
NON_TEXT = 3.0


@dataclass(frozen=True)
class Use:
    """One way the theme uses a colour: what, on which background, needing what ratio."""

    what: str
    background: str
    minimum: float


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb' (WCAG definition)."""
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str = WHITE) -> float:
    """Contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passes(colour: str, background: str, minimum: float) -> bool:
    return ratio(colour, background) >= minimum


def shown(value: float) -> str:
    """A ratio to two decimals, rounded down, so a failing 4.499 never reads as 4.50."""
    return f"{math.floor(value * 100) / 100:.2f}"


def _hls(colour: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(v / 255 for v in _rgb(colour)))


def _with_lightness(colour: str, lightness: float) -> str:
    h, _, s = _hls(colour)
    r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lightness)), s)
    return "#{:02x}{:02x}{:02x}".format(*(round(v * 255) for v in (r, g, b)))


def nearest_passing(colour: str, background: str, minimum: float) -> str | None:
    """The shade of colour (same hue and saturation) closest in lightness that passes, or None."""
    if passes(colour, background, minimum):
        return colour
    lightness = _hls(colour)[1]
    best: tuple[float, str] | None = None
    for target in (0.0, 1.0):
        if not passes(_with_lightness(colour, target), background, minimum):
            continue
        near, far = lightness, target  # near fails, far passes: bisect to the boundary
        for _ in range(40):
            mid = (near + far) / 2
            if passes(_with_lightness(colour, mid), background, minimum):
                far = mid
            else:
                near = mid
        shade = _with_lightness(colour, far)  # far is only ever a lightness seen to pass
        distance = abs(far - lightness)
        if best is None or distance < best[0]:
            best = (distance, shade)
    return best[1] if best else None


def check(colour: str, uses: list[Use]) -> str | None:
    """Why colour fails the uses it fails (with its ratio and a shade that would pass), or None."""
    failing = [use for use in uses if not passes(colour, use.background, use.minimum)]
    if not failing:
        return None
    worst = max(failing, key=lambda use: use.minimum)
    needs = " and ".join(f"{use.what} (needs at least {use.minimum:g}:1)" for use in failing)
    shade = nearest_passing(colour, worst.background, max(use.minimum for use in uses))
    advice = (
        f" The nearest shade of the same hue that passes is '{shade}' "
        f"({shown(ratio(shade, worst.background))}:1); write that instead."
        if shade
        else " No shade of this hue passes; choose a darker colour."
    )
    return (
        f"the colour '{colour}' has a contrast ratio of {shown(ratio(colour, worst.background))}:1 "
        f"against {_name(worst.background)}, too low for WCAG AA where the theme uses it for "
        f"{needs}.{advice}"
    )


def _name(background: str) -> str:
    return "white" if background == WHITE else f"'{background}'"


def tint(colour: str, amount: float = 0.07) -> str:
    """colour laid thinly on white (amount 0.07 = 7 %): the theme's panels behind text."""
    mixed = (round(255 + (value - 255) * amount) for value in _rgb(colour))
    return "#{:02x}{:02x}{:02x}".format(*mixed)
