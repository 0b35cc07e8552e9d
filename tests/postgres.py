"""A throwaway PostgreSQL server for the tests that check the scale-out engine for real.

Started once per test session from the machine's `initdb` / `pg_ctl` (as the `postgres`
user when the tests run as root, which PostgreSQL refuses); the tests skip when PostgreSQL
or asyncpg is not installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        if not shutil.which("initdb") or not shutil.which("pg_ctl"):
            pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed")
        pytest.importorskip("asyncpg")
        self.dir = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "lotse", "--no-sync")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )
        self.data = data

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "lotse", "-d", "postgres",
             "-c", f"CREATE DATABASE {name}"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        return f"postgresql+asyncpg://lotse@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
