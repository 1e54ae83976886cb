"""Orders: bulk writes for imports, lookups by shop and reference, and reading them back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.drafting import OrderLineToInvoice, OrderToInvoice
from desktop_app.domain.money import round_amount
from desktop_app.domain.orders import ShopOrder
from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.quick_init import quick_init
from desktop_app.store.bulk import PipelinedWriter, bulk_insert, stored
from desktop_app.store.customers import _fill as fill_customer
from desktop_app.store.ids import next_free_id, reserve_ids
from desktop_app.store.records import (
    CsvMappingRecord,
    CustomerRecord,
    InvoiceRecord,
    OrderLineRecord,
    OrderRecord,
    OrderRefundRecord,
    OrderTaxLineRecord,
    ProductRecord,
)
from desktop_app.store.types import utcnow


@dataclass(frozen=True, slots=True)
class KnownOrder:
    id: int
    fingerprint: str
    invoiced: bool


def known_orders(session: Session, shop: str) -> dict[str, KnownOrder]:
    """Every stored order of a shop by reference, with whether an invoice was made from it."""
    invoiced = exists().where(InvoiceRecord.order_id == OrderRecord.id, InvoiceRecord.kind == "invoice")
    query = select(OrderRecord.reference, OrderRecord.id, OrderRecord.fingerprint, invoiced).where(
        OrderRecord.shop == shop)
    return {ref: KnownOrder(oid, fp, bool(inv)) for ref, oid, fp, inv in session.execute(query)}


def customer_keys(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Customer ids by VAT number and by lower-case e-mail, for matching imported buyers."""
    by_vat: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for cid, vat, email in session.execute(select(CustomerRecord.id, CustomerRecord.vat_number,
                                                  CustomerRecord.email).order_by(CustomerRecord.id)):
        if vat:
            by_vat.setdefault(vat, cid)
        if email:
            by_email.setdefault(email.lower(), cid)
    return by_vat, by_email


def product_keys(session: Session) -> dict[str, int]:
    return {sku: pid for sku, pid in session.execute(select(ProductRecord.sku, ProductRecord.id))}


def _next_id(session: Session, column: Any, count: int) -> int:
    return reserve_ids(session, column.table, count)


def insert_customers(session: Session, customers: Sequence[Customer]) -> list[int]:
    """Add new customers in one statement; returns their ids in order."""
    if not customers:
        return []
    first = _next_id(session, CustomerRecord.id, len(customers))
    now = utcnow()
    columns = [c.key for c in CustomerRecord.__table__.columns]
    rows = []
    for offset, customer in enumerate(customers):
        record = CustomerRecord()
        fill_customer(record, customer)
        values = {key: getattr(record, key, None) for key in columns}
        values.update(id=first + offset, created_at=now, updated_at=now, reminders_pause_reason="")
        rows.append([values[key] for key in columns])
    bulk_insert(session, CustomerRecord.__table__, columns, rows)
    return [first + i for i in range(len(customers))]


def insert_products(session: Session, products: Sequence[tuple[str, str, Any]]) -> dict[str, int]:
    """Add products known by (sku, name, VAT rate or None); returns their ids by SKU."""
    if not products:
        return {}
    first = _next_id(session, ProductRecord.id, len(products))
    now = utcnow()
    rows = [(first + i, sku, name[:300], "S", rate, "C62", now) for i, (sku, name, rate) in enumerate(products)]
    bulk_insert(session, ProductRecord.__table__,
                ("id", "sku", "name", "vat_category", "vat_rate", "unit_code", "created_at"), rows)
    return {row[1]: row[0] for row in rows}


def learn_product_rates(session: Session, rates: dict[str, Any]) -> None:
    """Give products whose VAT rate is still unknown the rate an export stated for them."""
    for sku, rate in rates.items():
        session.execute(update(ProductRecord).where(ProductRecord.sku == sku, ProductRecord.vat_rate.is_(None))
                        .values(vat_rate=rate))


@quick_init          # one per order read: 100,000 in a large import
@dataclass(frozen=True, slots=True)
class OrderToStore:
    order: ShopOrder
    customer_id: int
    fingerprint: str
    source_file: str


ORDER_COLUMNS = (
    "shop", "reference", "external_id", "customer_id", "ordered_at", "order_date", "currency", "taxes_included",
    "status", "shop_status", "payment_method", "payment_reference", "paid_at", "cancelled_at", "subtotal", "shipping",
    "shipping_tax", "discount", "discount_codes", "total_tax", "total", "refunded", "customer_email",
    "customer_vat_number", "billing_name", "billing_company", "billing_line1", "billing_line2", "billing_postcode",
    "billing_city", "billing_region", "billing_country", "billing_phone", "shipping_name", "shipping_company",
    "shipping_line1", "shipping_line2", "shipping_postcode", "shipping_city", "shipping_region", "shipping_country",
    "notes", "source_file", "fingerprint")
