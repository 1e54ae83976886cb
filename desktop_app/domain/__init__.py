"""Pure business rules: money, VAT, invoices, numbering, identifiers. Standard library only (plus
identifier-check data libraries); no Qt, no SQL, no I/O."""
