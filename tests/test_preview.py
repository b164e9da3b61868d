"""`scrnews preview` over real HTTP on 127.0.0.1: edit, reload event, overlay, PDF, folder index.

Each test starts a preview on a free port in a background thread and talks to it with
http.client, the way a browser would (the reload events are read off the wire).
"""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
from pathlib import Path

import pytest

from scrnews.preview import start_preview

TIMEOUT = 10  # seconds: every wait in these tests is bounded
TOKEN = re.compile(r'data-version="([^"]*)"')


# ---------------------------------------------------------------- a small HTTP client


def fetch(
    preview,
    path: str,
    *,
    method: str = "GET",
    host: str | None = "default",
    timeout: float = TIMEOUT,
) -> tuple[int, dict, bytes]:
    """Send one request with the raw path given; return status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host == "default":
            host = f"127.0.0.1:{preview.server.port}"
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def page(preview, stem: str = "issue-2") -> tuple[str, str]:
    """The previewed page's HTML and the version token its reload script carries."""
    status, _, body = fetch(preview, f"/{stem}/")
    assert status == 200, body[:300]
    html = body.decode("utf-8")
    return html, TOKEN.search(html).group(1)


def next_reload(preview, stem: str, token: str, timeout: float = TIMEOUT) -> str:
    """Listen on the event stream as the page would; return the new token sent with `reload`."""
    conn = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=timeout)
    try:
        conn.request("GET", f"/__scrnews__/events?stem={stem}&v={token}")
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/event-stream"
        event = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = response.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data: ") and event == "reload":
                return line[len("data: ") :]
        raise AssertionError("no reload event")
    finally:
        conn.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing needle."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def issue(project) -> Path:
    return project / "issues" / "issue-2.yaml"


@pytest.fixture
def serve():
    """serve(paths, **options) -> a running preview on a free port, closed after the test."""
    running = []

    def start(paths=(), **options):
        preview = start_preview(paths, port=0, warm_pdf=False, **options)
        preview.serve_in_thread()
        running.append(preview)
        return preview

    yield start
    for preview in running:
        preview.close()


HEADING = "Serious Case Reviews – Sharing Learning"


# ---------------------------------------------------------------- the editing loop


def test_edit_reloads_with_new_content(issue, serve):
    preview = serve([issue])
    html, token = page(preview)
    assert HEADING in html
    edit(issue, HEADING, "Sharing Learning, edited live")
    new_token = next_reload(preview, "issue-2", token)
    assert new_token != token
    html, served_token = page(preview)
    assert "Sharing Learning, edited live" in html and HEADING not in html
    assert served_token == new_token


def test_broken_save_shows_cli_text_over_last_good_page_and_fix_removes_it(issue, serve):
    from scrnews.build import load_issue
    from scrnews.errors import ScrnewsError

    preview = serve([issue])
    _, token = page(preview)
    edit(issue, "number: 2", "number: two")
    token = next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    with pytest.raises(ScrnewsError) as cli_error:  # what `scrnews check` would print
        load_issue(issue)
    expected = [str(p).lstrip(": ") for p in cli_error.value.problems]
    overlay = html[html.index('id="scrnews-overlay"') :]
    overlay = overlay[: overlay.index("</pre>")]
    assert f"issues/issue-2.yaml:{line_of(issue, 'number: two')}:9: number:" in overlay
    for text in expected:
        assert text.replace("'", "&#x27;").replace('"', "&quot;") in overlay
    assert HEADING in html  # the last good page is still underneath
    edit(issue, "number: two", "number: 2")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "scrnews-overlay" not in html and HEADING in html


def test_yaml_syntax_error_points_at_its_line(issue, serve):
    preview = serve([issue])
    _, token = page(preview)
    edit(issue, "series: Serious Case Review Newsletter", "series: [Serious Case Review Newsletter")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    lines = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S).group(1)
    assert lines.startswith("issues/issue-2.yaml:")
    reported = int(lines.split(":")[1])
    assert reported >= line_of(issue, "series: [")  # PyYAML reports where the flow list ends


def test_deleted_file_keeps_server_alive_and_says_so(issue, serve):
    preview = serve([issue])
    _, token = page(preview)
    saved = issue.read_text(encoding="utf-8")
    issue.unlink()
    token = next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "issues/issue-2.yaml: no such file. Check the name and folder." in html
    issue.write_text(saved, encoding="utf-8")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "scrnews-overlay" not in html and HEADING in html


