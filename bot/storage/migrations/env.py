"""Alembic environment: runs on the connection the bot hands over (see storage/db.py)."""

from alembic import context

from bot.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations through the bot (it migrates on start) or bot.storage.db.")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
