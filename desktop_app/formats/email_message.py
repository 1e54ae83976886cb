"""E-mails as RFC 5322 bytes (standard library `email`), complete with their attachments.

The bytes made here are what the outbox stores, what SMTP sends and what an .eml export holds, so
one message is exactly the same wherever it goes. Everything is 7-bit clean (encoded words in
headers, quoted-printable text, base64 attachments), so any SMTP server takes it unchanged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr

# CRLF line ends as on the wire; lines folded at 78 characters.
WIRE = policy.SMTP.clone(cte_type="7bit")


class AddressError(ValueError):
    """An e-mail address that cannot be used."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    sender: str                        # address only
    sender_name: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    language: str = "fr"
    recipient_name: str = ""
    attachments: tuple[Attachment, ...] = ()
    reply_to: str = ""


def _address(email: str, name: str = "") -> Address:
    plain = email.strip()
    _real, parsed = parseaddr(plain)
    if not parsed or parsed != plain or not parsed.isascii() or any(ch.isspace() for ch in parsed):
        raise AddressError(plain)
    local, _at, domain = parsed.rpartition("@")
    if not local or not domain or "." not in domain.strip("."):
        raise AddressError(plain)
    return Address(display_name=header_text(name), username=local, domain=domain)


def header_text(text: str) -> str:
    """Text for one header line: every control or line-breaking character becomes a space, so nothing in a
    name or subject can end the header and start another (header injection)."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text).strip()


def check_address(email: str) -> str:
    """The address, stripped; AddressError when it is not one mailbox address."""
    _address(email)
    return email.strip()


def new_message_id(sender: str) -> str:
    """A unique Message-ID on the sender's domain: it identifies the message across retries."""
    domain = sender.rpartition("@")[2] or "comptoir.invalid"
    return make_msgid(domain=domain)


def build_message(mail: OutgoingMail, message_id: str, written_at: datetime) -> bytes:
    """The complete message: headers, text body, attachments."""
    message = EmailMessage(policy=WIRE)
    message["From"] = _address(mail.sender, mail.sender_name)
    message["To"] = [_address(to, mail.recipient_name if len(mail.recipients) == 1 else "")
                     for to in mail.recipients]
    if mail.reply_to:
        message["Reply-To"] = _address(mail.reply_to)
    message["Subject"] = header_text(mail.subject)
    message["Date"] = format_datetime(written_at)
    message["Message-ID"] = message_id
    message.set_content(mail.body, charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = mail.language     # moves to the text part once attachments are added
    for attachment in mail.attachments:
        maintype, _slash, subtype = attachment.mime_type.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.filename)
    return message.as_bytes(policy=WIRE)


def read_message(data: bytes) -> EmailMessage:
    """A stored message parsed back (for tests, exports and the outbox view)."""
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)
    return parsed


def envelope(data: bytes) -> tuple[str, list[str]]:
    """(sender, recipients) of a stored message, from its From, To and Cc headers."""
    message = read_message(data)
    sender = parseaddr(str(message.get("From", "")))[1]
    recipients = [address for _name, address in getaddresses(
        [str(value) for value in message.get_all("To", []) + message.get_all("Cc", [])]) if address]
    return sender, recipients
