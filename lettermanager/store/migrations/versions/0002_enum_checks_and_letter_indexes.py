"""Enumeration CHECK constraints and the indexes the letter lists sort by.

SQLite cannot add a CHECK constraint to an existing table, so each table is recreated in
batch mode. The letter table is the parent of censorship events and translations (ON DELETE
CASCADE): this is the migration that must run with foreign keys off (see store.schema.upgrade).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = {
    "prisoner": {"status": ["pretrial", "convicted", "released", "unknown"]},
    "facility": {"kind": ["police_cell", "pretrial_detention", "penal_colony",
                          "colony_settlement", "prison", "prison_hospital", "transit", "other"]},
    "correspondent": {"role": ["family", "friend", "volunteer", "lawyer", "organization",
                               "translator", "journalist", "other"]},
    "letter": {
        "direction": ["outgoing", "incoming"],
        "channel": ["post", "registered_post", "electronic", "lawyer", "in_person",
                    "public_statement", "other"],
        "status": ["draft", "ready", "sent", "delivered", "received", "returned", "lost",
                   "withheld"],
    },
    "censorship_event": {"kind": ["passed", "delayed", "redacted", "withheld", "returned",
                                  "lost", "item_removed", "censor_comment", "other"]},
    "translation": {"status": ["queued", "in_progress", "in_review", "done", "not_needed"]},
}


def upgrade() -> None:
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, recreate="always") as batch:
            for column, values in columns.items():
                allowed = ", ".join(f"'{value}'" for value in values)
                batch.create_check_constraint(f"ck_{table}_{column}", f"{column} IN ({allowed})")
    op.create_index("ix_letter_prisoner_dates", "letter", ["prisoner_id", "written_on", "sent_on"])
    op.create_index("ix_letter_sent_on", "letter", ["sent_on"])
    op.create_index("ix_letter_written_on", "letter", ["written_on"])


def downgrade() -> None:
    op.drop_index("ix_letter_written_on", "letter")
    op.drop_index("ix_letter_sent_on", "letter")
    op.drop_index("ix_letter_prisoner_dates", "letter")
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, recreate="always") as batch:
            for column in columns:
                batch.drop_constraint(f"ck_{table}_{column}", type_="check")
