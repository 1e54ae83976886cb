"""A real SMTP server on 127.0.0.1 (aiosmtpd), started by a test on a free port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]


@dataclass
class Mailbox:
    """What the server received, and the logins it saw."""

    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)      # recipients answered "550 no such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # aiosmtpd's hook
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook name
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(port: int | None = None, password: str | None = None) -> Iterator[Mailbox]:
    """Serve SMTP on 127.0.0.1 until the block ends; with `password`, logins must give it."""
    mailbox = Mailbox(port=port or free_port())

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, secret = auth_data.login.decode(), auth_data.password.decode()
        mailbox.logins.append((login, secret))
        return AuthResult(success=secret == password)

    options = {"authenticator": authenticate, "auth_require_tls": False} if password is not None else {}
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port, **options)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
