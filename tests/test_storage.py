"""Migrations run up and down; times stay aware UTC on SQLite."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from bot.storage.db import alembic_config, create_engine, migrate
from bot.storage.tables import users


async def test_every_revision_upgrades_and_downgrades(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 's.db'}")
    config = alembic_config()
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    await migrate(engine)

    def down_and_up(connection):
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        command.upgrade(config, "head")

    async with engine.begin() as conn:
        await conn.run_sync(down_and_up)
        tables = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
    assert {"users", "flow_states"} <= set(tables) and revisions
    await engine.dispose()


async def test_sqlite_runs_in_wal_mode_and_keeps_utc(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nested' / 's.db'}")
    await migrate(engine)
    async with engine.begin() as conn:
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        with pytest.raises(sa.exc.StatementError):
            await conn.execute(
                sa.insert(users).values(
                    id=1, language="de", language_confirmed=True, created_at=datetime(2026, 1, 1)
                )
            )
    await engine.dispose()
