"""The hash chain detects any change, removal or reordering."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.journal import GENESIS, ChainEntry, canonical, chain_hash, first_break


def _chain(payloads: list[str]) -> list[ChainEntry]:
    entries, previous = [], GENESIS
    for seq, payload in enumerate(payloads, start=1):
        digest = chain_hash(previous, seq, "invoice_issued", payload)
        entries.append(ChainEntry(seq, "invoice_issued", payload, previous, digest))
        previous = digest
    return entries


@given(st.lists(st.text(max_size=20), min_size=2, max_size=20), st.data())
def test_any_tampering_is_found_at_its_entry(payloads, data):
    entries = _chain(payloads)
    assert first_break(entries) is None
    victim = data.draw(st.integers(0, len(entries) - 1))
    tampered = list(entries)
    tampered[victim] = replace(entries[victim], payload=entries[victim].payload + "x")
    found = first_break(tampered)
    assert found is not None and found.seq == victim + 1
    removed = entries[:victim] + entries[victim + 1:]
    if victim < len(entries) - 1:
        found = first_break(removed)
        assert found is not None and found.seq == victim + 1


def test_canonical_json_is_stable():
    from decimal import Decimal

    assert canonical({"b": Decimal("1.50"), "a": "é"}) == '{"a":"é","b":"1.50"}'
