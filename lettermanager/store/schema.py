"""Alembic revisions: reading a file's revision and migrating it to the app's."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from ..paths import migrations_dir
from .errors import MigrationFailed
from .search_index import is_index_table


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: the search index's tables are made by SQL, not declared as models."""
    return not (type_ == "table" and name and is_index_table(name))


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The file's revision, or None when it has no alembic_version table."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate in one transaction with foreign keys off, then check them.

    Batch migrations recreate tables; with foreign keys on, dropping the old table would fire
    ON DELETE CASCADE and silently delete child rows. The pragma only takes effect outside a
    transaction, so it is set on the raw connection before anything begins.
    """
    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                connection.rollback()
                raise MigrationFailed(
                    f"the migration would leave {len(broken)} broken references "
                    f"(first in table {broken[0][0]}); the database was left as it was"
                )
            connection.commit()
        except MigrationFailed:
            raise
        except Exception as exc:
            connection.rollback()
            raise MigrationFailed(f"the database could not be migrated: {exc}") from exc
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
