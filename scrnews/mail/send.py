"""Send the email edition to a few addresses over SMTP: proofs for the editor, not a mailing list.

The connection is encrypted (STARTTLS, or TLS from the first byte on port 465) unless asked
otherwise; the login comes from the environment only (SCRNEWS_SMTP_USER and
SCRNEWS_SMTP_PASSWORD), never from the command line, where other users of the machine and the
shell's history would see it. Every failure becomes a SendError saying what to change.
"""

from __future__ import annotations

import ipaddress
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ..errors import Problem, ScrnewsError

USER_VARIABLE = "SCRNEWS_SMTP_USER"
PASSWORD_VARIABLE = "SCRNEWS_SMTP_PASSWORD"
#: How the connection is made secure, and the port each uses unless told another.
SECURITY = {"starttls": 587, "tls": 465, "none": 25}


class SendError(ScrnewsError):
    """The message could not be sent (or not to everyone)."""


@dataclass(frozen=True)
class Server:
    """Where and how to hand the message over."""

    host: str
    port: int | None = None
    security: str = "starttls"
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or SECURITY[self.security]}"

    def describe(self) -> str:
        """'smtp.example.org:587 (STARTTLS, logging in as jo)'."""
        how = {"starttls": "STARTTLS", "tls": "TLS", "none": "not encrypted"}[self.security]
        login = f", logging in as {self.user}" if self.user else ", without logging in"
        return f"{self.address} ({how}{login})"


