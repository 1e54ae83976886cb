"""One WooCommerce REST order object turned into a ShopOrder, each bad value a problem."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain.money import ZERO, is_currency_code
from desktop_app.domain.orders import OrderAddress, OrderLine, Refund, ShopOrder, TaxLine
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    Problems,
    check_order_adds_up,
    local_date,
    parse_datetime,
    unit_and_discount,
)
from desktop_app.formats.orders.values import (
    NO_TAX,
    clean_rate,
    full_name,
    is_taxable,
    make_address,
    rate_from_name,
)
from desktop_app.formats.orders.woocommerce_status import woo_status
from desktop_app.formats.text import NotANumber, parse_amount
from desktop_app.i18n import _

# meta_data keys EU VAT-number plugins store the customer's number under.
_VAT_KEYS = ("_billing_vat_number", "billing_vat_number", "_vat_number", "vat_number", "_billing_vat",
             "billing_eu_vat_number", "_billing_eu_vat_number")


class WooJsonOrder:
    """Reads one order object; `read()` gives the order, or None after noting its problems."""

    def __init__(self, raw: dict[str, Any], index: int, problems: Problems, options: ReadOptions) -> None:
        self.raw = raw
        self.index = index
        self.problems = problems
        self.options = options
        self.included = raw.get("prices_include_tax") is True
        self.rates: dict[Any, Decimal | None] = {}

    def read(self) -> ShopOrder | None:
        before = len(self.problems.items)
        raw = self.raw
        reference = str(raw.get("number") or raw.get("id") or "").strip()
        if not reference:
            self.problems.add(self.index, "number", _("the order has neither a 'number' nor an 'id'."))
        ordered_at = self._moment("date_created", required=True)
        currency = str(raw.get("currency") or self.options.default_currency).upper()
        if not is_currency_code(currency):
            self.problems.add(self.index, "currency", _(
                "'{value}' is not a currency code (three letters such as EUR).").format(value=currency))
        tax_lines = self._tax_lines()
        lines = self._lines()
        fee_lines, discount = self._fees()
        shipping, shipping_tax = self._shipping()
        total = self._money(raw, "total", "total", required=True)
        total_tax = self._money(raw, "total_tax", "total_tax")
        if len(self.problems.items) > before or ordered_at is None:
            return None
        order = self._order(reference, ordered_at, currency, tuple(lines + fee_lines), discount, shipping,
                            shipping_tax, total, total_tax, tax_lines)
        check_order_adds_up(order, self.problems, self.index)
        return order

    def _order(self, reference: str, ordered_at: datetime, currency: str, lines: tuple[OrderLine, ...],
               discount: Decimal, shipping: Decimal, shipping_tax: Decimal | None, total: Decimal,
               total_tax: Decimal, tax_lines: tuple[TaxLine, ...]) -> ShopOrder:
        raw, tz = self.raw, self.options.timezone
        refunds = self._refunds()
        gateway, title = str(raw.get("payment_method") or ""), str(raw.get("payment_method_title") or "")
        billing, shipping_address = self._address("billing"), self._address("shipping")
        return ShopOrder(
            shop="woocommerce", reference=reference, ordered_at=ordered_at, order_date=local_date(ordered_at, tz),
            currency=currency, taxes_included=self.included, status=woo_status(str(raw.get("status") or ""),
                                                                                 gateway, title),
            total=total, total_tax=total_tax, lines=lines, external_id=str(raw.get("id") or ""),
            shop_status=str(raw.get("status") or ""), subtotal=sum((ln.total for ln in lines), ZERO),
            shipping=shipping, shipping_tax=shipping_tax, discount=discount,
            discount_codes=", ".join(str(c.get("code") or "") for c in self._list("coupon_lines")),
            tax_lines=tax_lines, refunds=refunds, refunded=sum((r.amount for r in refunds), ZERO),
            payment_method=title or gateway, payment_reference=str(raw.get("transaction_id") or ""),
            paid_at=self._moment("date_paid"), email=str(self._object("billing").get("email") or "").strip(),
            vat_number=self._vat_number(), billing=billing if not billing.is_empty else shipping_address,
            shipping_address=shipping_address, notes=str(raw.get("customer_note") or "").strip(),
            source_line=self.index, fulfilled_at=self._moment("date_completed"))

    def _list(self, key: str) -> list[dict[str, Any]]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.add(self.index, key, _("this should be a list of objects."))
            return []
        return value

    def _object(self, key: str) -> dict[str, Any]:
        value = self.raw.get(key)
        return value if isinstance(value, dict) else {}

    def _money(self, holder: dict[str, Any], key: str, path: str, required: bool = False) -> Decimal:
        value = holder.get(key)
        if value is None or value == "":
            if required:
                self.problems.add(self.index, path, _("this amount is missing."))
            return ZERO
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.problems.add(self.index, path, _("'{value}' is not a number").format(value=value))
            return ZERO
        if not isinstance(value, str):
            return Decimal(value)
        try:
            return parse_amount(value.strip())
        except NotANumber as error:
            self.problems.add(self.index, path, str(error))
            return ZERO

    def _moment(self, key: str, required: bool = False) -> datetime | None:
        utc_text, local_text = self.raw.get(f"{key}_gmt"), self.raw.get(key)
        text, zone, path = ((utc_text, UTC, f"{key}_gmt") if utc_text else (local_text, self.options.timezone, key))
        if not text:
            if required:
                self.problems.add(self.index, key, _("the order's date is missing."))
            return None
        try:
            return parse_datetime(str(text), zone)
        except ValueError:
            self.problems.add(self.index, path, _("'{value}' is not a date.").format(value=text))
            return None

    def _tax_lines(self) -> tuple[TaxLine, ...]:
        found = []
        for i, tax in enumerate(self._list("tax_lines")):
            name = str(tax.get("label") or tax.get("rate_code") or "")
            percent = tax.get("rate_percent")
            rate = (clean_rate(Decimal(percent)) if isinstance(percent, int | Decimal) and not isinstance(percent, bool)
                    else rate_from_name(name))
            self.rates[tax.get("rate_id")] = rate
            amount = (self._money(tax, "tax_total", f"tax_lines[{i}].tax_total")
                      + self._money(tax, "shipping_tax_total", f"tax_lines[{i}].shipping_tax_total"))
            found.append(TaxLine(name, rate, amount))
        return tuple(found)

    def _rate_of(self, item: dict[str, Any], tax: Decimal) -> Decimal | None:
        """The rate of a line from its tax entries (mapped to tax_lines by rate_id); compound taxes
        (several rates charging the line) leave it unknown."""
        taxes = [t for t in item.get("taxes") or [] if isinstance(t, dict)]
        used = {self.rates.get(t.get("id")) for t in taxes}
        if len(used) > 1:
            used = {self.rates.get(t.get("id")) for t in taxes if _nonzero(t.get("total"))}
        if len(used) == 1:
            return used.pop()
        return NO_TAX if not used and not tax else None

    def _lines(self) -> list[OrderLine]:
        lines = []
        for i, item in enumerate(self._list("line_items")):
            path = f"line_items[{i}]"
            quantity = self._money(item, "quantity", f"{path}.quantity", required=True)
            if quantity < 0:
                self.problems.add(self.index, f"{path}.quantity", _(
                    "'{value}': a quantity cannot be negative.").format(value=item.get("quantity")))
            subtotal, subtotal_tax = (self._money(item, "subtotal", f"{path}.subtotal", required=True),
                                      self._money(item, "subtotal_tax", f"{path}.subtotal_tax"))
            total, tax = (self._money(item, "total", f"{path}.total", required=True),
                          self._money(item, "total_tax", f"{path}.total_tax"))
            before, after = (subtotal + subtotal_tax, total + tax) if self.included else (subtotal, total)
            unit, discount = unit_and_discount(quantity, before, after)
            rate = self._rate_of(item, tax)
            lines.append(OrderLine(str(item.get("name") or "").strip(), quantity, unit,
                                   str(item.get("sku") or "").strip(), discount, rate, tax, is_taxable(rate, tax)))
        return lines

    def _fees(self) -> tuple[list[OrderLine], Decimal]:
        """Positive fees are lines; negative ones (a manual 'remise') are order discounts."""
        lines, discount = [], ZERO
        for i, fee in enumerate(self._list("fee_lines")):
            net, tax = (self._money(fee, "total", f"fee_lines[{i}].total"),
                        self._money(fee, "total_tax", f"fee_lines[{i}].total_tax"))
            amount = net + tax if self.included else net
            if amount < 0:
                discount -= amount
            elif amount:
                rate = self._rate_of(fee, tax)
                lines.append(OrderLine(str(fee.get("name") or _("Fees")), Decimal(1), amount, "", ZERO, rate, tax,
                                       is_taxable(rate, tax)))
        return lines, discount

    def _shipping(self) -> tuple[Decimal, Decimal | None]:
        items = self._list("shipping_lines")
        if not items:
            net, tax = self._money(self.raw, "shipping_total", "shipping_total"), self._money(
                self.raw, "shipping_tax", "shipping_tax")
        else:
            net = sum((self._money(s, "total", f"shipping_lines[{i}].total") for i, s in enumerate(items)), ZERO)
            tax = sum((self._money(s, "total_tax", f"shipping_lines[{i}].total_tax")
                       for i, s in enumerate(items)), ZERO)
        return (net + tax if self.included else net), tax

    def _refunds(self) -> tuple[Refund, ...]:
        return tuple(Refund(-self._money(r, "total", f"refunds[{i}].total"), None, str(r.get("reason") or ""),
                            str(r.get("id") or "")) for i, r in enumerate(self._list("refunds")))

    def _address(self, key: str) -> OrderAddress:
        part = self._object(key)

        def text(name: str) -> str:
            return str(part.get(name) or "")

        return make_address(name=full_name(text("first_name"), text("last_name")), company=text("company"),
                            line1=text("address_1"), line2=text("address_2"), postcode=text("postcode"),
                            city=text("city"), region=text("state"), country=text("country"), phone=text("phone"))

    def _vat_number(self) -> str:
        meta = self.raw.get("meta_data") if isinstance(self.raw.get("meta_data"), list) else []
        found = {str(m.get("key")): str(m.get("value") or "") for m in meta if isinstance(m, dict)}
        return next((found[key].strip() for key in _VAT_KEYS if found.get(key, "").strip()), "")


def _nonzero(value: object) -> bool:
    try:
        return bool(parse_amount(str(value).strip())) if value not in (None, "") else False
    except NotANumber:
        return False
