"""One order as the shop exported it: customer, addresses, lines, taxes, refunds."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app import formatting
from desktop_app.i18n import _
from desktop_app.services.orders import OrderDetail
from desktop_app.ui.models.orders import status_label


class OrderDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.addresses = QLabel()
        self.addresses.setWordWrap(True)
        self.lines = QTableWidget(0, 5)
        self.lines.setHorizontalHeaderLabels([_("SKU"), _("Description"), _("Qty"), _("Unit price"), _("Total")])
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines.setWordWrap(True)
        self.lines.setAccessibleName(_("Order lines"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        for widget in (self.heading, self.facts, self.addresses, self.lines, self.totals):
            layout.addWidget(widget)
        layout.addStretch()

    def show_order(self, order: OrderDetail | None) -> None:
        if order is None:
            self.heading.setText(_("No order selected"))
            for label in (self.facts, self.addresses, self.totals):
                label.clear()
            self.lines.setRowCount(0)
            return
        s = order.summary
        money = lambda amount: formatting.money(amount, s.currency)  # noqa: E731
        self.heading.setText(_("Order {reference}").format(reference=s.reference))
        facts = [_("{shop}, {date}").format(shop=s.shop, date=formatting.day(order.ordered_at, style="long")),
                 _("Status: {status} ({words})").format(status=status_label(s.status), words=order.shop_status),
                 _("Customer: {name} {email}").format(name=s.customer, email=s.email)]
        if order.payment_method:
            facts.append(_("Payment: {method}").format(method=order.payment_method))
        facts.append(_("Invoice: {number}").format(number=s.invoice_number) if s.invoice_number
                     else _("Not invoiced yet"))
        self.facts.setText("\n".join(facts))
        billing = "\n".join(order.billing)
        shipping = "\n".join(order.shipping_address)
        text = _("Billing address:\n{address}").format(address=billing)
        if shipping and shipping != billing:
            text += "\n\n" + _("Delivery address:\n{address}").format(address=shipping)
        self.addresses.setText(text)
        self.lines.setRowCount(len(order.lines))
        for row, line in enumerate(order.lines):
            cells = [line.sku, line.description, formatting.number(line.quantity), money(line.unit_price),
                     money(line.total)]
            for column, value in enumerate(cells):
                self.lines.setItem(row, column, QTableWidgetItem(value))
        self.lines.resizeRowsToContents()
        self.lines.setFixedHeight(self.lines.horizontalHeader().height() + 4 +
                                  sum(self.lines.rowHeight(r) for r in range(self.lines.rowCount())))
        basis = _("prices include VAT") if order.taxes_included else _("prices exclude VAT")
        totals = [_("Shipping: {amount}").format(amount=money(order.shipping))]
        if order.discount:
            totals.append(_("Discount {codes}: −{amount}").format(codes=order.discount_codes,
                                                                  amount=money(order.discount)))
        totals += [_("Taxes: {amount} ({basis})").format(amount=money(order.total_tax), basis=basis),
                   _("Total: {amount}").format(amount=money(s.total))]
        for refunded_on, amount, reason in order.refunds:
            totals.append(_("Refunded {amount} {date} {reason}").format(
                amount=money(amount), date=formatting.day(refunded_on), reason=reason).strip())
        self.totals.setText("\n".join(totals))
