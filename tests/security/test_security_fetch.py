"""Fetching during PDF builds: the project, the theme and data: URLs only; the web only by
--allow-remote HOST, without redirects, within a time and size limit. Refusals are errors
naming the issue field that asked.

Remote fetching is tested against a server on 127.0.0.1 only (the `web` fixture)."""

from __future__ import annotations

import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urljoin

import pikepdf
import pytest
from click.testing import CliRunner
from security_helpers import png_pixel

from scrnews.build import build_issue, load_issue
from scrnews.cli import cli
from scrnews.errors import PdfError, ValidationError
from scrnews.fetch import FetchRefused, ProjectFetcher
from scrnews.project import builtin_dir

SECRET = "root:x:0:0"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (tmp_path/site) with an issues/ folder, an image, and a secret beside it."""
    root = tmp_path / "site"
    (root / "issues").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "dot.png").write_bytes(png_pixel())
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def fetcher_for(root: Path, **options) -> ProjectFetcher:
    return ProjectFetcher(roots=[root, builtin_dir()], **options)


def page_url(root: Path) -> str:
    """Where the built page sits: relative addresses in it resolve against this."""
    return (root / "out" / "issue").as_uri() + "/"


def refused(fetcher: ProjectFetcher, url: str) -> str:
    """Fetch url, expecting a refusal; return its reason."""
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused[-1].url == url
    return fetcher.refused[-1].reason


def image_count(pdf: bytes | Path) -> int:
    import io

    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        return sum(len(page.get_images()) for page in document.pages)


# ------------------------------------------------------------------ local files


def test_file_url_outside_the_project_is_refused(project):
    reason = refused(fetcher_for(project), "file:///etc/passwd")
    assert reason == (
        f"it is outside the project folder ({project}). Copy the file into the "
        "project folder and name it relative to the issue file"
    )


@pytest.mark.parametrize(
    "relative",
    [
        "../../../secret.txt",
        "../../../../../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "assets/../../../../secret.txt",
    ],
)
def test_climbing_out_of_the_project_is_refused(project, relative):
    fetcher = fetcher_for(project)
    refused(fetcher, urljoin(page_url(project), relative))


def test_symlink_out_of_the_project_is_refused(project, tmp_path):
    (project / "images" / "leak.png").symlink_to(tmp_path / "secret.txt")
    (project / "shared").symlink_to(tmp_path)
    fetcher = fetcher_for(project)
    refused(fetcher, (project / "images" / "leak.png").as_uri())
    refused(fetcher, (project / "shared" / "secret.txt").as_uri())


def test_files_in_the_project_and_the_theme_are_read(project):
    fetcher = fetcher_for(project)
    (project / "images" / "alias.png").symlink_to(project / "images" / "dot.png")
    for path in (project / "images" / "dot.png", project / "images" / "alias.png"):
        with closing(fetcher.fetch(path.as_uri())) as response:
            assert response.read() == png_pixel()
    style = builtin_dir() / "default" / "style.css"
    with closing(fetcher.fetch(style.as_uri())) as response:
        assert response.read() == style.read_bytes()
    assert fetcher.refused == []


def test_data_urls_are_read(project):
    with closing(fetcher_for(project).fetch("data:text/plain;base64,aGVsbG8=")) as response:
        assert response.read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/x.png",
        "gopher://127.0.0.1/x",
        "jar:file:///x!/y",
        "smb://127.0.0.1/share/x.png",
    ],
)
def test_other_schemes_are_refused(project, url):
    reason = refused(fetcher_for(project), url)
    assert reason.startswith("scrnews never reads '")


def test_every_way_weasyprint_fetches_goes_through_the_fence(project, tmp_path):
    """Images, stylesheets, @import, CSS url(), attachments: each is refused, none leaks."""
    import weasyprint

    secret = (tmp_path / "secret.txt").as_uri()
    html = f"""<html><head>
      <link rel="stylesheet" href="{secret}#link">
      <link rel="attachment" href="{secret}#attachment">
      <style>@import url("{secret}#import");
        body {{ background: url("{secret}#background") }}</style>
      </head><body><img src="{secret}#img" alt="x"><a rel="attachment" href="{secret}#a">a</a>
      <object data="{secret}#object"></object><embed src="{secret}#embed"></body></html>"""
    fetcher = fetcher_for(project)
    pdf = weasyprint.HTML(string=html, base_url=page_url(project), url_fetcher=fetcher).write_pdf()
    asked = {refusal.url.rsplit("#", 1)[-1] for refusal in fetcher.refused}
    assert {"link", "attachment", "import", "background", "img", "a"} <= asked
    assert SECRET.encode() not in pdf


# ------------------------------------------------------------------ the web


def test_web_address_is_refused_without_allow_remote(project, web):
    reason = refused(fetcher_for(project), web.url("/dot.png"))
    assert reason == (
        "it is on another site (127.0.0.1). Copy the file into the project folder, "
        "or build with --allow-remote 127.0.0.1 if you trust that site"
    )
    assert web.requests == []  # nothing left the machine


def test_host_not_on_the_allow_list_is_refused(project, web):
    fetcher = fetcher_for(project, allow_remote=["images.example.org", f"127.0.0.1:{web.port + 1}"])
    refused(fetcher, web.url("/dot.png"))
    assert web.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}"])
def test_allowed_host_is_fetched(project, web, host):
    fetcher = fetcher_for(project, allow_remote=[host.format(port=web.port)])
    with closing(fetcher.fetch(web.url("/dot.png"))) as response:
        assert response.read() == png_pixel()
        assert response.content_type == "image/png"
    assert web.requests == ["/dot.png"]


def test_redirect_is_refused_and_not_followed(project, web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    reason = refused(fetcher, web.url("/redirect.png"))
    assert reason == (
        f"the site sent it on to {web.url('/dot.png')}; scrnews does not follow "
        "redirects. Write the final address instead"
    )
    assert web.requests == ["/redirect.png"]


@pytest.mark.parametrize("path", ["/big.png", "/big-unsized.png"])
def test_size_limit(project, web, path):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"], max_bytes=100_000)
    assert refused(fetcher, web.url(path)) == "it is larger than 100,000 bytes. Use a smaller copy"


def test_timeout(project, web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"], timeout=0.5)
    started = time.monotonic()
    assert refused(fetcher, web.url("/slow.png")) == "127.0.0.1 did not send it within 0.5 seconds"
    assert time.monotonic() - started < 2.5


def test_remote_not_found_is_an_ordinary_failure_not_a_refusal(project, web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    with pytest.raises(OSError, match="127.0.0.1 answered 404"):
        fetcher.fetch(web.url("/missing.png"))
    assert fetcher.refused == []


def test_proxy_settings_are_not_used(project, web, monkeypatch):
    """The allow-list names the host we connect to; an environment proxy must not reroute it."""
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    with closing(fetcher.fetch(web.url("/dot.png"))) as response:
        assert response.read() == png_pixel()


# ------------------------------------------------------------------ through a build


def write_issue(root: Path, extra: str, name: str = "issue.yaml") -> Path:
    path = root / "issues" / name
    path.write_text(
        "board:\n  name: Example Board\nnumber: 1\ndate: 2024-06\n" + extra, encoding="utf-8"
    )
    return path


def test_markdown_image_outside_the_project_fails_the_build_naming_the_field(project):
    issue = write_issue(
        project, "foreword:\n  text: |\n    Look:\n\n    ![the secret](../../secret.txt)\n"
    )
    # Pictures are named relative to the issue file and checked when it is read (test_images.py).
    with pytest.raises(ValidationError) as caught:
        build_issue(issue, project / "out", formats=("pdf",))
    [problem] = caught.value.problems
    assert str(problem) == (
        "issues/issue.yaml:6:9: foreword.text: the file '../../secret.txt' is outside the project "
        "folder (the current folder); scrnews only uses files inside it. Copy the picture into the project, for "
        "example into images/, and name that copy."
    )
    assert not (project / "out").exists()


def test_remote_image_without_allow_remote_fails_naming_the_field(project, web):
    issue = write_issue(project, f"introduction: 'A dot: ![a red dot]({web.url('/dot.png')})'\n")
    result = CliRunner().invoke(cli, ["build", str(issue), "--format", "pdf"])
    assert result.exit_code == 1
    assert (
        f"issues/issue.yaml:5:15: introduction: cannot use {web.url('/dot.png')} in the PDF: it "
        "is on another site (127.0.0.1)"
    ) in result.stderr
    assert web.requests == []


def test_allow_remote_fetches_the_image_into_the_pdf(project, web):
    issue = write_issue(project, f"introduction: 'A dot: ![a red dot]({web.url('/dot.png')})'\n")
    result = CliRunner().invoke(
        cli, ["build", str(issue), "--format", "pdf", "--allow-remote", "127.0.0.1"]
    )
    assert result.exit_code == 0, result.output
    assert web.requests == ["/dot.png"]
    assert image_count(project / "out" / "issue" / "issue.pdf") == 1


def test_template_override_cannot_read_outside(project, tmp_path):
    override = project / "theme"
    override.mkdir()
    (override / "issue.html").write_text(
        '{% extends "default/issue.html" %}{% block head_extra %}'
        f'<link rel="stylesheet" href="{(tmp_path / "secret.txt").as_uri()}">{{% endblock %}}',
        encoding="utf-8",
    )
    issue = write_issue(project, "")
    with pytest.raises(PdfError) as caught:
        build_issue(issue, project / "out", formats=("pdf",), templates=[override])
    [problem] = caught.value.problems
    assert str(problem).startswith(
        f"issues/issue.yaml: a template or stylesheet asks for "
        f"{(tmp_path / 'secret.txt').as_uri()}, which scrnews will not read: "
        "it is outside the project folder"
    )


@pytest.mark.parametrize("how", ["climb", "absolute", "symlink"])
def test_logo_outside_the_project_is_refused_before_anything_is_copied(project, tmp_path, how):
    src = {
        "climb": "../../secret.txt",
        "absolute": str(tmp_path / "secret.txt"),
        "symlink": "../images/logo.png",
    }[how]
    if how == "symlink":
        (project / "images" / "logo.png").symlink_to(tmp_path / "secret.txt")
    issue = write_issue(project, "")
    issue.write_text(
        issue.read_text().replace(
            "  name: Example Board\n",
            f"  name: Example Board\n  logo:\n    src: {src}\n    alt: Logo\n",
        )
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(issue)
    [problem] = caught.value.problems
    assert str(problem) == (
        f"issues/issue.yaml:4:10: board.logo.src: the file {src!r} is outside the project folder "
        "(the current folder); scrnews only uses files inside it. Copy the picture into the project, for "
        "example into images/, and name that copy."
    )
    result = CliRunner().invoke(cli, ["build", str(issue), "--format", "html"])
    assert result.exit_code == 1
    assert not (project / "out").exists()


def test_logo_inside_the_project_is_copied(project):
    issue = write_issue(project, "")
    issue.write_text(
        issue.read_text().replace(
            "  name: Example Board\n",
            "  name: Example Board\n  logo:\n    src: ../images/dot.png\n    alt: Logo\n",
        )
    )
    build_issue(issue, project / "out")
    assert (project / "out" / "issue" / "assets" / "dot.png").read_bytes() == png_pixel()
    assert image_count(project / "out" / "issue" / "issue.pdf") == 1


@pytest.mark.parametrize(
    "setting, line",
    [
        ("board:\n  name: Example Board\n  logo:\n    src: ../secret.png\n    alt: Logo\n", 4),
        ("fonts:\n  family: Leak\n  regular: ../secret.woff2\n", 3),
    ],
    ids=["logo", "font"],
)
def test_settings_file_cannot_name_files_outside_its_folder(project, tmp_path, setting, line):
    """A font or logo named in scrnews.yaml is copied beside the page, so must be in the project."""
    name = "../secret.png" if "logo" in setting else "../secret.woff2"
    (tmp_path / name[3:]).write_bytes(png_pixel())
    (project / "scrnews.yaml").write_text(setting, encoding="utf-8")
    write_issue(project, "")
    result = CliRunner().invoke(cli, ["build", "issues/issue.yaml", "--format", "html"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        f"the file {name!r} is outside the folder of this settings file ({project}); scrnews only "
        "uses files inside it. Copy it in, for example into fonts/ or images/, and name that copy."
    )
    assert result.stderr.startswith(f"scrnews.yaml:{line}:")
    assert not (project / "out").exists()


# ------------------------------------------------------------------ limits that tests must pin


def test_the_default_limits_are_ten_seconds_and_five_megabytes(project):
    """Tests elsewhere pass their own limits; these are what a build really uses."""
    from scrnews import fetch

    assert (fetch.REMOTE_TIMEOUT, fetch.REMOTE_MAX_BYTES) == (10.0, 5 * 1024 * 1024)
    fence = fetcher_for(project)
    assert (fence.timeout, fence.max_bytes) == (10.0, 5 * 1024 * 1024)


def test_a_server_that_drips_bytes_is_cut_off_at_the_overall_deadline(project, web):
    """Each byte comes well within the socket timeout; the whole must still come within it."""
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"], timeout=0.5)
    started = time.monotonic()
    reason = refused(fetcher, web.url("/drip.png"))
    assert reason == "127.0.0.1 did not send it within 0.5 seconds"
    assert time.monotonic() - started < 2  # the drip would take 6 seconds


@pytest.mark.parametrize("sized", ["exact-unsized", "exact-sized"])
@pytest.mark.parametrize("size, ok", [(1000, True), (1001, False)])
def test_the_size_limit_is_exact(project, web, size, ok, sized):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"], max_bytes=1000)
    if ok:
        with closing(fetcher.fetch(web.url(f"/{sized}/{size}"))) as response:
            assert len(response.read()) == size
    else:
        refused(fetcher, web.url(f"/{sized}/{size}"))


@pytest.mark.parametrize("status", [300, 301, 307, 308, 399])
def test_every_3xx_is_a_refused_redirect(project, web, status):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    assert refused(fetcher, web.url(f"/status/{status}")).startswith(
        f"the site sent it on to {web.url('/dot.png')}"
    )


@pytest.mark.parametrize("status", [201, 204, 299, 400, 500])
def test_other_statuses_are_ordinary_failures(project, web, status):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    with pytest.raises(OSError, match=f"127.0.0.1 answered {status} "):
        fetcher.fetch(web.url(f"/status/{status}"))
    assert fetcher.refused == []


def test_an_address_with_a_bad_port_is_refused_not_fetched(project, web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    assert refused(fetcher, "http://127.0.0.1:99999/dot.png").startswith("it is on another site")
    assert refused(fetcher, "http://127.0.0.1:port/dot.png").startswith("it is on another site")


@pytest.mark.parametrize("url", ["about:blank", "blob:https://x.org/1", "chrome://settings"])
def test_schemes_that_sort_before_data_are_refused_too(project, url):
    assert refused(fetcher_for(project), url).startswith("scrnews never reads '")


def test_files_made_in_memory_are_served_with_their_type(project):
    page = project / "out" / "issue"
    fetcher = fetcher_for(
        project,
        base_dir=page,
        generated={"print.css": b"@page {}", "data.bin": b"\1\2", "data.png": b"\3"},
    )
    with closing(fetcher.fetch((page / "print.css").as_uri())) as response:
        assert (response.read(), response.content_type) == (b"@page {}", "text/css")
    for name in ("data.bin", "data.png"):  # names before and after .css
        with closing(fetcher.fetch((page / name).as_uri())) as response:
            assert response.content_type == "application/octet-stream"
    assert fetcher_for(project, generated={"print.css": b"x"}).generated == {}  # no base_dir


def test_refusals_can_be_collected_in_a_set():
    from scrnews.fetch import Refusal

    assert len({Refusal("u", "why"), Refusal("u", "why")}) == 1


@pytest.mark.parametrize(
    "text", ["<{url}>", "[the dot][d]\n\n[d]: {url}", "![a dot]({url})"], ids=str
)
def test_a_refusal_names_the_field_for_every_way_markdown_writes_an_address(project, text):
    from scrnews.fetch import Refusal, refusal_problems
    from scrnews.load import parse_document

    url = "https://elsewhere.example/dot.png"
    doc = parse_document(
        f"introduction: '{text.format(url=url)}'\n".replace("\n\n", "\n\n  "),
        project / "issue.yaml",
    )
    [problem] = refusal_problems(doc, [Refusal(url, "why")], page_url(project))
    assert (problem.key, problem.line) == ("introduction", 1)


def test_a_refusal_names_the_field_of_a_picture_the_templates_were_given(project):
    from scrnews.fetch import Refusal, refusal_problems
    from scrnews.load import parse_document

    doc = parse_document("board:\n  logo:\n    src: x.png\n", project / "issue.yaml")
    url = urljoin(page_url(project), "assets/x.png")
    [problem] = refusal_problems(
        doc, [Refusal(url, "why")], page_url(project), {"assets/x.png": ("board", "logo", "src")}
    )
    assert str(problem) == f"issue.yaml:3:10: board.logo.src: cannot use {url} in the PDF: why."
    [unnamed] = refusal_problems(doc, [Refusal(url, "why")], page_url(project))
    assert unnamed.key == "" and unnamed.message.startswith("a template or stylesheet asks for")


# ------------------------------------------------------------------ HTTPS


def test_https_is_fetched_with_the_certificate_checked(project, tls_web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    with closing(fetcher.fetch(tls_web.url("/dot.png"))) as response:
        assert response.read() == png_pixel()
    assert tls_web.requests == ["/dot.png"]


def test_https_with_a_certificate_nobody_vouches_for_fails(project, tls_web, monkeypatch, tmp_path):
    import ssl

    empty = tmp_path / "no-cas.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"])
    with pytest.raises(ssl.SSLError):
        fetcher.fetch(tls_web.url("/dot.png"))
    assert tls_web.requests == []


def test_a_size_announced_past_the_limit_is_refused_before_the_body_comes(project, web):
    fetcher = fetcher_for(project, allow_remote=["127.0.0.1"], timeout=2)
    started = time.monotonic()
    assert refused(fetcher, web.url("/claims-huge.png")) == (
        "it is larger than 5,242,880 bytes. Use a smaller copy"
    )
    assert time.monotonic() - started < 1.5


def test_the_first_asset_address_that_matches_wins(project):
    (project / "images" / "other").mkdir()
    (project / "images" / "other" / "dot.png").write_bytes(b"the other one")
    page = project / "out" / "issue"
    fetcher = fetcher_for(
        project,
        assets={
            "assets/dot.png": project / "images" / "dot.png",
            "dot.png": project / "images" / "other" / "dot.png",
        },
    )
    with closing(fetcher.fetch((page / "assets" / "dot.png").as_uri())) as response:
        assert response.read() == png_pixel()


def test_a_refusal_without_the_fragment_still_names_the_field(project):
    """WeasyPrint asks for the address without its #fragment; the field wrote it with one."""
    from scrnews.fetch import Refusal, refusal_problems
    from scrnews.load import parse_document

    doc = parse_document(
        "introduction: '![a dot](https://elsewhere.example/dot.svg#part)'\n", project / "i.yaml"
    )
    url = "https://elsewhere.example/dot.svg"
    [problem] = refusal_problems(doc, [Refusal(url, "why")], page_url(project))
    assert (problem.key, problem.line) == ("introduction", 1)