LINE_COLUMNS = ("order_id", "position", "sku", "product_id", "description", "quantity", "unit_price", "discount",
                "total", "tax_rate", "tax_amount", "taxable")
TAX_COLUMNS = ("order_id", "name", "rate", "amount")
REFUND_COLUMNS = ("order_id", "external_id", "amount", "refunded_on", "reason")


def _order_values(item: OrderToStore) -> tuple[Any, ...]:
    o = item.order
    b, s = o.billing, o.shipping_address
    return (o.shop, o.reference, o.external_id, item.customer_id, o.ordered_at, o.order_date, o.currency,
            o.taxes_included, o.status.value, o.shop_status, o.payment_method, o.payment_reference, o.paid_at,
            o.cancelled_at, o.subtotal, o.shipping, o.shipping_tax, o.discount, o.discount_codes, o.total_tax, o.total,
            o.refunded, o.email, o.vat_number, b.name, b.company, b.line1, b.line2, b.postcode, b.city, b.region,
            b.country, b.phone, s.name, s.company, s.line1, s.line2, s.postcode, s.city, s.region, s.country,
            o.notes, item.source_file, item.fingerprint)


def _order_row(item: OrderToStore) -> dict[str, Any]:
    return dict(zip(ORDER_COLUMNS, _order_values(item)))


def _children(order_id: int, order: ShopOrder, products: dict[str, int]
              ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    lines = [(order_id, i, line.sku, products.get(line.sku), line.description[:500], line.quantity, line.unit_price,
              line.discount, round_amount(line.total), line.vat_rate, line.tax_amount, line.taxable)
             for i, line in enumerate(order.lines, start=1)]
    taxes = [(order_id, t.name, t.rate, t.amount) for t in order.tax_lines]
    refunds = [(order_id, r.external_id, r.amount, r.refunded_on, r.reason) for r in order.refunds]
    return lines, taxes, refunds


def _write_children(session: Session, lines: list[Any], taxes: list[Any], refunds: list[Any],
                    writer: PipelinedWriter | None = None) -> None:
    insert = writer.insert if writer is not None else partial(bulk_insert, session)
    insert(OrderLineRecord.__table__, LINE_COLUMNS, lines)
    insert(OrderTaxLineRecord.__table__, TAX_COLUMNS, taxes)
    insert(OrderRefundRecord.__table__, REFUND_COLUMNS, refunds)


def next_order_id(session: Session) -> int:
    return next_free_id(session, OrderRecord.__table__)


def insert_orders(session: Session, items: Iterable[OrderToStore], products: dict[str, int],
                  writer: PipelinedWriter | None = None, first_id: int | None = None) -> int:
    """Add new orders with their lines, taxes and refunds; returns the number of lines written.

    With a `writer`, the rows are written on its thread while the caller goes on; the caller then
    hands out the ids (`first_id`), since the table cannot be asked while it is being written.
    """
    items = list(items)
    if not items:
        return 0
    first = first_id if first_id is not None else _next_id(session, OrderRecord.id, len(items))
    now = stored(session, OrderRecord.__table__, "created_at", utcnow())
    order_rows, line_rows, tax_rows, refund_rows = [], [], [], []
    for offset, item in enumerate(items):
        order_rows.append((first + offset, now, now, *_order_values(item)))
        lines, taxes, refunds = _children(first + offset, item.order, products)
        line_rows += lines
        tax_rows += taxes
        refund_rows += refunds
    insert = writer.insert if writer is not None else partial(bulk_insert, session)
    insert(OrderRecord.__table__, ("id", "created_at", "updated_at", *ORDER_COLUMNS), order_rows)
    _write_children(session, line_rows, tax_rows, refund_rows, writer)
    return len(line_rows)


def replace_order(session: Session, order_id: int, item: OrderToStore, products: dict[str, int]) -> int:
    """Overwrite a not-yet-invoiced order with its newer export; returns its line count."""
    row = _order_row(item)
    row["updated_at"] = utcnow()
    session.execute(update(OrderRecord).where(OrderRecord.id == order_id).values(**row))
    for model in (OrderLineRecord, OrderTaxLineRecord, OrderRefundRecord):
        session.execute(delete(model).where(model.order_id == order_id))
    lines, taxes, refunds = _children(order_id, item.order, products)
    _write_children(session, lines, taxes, refunds)
    return len(lines)


def count_orders(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OrderRecord)) or 0


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """What the orders list shows: every field optional."""

    search: str = ""                 # order reference, customer name or e-mail
    shop: str = ""
    status: str = ""                 # paid | awaiting | cancelled | refunded
    invoiced: bool | None = None
    date_from: Any = None
    date_to: Any = None


