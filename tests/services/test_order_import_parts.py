"""A large import read in parts (in parallel) gives exactly what reading it in one go gives."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.formats.problems import FileRefused
from desktop_app.services import demo, order_import_workers
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.order_import import Parallelism, import_orders, preview_import
from desktop_app.services.order_import_staged import part_shares
from desktop_app.store.database import Database
from tests.conftest import FIXTURES

ORDERS = FIXTURES / "orders" / "shopify"
TABLES = ("customers", "products", "orders", "order_lines", "order_tax_lines", "order_refunds")
IN_ONE_GO = Parallelism(workers=0, min_bytes=10 ** 12)
HERE_IN_PARTS = Parallelism(workers=0, parts_per_worker=5, min_bytes=0)     # 5 parts, read in this process
WORKERS = Parallelism(workers=2, parts_per_worker=2, min_bytes=0)           # 4 parts, 2 worker processes


def contents(db: Database) -> dict[str, str]:
    """Row count and checksum of each table, without the moments rows were written."""
    found = {}
    with db.engine.connect() as connection:
        for table in TABLES:
            columns = [row[1] for row in connection.execute(text(f"PRAGMA table_info({table})"))
                       if row[1] not in ("created_at", "updated_at")]
            rows = [tuple(r) for r in connection.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1"))]
            found[table] = f"{len(rows)}:{hashlib.sha256(repr(rows).encode()).hexdigest()}"
        found["search"] = repr(connection.execute(text(
            "SELECT rowid FROM orders_fts WHERE orders_fts MATCH 'bernard* OR lee*' ORDER BY rowid")).fetchall())
    return found


def shop(tmp_path: Path, name: str) -> Database:
    return open_database(tmp_path / f"{name}.db")


def generated(tmp_path: Path, count: int, seed: int = 3, first: int = 50000) -> Path:
    rng = random.Random(seed)
    people = [b for b in demo.buyers(rng) if not b.business]
    orders = [replace(o, shop="shopify", reference=f"#{first + n}")
              for n, o in enumerate(demo.orders(rng, people, date(2026, 11, 28), count=count))]
    path = tmp_path / f"orders_{seed}_{first}.csv"
    path.write_bytes(write_shopify_csv(orders))
    return path


def assert_read_in_parts_as_in_one_go(tmp_path: Path, export: Path, count: int) -> None:
    one, parts = shop(tmp_path, "one"), shop(tmp_path, "parts")
    expected = run_job(import_orders(one, [export], parallelism=IN_ONE_GO))
    summary = run_job(import_orders(parts, [export], parallelism=HERE_IN_PARTS))
    assert summary.as_json() == expected.as_json() and summary.orders_imported == count
    assert contents(parts) == contents(one)


def repeated(source: Path, copies: int, target: Path, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A fixture's orders again and again under new names, written as the fixture is."""
    rows = list(csv.reader(io.StringIO(source.read_bytes().decode(encoding), newline=""), delimiter=delimiter))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for copy in range(copies):
        writer.writerows([[f"{row[0]}-{copy}", *row[1:]] for row in body])
    target.write_bytes(out.getvalue().encode(encoding))
    return target


@pytest.mark.parametrize("parallelism", [HERE_IN_PARTS, WORKERS], ids=["in-parts", "workers"])
def test_parts_give_what_one_go_gives_and_count_the_same(tmp_path, parallelism):
    export = generated(tmp_path, 1500)
    one, parts = shop(tmp_path, "one"), shop(tmp_path, "parts")
    expected = run_job(import_orders(one, [export], parallelism=IN_ONE_GO))
    summary = run_job(import_orders(parts, [export], parallelism=parallelism))
    assert summary.as_json() == expected.as_json()
    assert summary.orders_imported == 1500
    assert contents(parts) == contents(one)
    again = run_job(import_orders(parts, [export], parallelism=parallelism))
    assert again.orders_skipped == 1500 and again.orders_imported == again.customers_created == 0
    assert contents(parts) == contents(one)


