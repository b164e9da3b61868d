"""Reproducible output: the same input gives byte-identical files at any time, in any time zone;
dates come from the issue, or from SOURCE_DATE_EPOCH when it is set."""

from __future__ import annotations

import time
from pathlib import Path

import pikepdf
import pytest

from scrnews.build import build_issue
from scrnews.errors import ScrnewsError

ROOT = Path(__file__).resolve().parent.parent
ISSUE2 = ROOT / "issues" / "issue-2.yaml"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _build_twice(
    tmp_path: Path, monkeypatch, **options
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Build, then move the clock on and the time zone round the world, and build again."""
    build_issue(ISSUE2, tmp_path / "first", **options)
    time.sleep(1.1)  # any timestamp with seconds in it would now differ
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: another calendar day than the UK
    time.tzset()
    try:
        build_issue(ISSUE2, tmp_path / "second", **options)
    finally:
        monkeypatch.undo()
        time.tzset()
    return _files(tmp_path / "first"), _files(tmp_path / "second")


@pytest.mark.parametrize(
    "profile, variant", [("screen", None), ("print", "pdf/x-4"), ("archive", None)]
)
def test_two_builds_are_byte_identical(tmp_path, monkeypatch, profile, variant):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = _build_twice(tmp_path, monkeypatch, profile=profile, pdf_variant=variant)
    assert "issue-2/index.html" in first and "issue-2/issue-2.pdf" in first
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"


def _dates(pdf_path: Path) -> dict[str, str]:
    with pikepdf.open(pdf_path) as pdf:
        xmp = pdf.open_metadata()
        return {
            "CreationDate": str(pdf.docinfo.get("/CreationDate")),
            "ModDate": str(pdf.docinfo.get("/ModDate")),
            "CreateDate": xmp.get("xmp:CreateDate"),
            "ModifyDate": xmp.get("xmp:ModifyDate"),
            "MetadataDate": xmp.get("xmp:MetadataDate"),
            "DocumentID": xmp.get("xmpMM:DocumentID"),
        }


def test_dates_come_from_the_issue(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = build_issue(ISSUE2, tmp_path, profile="print", pdf_variant="pdf/x-4")
    dates = _dates(result.pdf)
    assert dates["CreationDate"] == dates["ModDate"] == "D:20120101"  # issue 2: January 2012
    assert dates["CreateDate"] == dates["ModifyDate"] == dates["MetadataDate"] == "2012-01-01"
    assert '<meta name="dcterms.modified" content="2012-01-01">' in result.html.read_text(
        encoding="utf-8"
    )


def test_source_date_epoch_sets_the_modification_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    result = build_issue(ISSUE2, tmp_path, profile="archive")
    dates = _dates(result.pdf)
    assert dates["CreationDate"] == "D:20120101"  # publication stays the issue's date
    assert dates["ModDate"] == "D:20231114221320+00'00"
    assert dates["ModifyDate"] == "2023-11-14T22:13:20+00:00"
    assert 'content="2023-11-14T22:13:20+00:00"' in result.html.read_text(encoding="utf-8")


def test_pdf_x_document_id_is_derived_from_the_content_not_random(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_issue(
        ISSUE2, tmp_path / "a", formats=("pdf",), profile="print", pdf_variant="pdf/x-4"
    )
    changed = tmp_path / "issue-2.yaml"
    changed.write_text(
        ISSUE2.read_text(encoding="utf-8").replace("number: 2", "number: 3"), encoding="utf-8"
    )
    second = build_issue(
        changed, tmp_path / "b", formats=("pdf",), profile="print", pdf_variant="pdf/x-4"
    )
    id_a, id_b = _dates(first.pdf)["DocumentID"], _dates(second.pdf)["DocumentID"]
    assert id_a.startswith("xmp.did:") and id_b.startswith("xmp.did:")
    assert id_a != id_b  # another issue, another document


def test_a_malformed_source_date_epoch_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ScrnewsError) as caught:
        build_issue(ISSUE2, tmp_path, formats=("html",))
    assert str(caught.value) == (
        "SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds since 1970; set it "
        "to whole seconds, such as $(git log -1 --format=%ct), or unset it."
    )