def test_save_and_rename_counts_once(issue, serve):
    preview = serve([issue])
    _, token = page(preview)
    temp = issue.with_name(".issue-2.yaml.tmp")
    temp.write_text(
        issue.read_text(encoding="utf-8").replace(HEADING, "Renamed into place"), "utf-8"
    )
    os.replace(temp, issue)  # how many editors save
    new_token = next_reload(preview, "issue-2", token)
    time.sleep(0.4)  # room for a second, wrong, rebuild to happen
    html, now = page(preview)
    assert "Renamed into place" in html
    assert now == new_token
    assert int(now.rsplit("-", 1)[1]) == int(token.rsplit("-", 1)[1]) + 1


def test_template_override_edit_reloads(issue, serve, tmp_path):
    folder = tmp_path / "board-templates"
    folder.mkdir()
    (folder / "footer.html").write_text("<footer><p>Board footer, first draft</p></footer>\n")
    preview = serve([issue], templates=[folder])
    html, token = page(preview)
    assert "Board footer, first draft" in html
    (folder / "footer.html").write_text("<footer><p>Board footer, second draft</p></footer>\n")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "Board footer, second draft" in html


# ---------------------------------------------------------------- images


def _png() -> bytes:
    """A 16x16 PNG (pictures under 8 pixels across are refused)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def add_logo(issue: Path) -> None:
    edit(
        issue,
        "  short_name: BSCB\n",
        "  short_name: BSCB\n  logo:\n    src: logo.png\n    alt: BSCB logo\n",
    )


def test_image_is_served_and_watched(issue, serve):
    (issue.parent / "logo.png").write_bytes(PNG)
    add_logo(issue)
    preview = serve([issue])
    html, token = page(preview)
    assert 'src="assets/logo.png"' in html
    status, headers, body = fetch(preview, "/issue-2/assets/logo.png")
    assert (status, headers["Content-Type"], body) == (200, "image/png", PNG)
    (issue.parent / "logo.png").write_bytes(PNG + b"\0")  # a changed picture
    next_reload(preview, "issue-2", token)
    assert fetch(preview, "/issue-2/assets/logo.png")[2] == PNG + b"\0"


def test_image_symlinked_out_of_project_is_not_served(issue, serve, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(PNG)
    (issue.parent / "logo.png").symlink_to(outside)
    add_logo(issue)
    preview = serve([issue])
    status, _, body = fetch(preview, "/issue-2/assets/logo.png")
    assert status == 404 and PNG not in body


# ---------------------------------------------------------------- the PDF


def test_pdf_made_on_request_and_after_a_change(issue, serve, tmp_path, pdf_text):
    preview = serve([issue])
    state = preview.session.issues["issue-2"]
    assert state.pdf is None  # nothing made until asked for
    status, headers, body = fetch(preview, "/issue-2/issue-2.pdf", timeout=60)
    assert (status, headers["Content-Type"], body[:5]) == (200, "application/pdf", b"%PDF-")
    _, token = page(preview)
    edit(issue, HEADING, "A heading changed for the PDF")
    next_reload(preview, "issue-2", token)
    assert state.pdf_of is not state.good  # the old PDF is not reused, nor remade yet
    status, _, body = fetch(preview, "/issue-2/issue-2.pdf", timeout=60)
    (tmp_path / "new.pdf").write_bytes(body)
    assert status == 200 and "A heading changed for the PDF" in pdf_text(tmp_path / "new.pdf")


def test_page_never_waits_for_the_pdf_or_a_rebuild(issue, serve):
    preview = serve([issue])
    state = preview.session.issues["issue-2"]
    with state.pdf_lock, preview.session._rebuild_lock:  # a PDF and a rebuild in progress
        status, _, body = fetch(preview, "/issue-2/", timeout=3)
    assert status == 200 and HEADING in body.decode()


def test_broken_from_the_start_has_no_pdf_yet(issue, serve):
    edit(issue, "number: 2", "number: two")
    preview = serve([issue])
    html, _ = page(preview)
    assert "1 problem found: the page was not rebuilt" in html
    assert "Below is the last version that built." not in html
    status, _, body = fetch(preview, "/issue-2/issue-2.pdf")
    assert status == 409 and "<h1>The PDF is not up to date</h1>" in body.decode()
    assert "last-good" not in body.decode()  # there is no earlier PDF to offer
    status, _, body = fetch(preview, "/issue-2/issue-2.pdf?last-good")
    assert (status, body) == (404, b"No PDF yet: fix the problems shown on the page first.\n")


def test_a_mistake_is_shown_instead_of_the_last_pdf(issue, serve):
    """While the issue has a mistake, its PDF address says so, rather than serve an old PDF."""
    preview = serve([issue])
    _, token = page(preview)
    edit(issue, "number: 2", "number: two")
    next_reload(preview, "issue-2", token)
    status, headers, body = fetch(preview, "/issue-2/issue-2.pdf")
    text = body.decode()
    assert (status, headers["Content-Type"]) == (409, "text/html; charset=utf-8")
    assert "1 problem in issues/issue-2.yaml stopped the rebuild:" in text
    assert "number: expected a whole number such as 2, found the text &#x27;two&#x27;." in text
    assert '<a href="issue-2.pdf?last-good">Open the PDF of the last version that built</a>' in text
    status, headers, body = fetch(preview, "/issue-2/issue-2.pdf?last-good", timeout=60)
    assert (status, body[:5]) == (200, b"%PDF-")


# ---------------------------------------------------------------- several issues


def test_folder_preview_has_an_index_and_follows_new_and_deleted_files(project, serve):
    issues = project / "issues"
    (issues / "issue-9.yaml").write_text(
        (issues / "issue-2.yaml").read_text(encoding="utf-8").replace("number: 2", "number: 9"),
        "utf-8",
    )
    preview = serve()
    status, _, body = fetch(preview, "/")
    index = body.decode()
    assert status == 200 and 'href="/issue-2/"' in index and 'href="/issue-9/"' in index
    token = TOKEN.search(index).group(1)
    (issues / "issue-9.yaml").rename(issues / "issue-10.yaml")
    next_reload(preview, "", token)
    index = fetch(preview, "/")[2].decode()
    assert 'href="/issue-10/"' in index and 'href="/issue-9/"' not in index
    status, _, body = fetch(preview, "/issue-9/")
    assert status == 404 and "No issue called issue-9 here" in body.decode()
    assert fetch(preview, "/issue-10/")[0] == 200


def test_single_issue_root_redirects_to_it(issue, serve):
    preview = serve([issue])
    status, headers, _ = fetch(preview, "/")
    assert (status, headers["Location"]) == (302, "/issue-2/")
    status, headers, _ = fetch(preview, "/issue-2")
    assert (status, headers["Location"]) == (302, "/issue-2/")


def test_unexpected_error_is_shown_not_fatal(issue, serve, monkeypatch):
    from scrnews.preview import session

    preview = serve([issue])
    _, token = page(preview)

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(session, "make_snapshot", boom)
    edit(issue, HEADING, "Never shown")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "issues/issue-2.yaml: unexpected error while building: RuntimeError: boom" in html


def test_two_issues_with_one_name_are_refused(project, tmp_path):
    from scrnews.preview import PreviewError

    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "issue-2.yaml").write_text("number: 2\n")
    with pytest.raises(PreviewError) as error:
        start_preview([project / "issues/issue-2.yaml", other / "issue-2.yaml"], port=0)
    assert str(error.value) == (
        "two issues are both named 'issue-2' (issues/issue-2.yaml and "
        "elsewhere/issue-2.yaml); preview them one at a time."
    )


def test_event_stream_ends_when_the_preview_closes(issue):
    preview = start_preview([issue], port=0, warm_pdf=False)
    preview.serve_in_thread()
    _, token = page(preview)
    result = []
    listener = threading.Thread(target=lambda: result.append(_read_until_closed(preview, token)))
    listener.start()
    time.sleep(0.3)
    preview.close()
    listener.join(TIMEOUT)
    assert not listener.is_alive() and result == ["closed"]


def _read_until_closed(preview, token: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=TIMEOUT)
    conn.request("GET", f"/__scrnews__/events?stem=issue-2&v={token}")
    response = conn.getresponse()
    while response.fp.readline():
        pass
    conn.close()
    return "closed"


def test_settings_file_edit_reloads(issue, serve):
    settings = issue.parent.parent / "scrnews.yaml"
    settings.write_text(
        "board:\n  name: Bradford Safeguarding Children Board\n  phone: 01274 435600\n"
    )
    preview = serve([issue])
    html, token = page(preview)
    assert "01274 435600" in html
    edit(settings, "01274 435600", "01274 435601")
    next_reload(preview, "issue-2", token)
    html, _ = page(preview)
    assert "01274 435601" in html and "01274 435600" not in html
