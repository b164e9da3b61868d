"""Seven-minute briefings: a second kind of document beside the newsletter issue.

A briefing is one YAML file that says `kind: briefing`: a title, the review or theme it shares
the learning of, and seven panels (Background, Why it matters, Information, What we learned,
What to do, Questions to reflect on, Find out more), made into a web page and a ONE-page A4
PDF laid out as a grid or a clock face. It shares with the newsletter the board (scrnews.yaml),
the period, Markdown fields, the theme's macros and the PDF pipeline; what is its own:

- `model.py`: the format (pydantic, a docstring under every field);
- `render.py`: the page and its print stylesheet (templates/default/briefing*.html/css);
- `fit.py`: how full each panel is, measured in WeasyPrint's layout of the one render;
- `new.py`: `scrnews new --briefing`;
- `links.py`: which newsletter reviews a briefing belongs to (for the archive's links).
"""

from __future__ import annotations

KIND = "briefing"

#: The seven panels, in their reading (and number) order (here, so that measuring a briefing's
#: layout in a PDF worker, fit.py, imports nothing heavy).
PANELS = (
    "background",
    "why_it_matters",
    "information",
    "what_we_learned",
    "what_to_do",
    "questions",
    "find_out_more",
)
