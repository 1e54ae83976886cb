"""The SMTP password: kept by the system keyring, never in the database, the settings or the logs.

Without a usable keyring (a headless machine, no Secret Service), the password is not stored at all:
it comes from $COMPTOIR_SMTP_PASSWORD, or is kept in this process's memory for the session only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _

SERVICE = "comptoir-smtp"
ENVIRONMENT = "COMPTOIR_SMTP_PASSWORD"
log = logging.getLogger(__name__)

_session: dict[str, str] = {}
_lock = threading.Lock()


def account(host: str, user: str) -> str:
    """The keyring entry's name: one password per user and server."""
    return f"{user}@{host}"


def smtp_password(host: str, user: str) -> str | None:
    """The password to log in with: the environment, then this session's, then the keyring's."""
    from_env = os.environ.get(ENVIRONMENT)
    if from_env:
        return from_env
    name = account(host, user)
    with _lock:
        if name in _session:
            return _session[name]
    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError:
        log.info("no usable keyring; the SMTP password must be given each session")
        return None
    except RuntimeError:
        return None


def keyring_available() -> bool:
    """True when passwords can be kept by the system's keyring."""
    try:
        backend = keyring.get_keyring()
    except (KeyringError, RuntimeError):
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def store_smtp_password(host: str, user: str, password: str, remember: bool = True) -> bool:
    """Keep the password: in the keyring when `remember` and one is available (True), else for this session
    only (False). An empty password forgets it."""
    name = account(host, user)
    if not password:
        forget_smtp_password(host, user)
        return True
    if remember:
        try:
            keyring.set_password(SERVICE, name, password)
            with _lock:
                _session.pop(name, None)
            return True
        except (KeyringError, RuntimeError):
            log.info("no usable keyring; the SMTP password is kept for this session only")
    with _lock:
        _session[name] = password
    return False


def forget_smtp_password(host: str, user: str) -> None:
    name = account(host, user)
    with _lock:
        _session.pop(name, None)
    with contextlib.suppress(PasswordDeleteError, KeyringError, RuntimeError):
        keyring.delete_password(SERVICE, name)


def require_password(host: str, user: str) -> str:
    """The password, or a sentence saying where to give it."""
    password = smtp_password(host, user)
    if password is None:
        raise DomainError(_("No password is known for {account}: enter it in the e-mail settings (it is kept "
                            "in the system keyring) or set {variable}.").format(account=account(host, user),
                                                                              variable=ENVIRONMENT))
    return password
