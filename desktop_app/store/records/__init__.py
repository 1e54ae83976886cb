"""ORM records, one module per aggregate. Importing this package registers every table."""

from desktop_app.store.records.base import Base
from desktop_app.store.records.company import CompanyRecord, SettingRecord
from desktop_app.store.records.customers import CustomerRecord, ProductRecord
from desktop_app.store.records.dunning import DunningPauseRecord, OutboxRecord, ReminderRecord
from desktop_app.store.records.figures import FigureMarkRecord, MonthlyFigureRecord
from desktop_app.store.records.invoices import (
    InvoiceAdjustmentRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    InvoiceVatRecord,
    IssuedDocumentRecord,
)
from desktop_app.store.records.journal import ClosingRecord, EventRecord, JournalRecord
from desktop_app.store.records.orders import (
    CsvMappingRecord,
    ImportRunRecord,
    OrderLineRecord,
    OrderRecord,
    OrderRefundRecord,
    OrderTaxLineRecord,
)
from desktop_app.store.records.payments import AllocationRecord, InvoiceBalanceRecord, PaymentRecord
from desktop_app.store.records.reference import (
    DocumentTemplateRecord,
    ExchangeRateRecord,
    NumberSequenceRecord,
)
from desktop_app.store.records.statements import SettlementRecord, StatementLineRecord

__all__ = [
    "AllocationRecord", "Base", "ClosingRecord", "CompanyRecord", "CsvMappingRecord", "CustomerRecord",
    "DocumentTemplateRecord", "DunningPauseRecord", "EventRecord", "ExchangeRateRecord", "FigureMarkRecord",
    "ImportRunRecord", "InvoiceAdjustmentRecord", "InvoiceBalanceRecord", "InvoiceLineRecord", "InvoiceRecord",
    "InvoiceVatRecord", "IssuedDocumentRecord", "JournalRecord", "MonthlyFigureRecord", "NumberSequenceRecord",
    "OrderLineRecord", "OrderRecord", "OrderRefundRecord", "OrderTaxLineRecord", "OutboxRecord", "PaymentRecord",
    "ProductRecord", "ReminderRecord", "SettingRecord", "SettlementRecord", "StatementLineRecord",
]
