"""Talking to the shop's SMTP server: settings, one session, and what each refusal means for a retry.

A message is handed over in three steps (MAIL, RCPT, DATA). A failure before DATA means the server has
nothing: it can be tried again. A refusal of DATA means it has nothing either. But a connection lost
while DATA is under way may come after the server took the message: that message is "unsure" and is
never sent again without the user's say.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _
from desktop_app.services.company import all_settings, set_settings, show_company
from desktop_app.services.secrets import require_password, smtp_password, store_smtp_password
from desktop_app.store.database import Database

TIMEOUT = 30   # seconds per network step


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    security: str          # starttls | ssl | none
    user: str
    sender: str            # the From address
    sender_name: str


def smtp_config(db: Database) -> SmtpConfig:
    """The SMTP settings; the sender is smtp.from, else the company's e-mail address."""
    settings = all_settings(db)
    company = show_company(db)
    return SmtpConfig(str(settings["smtp.host"]).strip(), int(settings["smtp.port"]), str(settings["smtp.security"]),
                      str(settings["smtp.user"]).strip(), str(settings["smtp.from"]).strip() or company.email.strip(),
                      company.name)


def save_smtp_settings(db: Database, host: str, port: str, security: str, user: str, sender: str,
                       password: str | None = None, remember: bool = True) -> bool | None:
    """Save the server settings; a given password goes to the keyring (True), or is kept for this session
    only when no keyring is available (False). None when no password was given."""
    set_settings(db, {"smtp.host": host, "smtp.port": port, "smtp.security": security, "smtp.user": user,
                      "smtp.from": sender})
    if password is None:
        return None
    return store_smtp_password(host.strip(), user.strip(), password, remember)


class SendFailure(Exception):
    """A message did not go out. `outcome`: retry (later), refused (for good) or unsure (may have gone)."""

    def __init__(self, message: str, outcome: str = "retry") -> None:
        super().__init__(message)
        self.outcome = outcome


class Transport(Protocol):
    def send(self, sender: str, recipients: Sequence[str], message: bytes) -> None: ...

    def close(self) -> None: ...


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {words}".strip()


def _refusal(code: int, text: bytes | str, what: str) -> SendFailure:
    outcome = "refused" if 500 <= code < 600 else "retry"
    return SendFailure(_("The server refused {what}: {reply}").format(what=what, reply=_reply(code, text)), outcome)


class SmtpTransport:
    """One logged-in SMTP session."""

    def __init__(self, config: SmtpConfig, password: str | None) -> None:
        if not config.host:
            raise SendFailure(_("No SMTP server is set: fill in the e-mail settings."))
        try:
            self.smtp = self._connect(config)
            if config.user:
                _login(self.smtp, config.user, password or "")
        except smtplib.SMTPAuthenticationError as error:
            self.close()
            raise SendFailure(_("The server refused the user name or password: {reply}").format(
                reply=_reply(error.smtp_code, error.smtp_error))) from None
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise SendFailure(_("Cannot reach the SMTP server {host}:{port}: {error}").format(
                host=config.host, port=config.port, error=error or type(error).__name__)) from None

    def _connect(self, config: SmtpConfig) -> smtplib.SMTP:
        self.smtp: smtplib.SMTP | None = None
        context = ssl.create_default_context()
        if config.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
        self.smtp = smtp
        smtp.ehlo()
        if config.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        return smtp

    def send(self, sender: str, recipients: Sequence[str], message: bytes) -> None:
        smtp = self.smtp
        assert smtp is not None
        try:
            code, text = smtp.mail(sender)
            if code != 250:
                raise _refusal(code, text, _("the sender {address}").format(address=sender))
            for recipient in recipients:
                code, text = smtp.rcpt(recipient)
                if code not in (250, 251):
                    smtp.rset()
                    raise _refusal(code, text, _("the recipient {address}").format(address=recipient))
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailure(_("The connection failed before sending: {error}").format(error=error)) from None
        try:
            code, text = smtp.data(message)
        except smtplib.SMTPDataError as error:
            raise _refusal(error.smtp_code, error.smtp_error, _("the message")) from None
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailure(_("The connection broke while the message was being handed over: {error}").format(
                error=error or type(error).__name__), "unsure") from None
        if code != 250:
            raise _refusal(code, text, _("the message"))

    def close(self) -> None:
        smtp, self.smtp = getattr(self, "smtp", None), None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; smtplib encodes credentials as ASCII, so others go by hand as UTF-8 (RFC 4616 PLAIN, or LOGIN)."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    methods = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in methods:
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
        code, text = smtp.docmd("AUTH", "PLAIN " + token)
    else:
        code, text = smtp.docmd("AUTH", "LOGIN " + base64.b64encode(user.encode()).decode())
        if code == 334:
            code, text = smtp.docmd(base64.b64encode(password.encode()).decode())
    if code not in (235, 503):       # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, text)


def open_transport(db: Database) -> Transport:
    """A session with the shop's server, logged in with the password from the keyring."""
    config = smtp_config(db)
    if not config.host:
        raise SendFailure(_("No SMTP server is set: fill in the e-mail settings."))
    try:
        password = require_password(config.host, config.user) if config.user else None
    except DomainError as missing:
        raise SendFailure(str(missing)) from None
    return SmtpTransport(config, password)


def setup_problem(db: Database) -> str:
    """What keeps e-mails from going out, in words; empty when the settings are complete."""
    config = smtp_config(db)
    if not config.host:
        return _("No SMTP server is set: fill in the e-mail settings on the Company screen.")
    if not config.sender:
        return _("No sender address: set the sender (smtp.from) or the company's e-mail address.")
    return ""


def needs_password(db: Database) -> bool:
    """True when the server wants a login and no password is known (no keyring entry, none this session)."""
    config = smtp_config(db)
    return bool(config.host and config.user) and smtp_password(config.host, config.user) is None


def check_sender(config: SmtpConfig) -> str:
    if not config.sender:
        raise DomainError(_("No sender address: set the sender (smtp.from) or the company's e-mail address."))
    return config.sender


def host_name() -> str:
    """This machine's name, for the test e-mail's text."""
    return socket.gethostname()
