"""Fields for reply tracking and the translation queue.

- prisoner.contact_interval_days: the per-prisoner target ("write at least every N days").
- letter.answered_on: the user marked the letter answered by another route (a call, a visit).
- letter.send_override_reason: why an outgoing letter may go without its Russian translation.
- facility.accepted_languages: languages the censor accepts (null: Russian only).
- translation.claimed_at: when the translator in `translator` claimed the work.

Plain ADD COLUMN: no table is recreated, so the letter table's expression indexes stay.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = [
    ("prisoner", sa.Column("contact_interval_days", sa.Integer(), nullable=True)),
    ("letter", sa.Column("answered_on", sa.String(), nullable=True)),
    ("letter", sa.Column("send_override_reason", sa.String(), nullable=True)),
    ("facility", sa.Column("accepted_languages", sa.JSON(), nullable=True)),
    ("translation", sa.Column("claimed_at", sa.String(), nullable=True)),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column.name)