@dataclass(frozen=True, slots=True)
class OrderSummary:
    id: int
    shop: str
    reference: str
    order_date: Any
    customer: str
    email: str
    currency: str
    total: Any
    status: str
    refunded: Any
    invoice_number: str | None


def _filtered(query: Any, flt: OrderFilter) -> Any:
    if flt.search.strip():
        pattern = f"%{flt.search.strip()}%"
        query = query.join(CustomerRecord, CustomerRecord.id == OrderRecord.customer_id, isouter=True).where(
            OrderRecord.reference.ilike(pattern) | CustomerRecord.name.ilike(pattern)
            | OrderRecord.customer_email.ilike(pattern) | OrderRecord.billing_name.ilike(pattern))
    if flt.shop:
        query = query.where(OrderRecord.shop == flt.shop)
    if flt.status:
        query = query.where(OrderRecord.status == flt.status)
    if flt.date_from is not None:
        query = query.where(OrderRecord.order_date >= flt.date_from)
    if flt.date_to is not None:
        query = query.where(OrderRecord.order_date <= flt.date_to)
    if flt.invoiced is not None:
        invoiced = exists().where(InvoiceRecord.order_id == OrderRecord.id, InvoiceRecord.kind == "invoice")
        query = query.where(invoiced if flt.invoiced else ~invoiced)
    return query


def order_ids(session: Session, flt: OrderFilter) -> list[int]:
    """Ids of the orders matching a filter, newest first."""
    query = select(OrderRecord.id).order_by(OrderRecord.ordered_at.desc(), OrderRecord.id.desc())
    return list(session.scalars(_filtered(query, flt)))


def order_summaries(session: Session, ids: Sequence[int]) -> list[OrderSummary]:
    invoice = (select(InvoiceRecord.number).where(InvoiceRecord.order_id == OrderRecord.id,
                                                   InvoiceRecord.kind == "invoice")
               .order_by(InvoiceRecord.id).limit(1).correlate(OrderRecord).scalar_subquery())
    query = (select(OrderRecord.id, OrderRecord.shop, OrderRecord.reference, OrderRecord.order_date,
                    func.coalesce(CustomerRecord.name, OrderRecord.billing_name), OrderRecord.customer_email,
                    OrderRecord.currency, OrderRecord.total, OrderRecord.status, OrderRecord.refunded, invoice)
             .join(CustomerRecord, CustomerRecord.id == OrderRecord.customer_id, isouter=True)
             .where(OrderRecord.id.in_(ids)))
    found = {row[0]: OrderSummary(*row) for row in session.execute(query)}
    return [found[i] for i in ids if i in found]


def shops(session: Session) -> list[str]:
    return list(session.scalars(select(OrderRecord.shop).distinct().order_by(OrderRecord.shop)))


@dataclass(frozen=True, slots=True)
class OrderLineView:
    sku: str
    description: str
    quantity: Any
    unit_price: Any
    discount: Any
    total: Any
    vat_rate: Any


@dataclass(frozen=True, slots=True)
class OrderDetail:
    summary: OrderSummary
    customer_id: int | None
    ordered_at: Any
    taxes_included: bool
    shop_status: str
    payment_method: str
    payment_reference: str
    paid_at: Any
    cancelled_at: Any
    subtotal: Any
    shipping: Any
    discount: Any
    discount_codes: str
    total_tax: Any
    billing: list[str]
    shipping_address: list[str]
    vat_number: str
    notes: str
    source_file: str
    lines: list[OrderLineView]
    taxes: list[tuple[str, Any]]
    refunds: list[tuple[Any, Any, str]]


def _address_lines(record: OrderRecord, prefix: str) -> list[str]:
    parts = [getattr(record, f"{prefix}_{name}") for name in ("name", "company", "line1", "line2")]
    city = " ".join(p for p in (getattr(record, f"{prefix}_postcode"), getattr(record, f"{prefix}_city")) if p)
    parts += [city, getattr(record, f"{prefix}_region"), getattr(record, f"{prefix}_country")]
    return [part for part in parts if part]


