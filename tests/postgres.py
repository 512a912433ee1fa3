"""A private PostgreSQL server for the tests: the Debian ``postgresql`` package's binaries, a
cluster made by ``initdb`` in a temporary folder, ``pg_ctl`` on a free port of 127.0.0.1 —
no system service, nothing left behind.

Root may not run ``initdb``: as root the cluster belongs to the ``postgres`` user the package
creates (else ``nobody``); ``initdb`` runs through ``runuser`` and the server as that user, a
child of the test process that the kernel stops when the test process dies (Linux).
Passwords are checked (scram-sha-256) so a wrong one is refused as on a real server.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies
START_TIMEOUT_S = 60
PORT_ATTEMPTS = 5
USER = "peakplan"
PASSWORD = "pilot-team-secret"
# The tests need no crash safety: a commit need not reach the disk (bench/bench_team.py starts
# the server ``durable``, as a team's server runs).
NOT_DURABLE = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


class ServerUnavailable(RuntimeError):
    """The test server could not be started (the reason is the message)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise ServerUnavailable("PostgreSQL is not installed (Debian package 'postgresql')")
        return Path(on_path).parent
    return Path(found[-1]).parent


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parts[4]
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """The user the cluster runs as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServerUnavailable("running as root and neither 'postgres' nor 'nobody' exists")


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin_dir: Path
    user: pwd.struct_passwd | None
    durable: bool = False

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise ServerUnavailable(f"{args[0]} failed: {(result.stderr or result.stdout)[-800:]}")
        return result

    def start(self) -> None:
        """Run ``postgres`` as a child of this process that dies with it: a test run killed
        (a timeout, Ctrl+C twice) leaves no server behind."""
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(self.bin_dir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-k",
                str(self.folder),
                *(() if self.durable else NOT_DURABLE),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=self._as_server_user_dying_with_parent,
        )
        log.close()
        self._wait_until_ready()

    def _as_server_user_dying_with_parent(self) -> None:
        if self.user is not None:
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # after setuid, which clears it

    def _wait_until_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "server.log").read_text(errors="replace")
                raise ServerUnavailable(f"postgres exited: {log[-800:]}")
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.05)
        self.stop()
        raise ServerUnavailable(f"postgres did not answer within {START_TIMEOUT_S} s")

    def stop(self) -> None:
        """Fast shutdown (SIGINT): connections closed, the data folder consistent."""
        process = getattr(self, "process", None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def new_schema(self) -> str:
        """The URL of a fresh, empty schema (its own search path): a test's own database, made
        in a millisecond where ``CREATE DATABASE`` takes a second."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"


def start_server(*, durable: bool = False) -> PostgresServer:
    """Make a cluster in a new temporary folder and start it; raise ServerUnavailable.
    ``durable``: every commit reaches the disk, as on a team's server (slower)."""
    bin_dir = _bin_dir()
    user = _server_user()
    # As root, in /tmp: the server's user must reach the folder, which $TMPDIR may not let it.
    folder = Path(tempfile.mkdtemp(prefix="peakplan-pg-", dir="/tmp" if user else None))
    server = PostgresServer(folder, 0, bin_dir, user, durable)
    try:
        (folder / "pwfile").write_text(PASSWORD + "\n")
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
            os.chown(folder / "pwfile", user.pw_uid, user.pw_gid)
        server.run(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            USER,
            f"--pwfile={folder / 'pwfile'}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        # A free port is free only until someone takes it: chosen as the server starts, and
        # another one when it was taken meanwhile (the server then exits at once, saying so).
        for attempt in range(PORT_ATTEMPTS):
            server.port = _free_port()
            try:
                server.start()
                break
            except ServerUnavailable as exc:
                if "Address already in use" not in str(exc) or attempt == PORT_ATTEMPTS - 1:
                    raise
    except (ServerUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(str(exc)) from exc
    return server


def remove_server(server: PostgresServer) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
