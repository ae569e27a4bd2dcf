"""A PostgreSQL 15 primary and its streaming replica of the tests' own, on loopback.

Each is a cluster made by `initdb` in a temporary folder and run by `pg_ctl` on a free
port, as the postgres user (PostgreSQL refuses to run as root); the replica is a
`pg_basebackup -R` of the primary, a hot standby streaming its WAL. The machine's own
server (5432) is not touched. `tests/test_read_replica.py` uses it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess  # nosec B404  (the PostgreSQL tools, with fixed arguments)
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
USER = "postgres"


def missing() -> str | None:
    """Why no cluster can be made here (None if one can)."""
    absent = [tool for tool in TOOLS if not (BIN / tool).exists()]
    if absent:
        return f"PostgreSQL's {', '.join(absent)} not in {BIN} (set PG_BIN)"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"no {USER} user to run PostgreSQL as"
    if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name != USER:
        return f"PostgreSQL runs as {USER}: run the tests as root or as {USER}"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "runuser is needed to run PostgreSQL as its own user"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(*args: str) -> None:
    command = [str(BIN / args[0]), *args[1:]]
    if os.geteuid() == 0:
        command = ["runuser", "-u", USER, "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # nosec B603


class Server:
    """One cluster: its folder, port and URL."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.url = f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"

    def start(self) -> None:
        _run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
             "-o", f"-p {self.port} -k {self.folder}", "-w", "-t", "60", "start")

    def running(self) -> bool:
        try:
            _run("pg_ctl", "-D", str(self.folder / "data"), "status")
        except subprocess.CalledProcessError:
            return False
        return True

    def stop(self) -> None:
        _run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def scalar(self, sql: str) -> object:
        """One statement on its own short connection (autocommit)."""
        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool,
                                  isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                result = connection.execute(sa.text(sql))
                return result.scalar() if result.returns_rows else None
        finally:
            engine.dispose()


class Cluster:
    """A primary and its replica; `pause`/`resume` the replica's replay, `stop`/`start` it."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="rooyesh-replica-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, USER, USER)
        self.primary = Server(self._folder("primary"), _free_port())
        self.replica = Server(self._folder("replica"), _free_port())

    def _folder(self, name: str) -> Path:
        folder = self.root / name
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, USER, USER)
        return folder

    def start(self) -> None:
        data = self.primary.folder / "data"
        _run("initdb", "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync")
        # Fast and small: a test cluster, thrown away after the session.
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("listen_addresses = '127.0.0.1'\nfsync = off\n"
                       "full_page_writes = off\n"
                       "shared_buffers = 32MB\nmax_connections = 40\n")
        self.primary.start()
        # -R writes standby.signal and primary_conninfo: a hot standby streaming the WAL.
        _run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", USER,
             "-D", str(self.replica.folder / "data"), "-R", "-X", "stream", "-c", "fast",
             "--no-sync")
        self.replica.start()

    def close(self) -> None:
        for server in (self.replica, self.primary):
            # Not running: a test stopped it, or it never started.
            with contextlib.suppress(subprocess.CalledProcessError):
                server.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def caught_up(self, timeout: float = 30) -> None:
        """Wait until the replica has replayed everything the primary has written."""
        target = self.primary.scalar("SELECT pg_current_wal_insert_lsn()::text")
        deadline = time.monotonic() + timeout
        while not self.replica.scalar(
                f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"replica did not reach {target}")
            time.sleep(0.05)

    def pause(self) -> None:
        """The replica stops replaying (it still receives): it shows the past."""
        self.replica.scalar("SELECT pg_wal_replay_pause()")
        while self.replica.scalar("SELECT pg_get_wal_replay_pause_state()") != "paused":
            time.sleep(0.02)

    def resume(self) -> None:
        self.replica.scalar("SELECT pg_wal_replay_resume()")
