"""The SQLite store: one file in MASTERY_HOME, one connection per thread, WAL, migrations.

Streamlit runs each script run in a worker thread and sqlite3 connections refuse to cross threads,
so a Store hands every thread its own connection (sqlite-utils Database) to the same file.
WAL lets the app read while a write is in progress; synchronous=FULL makes a commit survive a
crash of the process (and of the machine) once it has returned.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from progress.migrations import MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


def mastery_home() -> Path:
    return Path(os.environ.get("MASTERY_HOME") or Path.home() / ".mastery").expanduser()


def default_db_path() -> Path:
    return mastery_home() / "mastery.db"


class StoreError(RuntimeError):
    """The database cannot be opened as it is; the message is one line for the user. The file is untouched."""


class SchemaTooNew(StoreError):
    """The database was written by a newer Mastery."""


class NotADatabase(StoreError):
    """MASTERY_HOME's database file is something else (damaged, or another program's file)."""


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_database_file(path: Path, known_version: int) -> None:
    """Refuse a file that is not SQLite or is newer than this code before connecting to it.

    Connecting would switch the journal to WAL (rewriting header bytes) and create -wal/-shm files;
    a file we must not use has to stay byte-identical, so the header is read directly instead.
    """
    if path.is_dir():
        raise NotADatabase(f"{path} is a folder, not a database file; set MASTERY_HOME to another folder")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return  # a new database
    except OSError as exc:
        raise NotADatabase(f"{path} cannot be read ({exc.strerror}); check its permissions") from None
    if not header:
        return  # an empty file is an empty SQLite database
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotADatabase(f"{path} is not an SQLite database; Mastery left it unchanged. Move it away "
                           "(or set MASTERY_HOME to another folder) to start a new one")
    version = int.from_bytes(header[60:64], "big")  # PRAGMA user_version lives at offset 60
    if version > known_version:
        raise SchemaTooNew(f"{path} has schema version {version}, newer than this Mastery knows "
                           f"({known_version}); upgrade Mastery rather than risk writing an older format")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit mid-migration)."""
    out, buf = [], ""
    for char in script:
        buf += char
        # complete_statement knows about quotes and comments, so a ';' inside them does not split.
        if char == ";" and sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


class Store:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {self.path.parent} ({exc.strerror}); "
                             "set MASTERY_HOME to a writable folder") from None
        check_database_file(self.path, len(MIGRATIONS))
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        try:
            self.migrate()
        except sqlite3.DatabaseError as exc:  # damaged past the header: say so, leave it as it is
            self.close()
            raise NotADatabase(f"{self.path} cannot be used as a database ({exc}); Mastery left it unchanged") from None

    # -- connections -------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so nothing commits implicitly.
        # check_same_thread=False only so that a finished thread's connection can be closed from the next
        # thread (see `conn`); each connection is still used by the one thread that opened it.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            # Imported on first use: it pulls in pandas (~1 s), which `mastery app` must not wait for.
            import sqlite_utils

            self._local.db = sqlite_utils.Database(conn)
            with self._lock:
                # Streamlit runs every script run in a new thread. The connections of threads that have ended
                # are closed here, once per new thread: kept until the app stopped, each held the database and
                # its WAL open (two descriptors per rerun) until the process ran out of them.
                ended = [c for t, c in self._all if not t.is_alive()]
                self._all = [(t, c) for t, c in self._all if t.is_alive()]
                self._all.append((threading.current_thread(), conn))
            for old in ended:
                old.close()
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        self.conn  # noqa: B018 - creates this thread's connection on first use
        return self._local.db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: all or nothing."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for _, conn in self._all:
                with suppress(sqlite3.ProgrammingError):  # closed already
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    # -- schema ------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, migrations: list[str] | None = None) -> int:
        """Apply pending migrations, each in its own transaction with its version bump."""
        steps = MIGRATIONS if migrations is None else migrations
        conn = self.conn
        while True:
            with self.transaction():
                # Re-read inside the write lock: another process may have migrated meanwhile.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > len(steps):
                    raise SchemaTooNew(
                        f"{self.path} has schema version {version}, newer than this Mastery knows "
                        f"({len(steps)}); upgrade Mastery rather than risk writing an older format"
                    )
                if version == len(steps):
                    return version
                for statement in _statements(steps[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]
