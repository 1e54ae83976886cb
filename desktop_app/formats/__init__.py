"""Readers of foreign files (orders, payments) and writers (CII/UBL XML, FEC, CSV/XLSX).

They turn bytes into domain values and back; no database.
"""
