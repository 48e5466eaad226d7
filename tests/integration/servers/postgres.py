"""A real PostgreSQL server for the integration tests, from wherever one can be had.

``postgres_server()`` yields a running server and, on the way out, removes whatever it started.
The first of these that applies is used:

1. ``CLINICFLOW_TEST_POSTGRES_URL`` is set: that existing server ("env"). Its user must be able to
   CREATE DATABASE; only host, port, user and password are taken from the URL.
2. A Docker engine answers: a ``postgres:15`` container through testcontainers ("testcontainers").
3. Otherwise a throwaway cluster from the local binaries ("local"): initdb into a temporary
   directory, loopback only, password (SCRAM) authentication over TCP, SSL on with a self-signed
   certificate, fsync off for speed; stopped and deleted afterwards.

It never skips: with none of the three it raises, saying what to install.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

import asyncpg

from tests.integration.servers._process import (
    ENSURE_SERVICES,
    ServiceUser,
    find_binary,
    first_available,
    free_port,
    make_workdir,
    tail,
)

ENV_VAR = "CLINICFLOW_TEST_POSTGRES_URL"
IMAGE = "postgres:15"
SUPERUSER = "postgres"
SERVICE_USER = ServiceUser("postgres")

_START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str = field(repr=False)  # an env-mode password may be a real one: keep it out of reports
    mode: str  # "env" | "testcontainers" | "local"
    ssl: bool  # the server accepts SSL connections
    _stop_start: tuple[Callable[[], object], Callable[[], object]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def can_restart(self) -> bool:
        """Whether stop() and start() work: only on a cluster the tests started themselves."""
        return self._stop_start is not None

    def stop(self) -> None:
        """Stop the server at once (as a crash would): connections break, new ones are refused."""
        self._control()[0]()

    def start(self) -> None:
        """Start it again on the same port, with its data (it recovers as after a crash)."""
        self._control()[1]()

    def _control(self) -> tuple[Callable[[], object], Callable[[], object]]:
        if self._stop_start is None:
            raise RuntimeError(f"this PostgreSQL server ({self.mode} mode) is not the tests' to stop")
        return self._stop_start

    def url(self, database: str = "postgres", **query: str) -> str:
        """A libpq-style URL to `database` on this server, e.g. ``url("app", sslmode="require")``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        credentials = f"{quote(self.user, safe='')}:{quote(self.password, safe='')}"
        url = f"postgresql://{credentials}@{host}:{self.port}/{quote(database, safe='')}"
        return f"{url}?{urlencode(query)}" if query else url


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running PostgreSQL server for the length of the ``with`` block (see the module's doc)."""
    with first_available(ENV_VAR, _env_server, _container_server, _local_server) as server:
        yield server


# --- 1. an existing server -------------------------------------------------------------------


def _env_server(url: str) -> PostgresServer:
    parts = urlsplit(url)
    if parts.scheme not in {"postgresql", "postgres"} or not parts.hostname:
        shown = f"{parts.scheme}://{parts.hostname or ''}..." if parts.scheme else "(not a URL)"
        raise RuntimeError(
            f"{ENV_VAR} must look like postgresql://user:password@host:port/database; got {shown}"
        )
    try:
        port = parts.port or 5432
    except ValueError:
        raise RuntimeError(f"{ENV_VAR} has an invalid port") from None
    return PostgresServer(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username) if parts.username else SUPERUSER,
        password=unquote(parts.password) if parts.password else "",
        mode="env",
        ssl=_ssl_is_on(url, what=f"the server in {ENV_VAR}"),
    )


def _ssl_is_on(url: str, *, what: str) -> bool:
    """Whether the server at `url` says ``SHOW ssl`` = on (in a worker thread: a loop may be running)."""

    async def show() -> bool:
        connection = await asyncpg.connect(url, timeout=15)
        try:
            return str(await connection.fetchval("SHOW ssl")) == "on"
        finally:
            await connection.close()

    try:
        with ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(lambda: asyncio.run(show())).result()
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:  # TimeoutError is an OSError
        raise RuntimeError(f"Could not connect to {what}: {type(exc).__name__}: {exc}") from exc


# --- 2. a container --------------------------------------------------------------------------


@contextmanager
def _container_server() -> Iterator[PostgresServer]:
    from testcontainers.community.postgres import PostgresContainer

    password = secrets.token_urlsafe(18)
    container = PostgresContainer(
        IMAGE, username=SUPERUSER, password=password, dbname="postgres", driver=None
    )
    with container:
        server = PostgresServer(
            host=container.get_container_host_ip(),
            port=container.get_exposed_port(5432),
            user=SUPERUSER,
            password=password,
            mode="testcontainers",
            ssl=False,  # the official image ships with ssl off; asked below all the same
        )
        yield replace(server, ssl=_ssl_is_on(server.url(), what=f"the {IMAGE} container"))


# --- 3. a throwaway cluster from the local binaries ------------------------------------------


