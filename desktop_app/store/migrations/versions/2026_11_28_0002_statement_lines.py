"""statement lines and settlements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 15:02:11.418207
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop_app.store.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statement_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=80), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('account', sa.String(length=80), nullable=False),
    sa.Column('external_id', sa.String(length=120), nullable=False),
    sa.Column('booked_on', sa.Date(), nullable=False),
    sa.Column('value_on', sa.Date(), nullable=True),
    sa.Column('amount', desktop_app.store.types.Scaled(), nullable=False),
    sa.Column('fee', desktop_app.store.types.Scaled(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('payer_email', sa.String(length=200), nullable=False),
    sa.Column('refs', sa.Text(), nullable=False),
    sa.Column('gateway_ids', sa.Text(), nullable=False),
    sa.Column('payout_id', sa.String(length=120), nullable=False),
    sa.Column('related_id', sa.String(length=120), nullable=False),
    sa.Column('reversal', sa.Boolean(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('file_line', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('confidence', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposal', sa.Text(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', desktop_app.store.types.UtcDateTime(), nullable=True),
    sa.Column('created_at', desktop_app.store.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_statement_lines_customer_id_customers')),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_runs.id'], name=op.f('fk_statement_lines_import_run_id_import_runs')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_statement_lines_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_lines')),
    sa.UniqueConstraint('origin', 'external_id', name=op.f('uq_statement_lines_origin_external_id'))
    )
    with op.batch_alter_table('statement_lines', schema=None) as batch_op:
        batch_op.create_index('ix_statement_lines_booked_on', ['booked_on'], unique=False)
        batch_op.create_index('ix_statement_lines_state_booked_on', ['state', 'booked_on'], unique=False)

    op.create_table('payment_settlements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_line_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('amount', desktop_app.store.types.Scaled(), nullable=False),
    sa.Column('fee', desktop_app.store.types.Scaled(), nullable=False),
    sa.Column('payout_id', sa.String(length=120), nullable=False),
    sa.Column('created_at', desktop_app.store.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payment_settlements_invoice_id_invoices')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_settlements_payment_id_payments')),
    sa.ForeignKeyConstraint(['statement_line_id'], ['statement_lines.id'], name=op.f('fk_payment_settlements_statement_line_id_statement_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_settlements'))
    )
    with op.batch_alter_table('payment_settlements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_settlements_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_settlements_statement_line_id'), ['statement_line_id'], unique=False)

    # Looking up the lines a payment came from (reversals) and a customer's proposals.
    with op.batch_alter_table('statement_lines', schema=None) as batch_op:
        batch_op.create_index('ix_statement_lines_payment_id', ['payment_id'], unique=False)

    _create_immutability_triggers()


# What a bank or provider said is a record like a payment: nothing of a line may change but the
# state its review gives it, and nothing may be removed; settlements are final like payments.
_FROZEN_LINE_COLUMNS = ('origin', 'source', 'account', 'external_id', 'booked_on', 'value_on', 'amount', 'fee',
                        'currency', 'kind', 'method', 'label', 'payer_name', 'payer_email', 'refs', 'gateway_ids',
                        'payout_id', 'related_id', 'reversal', 'file_name', 'file_line', 'import_run_id',
                        'created_at')


def _create_immutability_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _create_postgresql_triggers()
        return
    if dialect != "sqlite":
        return
    op.execute(f"""
        CREATE TRIGGER statement_lines_no_update BEFORE UPDATE OF {', '.join(_FROZEN_LINE_COLUMNS)}
        ON statement_lines
        BEGIN SELECT RAISE(ABORT, 'statement_lines rows are immutable except their review state'); END""")
    op.execute("""
        CREATE TRIGGER statement_lines_no_delete BEFORE DELETE ON statement_lines
        BEGIN SELECT RAISE(ABORT, 'statement_lines rows are immutable'); END""")
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER payment_settlements_no_{action.lower()} BEFORE {action} ON payment_settlements
            BEGIN SELECT RAISE(ABORT, 'payment_settlements rows are immutable'); END""")


def _create_postgresql_triggers() -> None:
    # comptoir_refuse() comes from revision 0001; UPDATE OF fires when a frozen column is set at all,
    # as SQLite's trigger does.
    op.execute(f"""
        CREATE TRIGGER statement_lines_no_update BEFORE UPDATE OF {', '.join(_FROZEN_LINE_COLUMNS)}
        ON statement_lines FOR EACH ROW EXECUTE FUNCTION comptoir_refuse()""")
    op.execute("CREATE TRIGGER statement_lines_no_delete BEFORE DELETE ON statement_lines "
               "FOR EACH ROW EXECUTE FUNCTION comptoir_refuse()")
    op.execute("CREATE TRIGGER payment_settlements_immutable BEFORE UPDATE OR DELETE ON payment_settlements "
               "FOR EACH ROW EXECUTE FUNCTION comptoir_refuse()")
    for table in ("statement_lines", "payment_settlements"):
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION comptoir_refuse()")


def downgrade() -> None:
    # On PostgreSQL the triggers go with their tables (DROP TRIGGER there needs the table's name anyway).
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("statement_lines_no_update", "statement_lines_no_delete", "payment_settlements_no_update",
                        "payment_settlements_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table('payment_settlements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_settlements_statement_line_id'))
        batch_op.drop_index(batch_op.f('ix_payment_settlements_payment_id'))

    op.drop_table('payment_settlements')
    with op.batch_alter_table('statement_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_lines_payment_id')
        batch_op.drop_index('ix_statement_lines_state_booked_on')
        batch_op.drop_index('ix_statement_lines_booked_on')

    op.drop_table('statement_lines')
