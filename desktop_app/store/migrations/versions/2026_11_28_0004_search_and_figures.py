"""full-text search, listing indexes and the monthly figures of the dashboard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 18:00:00

On SQLite, FTS5 tables index the names and references the lists search (kept up to date by triggers;
a LIKE '%text%' over a million invoices takes 300 ms, FTS5 well under 1 ms). Other databases search
with LIKE (desktop_app.store.text_search), so the FTS objects exist on SQLite only and are not in the
records.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# (FTS table, content table, indexed columns): the columns keep their content table's names, as
# FTS5 external-content tables read them back by name.
_FTS = (
    ('invoices_fts', 'invoices', ('number', 'buyer_name', 'order_reference')),
    ('customers_fts', 'customers', ('name', 'contact_name', 'email', 'vat_number', 'siren', 'billing_city')),
    ('orders_fts', 'orders', ('reference', 'billing_name', 'billing_company', 'customer_email')),
    ('statement_lines_fts', 'statement_lines', ('payer_name', 'label', 'payer_email', 'refs', 'external_id',
                                                'proposal')),
)


def upgrade() -> None:
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        # The list's default order (drafts, then issued ones newest first) read straight from an index.
        batch_op.create_index('ix_invoices_state_issue_date_sequence_number',
                              ['state', 'issue_date', 'sequence_number'], unique=False)
        # Finding a document by its amount (global search).
        batch_op.create_index('ix_invoices_grand_total', ['grand_total'], unique=False)
        # The monthly figures fold in documents issued since they were last brought up to date.
        batch_op.create_index('ix_invoices_journal_seq', ['journal_seq'], unique=False)
        # What the dashboard reads of each open invoice, and what a list of found documents is sorted by,
        # without reading their wide rows (the frozen parties make a row weigh 1.5 kB: 40,000 open
        # invoices would be 40,000 pages).
        batch_op.create_index('ix_invoices_facts', ['id', 'state', 'kind', 'issue_date', 'sequence_number',
                                                    'due_date', 'currency', 'exchange_rate', 'customer_id'],
                              unique=False)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_ordered_at', ['ordered_at'], unique=False)
        batch_op.create_index('ix_orders_total', ['total'], unique=False)
    op.create_table('monthly_figures',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('invoices', sa.Integer(), nullable=False),
    sa.Column('invoiced', sa.BigInteger(), nullable=False),
    sa.Column('collected', sa.BigInteger(), nullable=False),
    sa.Column('applied', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_monthly_figures'))
    )
    op.create_table('figure_marks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_figure_marks'))
    )
    if op.get_bind().dialect.name == 'sqlite':
        for fts, table, columns in _FTS:
            _create_fts(fts, table, columns)


def _create_fts(fts: str, table: str, columns: tuple[str, ...]) -> None:
    names = ', '.join(columns)
    new = ', '.join(f'new.{c}' for c in columns)
    old = ', '.join(f'old.{c}' for c in columns)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='id', "
               "tokenize='unicode61 remove_diacritics 2')")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    op.execute(f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {names} ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for fts, _table, _columns in _FTS:
            for event in ('insert', 'delete', 'update'):
                op.execute(f'DROP TRIGGER IF EXISTS {fts}_after_{event}')
            op.execute(f'DROP TABLE IF EXISTS {fts}')
    op.drop_table('figure_marks')
    op.drop_table('monthly_figures')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_total')
        batch_op.drop_index('ix_orders_ordered_at')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_facts')
        batch_op.drop_index('ix_invoices_journal_seq')
        batch_op.drop_index('ix_invoices_grand_total')
        batch_op.drop_index('ix_invoices_state_issue_date_sequence_number')
