"""prisoner.envelope_name: the user's correction of the generated envelope recipient line
("Кагарлицкому Борису Юльевичу, 1958 г.р."); null means the generated line is used.

Plain ADD COLUMN: the prisoner table is not recreated, so its search-index triggers stay
(a batch recreate would drop them, see 0005). Downgrade drops the column in place
(SQLite 3.35+), for the same reason.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("prisoner", sa.Column("envelope_name", sa.String(), nullable=True))


def downgrade() -> None:
    op.get_bind().exec_driver_sql("ALTER TABLE prisoner DROP COLUMN envelope_name")
