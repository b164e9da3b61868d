"""Reading an SVG a board drops in (scrnews/svg.py), beyond the hostile files of
tests/security/test_security_svg.py: whether it can be drawn at all (its first element, its
size), and each finding said once, with its line, as an author reads it."""

from __future__ import annotations

import pytest

from scrnews.svg import inspect, listed

OPEN = '<svg xmlns="http://www.w3.org/2000/svg"'


def svg(attributes: str = "", body: str = "") -> bytes:
    return f"{OPEN}{attributes}>{body}</svg>".encode()


# ---------------------------------------------------------------- can it be drawn


@pytest.mark.parametrize(
    "attributes",
    [
        ' width="120" height="80"',
        ' width="120px" height="8e1pt"',
        ' width=" 2.5cm " height=".5in"',
        ' width="+40mm" height="100%"',
        ' width="3em" height="2EX"',
        ' viewBox="0 0 20 10"',
        ' viewBox="0,0,20,10"',
        ' viewBox="-5 -5 0.5 1e1"',
        ' viewBox="0 0 0.5 0.5"',
        # a size in another namespace is not the picture's size
        ' xmlns:x="urn:x" x:width="0" x:viewBox="none"',
    ],
)
def test_an_svg_with_a_size_or_none_written_can_be_drawn(attributes):
    assert inspect(svg(attributes, '<rect width="1" height="1"/>')) == ([], None)


@pytest.mark.parametrize(
    "attributes, why",
    [
        (' width="wide"', "its width 'wide' is not a length (write a number, such as 120)"),
        (' width="12 px"', None),
        (
            ' height="80 pixels"',
            "its height '80 pixels' is not a length (write a number, such as 120)",
        ),
        (' height=""', "its height '' is not a length (write a number, such as 120)"),
        (' width="0"', "its width is '0', so nothing would be drawn"),
        (' width="10" height="-3mm"', "its height is '-3mm', so nothing would be drawn"),
        (' width="0.0e5"', "its width is '0.0e5', so nothing would be drawn"),
        (
            ' viewBox="0 0 20"',
            "its viewBox '0 0 20' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="0 0 20 10 5"',
            "its viewBox '0 0 20 10 5' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="0 0 0 10"',
            "its viewBox '0 0 0 10' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="0 0 -20 10"',
            "its viewBox '0 0 -20 10' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="0 0 20 0"',
            "its viewBox '0 0 20 0' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="0 0 20 -1"',
            "its viewBox '0 0 20 -1' is not four numbers with a positive width and height",
        ),
        (
            ' viewBox="a b c d"',
            "its viewBox 'a b c d' is not four numbers with a positive width and height",
        ),
        (' viewBox=""', "its viewBox '' is not four numbers with a positive width and height"),
    ],
)
def test_an_svg_whose_size_draws_nothing_cannot_be_drawn(attributes, why):
    assert inspect(svg(attributes)) == ([], why)


def test_only_the_first_elements_size_counts():
    assert inspect(svg(' width="20"', '<svg width="0" viewBox="0 0 0 0"/>')) == ([], None)


