"""Persistence: SQLAlchemy 2 records, the database, repositories and Alembic migrations."""
