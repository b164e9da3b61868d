"""`scrnews send` against a real SMTP server (aiosmtpd) started by each test on 127.0.0.1, with
STARTTLS and implicit TLS under a certificate authority made by the test (trustme)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import ssl
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from scrnews.build import build_issue
from scrnews.cli import cli

BASE = "https://news.example.org/scb/"
USER, PASSWORD = "editor", "correct horse battery staple"
LOGIN = {"SCRNEWS_SMTP_USER": USER, "SCRNEWS_SMTP_PASSWORD": PASSWORD}
SENDER = "Bradford Safeguarding Children Board <info@bradford-scb.org.uk>"


class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self, refuse=()):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture
def trusted(authority, tmp_path, monkeypatch):
    """The test's certificate authority, trusted the way an editor would: SSL_CERT_FILE."""
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    return path


@pytest.fixture
def server(authority):
    """server(security, refuse=(), login=True) -> (Inbox, port), stopped after the test."""
    running = []

    def start(security: str = "starttls", refuse=(), login: bool = True):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        inbox, port = Inbox(refuse), free_port()
        options = {"authenticator": _authenticator, "auth_required": login} if login else {}
        if security == "tls":
            # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is TLS throughout
            # (and it warns about a required AUTH without STARTTLS: the login is still checked).
            options |= {"ssl_context": context, "auth_require_tls": False, "auth_required": False}
        elif security == "starttls":
            options |= {"tls_context": context, "require_starttls": True}
        else:
            options["auth_require_tls"] = False
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        running.append(controller)
        return inbox, port

    yield start
    for controller in running:
        controller.stop()


@pytest.fixture(scope="module")
def eml(tmp_path_factory) -> bytes:
    """The .eml that `build --format html,pdf,email` writes for issue 2 (it links the PDF)."""
    out = tmp_path_factory.mktemp("eml")
    root = Path(__file__).resolve().parent.parent
    build_issue(root / "issues" / "issue-2.yaml", out, formats=("pdf", "email"), base_url=BASE)
    return (out / "issue-2" / "issue-2.eml").read_bytes()


