"""Output profiles: what the PDF is for decides its page rules, its PDF variant and its checks.

- screen (default): the accessible edition, tagged PDF/UA-1.
- print: for a print shop: 3 mm bleed and crop marks around an A4 trim box, images checked for
  300 dpi at their printed size; tagged PDF/UA-1, or PDF/X-4 with `--pdf-variant pdf/x-4`.
- archive: PDF/A-2a, which is tagged (level "a" = accessible), also declared PDF/UA-1.

Why PDF/A-2a: WeasyPrint 70 writes pdf/a-1a, -2a and -3a tagged. PDF/A-1 forbids transparency
(the theme uses none today, but a board's logo or template may), while -2 allows it, JPEG 2000
and OpenType fonts. PDF/A-3 differs from -2 only by allowing any embedded file, which an archive
would then have to keep readable too; we embed none, so -2a claims less and is accepted by more
archives. `--pdf-variant pdf/a-3a` is there for archives that ask for it.

Reproducible: every date written comes from the issue (or SOURCE_DATE_EPOCH); WeasyPrint's /ID is
an MD5 of the file and the one random value it writes (PDF/X-4's XMP DocumentID) is replaced by
one derived from the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, ScrnewsError, relpath

MIN_PRINT_DPI = 300
MM_PER_CSS_PX = 25.4 / 96


@dataclass(frozen=True)
class Profile:
    """One kind of PDF: the variants it may be (first is the default) and its page rules."""

    name: str
    variants: tuple[str, ...]
    page_css: str = ""
    min_dpi: int | None = None
    also_pdfua: bool = False


PROFILES: dict[str, Profile] = {
    "screen": Profile("screen", ("pdf/ua-1",)),
    "print": Profile(
        "print",
        ("pdf/ua-1", "pdf/x-4"),
        page_css="@page { bleed: 3mm; marks: crop; }",
        min_dpi=MIN_PRINT_DPI,
    ),
    "archive": Profile("archive", ("pdf/a-2a", "pdf/a-3a"), also_pdfua=True),
}
DEFAULT_PROFILE = "screen"


def get_profile(name: str) -> Profile:
    if name not in PROFILES:
        raise ScrnewsError(f"there is no {name!r} profile; choose one of: {', '.join(PROFILES)}.")
    return PROFILES[name]


def pdf_variant(profile: Profile, requested: str | None = None) -> str:
    """The variant to write: the requested one if the profile allows it, else its default."""
    if requested is None:
        return profile.variants[0]
    if requested.lower() not in profile.variants:
        raise ScrnewsError(
            f"the {profile.name} profile writes {' or '.join(profile.variants)}, "
            f"not {requested}. Leave out --pdf-variant, or choose another --profile."
        )
    return requested.lower()


def all_variants() -> list[str]:
    return sorted({v for profile in PROFILES.values() for v in profile.variants})


def write_options(variant: str | None) -> dict[str, Any]:
    """WeasyPrint options for the variant (every variant here is tagged)."""
    # No custom_metadata: it would copy every <meta> (viewport, generator) into the PDF.
    options: dict[str, Any] = {"pdf_variant": variant, "pdf_tags": True}
    if variant and variant.startswith("pdf/x"):
        # WeasyPrint asks for a CMYK output intent but ships no CMYK profile, and PDF/X needs one
        # intent with an embedded profile: use its sRGB profile (content is sRGB already).
        options["output_intent"] = "srgb"
    return options


# ------------------------------------------------------------ reproducible output


def modified_date(published: dt.date) -> str:
    """The modification date written: SOURCE_DATE_EPOCH if set, else the issue date."""
    moment = source_date()
    if moment is None:
        return published.isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ScrnewsError(
            Problem(
                "",
                None,
                None,
                "SOURCE_DATE_EPOCH",
                f"{epoch!r} is not a number "
                "of seconds since 1970; set it to whole seconds, such as "
                "$(git log -1 --format=%ct), or unset it.",
            )
        ) from None


def finisher(profile: Profile, content_key: bytes) -> Callable[[Any, Any], None]:
    """A WeasyPrint finisher: deterministic XMP, and the PDF/UA claim for archives."""

    def finish(document: Any, pdf: Any) -> None:
        metadata = _metadata_stream(pdf)
        if metadata is None:
            return
        xmp = b"".join(metadata.stream)
        stable = uuid.UUID(bytes=hashlib.sha256(content_key).digest()[:16], version=4)
        xmp = _replace_document_id(xmp, f"xmp.did:{stable}".encode())
        if profile.also_pdfua:
            xmp = xmp.replace(b"</rdf:RDF>", _PDFUA_XMP + b"</rdf:RDF>", 1)
        metadata.stream = [xmp]

    return finish


def _metadata_stream(pdf: Any) -> Any:
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return None
    number = reference.split()[0]  # pydyf writes references as b"12 0 R"
    return pdf.objects[int(number)]


def _replace_document_id(xmp: bytes, stable: bytes) -> bytes:
    start = xmp.find(b"xmp.did:")
    if start < 0:
        return xmp
    end = xmp.find(b"<", start)
    return xmp[:start] + stable + xmp[end:]


# PDF/A allows only the XMP schemas it lists, unless the file describes the others: pdfuaid is not
# listed, so it comes with its extension schema (as veraPDF expects for PDF/A + PDF/UA files).
_PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


# ------------------------------------------------------------ print checks


def low_resolution_images(document: Any, min_dpi: int, sources: Mapping[str, Path]) -> list[str]:
    """A warning for each raster image printed below min_dpi (file, pixels, printed size, dpi)."""
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import RasterImage

    warnings, seen = [], set()
    for page in document.pages:
        for box in page._page_box.descendants():
            image = getattr(box, "replacement", None)
            if (
                not isinstance(box, ReplacedBox)
                or not isinstance(image, RasterImage)
                or not box.width
            ):
                continue
            src = box.element.get("src", "") if box.element is not None else ""
            message = _dpi_warning(_source_name(src, sources), image, box, min_dpi)
            if message and message not in seen:
                seen.add(message)
                warnings.append(message)
    return warnings


def _dpi_warning(name: str, image: Any, box: Any, min_dpi: int) -> str | None:
    width_in, height_in = box.width / 96, box.height / 96
    dpi = min(
        image.width / width_in, image.height / height_in if height_in else image.width / width_in
    )
    if dpi >= min_dpi:
        return None
    need_w, need_h = round(width_in * min_dpi), round(height_in * min_dpi)
    return (
        f"{name}: {image.width}×{image.height} pixels printed at {box.width * MM_PER_CSS_PX:.0f}×"
        f"{box.height * MM_PER_CSS_PX:.0f} mm is {dpi:.0f} dpi; "
        f"print needs at least {min_dpi} dpi. "
        f"Use an image of at least {need_w}×{need_h} pixels, or an SVG."
    )


def _source_name(src: str, sources: Mapping[str, Path]) -> str:
    source = sources.get(src)
    return relpath(source) if source is not None else src
