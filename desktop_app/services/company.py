"""The company profile and the shop's settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.errors import InvalidValue, ValidationFailed
from desktop_app.domain.parties import Company, company_problems, missing_company_mentions, update_company
from desktop_app.domain.settings import SETTINGS, check_setting
from desktop_app.store.company import load_company, load_settings, save_company, save_setting
from desktop_app.store.database import Database


def show_company(db: Database) -> Company:
    """The company profile as stored."""
    with db.reading() as session:
        return load_company(session)


def check_company(company: Company) -> dict[str, str]:
    """Field problems of a company profile being edited (live validation in forms)."""
    return company_problems(company)[1]


def set_company(db: Database, changes: Mapping[str, str]) -> Company:
    """Change fields of the company profile; every value is checked before anything is saved."""
    with db.transaction() as session:
        company = update_company(load_company(session), changes)
        cleaned, problems = company_problems(company)
        if problems:
            raise ValidationFailed(problems)
        save_company(session, cleaned)
        return cleaned


def missing_mentions(db: Database) -> list[str]:
    """Mandatory seller mentions still missing before any invoice can be issued."""
    return missing_company_mentions(show_company(db))


def is_configured(db: Database) -> bool:
    """True once the company identity is complete enough to invoice (the first-run wizard is done)."""
    return not missing_mentions(db)


def all_settings(db: Database) -> dict[str, Any]:
    """Every setting with its value (the default where none was saved)."""
    with db.reading() as session:
        stored = load_settings(session)
    return {key: stored.get(key, setting.default) for key, setting in SETTINGS.items()}


def setting(db: Database, key: str) -> Any:
    return all_settings(db)[key]


def set_settings(db: Database, changes: Mapping[str, str]) -> dict[str, Any]:
    """Change settings; all are checked first, and none is saved if one is wrong."""
    checked: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, value in changes.items():
        try:
            checked[key] = check_setting(key, value)
        except InvalidValue as error:
            problems[key] = error.message
    if problems:
        raise ValidationFailed(problems)
    with db.transaction() as session:
        for key, value in checked.items():
            save_setting(session, key, value)
    return all_settings(db)