def send(project, port, *args, env=None, security="starttls"):
    return CliRunner().invoke(
        cli,
        ["send", "issues/issue-2.yaml", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
        + ["--security", security, "--base-url", BASE, "--timeout", "10", *args],
        env=env or {},
    )


def _added_headers(received: bytes, eml: bytes) -> list[str]:
    """The received message is the .eml with headers added above it: their names."""
    assert received.endswith(eml.rstrip(b"\r\n")) or received.endswith(eml)
    prefix = received[: len(received) - len(eml.rstrip(b"\r\n"))]
    return re.findall(rb"(?m)^([A-Za-z-]+):", prefix)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_send_delivers_the_eml_with_login(project, server, trusted, eml, security):
    inbox, port = server(security)
    result = send(project, port, "--to", "me@board.example", env=LOGIN, security=security)
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 1
    sender, recipients, data = inbox.received[0]
    assert (sender, recipients) == ("info@bradford-scb.org.uk", ["me@board.example"])
    assert _added_headers(data, eml) == [b"To", b"Date", b"Message-ID"]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["To"] == "me@board.example" and message["From"] == SENDER
    assert message["Subject"] == "Serious Case Review Newsletter, Issue 2, January 2012"


def test_a_wrong_login_fails_cleanly(project, server, trusted):
    inbox, port = server()
    result = send(
        project, port, "--to", "me@board.example", env={**LOGIN, "SCRNEWS_SMTP_PASSWORD": "no"}
    )
    assert result.exit_code == 1
    assert result.output == (
        f"127.0.0.1:{port} refused the login for editor (535 5.7.8 Authentication credentials "
        "invalid). Check SCRNEWS_SMTP_USER and SCRNEWS_SMTP_PASSWORD; nothing was sent.\n"
        "Error: 1 problem found; nothing was sent.\n"
    )
    assert inbox.received == []


def test_a_closed_port_fails_cleanly(project):
    port = free_port()  # nothing listens there
    result = send(project, port, "--to", "me@board.example")
    assert result.exit_code == 1
    assert result.output == (
        f"cannot connect to 127.0.0.1:{port}: the connection was refused (no mail server "
        "listens there). Check --smtp-host and --smtp-port; nothing was sent.\n"
        "Error: 1 problem found; nothing was sent.\n"
    )


def test_a_rejected_recipient_is_named_and_the_others_still_get_it(project, server, trusted):
    inbox, port = server(refuse={"gone@board.example"})
    result = send(
        project, port, "--to", "gone@board.example", "--to", "me@board.example", env=LOGIN
    )
    assert result.exit_code == 1
    assert result.output == (
        "the server refused the recipient gone@board.example (550 5.1.1 No such mailbox here); "
        "the message went to the other addresses.\n"
        "Error: 1 problem found; it was sent to the other addresses.\n"
    )
    assert [r for _, r, _ in inbox.received] == [["me@board.example"]]


def test_when_every_recipient_is_rejected_nothing_is_sent(project, server, trusted):
    inbox, port = server(refuse={"gone@board.example"})
    result = send(project, port, "--to", "gone@board.example", env=LOGIN)
    assert result.exit_code == 1
    assert "refused the recipient gone@board.example (550 5.1.1 No such mailbox here); " in (
        result.output
    )
    assert result.output.endswith("Error: 1 problem found; nothing was sent.\n")
    assert inbox.received == []


def test_an_untrusted_certificate_is_refused(project, server, monkeypatch, tmp_path):
    inbox, port = server()
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    result = send(project, port, "--to", "me@board.example", env=LOGIN)
    assert result.exit_code == 1
    assert result.output.startswith(
        "the certificate of 127.0.0.1 is not trusted (unable to get local issuer certificate)."
        " If your organisation signs its own certificates, set SSL_CERT_FILE"
    )
    assert inbox.received == []


def test_a_server_without_starttls_is_not_used_unencrypted(project, server):
    inbox, port = server("none", login=False)
    result = send(project, port, "--to", "me@board.example")
    assert result.exit_code == 1
    assert f"127.0.0.1:{port} does not offer STARTTLS" in result.output
    assert inbox.received == []


def test_security_none_sends_to_a_local_relay(project, server, eml):
    inbox, port = server("none", login=False)
    result = send(project, port, "--to", "me@board.example", security="none")
    assert result.exit_code == 0, result.output
    assert _added_headers(inbox.received[0][2], eml) == [b"To", b"Date", b"Message-ID"]


def test_no_password_goes_unencrypted_to_another_machine(project):
    result = CliRunner().invoke(
        cli,
        ["send", "issues/issue-2.yaml", "--to", "me@board.example", "--smtp-host"]
        + ["mail.board.example", "--security", "none", "--base-url", BASE],
        env=LOGIN,
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "logging in to mail.board.example:25 without encryption would send your password as "
        "plain text."
    )


def test_the_login_needs_both_variables(project):
    result = CliRunner().invoke(
        cli,
        ["send", "issues/issue-2.yaml", "--to", "me@board.example", "--smtp-host", "127.0.0.1"],
        env={"SCRNEWS_SMTP_USER": USER, "SCRNEWS_SMTP_PASSWORD": ""},
    )
    assert result.exit_code == 1
    assert result.output.startswith("SCRNEWS_SMTP_USER is set but SCRNEWS_SMTP_PASSWORD is not.")


def test_there_is_no_password_option():
    result = CliRunner().invoke(cli, ["send", "--help"])
    assert "--password" not in result.output and "SCRNEWS_SMTP_PASSWORD" in result.output


def test_from_names_another_sender_and_attach_pdf_adds_the_pdf(project, server, trusted):
    inbox, port = server()
    result = send(
        project,
        port,
        "--to",
        "me@board.example",
        "--from",
        "editor@board.example",
        "--attach-pdf",
        env=LOGIN,
    )
    assert result.exit_code == 0, result.output
    sender, _, data = inbox.received[0]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert sender == "editor@board.example" and message["From"] == "editor@board.example"
    assert len(message.get_all("From")) == 1
    pdf = next(message.iter_attachments())
    assert pdf.get_filename() == "issue-2.pdf" and pdf.get_content().startswith(b"%PDF-")


def test_a_dry_run_says_what_would_be_sent_and_sends_nothing(project):
    result = CliRunner().invoke(
        cli,
        ["send", "issues/issue-2.yaml", "--to", "me@board.example", "--dry-run"]
        + ["--smtp-host", "smtp.board.example", "--base-url", BASE],
        env=LOGIN,
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(
        r'Would send "Serious Case Review Newsletter, Issue 2, January 2012" '
        r"\(text and HTML; [\d,]+ bytes\)",
        lines[0],
    )
    assert lines[1:] == [
        f"  from {SENDER}",
        "  to me@board.example",
        "  through smtp.board.example:587 (STARTTLS, logging in as editor)",
        "Nothing was sent (--dry-run).",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "me.board.example"], "Invalid value for '--to': 'me.board.example' is not an"),
        (["--to", "me@board.example"], "name the mail server with --smtp-host"),
        ([], "Missing option '--to'"),
    ],
)
def test_usage_mistakes_exit_2(project, args, message):
    result = CliRunner().invoke(cli, ["send", "issues/issue-2.yaml", *args], env={})
    assert result.exit_code == 2
    assert message in result.output