@pytest.mark.parametrize(
    "data, why",
    [
        (b"<svg/>", "it is not an SVG picture (its first element is <svg>)"),
        (b'<svg xmlns="urn:x"/>', "it is not an SVG picture (its first element is <svg>)"),
        (
            b'<html xmlns="http://www.w3.org/2000/svg"/>',
            "it is not an SVG picture (its first element is <html>)",
        ),
        (b"", "it is not a well-formed SVG file (line 1: no element found)"),
        (b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', None),
    ],
)
def test_a_file_that_is_not_an_svg_picture_says_why(data, why):
    if why is None:
        why = "it is not a well-formed SVG file (line 3: mismatched tag)"
    assert inspect(data) == ([], why)


def test_a_file_refused_before_its_first_element_is_only_unsafe():
    data = b'<!DOCTYPE svg [<!ENTITY a "b">]>\n<html/>'
    assert inspect(data) == (
        [
            "a DOCTYPE with definitions of its own (line 1), which can make an XML reader "
            "fetch other files or expand text without end"
        ],
        None,
    )


@pytest.mark.parametrize(
    "doctype",
    [
        "<!DOCTYPE svg>",
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" '
        '"http://www.w3.org/Graphics/SVG/1.0/DTD/svg10.dtd">',
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1 Tiny//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd">',
    ],
)
def test_the_doctypes_editors_write_are_safe(doctype):
    assert inspect(doctype.encode() + svg()) == ([], None)


@pytest.mark.parametrize(
    "system",
    [
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd.evil",
        "https://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd",
        "http://www.w3.org/Graphics/SVG/1.2/DTD/svg12.dtd",
        "svg11.dtd",
    ],
)
def test_a_doctype_reading_any_other_file_is_unsafe(system):
    data = f'<!DOCTYPE svg SYSTEM "{system}">'.encode() + svg()
    assert inspect(data)[0] == [
        "a DOCTYPE with definitions of its own (line 1), which can make an XML reader fetch "
        "other files or expand text without end"
    ]


# ---------------------------------------------------------------- what is unsafe, said once


def test_each_finding_is_said_once_in_the_order_found():
    body = (
        '\n<rect onclick="a()"/><rect onclick="b()"/>'
        "\n<SCRIPT>x</SCRIPT><foreignobject/><Script/>"
        '\n<rect ONMOUSEOVER="c()"/>'
    )
    assert inspect(svg("", body)) == (
        [
            "an event handler, onclick= (line 2)",
            "a <SCRIPT> element (line 3)",
            "a <foreignobject> element (line 3)",
            "a <Script> element (line 3)",
            "an event handler, ONMOUSEOVER= (line 4)",
        ],
        None,
    )


def test_an_unsafe_svg_that_cannot_be_drawn_says_both():
    assert inspect(svg(' width="0" onload="x()"')) == (
        ["an event handler, onload= (line 1)"],
        "its width is '0', so nothing would be drawn",
    )


@pytest.mark.parametrize(
    "element",
    [
        '<a href="#part"><rect width="1" height="1"/></a>',
        '<use href="  #part "/>',
        '<use href=""/>',
        '<image href="DATA:IMAGE/JPEG;BASE64,/9j/"/>',
        '<image href="data:image/gif;base64,R0lG"/>',
        '<image href="data:image/webp;base64,UklG"/>',
        '<rect fill="url(#g)" style="stroke:url(&quot;#g&quot;)"/>',
        "<rect fill=\"URL( '#g' )\"/>",
        '<set attributeName="fill" to="red"/>',
        '<set attributeName="x:notes" to="1"/>',
        '<rect data-x="2" sources="3" offset="0" opacity="1"/>',
        # words like handlers and addresses in other attributes are not animations
        '<rect aria-label="online" id="data" class="onward href"/>',
    ],
)
def test_references_inside_the_file_and_pictures_written_into_it_are_safe(element):
    assert inspect(svg("", element)) == ([], None)


@pytest.mark.parametrize(
    "element, finding",
    [
        ('<a href="https://example.org/">x</a>', "a reference to 'https://example.org/'"),
        ('<image src="photo.png"/>', "a reference to 'photo.png'"),
        ('<form action="/send"/>', "a reference to '/send'"),
        ('<button formaction="/go"/>', "a reference to '/go'"),
        ('<text data="x.pdf">1</text>', "a reference to 'x.pdf'"),
        ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "a reference to"),
        ('<image href="data:image/png,raw"/>', "a reference to 'data:image/png,raw'"),
        ('<image href=" data:image/png;base64,iVBO"/>', None),
        ('<rect fill="url(https://example.org/p#g)"/>', "a reference to 'https://example.org/p#g'"),
        ('<rect FILL="Url( &quot; x.svg#g&quot; )"/>', "a reference to 'x.svg#g'"),
        ('<set attributeName="HREF" to="https://example.org/"/>', "an animation that sets HREF="),
        ('<set attributeName="xlink:src" to="x"/>', "an animation that sets xlink:src="),
        ('<animate attributeName="OnClick" values="x"/>', "an animation that sets OnClick="),
        ('<text class="@IMPORT x">1</text>', "a stylesheet @import (line 1)"),
    ],
)
def test_a_reference_outside_the_file_is_unsafe(element, finding):
    found = inspect(svg("", element))[0]
    if finding is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(finding), found


def test_a_long_reference_is_shortened_to_sixty_characters():
    address = "https://example.org/" + "a" * 40  # exactly 60
    assert inspect(svg("", f'<image href="{address}"/>'))[0] == [
        f"a reference to '{address}' outside the file (line 1)"
    ]
    longer = address + "b"
    assert inspect(svg("", f'<image href="{longer}"/>'))[0] == [
        f"a reference to '{address[:59]}…' outside the file (line 1)"
    ]


def test_a_reference_written_over_lines_is_shown_on_one():
    found = inspect(svg("", '<image href="https://example.org/\n  a\tb"/>'))[0]
    assert found == ["a reference to 'https://example.org/ a b' outside the file (line 1)"]


def test_a_stylesheet_is_read_whole_and_reported_at_its_first_line():
    body = (
        "\n<text>url(https://example.org/not-css)</text>"
        "\n<style>\nrect {\n  fill: url(\nhttps://example.org/p#g) }\n</style>"
        "\n<text>url(https://example.org/after)</text>"
        "\n<Style>rect { fill: url(https://example.org/q) }</Style>"
    )
    assert inspect(svg("", body)) == (
        ["a reference to 'https://example.org/p#g' outside the file (line 3)"],
        None,
    )


def test_a_stylesheet_with_elements_inside_is_read_whole():
    body = (
        "\n<style>a { fill: url(https://x.org/a) }<g/>b { fill: url(https://x.org/b) }"
        "\n<tspan/>c { fill: url(https://x.org/c) }</style>"
    )
    assert inspect(svg("", body))[0] == [
        f"a reference to 'https://x.org/{part}' outside the file (line 2)" for part in "abc"
    ]


def test_an_instruction_is_named_with_its_line():
    data = b'<?xml version="1.0"?>\n' + svg("", "\n<?php echo 1 ?>")
    assert inspect(data)[0] == ["a <?php?> instruction (line 3)"]


@pytest.mark.parametrize(
    "items, said",
    [(["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_findings_are_listed_as_a_sentence(items, said):
    assert listed(items) == said
