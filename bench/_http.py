"""Shared set-up for the HTTP benchmarks: a PostgreSQL bench database, gunicorn, wrk.

The portal runs as in production (``config.settings.bench``: production settings on the
loopback interface, DEBUG off, persistent connections) under gunicorn with 2 workers. Its
database is ``<your database>_bench`` (``_bench_large`` for ``--scale large``), made on
the PostgreSQL server that ``DATABASE_URL`` names, so the benchmarks never touch the data
you work on. Signed-in requests carry a session made server-side through Django's session
engine, so they do not depend on how people sign in.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "config.settings.bench"
WORKERS = 2
CONNECTIONS = 16
FLOOR_PATH = "/bench/floor/"

# wrk prints the summary in microseconds; one parsable line at the end.
_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def arguments(description: str, *, duration: float) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--scale",
        choices=["demo", "large"],
        default="demo",
        help="demo data (default) or seed_demo --scale large, each in its own database",
    )
    parser.add_argument(
        "--duration", type=float, default=duration, help="seconds of load per measurement"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "8117")),
        help="loopback port for gunicorn (default $BENCH_PORT or 8117)",
    )
    parser.add_argument(
        "--no-seed",
        action="store_true",
        help="skip migrate, seed_demo and collectstatic (the bench database is ready)",
    )
    return parser


def bench_database_url(scale: str) -> str:
    """``DATABASE_URL`` with ``_bench`` (or ``_bench_large``) added to the database name."""
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "The HTTP benchmarks run on PostgreSQL, as in production: set DATABASE_URL to a "
            "PostgreSQL database (e.g. postgres://pop@127.0.0.1:5432/pop_me); the bench makes "
            "and uses <that name>_bench beside it."
        )
    if os.environ.get("BENCH_DATABASE_URL"):
        return base if scale == "demo" else _rename(base, lambda n: f"{n}_large")
    suffix = "_bench" if scale == "demo" else "_bench_large"
    return _rename(base, lambda n: n + suffix)


def _rename(url: str, change) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + change(parts.path.lstrip("/"))))


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"made database {name}", flush=True)


def setup_django(args) -> str:
    """Point Django at the bench database, migrate, seed and collect static files."""
    url = bench_database_url(args.scale)
    _create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not args.no_seed:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        seed = ["seed_demo"] + (["--scale", "large"] if args.scale == "large" else [])
        call_command(*seed, verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        print(
            f"bench database {urlsplit(url).path.lstrip('/')} ready "
            f"({args.scale} data, {time.perf_counter() - started:.0f}s)",
            flush=True,
        )
    return url


def session_cookie(user) -> str:
    """A ``Cookie`` header value for ``user``, made as ``login()`` would, without the form."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.utils.module_loading import import_string

    from people.signin.policy import needs_second_factor

    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if needs_second_factor(user):
        # As allauth's code step leaves the session (tests/auth.py does the same), so the
        # second-factor middleware lets privileged demo accounts through.
        from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
        from allauth.mfa.models import Authenticator

        from people.signin.demo import ensure_demo_authenticators

        ensure_demo_authenticators([user])
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        now = time.time()
        store[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "username": user.get_username()},
            {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
        ]
        store["account_authentication_methods_user"] = str(user.pk)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def browser_cookie(user) -> str:
    """``session_cookie`` and the CSRF cookie a browser holds once it has seen one form."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    return f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


@dataclass
class Server:
    port: int
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # A bench stopped with SIGTERM (e.g. by `timeout`) still stops its gunicorn.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{self.port}",
                "--backlog=2048",
                "--timeout=60",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # Generous: on a busy machine two workers importing Django and Wagtail take a while.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                sys.exit(f"gunicorn stopped:\n{self.log.read()[-3000:]}")
            with contextlib.suppress(OSError):
                if get(self.base + "/healthz")[0] in (200, 503):
                    # Each worker's first requests import and warm up; get past them.
                    for _ in range(4 * WORKERS):
                        get(self.base + FLOOR_PATH)
                    return
            time.sleep(0.3)
        self.stop()
        self.log.seek(0)
        sys.exit(
            f"gunicorn did not answer on port {self.port} within 180 s:\n{self.log.read()[-3000:]}"
        )

    def drain(self) -> None:
        """Wait until the requests wrk left behind are served, so the next run starts idle."""
        with contextlib.suppress(OSError):
            get(self.base + FLOOR_PATH, timeout=300)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, cookie: str | None = None, *, timeout: float = 60) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    bad_status: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, *, cookie: str | None, duration: float, connections: int = CONNECTIONS) -> Load:
    """Load ``url`` for ``duration`` seconds over ``connections`` connections (2 threads)."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_WRK_SCRIPT)
        script.flush()
        command = [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout=30s",
            "-s",
            script.name,
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    requests, micros, p50, p95, bad, errors = (int(x) for x in line.split()[1:])
    return Load(requests, micros / 1e6, p50 / 1000, p95 / 1000, bad, errors)


def measure_floor(server: Server, duration: float) -> Load:
    return wrk(server.base + FLOOR_PATH, cookie=None, duration=duration)
