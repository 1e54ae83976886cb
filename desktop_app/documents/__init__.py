"""Documents: invoices, credit notes and letters as PDF/A-3 bytes (reportlab, pikepdf, Factur-X)."""
