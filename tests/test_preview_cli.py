"""`scrnews preview` on the command line: options, port 0, port in use, --host warning, Ctrl-C."""

from __future__ import annotations

import errno
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scrnews.cli import cli

URL = re.compile(r"at (http://127\.0\.0\.1:(\d+)/) \(press Ctrl-C to stop\)")


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen, str, int, list[str]]:
    """Run `scrnews preview ARGS` in a subprocess; wait (bounded) for the line naming its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scrnews", "preview", *args],
        cwd=cwd,
        stderr=subprocess.PIPE,
        text=True,
        # On SIGABRT, print every thread's stack (see stop): what held a stop that never came.
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        # As from a terminal: a shell without job control starts background commands (a CI
        # step's, `make test &`) with Ctrl-C ignored, the child inherits that, and Python
        # then installs no KeyboardInterrupt handler (the failure seen in fresh-clone runs).
        preexec_fn=_ctrl_c_as_from_a_terminal,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if match := URL.search(line):
            return process, match[1], int(match[2]), lines
    process.kill()
    process.communicate()
    raise AssertionError("no URL printed:\n" + "".join(lines))


def _ctrl_c_as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    try:
        _, rest = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)  # faulthandler prints where each thread is
        try:
            _, rest = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _, rest = process.communicate()
        raise AssertionError(f"the preview did not stop within 60 s of Ctrl-C:\n{rest}") from None
    return process.returncode, rest


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = conn.getresponse()
    result = response.status, response.read()
    conn.close()
    return result


def test_port_0_prints_url_serves_and_ctrl_c_stops_cleanly(project):
    process, url, port, lines = start(["issues/issue-2.yaml", "--port", "0"], project)
    assert port != 0 and url == f"http://127.0.0.1:{port}/"
    status, body = get(port, "/issue-2/")
    assert status == 200 and b"Serious Case Review Newsletter" in body
    assert not any("warning:" in line for line in lines)
    code, rest = stop(process)
    assert code == 0, rest
    assert "Traceback" not in rest and "preview stopped" in rest


def test_wildcard_host_warns_and_still_checks_host_header(project):
    process, _, port, lines = start(
        ["issues/issue-2.yaml", "--port", "0", "--host", "0.0.0.0"], project
    )
    try:
        assert any("warning: serving on every network interface" in line for line in lines)
        assert get(port, "/issue-2/", host=f"evil.example:{port}")[0] == 421
        assert get(port, "/issue-2/")[0] == 200
    finally:
        code, rest = stop(process)
    assert code == 0 and "Traceback" not in rest


def test_port_in_use_is_a_clear_error(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["preview", "issues/issue-2.yaml", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (
        f"port {port} on 127.0.0.1 is already in use (is another preview running?). Stop the other "
        f"program, or choose another port: `--port {port + 1}`, or `--port 0` to pick a free one.\n"
        "Error: 1 problem found; the preview did not start.\n"
    )


def test_bad_host_is_a_clear_error(project):
    result = CliRunner().invoke(
        cli, ["preview", "issues/issue-2.yaml", "--port", "0", "--host", "no-such-host.invalid"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("cannot serve on no-such-host.invalid port 0: ")
    assert (
        "Check the --host address.\nError: 1 problem found; the preview did not start.\n"
        in result.output
    )


def test_port_not_allowed_message():
    from scrnews.preview.server import _bind_message

    message = _bind_message("127.0.0.1", 80, OSError(errno.EACCES, "Permission denied"))
    assert message == (
        "not allowed to use port 80 on 127.0.0.1; choose a port above 1023, such as `--port 8000`."
    )


def test_no_issues_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["preview", "--port", "0"])
    assert result.exit_code == 1
    assert result.output == (
        "there is no issues/ folder here; name an issue file, such as "
        "`scrnews preview issues/issue-2.yaml`.\n"
        "Error: 1 problem found; the preview did not start.\n"
    )


def test_missing_file_is_a_usage_error(project):
    result = CliRunner().invoke(cli, ["preview", "issues/nope.yaml"])
    assert result.exit_code == 2 and "'issues/nope.yaml' does not exist" in result.output


def test_options_map_to_run_preview(project, monkeypatch):
    import scrnews.preview

    seen = {}
    monkeypatch.setattr(
        scrnews.preview, "run_preview", lambda paths, **kw: seen.update(paths=paths, **kw)
    )
    (project / "board").mkdir()
    result = CliRunner().invoke(
        cli,
        ["preview", "issues/issue-2.yaml", "-p", "8123", "--host", "::1", "-t", "board", "--open"],
    )
    assert result.exit_code == 0, result.output
    assert seen == {
        "paths": (Path("issues/issue-2.yaml"),),
        "host": "::1",
        "port": 8123,
        "templates": (Path("board"),),
        "open_browser": True,
    }
    result = CliRunner().invoke(cli, ["preview"])
    assert seen == {
        "paths": (),
        "host": "127.0.0.1",
        "port": 8000,
        "templates": (),
        "open_browser": False,
    }


def test_reload_script_is_absent_from_built_output(project):
    from scrnews.preview import start_preview

    result = CliRunner().invoke(cli, ["build", "issues/issue-2.yaml", "-f", "html", "-o", "out"])
    assert result.exit_code == 0, result.output
    built = (project / "out" / "issue-2" / "index.html").read_text(encoding="utf-8")
    preview = start_preview([project / "issues" / "issue-2.yaml"], port=0, warm_pdf=False)
    try:
        preview.serve_in_thread()
        shown = get(preview.server.port, "/issue-2/")[1].decode()
    finally:
        preview.close()
    assert "/__scrnews__/reload.js" in shown  # the check below can fail
    for marker in ("__scrnews__", "scrnews-overlay", "EventSource"):
        assert marker not in built


def test_help_does_not_import_the_server():
    code = (
        "import sys; from click.testing import CliRunner; from scrnews.cli import cli; "
        "CliRunner().invoke(cli, ['preview', '--help']); "
        "print(sorted(m for m in ('http.server', 'watchfiles', 'weasyprint') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    ).stdout
    assert out.strip() == "[]"


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch):
    monkeypatch.setattr("webbrowser.open", lambda url: pytest.fail(f"opened a browser at {url}"))


def test_missing_watchfiles_is_a_clear_error(project, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import watchfiles now fails
    result = CliRunner().invoke(cli, ["preview", "issues/issue-2.yaml", "--port", "0"])
    assert result.exit_code == 1
    assert result.output == (
        "the preview needs the watchfiles package; install it with "
        "`pip install 'scrnews[preview]'`.\n"
        "Error: 1 problem found; the preview did not start.\n"
    )