def test_overlapping_exports_changed_and_invoiced_orders_in_parts(tmp_path):
    first, overlapping = generated(tmp_path, 900), generated(tmp_path, 900, seed=4, first=50600)
    one, parts = shop(tmp_path, "one"), shop(tmp_path, "parts")
    for db, parallelism in ((one, IN_ONE_GO), (parts, HERE_IN_PARTS)):
        run_job(import_orders(db, [first], parallelism=parallelism))
        run_job(draft_from_orders(db, ["#50700"]))      # invoiced: its newer export must not touch it
    later = [run_job(import_orders(db, [overlapping], parallelism=parallelism)).as_json()
             for db, parallelism in ((one, IN_ONE_GO), (parts, HERE_IN_PARTS))]
    assert later[0] == later[1]
    assert later[1]["orders_updated"] == 299 and later[1]["invoiced_orders_changed"] == ["#50700"]
    assert contents(parts) == contents(one)
    # Both at once: the file read last gives the orders they share.
    both = [run_job(import_orders(db, [overlapping, first], parallelism=parallelism)).as_json()
            for db, parallelism in ((one, IN_ONE_GO), (parts, HERE_IN_PARTS))]
    assert both[0] == both[1] and both[1]["orders_updated"] == 299
    assert contents(parts) == contents(one)


def test_a_bad_row_in_a_later_part_is_named_at_its_line_and_nothing_is_written(tmp_path):
    export = generated(tmp_path, 1200)
    lines = export.read_bytes().split(b"\n")
    at = int(len(lines) * 0.8)
    header = lines[0].decode().split(",")
    total = header.index("Total")
    while not lines[at].decode().split(",")[total:total + 1] or lines[at].decode().split(",")[total] == "":
        at += 1
    cells = lines[at].decode().split(",")
    cells[total] = "12,5O"
    lines[at] = ",".join(cells).encode()
    export.write_bytes(b"\n".join(lines))
    db = shop(tmp_path, "parts")
    before = contents(db)
    refused = []
    for parallelism in (IN_ONE_GO, HERE_IN_PARTS):
        with pytest.raises(FileRefused) as error:
            run_job(import_orders(db, [export], parallelism=parallelism))
        refused.append([str(p) for p in error.value.problems])
    assert refused[0] == refused[1]
    assert any(f"line {at + 1}" in problem for problem in refused[1]), refused[1]
    assert contents(db) == before


def test_an_order_met_again_in_a_later_part_is_refused_as_in_one_go(tmp_path):
    export = generated(tmp_path, 1000)
    rows = list(csv.reader(io.StringIO(export.read_text(), newline="")))
    again = [row for row in rows[1:] if row[0] == rows[1][0]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows + again)
    export.write_text(out.getvalue())
    db = shop(tmp_path, "parts")
    refused = []
    for parallelism in (IN_ONE_GO, HERE_IN_PARTS):
        with pytest.raises(FileRefused) as error:
            run_job(import_orders(db, [export], parallelism=parallelism))
        refused.append([str(p) for p in error.value.problems])
    assert refused[0] == refused[1] and "second time" in refused[1][0]


def test_tax_exclusive_prices_carry_from_part_to_part(tmp_path):
    # One order whose amounts show prices before tax, then many with no tax that cannot tell: every
    # one of them follows the first, even those read in a later part.
    rows = list(csv.reader(ORDERS.joinpath("orders_export_us.csv").open(encoding="utf-8", newline="")))
    header, decided, undecided = rows[0], rows[1:3], rows[3:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, *decided])
    for copy in range(600):
        writer.writerows([[f"#3{copy:04d}", *row[1:]] for row in undecided])
    export = tmp_path / "us.csv"
    export.write_text(out.getvalue())
    one, parts = shop(tmp_path, "one"), shop(tmp_path, "parts")
    run_job(import_orders(one, [export], parallelism=IN_ONE_GO))
    run_job(import_orders(parts, [export], parallelism=HERE_IN_PARTS))
    with parts.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM orders WHERE taxes_included")).scalar() == 0
    assert contents(parts) == contents(one)


def test_semicolons_decimal_commas_and_windows_1252_in_parts(tmp_path):
    export = repeated(ORDERS / "orders_export_excel.csv", 800, tmp_path / "excel.csv", "cp1252", ";")
    assert_read_in_parts_as_in_one_go(tmp_path, export, 800)