def order_detail(session: Session, order_id: int) -> OrderDetail | None:
    """Everything about one order, for its detail pane."""
    record = session.get(OrderRecord, order_id)
    if record is None:
        return None
    [summary] = order_summaries(session, [order_id])
    return OrderDetail(
        summary=summary, customer_id=record.customer_id, ordered_at=record.ordered_at,
        taxes_included=record.taxes_included, shop_status=record.shop_status,
        payment_method=record.payment_method, payment_reference=record.payment_reference,
        paid_at=record.paid_at, cancelled_at=record.cancelled_at, subtotal=record.subtotal,
        shipping=record.shipping, discount=record.discount, discount_codes=record.discount_codes,
        total_tax=record.total_tax, billing=_address_lines(record, "billing"),
        shipping_address=_address_lines(record, "shipping"), vat_number=record.customer_vat_number,
        notes=record.notes, source_file=record.source_file,
        lines=[OrderLineView(ln.sku, ln.description, ln.quantity, ln.unit_price, ln.discount, ln.total, ln.tax_rate)
               for ln in record.lines],
        taxes=[(t.name, t.amount) for t in record.tax_lines],
        refunds=[(r.refunded_on, r.amount, r.reason) for r in record.refunds],
    )


def mapping_names(session: Session) -> list[str]:
    return list(session.scalars(select(CsvMappingRecord.name).order_by(CsvMappingRecord.name)))


def mapping_definition(session: Session, name: str) -> str | None:
    record = session.get(CsvMappingRecord, name)
    return None if record is None else record.definition


def save_mapping_definition(session: Session, name: str, definition: str) -> None:
    record = session.get(CsvMappingRecord, name)
    if record is None:
        session.add(CsvMappingRecord(name=name, definition=definition))
    else:
        record.definition = definition


@dataclass(frozen=True, slots=True)
class OrderForInvoice:
    """An order with what invoicing it needs, read in bulk."""

    id: int
    shop: str
    customer_id: int | None
    order: OrderToInvoice
    refunds: list[tuple[Any, Any, str]]
    shipping_address: Address | None
    shipping_name: str
    invoiced: bool


def orders_for_invoicing(session: Session, ids: Sequence[int]) -> list[OrderForInvoice]:
    """The orders `ids` with their lines, tax rates and refunds, in the order given."""
    records = {r.id: r for r in session.scalars(select(OrderRecord).where(OrderRecord.id.in_(ids)))}
    invoiced = set(session.scalars(select(InvoiceRecord.order_id).where(InvoiceRecord.order_id.in_(ids),
                                                                        InvoiceRecord.kind == "invoice")))
    result = []
    for order_id in ids:
        r = records.get(order_id)
        if r is None:
            continue
        lines = tuple(OrderLineToInvoice(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.tax_rate, ln.sku)
                      for ln in r.lines)
        order = OrderToInvoice(
            reference=r.reference, order_date=r.order_date, currency=r.currency, taxes_included=r.taxes_included,
            total=r.total, total_tax=r.total_tax, shipping=r.shipping, discount=r.discount,
            discount_codes=r.discount_codes, lines=lines,
            tax_rates=tuple(t.rate for t in r.tax_lines if t.rate is not None), status=r.status,
            payment_method=r.payment_method, paid_at=r.paid_at, refunded=r.refunded, shipping_tax=r.shipping_tax)
        shipping = None
        if r.shipping_line1 or r.shipping_city:
            shipping = Address(r.shipping_line1, r.shipping_line2, r.shipping_postcode, r.shipping_city,
                               r.shipping_country or r.billing_country, r.shipping_region)
        result.append(OrderForInvoice(r.id, r.shop, r.customer_id, order,
                                      [(f.refunded_on, f.amount, f.reason) for f in r.refunds],
                                      shipping, r.shipping_name or r.shipping_company, r.id in invoiced))
    return result


def uninvoiced_order_ids(session: Session) -> list[int]:
    """Orders that should be invoiced and are not yet: everything but cancelled ones, oldest first."""
    invoiced = exists().where(InvoiceRecord.order_id == OrderRecord.id, InvoiceRecord.kind == "invoice")
    query = (select(OrderRecord.id).where(~invoiced, OrderRecord.status != "cancelled")
             .order_by(OrderRecord.ordered_at, OrderRecord.id))
    return list(session.scalars(query))


def order_ids_by_reference(session: Session, references: Sequence[str]) -> dict[str, list[int]]:
    """Order ids per reference given ('#1001' and '1001' both find Shopify's #1001)."""
    wanted = {ref: {ref, ref.lstrip("#"), "#" + ref.lstrip("#")} for ref in references}
    every = set().union(*wanted.values()) if wanted else set()
    rows = session.execute(select(OrderRecord.reference, OrderRecord.id).where(OrderRecord.reference.in_(every)))
    found: dict[str, list[int]] = {}
    pairs = list(rows)
    for ref, forms in wanted.items():
        found[ref] = [oid for reference, oid in pairs if reference in forms]
    return found


def catalog_rates(session: Session) -> dict[str, Any]:
    """VAT rates known for products, by SKU."""
    rows = session.execute(select(ProductRecord.sku, ProductRecord.vat_rate).where(ProductRecord.vat_rate.is_not(None)))
    return {sku: rate for sku, rate in rows}
