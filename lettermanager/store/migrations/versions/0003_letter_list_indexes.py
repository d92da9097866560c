"""Covering indexes for the letters table: by date, and by date within a prisoner or a
correspondent.

The letters table orders by the letter's date, coalesce(written_on, sent_on, received_on),
then created_at and id. With these indexes SQLite reads the ordered ids straight from an index
(no sort, no table rows), so sorting 100,000 letters by date, by prisoner or by correspondent,
and listing one prisoner's letters, take tens of milliseconds instead of hundreds.

They are expression indexes, which SQLAlchemy does not reflect: they are not declared on the
models, and a later batch migration that recreates the letter table must create them again
(see store.letter_table.DATE_SQL).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DATE = "coalesce(written_on, sent_on, received_on)"
INDEXES = {
    "ix_letter_date": f"{DATE}, created_at, id",
    "ix_letter_prisoner_date": f"prisoner_id, {DATE}, created_at, id",
    "ix_letter_correspondent_date": f"correspondent_id, {DATE}, created_at, id",
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON letter ({columns})")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