@contextmanager
def _local_server() -> Iterator[PostgresServer]:
    bindir = _find_bindir()
    openssl = find_binary("openssl")
    if openssl is None:
        raise RuntimeError(f"openssl is not installed: run {ENSURE_SERVICES} (or apt-get install openssl).")
    SERVICE_USER.check()

    workdir = make_workdir("clinicflow-pg-")
    try:
        password = secrets.token_urlsafe(18)
        _make_certificate(openssl, workdir)
        (workdir / "pwfile").write_text(password + "\n", encoding="utf-8")
        SERVICE_USER.hand_over(workdir)
        _initdb(bindir, workdir)
        (workdir / "pwfile").unlink()
        _configure(workdir)
        try:
            port = _start(bindir, workdir)
            yield PostgresServer(
                host="127.0.0.1",
                port=port,
                user=SUPERUSER,
                password=password,
                mode="local",
                ssl=True,
                _stop_start=(lambda: _stop(bindir, workdir), lambda: _start(bindir, workdir, port)),
            )
        finally:
            _stop(bindir, workdir)  # also after a failed or timed-out start: it may be half up
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _find_bindir() -> Path:
    """The directory of initdb and pg_ctl: PATH, else ``pg_config --bindir``, else Debian's newest."""
    initdb = find_binary("initdb")
    if initdb is not None and (initdb.resolve().parent / "pg_ctl").exists():
        return initdb.resolve().parent
    candidates: list[Path] = []
    pg_config = find_binary("pg_config")
    if pg_config is not None:
        result = subprocess.run(
            [str(pg_config), "--bindir"], capture_output=True, text=True, check=False, timeout=30
        )
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates.extend(sorted(debian, key=lambda path: _version_key(path.parent.name), reverse=True))
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise RuntimeError(
        f"No PostgreSQL server binaries (initdb, pg_ctl) found. Run {ENSURE_SERVICES} (it installs "
        f"Debian's postgresql package), or point {ENV_VAR} at a server whose user may CREATE DATABASE."
    )


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", name))


def _make_certificate(openssl: Path, workdir: Path) -> None:
    result = subprocess.run(
        [
            str(openssl), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1",
            "-keyout", str(workdir / "server.key"), "-out", str(workdir / "server.crt"),
        ],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"openssl could not make the test server's certificate:\n{result.stderr}")
    (workdir / "server.key").chmod(0o600)  # postgres refuses a key others can read


def _initdb(bindir: Path, workdir: Path) -> None:
    outputs: list[str] = []
    for locale in ("C.UTF-8", "C"):  # C.UTF-8 is the better choice; not every libc has it
        shutil.rmtree(workdir / "data", ignore_errors=True)
        result = SERVICE_USER.run(
            bindir / "initdb",
            "--pgdata", workdir / "data",
            "--username", SUPERUSER,
            f"--pwfile={workdir / 'pwfile'}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            f"--locale={locale}",
            "--no-sync",
            cwd=workdir,
            timeout=180,
        )  # fmt: skip
        if result.returncode == 0:
            return
        outputs.append(f"--- initdb --locale={locale} ---\n{result.stdout}{result.stderr}")
        if "locale" not in (result.stdout + result.stderr).lower():
            break
    raise RuntimeError("initdb failed:\n" + "\n".join(outputs))


def _configure(workdir: Path) -> None:
    """Loopback only, SSL on, no fsync (a test cluster is thrown away); the port comes at start."""

    def literal(path: Path) -> str:
        return "'" + str(path).replace("'", "''") + "'"

    settings = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": literal(workdir),
        # No fsync (nothing survives the machine anyway), but a commit still reaches the WAL before
        # it returns: a crash of the server process (a test stops it so) must not lose it.
        "fsync": "off",
        "full_page_writes": "off",
        "max_connections": "300",
        "ssl": "on",
        "ssl_cert_file": literal(workdir / "server.crt"),
        "ssl_key_file": literal(workdir / "server.key"),
    }
    lines = "".join(f"{name} = {value}\n" for name, value in settings.items())
    with (workdir / "data" / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# clinicflow test server\n" + lines)


def _start(bindir: Path, workdir: Path, same_port: int | None = None) -> int:
    log = workdir / "server.log"
    for attempt in range(1, _START_ATTEMPTS + 1):
        port = same_port or free_port()
        result = SERVICE_USER.run(
            bindir / "pg_ctl", "start",
            "--pgdata", workdir / "data",
            "--log", log,
            "--wait", "--timeout", "60",
            "--options", f"-p {port}",
            cwd=workdir,
            timeout=120,
        )  # fmt: skip
        if result.returncode == 0:
            return port
        _stop(bindir, workdir)  # in case it is still on its way up
        lost_the_port = "could not bind" in tail(log, lines=10)
        if not lost_the_port or attempt == _START_ATTEMPTS:
            raise RuntimeError(
                f"The local PostgreSQL test server did not start (pg_ctl exit {result.returncode}).\n"
                f"{result.stdout}{result.stderr}\n--- tail of {log.name} ---\n{tail(log)}"
            )
    raise AssertionError("unreachable")


def _stop(bindir: Path, workdir: Path) -> None:
    """Stop the server at once (nothing in it is worth a clean shutdown); quiet if it is not running."""
    pidfile = workdir / "data" / "postmaster.pid"
    if not pidfile.exists():
        return
    result = SERVICE_USER.run(
        bindir / "pg_ctl", "stop", "--pgdata", workdir / "data", "--mode", "immediate", "--wait",
        cwd=workdir,
        timeout=60,
    )  # fmt: skip
    if result.returncode != 0 and pidfile.exists():
        with suppress(OSError, ValueError, IndexError):
            os.kill(int(pidfile.read_text().split()[0]), signal.SIGQUIT)  # what "immediate" sends
