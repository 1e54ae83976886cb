"""The company profile and the settings: load and save as domain values."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.parties import COMPANY_KEYS, Company
from desktop_app.store.records import CompanyRecord, SettingRecord

COMPANY_ID = 1


def load_company(session: Session) -> Company:
    """The company profile; an empty one before the first-run wizard has filled it."""
    record = session.get(CompanyRecord, COMPANY_ID)
    if record is None:
        return Company()
    return Company(**{key: getattr(record, key) for key in COMPANY_KEYS})


def save_company(session: Session, company: Company) -> None:
    record = session.get(CompanyRecord, COMPANY_ID)
    if record is None:
        record = CompanyRecord(id=COMPANY_ID)
        session.add(record)
    for key, value in asdict(company).items():
        setattr(record, key, value)


def load_settings(session: Session) -> dict[str, Any]:
    """Every stored setting (only those changed from their defaults are stored)."""
    return {row.key: json.loads(row.value) for row in session.scalars(select(SettingRecord))}


def save_setting(session: Session, key: str, value: Any) -> None:
    record = session.get(SettingRecord, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if record is None:
        session.add(SettingRecord(key=key, value=encoded))
    else:
        record.value = encoded
