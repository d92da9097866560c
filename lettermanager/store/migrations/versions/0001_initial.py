"""The first schema: prisoners, facilities, custody stays, correspondents, letters,
censorship events and translations.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "prisoner",
        *_record_columns(),
        sa.Column("full_name", sa.String(), nullable=False),
        sa.Column("latin_name", sa.String()),
        sa.Column("birth_year", sa.Integer()),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("charges", sa.String()),
        sa.Column("sentence", sa.String()),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String()),
    )
    op.create_index("ix_prisoner_full_name", "prisoner", ["full_name"])
    op.create_table(
        "facility",
        *_record_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("address", sa.String()),
        sa.Column("city", sa.String()),
        sa.Column("region", sa.String()),
        sa.Column("country", sa.String()),
        sa.Column("postal_code", sa.String()),
        sa.Column("mail_notes", sa.String()),
    )
    op.create_index("ix_facility_name", "facility", ["name"])
    op.create_table(
        "custody_stay",
        *_record_columns(),
        sa.Column("prisoner_id", sa.String(),
                  sa.ForeignKey("prisoner.id", ondelete="CASCADE"), nullable=False),
        sa.Column("facility_id", sa.String(), sa.ForeignKey("facility.id", ondelete="RESTRICT")),
        sa.Column("start", sa.String()),
        sa.Column("end", sa.String()),
        sa.Column("note", sa.String()),
    )
    op.create_index("ix_custody_stay_prisoner_id", "custody_stay", ["prisoner_id"])
    op.create_index("ix_custody_stay_facility_id", "custody_stay", ["facility_id"])
    op.create_table(
        "correspondent",
        *_record_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("contact", sa.String()),
        sa.Column("notes", sa.String()),
    )
    op.create_index("ix_correspondent_name", "correspondent", ["name"])
    op.create_table(
        "letter",
        *_record_columns(),
        sa.Column("prisoner_id", sa.String(),
                  sa.ForeignKey("prisoner.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("correspondent_id", sa.String(),
                  sa.ForeignKey("correspondent.id", ondelete="RESTRICT")),
        sa.Column("facility_id", sa.String(), sa.ForeignKey("facility.id", ondelete="RESTRICT")),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("language", sa.String()),
        sa.Column("title", sa.String()),
        sa.Column("summary", sa.String()),
        sa.Column("body", sa.String()),
        sa.Column("written_on", sa.String()),
        sa.Column("sent_on", sa.String()),
        sa.Column("received_on", sa.String()),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), sa.ForeignKey("letter.id", ondelete="SET NULL")),
        sa.Column("expects_reply", sa.Boolean(), nullable=False),
        sa.Column("reply_due", sa.String()),
        sa.Column("tracking_number", sa.String()),
        sa.Column("published_in", sa.String()),
        sa.Column("published_url", sa.String()),
        sa.Column("published_on", sa.String()),
        sa.Column("notes", sa.String()),
    )
    op.create_index("ix_letter_correspondent_id", "letter", ["correspondent_id"])
    op.create_index("ix_letter_facility_id", "letter", ["facility_id"])
    op.create_index("ix_letter_in_reply_to", "letter", ["in_reply_to"])
    op.create_table(
        "censorship_event",
        *_record_columns(),
        sa.Column("letter_id", sa.String(),
                  sa.ForeignKey("letter.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("noted_on", sa.String()),
        sa.Column("note", sa.String()),
    )
    op.create_index("ix_censorship_event_letter_id", "censorship_event", ["letter_id"])
    op.create_table(
        "translation",
        *_record_columns(),
        sa.Column("letter_id", sa.String(),
                  sa.ForeignKey("letter.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_language", sa.String(), nullable=False),
        sa.Column("target_language", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("translator", sa.String()),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.String()),
        sa.Column("due_on", sa.String()),
        sa.Column("completed_on", sa.String()),
        sa.Column("text", sa.String()),
        sa.Column("notes", sa.String()),
    )
    op.create_index("ix_translation_letter_id", "translation", ["letter_id"])


def downgrade() -> None:
    for table in ("translation", "censorship_event", "letter", "correspondent",
                  "custody_stay", "facility", "prisoner"):
        op.drop_table(table)
