"""the facts a big shop's dashboard, reports and verify read, kept where one index holds them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 19:00:00

- invoice_balances keeps a copy of its invoice's due date, issue date, currency, rate and customer (an
  issued invoice never changes; `verify` holds the copies equal), and the open ones are one index in
  due-date order: the dashboard adds up 40,000 open invoices without reading a million invoice rows.
- the issued documents by date also hold their kind, rate and VAT in euros, and the VAT rows their
  breakdown: a year's VAT return reads two indexes, not the 1.5 kB rows of a million invoices.
- verify reads the numbering of each series from an index in number order, and the payable totals and
  allocated amounts it adds up again for each balance from indexes too.
- the customers whose reminders are paused are an index of their own.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop_app.store.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_COPIED = ('due_date', 'issue_date', 'currency', 'exchange_rate', 'customer_id')
_OPEN_FACTS = ['open', 'due_date', 'invoice_id', 'balance', 'currency', 'exchange_rate', 'customer_id',
               'issue_date']
_BY_DATE = ['state', 'issue_date', 'sequence_number', 'id', 'kind', 'exchange_rate', 'vat_total_eur']
_FACTS = ['id', 'state', 'kind', 'issue_date', 'sequence_number', 'due_date', 'currency', 'exchange_rate',
          'customer_id']
_MORE_FACTS = ['series', 'sequence_period', 'grand_total', 'rounding']
_BREAKDOWN = ['invoice_id', 'vat_category', 'vat_rate', 'base', 'amount']
_PAUSED = ['id', 'reminders_pause_reason', 'reminders_paused_until']
_NUMBERING = ['series', 'sequence_period', 'sequence_number', 'state', 'issue_date']


def upgrade() -> None:
    with op.batch_alter_table('invoice_balances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('issue_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('exchange_rate', desktop_app.store.types.Scaled(8), nullable=True))
        batch_op.add_column(sa.Column('customer_id', sa.Integer(), nullable=True))
    copied = ', '.join(f'{name} = (SELECT i.{name} FROM invoices i WHERE i.id = invoice_balances.invoice_id)'
                       for name in _COPIED)
    op.execute(f'UPDATE invoice_balances SET {copied}')
    with op.batch_alter_table('invoice_balances', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_balances_open_facts', _OPEN_FACTS, unique=False,
                              sqlite_where=sa.text('open = 1'), postgresql_where=sa.text('open = 1'))
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_state_issue_date_sequence_number')
        batch_op.create_index('ix_invoices_issued_by_date', _BY_DATE, unique=False)
        batch_op.drop_index('ix_invoices_facts')
        batch_op.create_index('ix_invoices_facts', _FACTS + _MORE_FACTS, unique=False)
        batch_op.create_index('ix_invoices_numbering', _NUMBERING, unique=False)
    with op.batch_alter_table('payment_allocations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_allocations_invoice_id')
        batch_op.create_index('ix_payment_allocations_invoice_amount', ['invoice_id', 'amount'], unique=False)
    with op.batch_alter_table('invoice_vat', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_vat_invoice_id')
        batch_op.create_index('ix_invoice_vat_breakdown', _BREAKDOWN, unique=False)
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_reminders_paused', _PAUSED, unique=False,
                              sqlite_where=sa.text("reminders_pause_reason != ''"),
                              postgresql_where=sa.text("reminders_pause_reason != ''"))


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_reminders_paused')
    with op.batch_alter_table('invoice_vat', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_vat_breakdown')
        batch_op.create_index('ix_invoice_vat_invoice_id', ['invoice_id'], unique=False)
    with op.batch_alter_table('payment_allocations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_allocations_invoice_amount')
        batch_op.create_index('ix_payment_allocations_invoice_id', ['invoice_id'], unique=False)
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_numbering')
        batch_op.drop_index('ix_invoices_facts')
        batch_op.create_index('ix_invoices_facts', _FACTS, unique=False)
        batch_op.drop_index('ix_invoices_issued_by_date')
        batch_op.create_index('ix_invoices_state_issue_date_sequence_number',
                              ['state', 'issue_date', 'sequence_number'], unique=False)
    with op.batch_alter_table('invoice_balances', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_balances_open_facts')
        for name in reversed(_COPIED):
            batch_op.drop_column(name)

