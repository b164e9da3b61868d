"""The preview serves only what it built, only to its own address, only to GET and HEAD."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from scrnews.preview import start_preview

ISSUES = Path(__file__).resolve().parent.parent / "issues"
SECRET = "a line that must never be served"


def fetch(
    port: int, path: str, *, method: str = "GET", host: str | None = None
) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One preview for every test here: project/issues/issue-2.yaml, with secrets around it."""
    root = tmp_path_factory.mktemp("safety")
    project = root / "project"
    (project / "issues").mkdir(parents=True)
    (project / "issues" / "issue-2.yaml").write_text(
        (ISSUES / "issue-2.yaml").read_text("utf-8"), "utf-8"
    )
    (project / "issues" / "notes.txt").write_text(SECRET)
    (project / "scrnews.yaml").write_text(
        f"# {SECRET}\nboard:\n  name: Bradford Safeguarding Children Board\n"
    )
    (root / "secret.txt").write_text(SECRET)
    (project / "issues" / "link.txt").symlink_to(root / "secret.txt")
    preview = start_preview([project / "issues" / "issue-2.yaml"], port=0, warm_pdf=False)
    preview.serve_in_thread()
    yield preview
    preview.close()


def host(served) -> str:
    return f"127.0.0.1:{served.server.port}"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/issue-2/../../secret.txt",
        "/issue-2/../issues/notes.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/issue-2/%2e%2e/%2e%2e/secret.txt",
        "/issue-2/%2E%2E%2Fnotes.txt",
        "/%252e%252e/%252e%252e/secret.txt",
        "/issue-2/%252e%252e%252fnotes.txt",
        "/issue-2/..%5c..%5csecret.txt",
        "/issue-2/notes.txt",
        "/issue-2/link.txt",
        "/issue-2/issue-2.yaml",
        "/issues/issue-2.yaml",
        "/scrnews.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/issue-2//etc/passwd",
        "/issue-2/%00.html",
        "http://127.0.0.1/etc/passwd",
        "/__scrnews__/../issues/notes.txt",
        "/__scrnews__/reload.js/../../secret.txt",
        "/__scrnews__/session.py",
    ],
)
def test_traversal_and_other_files_are_404(served, path):
    status, _, body = fetch(served.server.port, path, host=host(served))
    assert status == 404, (path, status)
    assert SECRET.encode() not in body and b"root:" not in body and b"board:" not in body


def test_the_page_itself_is_served(served):
    status, headers, body = fetch(served.server.port, "/issue-2/", host=host(served))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"
    assert b"Serious Case Review Newsletter" in body


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_own_host_names_are_accepted(served, name):
    status, _, _ = fetch(served.server.port, "/issue-2/", host=f"{name}:{served.server.port}")
    assert status == 200


@pytest.mark.parametrize(
    "header",
    [
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.:{port}0",
        "127.0.0.1:{other}",
        "localhost",
        "192.168.1.20:{port}",
        "user@127.0.0.1:{port}",
        "",
    ],
)
def test_foreign_host_header_is_refused(served, header):
    port = served.server.port
    status, _, body = fetch(port, "/issue-2/", host=header.format(port=port, other=port + 1))
    assert status in (400, 421), header
    assert body.decode() == f"This preview answers only at http://127.0.0.1:{port}/\n"
    assert b"Serious Case" not in body


def test_missing_host_header_is_a_bad_request(served):
    status, _, body = fetch(served.server.port, "/issue-2/", host=None)
    assert status == 400 and b"Serious Case" not in body


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"]
)
def test_only_get_and_head(served, method):
    status, headers, body = fetch(served.server.port, "/issue-2/", method=method, host=host(served))
    assert (status, headers.get("Allow"), body) == (
        405,
        "GET, HEAD",
        b"Only GET and HEAD are allowed.\n",
    )


def test_head_sends_headers_only(served):
    status, headers, body = fetch(served.server.port, "/issue-2/", method="HEAD", host=host(served))
    get_body = fetch(served.server.port, "/issue-2/", host=host(served))[2]
    assert status == 200 and body == b"" and int(headers["Content-Length"]) == len(get_body)


def test_not_found_message(served):
    status, _, body = fetch(served.server.port, "/issue-2/nothing.png", host=host(served))
    assert (status, body) == (404, b"Not found: the preview serves only the issues it builds.\n")


def test_binds_loopback_by_default(served):
    assert served.server.server_address[0] == "127.0.0.1"


def test_wildcard_host_accepts_ip_literals_but_not_names(project):
    preview = start_preview(
        [project / "issues" / "issue-2.yaml"], host="0.0.0.0", port=0, warm_pdf=False
    )
    try:
        port = preview.server.port
        assert preview.server.host_allowed(f"192.168.1.20:{port}")
        assert preview.server.host_allowed(f"[::1]:{port}")
        assert not preview.server.host_allowed(f"rebind.evil.example:{port}")
        assert not preview.server.host_allowed(f"192.168.1.20:{port + 1}")
    finally:
        preview.close()
