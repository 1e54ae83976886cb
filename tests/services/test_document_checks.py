"""verify reads a million documents' values as the text SQLite holds: the fingerprints it computes from
them are those of `store.fingerprint` on the values read as Python objects, which issuing stored."""

from __future__ import annotations

import pytest

from desktop_app.services.document_checks import bytes_fingerprint, document_problem
from desktop_app.store.fingerprint import fingerprint
from desktop_app.store.integrity import raw_documents

pytestmark = pytest.mark.sqlite_only


def test_fingerprints_of_values_read_as_text_are_those_stored(demo_db):
    with demo_db.reading() as session:
        native = list(raw_documents(session))
        dbapi = session.connection().connection.dbapi_connection
        dbapi.text_factory = bytes
        try:
            as_text = list(raw_documents(session, batch=7, as_text=True))
        finally:
            dbapi.text_factory = str
    assert len(native) == len(as_text) > 50
    assert any(doc.adjustments for doc in native) and any(len(doc.vat_rows) > 1 for doc in native)
    for plain, text in zip(native, as_text):
        assert all(value.__class__ is bytes for row in (text.header, *text.lines, *text.adjustments,
                                                         *text.vat_rows) for value in row)
        digest = fingerprint(plain.header, plain.lines, plain.adjustments, plain.vat_rows)
        assert bytes_fingerprint(text.header, text.lines, text.adjustments, text.vat_rows) == digest
        assert digest == plain.content_hash
        assert document_problem(plain) is None and document_problem(text, as_bytes=True) is None
