"""A throwaway PgBouncer in transaction pooling mode in front of the test server.

``pgbouncer(server, database)`` starts one from the local binary (Debian's ``pgbouncer`` package;
as root it runs as the ``postgres`` system user, since PgBouncer refuses to run as root), yields
the URL of `database` through it (same user and password as the server), and on the way out stops
it and deletes its files. Like the server itself it never skips: without the binary it raises,
saying to run ``scripts/ensure-services``.

The pooler is the same kind Supabase runs on port 6543: a server connection is lent to a client for
one transaction only, so whatever a client leaves on a connection between transactions (named
prepared statements, session settings, session advisory locks) may be gone, or someone else's, at
its next one.
"""

from __future__ import annotations

import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.integration.servers._process import (
    ENSURE_SERVICES,
    ServiceUser,
    find_binary,
    free_port,
    make_workdir,
    stop_process,
    tail,
)
from tests.integration.servers.postgres import PostgresServer

SERVICE_USER = ServiceUser("postgres")
DEBIAN_SBIN = Path("/usr/sbin")  # where Debian puts it; not on a non-root user's PATH

_START_ATTEMPTS = 3  # a free port can be taken by someone else before PgBouncer binds it
_START_TIMEOUT = 15.0  # seconds until it must accept connections


@contextmanager
def pgbouncer(server: PostgresServer, database: str, *, pool_size: int = 5) -> Iterator[str]:
    """A PgBouncer in transaction mode in front of `database` on `server`; yields its URL.

    At most `pool_size` server connections are opened to the database, however many clients connect
    (up to 500), so with more clients than that, transactions really do take turns on shared server
    connections.
    """
    binary = find_binary("pgbouncer", [DEBIAN_SBIN])
    if binary is None:
        raise RuntimeError(
            f"pgbouncer is not installed: run {ENSURE_SERVICES} (or apt-get install pgbouncer)."
        )
    workdir = make_workdir("clinicflow-pgbouncer-")
    try:
        (workdir / "userlist.txt").write_text(
            f"{_quoted(server.user)} {_quoted(server.password)}\n", encoding="utf-8"
        )
        (workdir / "userlist.txt").chmod(0o600)
        SERVICE_USER.hand_over(workdir)
        process, port = _start(binary, workdir, server, database, pool_size)
        try:
            credentials = f"{quote(server.user, safe='')}:{quote(server.password, safe='')}"
            yield f"postgresql://{credentials}@127.0.0.1:{port}/{quote(database, safe='')}"
        finally:
            stop_process(process)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _quoted(value: str) -> str:
    """A value as PgBouncer's auth_file wants it: in double quotes, a double quote doubled."""
    return '"' + value.replace('"', '""') + '"'


def _config(workdir: Path, server: PostgresServer, database: str, pool_size: int, port: int) -> str:
    # Server connections authenticate with the password in the userlist (SCRAM, as the server asks);
    # clients authenticate to PgBouncer with SCRAM against the same plain-text password.
    target = (
        f"host={server.host} port={server.port} dbname={database} user={server.user} "
        f"pool_size={pool_size} min_pool_size=0 reserve_pool=0"
    )
    settings = {
        "listen_addr": "127.0.0.1",
        "listen_port": str(port),
        "unix_socket_dir": "",  # TCP only: no socket file left in /tmp or /var/run
        "auth_type": "scram-sha-256",
        "auth_file": str(workdir / "userlist.txt"),
        "pool_mode": "transaction",
        "default_pool_size": str(pool_size),
        "min_pool_size": "0",
        "reserve_pool_size": "0",
        "max_client_conn": "500",
        "max_db_connections": str(pool_size),
        "server_tls_sslmode": "prefer",
        "stats_period": "3600",  # no periodic stats lines in the log
    }
    lines = [f"[databases]\n{_db_name(database)} = {target}\n", "[pgbouncer]"]
    lines.extend(f"{name} = {value}" for name, value in settings.items())
    return "\n".join(lines) + "\n"


def _db_name(database: str) -> str:
    if not database.replace("_", "").isalnum():
        raise ValueError(f"database name {database!r} is not one a pgbouncer.ini can name unquoted")
    return database


def _start(
    binary: Path, workdir: Path, server: PostgresServer, database: str, pool_size: int
) -> tuple[subprocess.Popen[bytes], int]:
    ini, log = workdir / "pgbouncer.ini", workdir / "pgbouncer.log"
    for attempt in range(1, _START_ATTEMPTS + 1):
        port = free_port()
        ini.write_text(_config(workdir, server, database, pool_size, port), encoding="utf-8")
        SERVICE_USER.hand_over(ini)
        with log.open("ab") as output:  # it logs to stderr too, and early errors only there
            process = subprocess.Popen(
                [str(binary), str(ini)],
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                **_as_service_user(),
            )
        if _wait_until_listening(process, port, log):
            return process, port
        stop_process(process)
        lost_the_port = "Address already in use" in tail(log, lines=10)
        if not lost_the_port or attempt == _START_ATTEMPTS:
            raise RuntimeError(
                f"PgBouncer did not start (exit status {process.returncode}).\n"
                f"--- tail of {log.name} ---\n{tail(log)}"
            )
    raise AssertionError("unreachable")


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> bool:
    """Whether it says it listens on `port` and is still running (a TCP probe could reach a thief)."""
    listening = f"listening on 127.0.0.1:{port}"
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if listening in tail(log, lines=20):
            return process.poll() is None
        time.sleep(0.01)
    return False


def _as_service_user() -> dict[str, Any]:
    """Popen's arguments to run as the service user when we are root, else nothing.

    Not through runuser, as the servers' own commands are: runuser outlives a SIGTERM by two seconds
    before it kills its child, and leaves that child unreaped. With these, PgBouncer is our own child.
    """
    if not SERVICE_USER.switching:
        return {}
    try:
        entry = pwd.getpwnam(SERVICE_USER.name)
    except KeyError:
        raise RuntimeError(
            f"Running as root, PgBouncer runs as the system user {SERVICE_USER.name!r}, which does "
            f"not exist. Run {ENSURE_SERVICES} (Debian's packages create it), or run the tests as "
            "a non-root user."
        ) from None
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