def login_from(environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The user and password in SCRNEWS_SMTP_USER and SCRNEWS_SMTP_PASSWORD (both or neither)."""
    user, password = environ.get(USER_VARIABLE) or None, environ.get(PASSWORD_VARIABLE) or None
    if bool(user) != bool(password):
        have, missing = (
            (USER_VARIABLE, PASSWORD_VARIABLE) if user else (PASSWORD_VARIABLE, USER_VARIABLE)
        )
        raise SendError(
            f"{have} is set but {missing} is not. Set both to log in to the mail server, "
            "or neither to send without logging in."
        )
    return user, password


def envelope(message: bytes, sender: str, to: Sequence[str], *, date=None) -> bytes:
    """The message as sent: From (when the .eml has none, or --from names another), To, Date
    and a Message-ID above its own headers; everything else is the .eml, byte for byte."""
    from email.policy import SMTP
    from email.utils import parseaddr

    head, _, body = message.partition(b"\r\n\r\n")
    fields = _fields(head)
    own = [raw for name, raw in fields if name.lower() == b"from"]
    if own and _address(own[0]) != parseaddr(sender)[1].lower():
        fields = [(name, raw) for name, raw in fields if name.lower() != b"from"]
        own = []
    added = EmailMessage(policy=SMTP)
    if not own:
        added["From"] = sender
    added["To"] = ", ".join(to)
    added["Date"] = format_datetime(date or _now())
    added["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    extra = bytes(added).partition(b"\r\n\r\n")[0] + b"\r\n"
    return extra + b"".join(raw for _, raw in fields) + b"\r\n" + body


def _now():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc)


def _fields(head: bytes) -> list[tuple[bytes, bytes]]:
    """Each header of head as (name, its bytes with its folded lines and line ends)."""
    fields: list[tuple[bytes, bytes]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            name, raw = fields[-1]
            fields[-1] = (name, raw + line + b"\r\n")
        else:
            fields.append((line.split(b":", 1)[0].strip(), line + b"\r\n"))
    return fields


def _address(raw: bytes) -> str:
    from email.parser import BytesHeaderParser
    from email.utils import parseaddr

    value = BytesHeaderParser().parsebytes(raw + b"\r\n").get("From", "")
    return parseaddr(str(value))[1].lower()


def send(message: bytes, sender: str, to: Sequence[str], server: Server) -> None:
    """Hand the message to the server for each address in to; raise SendError on any failure."""
    data = envelope(message, sender, to)
    try:
        with _connect(server) as smtp:
            if server.user and server.password:
                _login(smtp, server)
            refused = smtp.sendmail(sender, list(to), data)
    except SendError:
        raise
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError(_refusals(error.recipients, sent=False)) from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(
            f"{server.address} refused the sender {sender} ({_reply(error)}). Send with --from "
            "and an address this server lets you send as; nothing was sent."
        ) from None
    except smtplib.SMTPDataError as error:
        raise SendError(
            f"{server.address} refused the message ({_reply(error)}); nothing was sent."
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(_connection_problem(error, server)) from None
    if refused:
        raise SendError(_refusals(refused, sent=True))


def _connect(server: Server) -> smtplib.SMTP:
    port = server.port or SECURITY[server.security]
    if server.user and server.security == "none" and not _loopback(server.host):
        raise SendError(
            f"logging in to {server.address} without encryption would send your password as "
            "plain text. Use --security starttls (port 587) or --security tls (port 465)."
        )
    context = ssl.create_default_context()  # trusts SSL_CERT_FILE when it is set
    if server.security == "tls":
        return smtplib.SMTP_SSL(server.host, port, timeout=server.timeout, context=context)
    smtp = smtplib.SMTP(server.host, port, timeout=server.timeout)
    if server.security == "starttls":
        try:
            smtp.starttls(context=context)
        except smtplib.SMTPNotSupportedError:
            smtp.close()
            raise SendError(
                f"{server.address} does not offer STARTTLS, so the message would travel "
                "unencrypted. Use --security tls with the server's TLS port (often 465), or "
                "--security none only for a server on this machine."
            ) from None
        except BaseException:
            smtp.close()
            raise
    return smtp


def _login(smtp: smtplib.SMTP, server: Server) -> None:
    try:
        smtp.login(server.user or "", server.password or "")
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(
            f"{server.address} refused the login for {server.user} ({_reply(error)}). Check "
            f"{USER_VARIABLE} and {PASSWORD_VARIABLE}; nothing was sent."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise SendError(
            f"{server.address} does not take a login. Unset {USER_VARIABLE} and "
            f"{PASSWORD_VARIABLE} to send without one; nothing was sent."
        ) from None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{error.smtp_code} {' '.join(str(text).split())}"


def _refusals(refused: Mapping[str, tuple[int, bytes]], *, sent: bool) -> list[Problem]:
    after = (
        "the message went to the other addresses" if sent else "nothing was sent. Check the address"
    )
    return [
        Problem(
            "",
            None,
            None,
            "",
            f"the server refused the recipient {address} "
            f"({code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}); "
            f"{after}.",
        )
        for address, (code, reply) in refused.items()
    ]


def _connection_problem(error: BaseException, server: Server) -> str:
    where = server.address
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            f"the certificate of {server.host} is not trusted ({error.verify_message}). If your "
            "organisation signs its own certificates, set SSL_CERT_FILE to its certificate "
            "authority's file; nothing was sent."
        )
    if isinstance(error, ssl.SSLError):
        return (
            f"TLS with {where} failed ({error.reason or error}). Port 465 usually takes "
            "--security tls and port 587 --security starttls; nothing was sent."
        )
    if isinstance(error, ConnectionRefusedError):
        return (
            f"cannot connect to {where}: the connection was refused (no mail server listens "
            "there). Check --smtp-host and --smtp-port; nothing was sent."
        )
    if isinstance(error, socket.gaierror):
        return f"cannot find the mail server {server.host!r} ({error.strerror}). Check --smtp-host."
    if isinstance(error, TimeoutError | socket.timeout):
        return (
            f"{where} did not answer within {server.timeout:g} seconds. Check --smtp-host and "
            "--smtp-port, and that your network lets you reach it; nothing was sent."
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return (
            f"{where} closed the connection ({error}). If it expects TLS from the start, use "
            "--security tls; nothing was sent."
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{where} answered {_reply(error)}; nothing was sent."
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"cannot send through {where}: {reason}; nothing was sent."