def test_a_file_whose_later_part_is_not_utf8_is_read_as_one_go_reads_it(tmp_path):
    # Its start is UTF-8; a row near its end was saved in Windows-1252 ('é' as one byte), so the whole
    # file is read as Windows-1252, in parts or not.
    export = generated(tmp_path, 1200)
    data = export.read_bytes()
    at = data.index(b"\n", len(data) * 9 // 10) + 1
    export.write_bytes(data[:at] + data[at:].replace(b"Standard", "Exprès".encode("cp1252"), 1))
    assert_read_in_parts_as_in_one_go(tmp_path, export, 1200)


def test_the_preview_reads_in_parts_and_writes_nothing(tmp_path):
    export = generated(tmp_path, 800)
    db = shop(tmp_path, "parts")
    before = contents(db)
    preview = run_job(preview_import(db, [export], parallelism=HERE_IN_PARTS))
    assert preview.order_count == 800 and preview.summary.orders_imported == 800
    assert [order.reference for order in preview.sample[:2]] == ["#50000", "#50001"]
    assert contents(db) == before


def test_cancelling_stops_the_workers_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    export = generated(tmp_path, 3000)
    db = shop(tmp_path, "parts")
    before = contents(db)
    job = import_orders(db, [export], parallelism=WORKERS)
    next(job)
    next(job)          # the workers are reading
    job.close()
    assert contents(db) == before
    assert not list(tmp_path.glob("comptoir-import-*"))


def test_the_preview_shows_the_first_orders_of_every_small_part(tmp_path):
    files = [repeated(ORDERS / "orders_export_1.csv", 1, tmp_path / "a.csv"),
             repeated(ORDERS / "orders_export_us.csv", 1, tmp_path / "b.csv")]
    db = shop(tmp_path, "parts")
    one = run_job(preview_import(db, files, parallelism=IN_ONE_GO))
    parts = run_job(preview_import(db, files, parallelism=HERE_IN_PARTS))
    assert [o.reference for o in parts.sample] == [o.reference for o in one.sample]
    assert parts.order_count == one.order_count == len(one.sample)


FORKED_IMPORT = """
import sys
from pathlib import Path
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services import order_import_workers as workers
from desktop_app.services.order_import import Parallelism, import_orders
forked = []
read = workers.PartReaders.read
def noting_read(self, tasks):
    read(self, tasks)
    forked.append(self._fork)
workers.PartReaders.read = noting_read
parallelism = Parallelism(workers=2, parts_per_worker=2, min_bytes=0)
first = import_orders(open_database(Path(sys.argv[1])), [Path(sys.argv[3])], parallelism=parallelism)
next(first), next(first)            # its workers are reading when a second import starts
run_job(import_orders(open_database(Path(sys.argv[2])), [Path(sys.argv[3])], parallelism=parallelism))
run_job(first)
print(forked)
"""


def test_without_other_threads_the_workers_are_forks_and_read_the_same(tmp_path):
    export = generated(tmp_path, 1500)
    one = shop(tmp_path, "one")
    run_job(import_orders(one, [export], parallelism=IN_ONE_GO))
    done = subprocess.run([sys.executable, "-c", FORKED_IMPORT, str(tmp_path / "forked.db"),
                           str(tmp_path / "second.db"), str(export)],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    # The second import, started while the first one's forks work, starts clean processes of its own.
    assert done.stdout.strip() == "[True, False]", done.stderr
    assert contents(shop(tmp_path, "forked")) == contents(one)
    assert contents(shop(tmp_path, "second")) == contents(one)


def test_with_another_thread_running_no_fork_is_made():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not order_import_workers._forking_is_safe()
    finally:
        stop.set()
        thread.join()


def test_parts_shrink_toward_the_end_with_one_small_part_per_worker():
    assert part_shares(8, 2) == [6, 6, 6, 4, 4, 4, 1, 1]
    assert part_shares(8, 4) == [6, 6, 4, 4, 1, 1, 1, 1]
    assert part_shares(2, 8) == [4, 1]
    assert part_shares(5, 0) == [6, 6, 4, 4, 4]


def test_two_orders_under_one_reference_are_refused_in_one_go_and_in_parts(tmp_path):
    # WooCommerce tells orders apart by id, Shopify by the raw name: two ids with one number, or '#1001'
    # and '#1001 ', are still one reference twice, which an import keys orders by.
    orders = json.loads((FIXTURES / "orders" / "woocommerce" / "orders-page-1.json").read_text(encoding="utf-8"))
    orders[2]["number"] = orders[0]["number"]
    woocommerce = tmp_path / "orders.json"
    woocommerce.write_text(json.dumps(orders), encoding="utf-8")
    rows = list(csv.reader(ORDERS.joinpath("orders_export_1.csv").open(encoding="utf-8", newline="")))
    name = rows[-1][0]
    again = [[f"{name} ", *row[1:]] for row in rows[1:] if row[0] == name]
    shopify = tmp_path / "shopify.csv"
    with shopify.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows + again)
    db = shop(tmp_path, "shop")
    before = contents(db)
    for export in (woocommerce, shopify):
        refused = []
        for parallelism in (IN_ONE_GO, HERE_IN_PARTS):
            with pytest.raises(FileRefused) as error:
                run_job(import_orders(db, [export], parallelism=parallelism))
            refused.append([str(p) for p in error.value.problems])
        assert refused[0] == refused[1] and "appears a second time" in refused[0][0], refused
    assert contents(db) == before
