"""Alembic environment: the store hands over an open connection; there is no alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

from lettermanager.store import models  # noqa: F401  (registers the tables)
from lettermanager.store.schema import include_object

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through lettermanager.store.schema.upgrade()")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
