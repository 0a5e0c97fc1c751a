"""What the benchmark and the load test share: generated comments, gunicorn servers with
production settings, and wrk runs bounded in time, on 127.0.0.1 only.

None of this runs in `make test`; it measures and prints.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from blueprint.maturity.models import Stage
from blueprint.pulse.models import Answer, GroupCheck, Instrument, PulseCheck
from recommendations.models import Node

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["X-Forwarded-Proto"] = "https", ["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "p50": %%d, "p95": %%d, "p99": %%d, "errors": %%d, "status": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env():
    """The variables that point another process at this process's database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return {"SQLITE_PATH": str(db["NAME"]), "DATABASE_URL": ""}
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"}


def production_env(**extra):
    """The environment of a production server behind a TLS-terminating load balancer. It names
    every setting `make run` writes to .env, so that a manage.py it runs (collectstatic) takes
    none of a developer's development settings from there."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TASKS_"))}
    env.update(
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",  # the settings' default, as in production
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "true",
            "LOG_LEVEL": "ERROR",
            **database_env(),
        }
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


# -- generated content ------------------------------------------------------------------------------


def add_comments(per_node):
    """Give every node `per_node` published comments (written in bulk: no e-mail, no signals)."""
    content_type = ContentType.objects.get_for_model(Node)
    have = set(
        XtdComment.objects.filter(content_type=content_type).values_list("object_pk", flat=True).distinct()
    )
    nodes = [pk for pk in Node.objects.values_list("pk", flat=True) if str(pk) not in have]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(nodes), 50):
            parents = Comment.objects.bulk_create(
                [
                    Comment(
                        content_type=content_type,
                        object_pk=str(pk),
                        site_id=settings.SITE_ID,
                        user_name=f"Reader {n}",
                        user_email=f"reader{n}@example.org",
                        comment=f"Comment {n}: in our town we tried this and it helped families stay connected.",
                        submit_date=now,
                        is_public=True,
                        is_removed=False,
                    )
                    for pk in nodes[start : start + 50]
                    for n in range(per_node)
                ]
            )
            rows = [(c.pk, c.pk, c.pk, 0, 1, False, 0) for c in parents]
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO django_comments_xtd_xtdcomment "
                    '(comment_ptr_id, thread_id, parent_id, level, "order", followup, nested_count) '
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    rows,
                )


@transaction.atomic
def add_pulse_checks(*, people):
    """A retaken Pulse Check (every item answered both times) and a group check of `people`
    participants: the paths of the result and of the facilitator's page."""
    instrument = Instrument.objects.get(slug="blueprint")
    stages = list(Stage.objects.all())
    items = list(instrument.items.all())

    def answered(*, shift, group=None, previous=None):
        check = PulseCheck.objects.create(instrument=instrument, group=group, previous=previous)
        Answer.objects.bulk_create(
            Answer(pulse_check=check, item=item, stage=stages[(n + shift) % 5], urgency=(n + shift) % 3)
            for n, item in enumerate(items)
        )
        return check

    result = answered(shift=1, previous=answered(shift=0))
    group = GroupCheck.objects.create(instrument=instrument, name="Bench group")
    for person in range(people):
        answered(shift=person, group=group)
    return result.get_absolute_url(), group.get_absolute_url()


def analyze():
    """Give the query planner statistics, as a database in service has (autovacuum would, later)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# -- servers --------------------------------------------------------------------------------------


class Gunicorn:
    """gunicorn serving the app with production settings on a free loopback port.

    `worker_class="gthread"` (one thread, connections kept alive) holds each client's connection
    on one worker, as the bench always has; `"sync"` is docs/deploy.md's command, a connection per
    request taken by whichever worker is free."""

    def __init__(self, env, *, workers=2, worker_class="gthread", log_dir=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log_dir = Path(log_dir or tempfile.mkdtemp(prefix="blueprint-gunicorn-"))
        self.log = open(log_dir / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115 (gunicorn writes to it until stop() closes it)
        kept_alive = ["--threads", "1", "--keep-alive", "30"] if worker_class == "gthread" else []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "blueprint.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--worker-class",
                worker_class,
                *kept_alive,
                "--backlog",
                "256",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log.name}")
            try:
                if self.fetch("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def fetch(self, path, headers=None):
        request = urllib.request.Request(
            self.base + path, headers={"X-Forwarded-Proto": "https", **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def worker_rss_mb(self):
        """Resident memory of each worker process, in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def require_wrk():
    wrk = shutil.which("wrk")
    if not wrk:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    return wrk


def run_wrk(base, paths, *, seconds, connections, threads=2, script=None):
    """Load `base` with GETs rotating over `paths`; returns wrk's figures as a dict."""
    folder = Path(tempfile.mkdtemp(prefix="blueprint-wrk-"))
    (folder / "paths.txt").write_text("\n".join(paths) + "\n")
    lua = folder / "load.lua"
    lua.write_text(script or WRK_SCRIPT % {"paths": folder / "paths.txt"})
    result = subprocess.run(
        [
            require_wrk(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(lua),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    shutil.rmtree(folder, ignore_errors=True)
    figures = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not figures:
        raise RuntimeError(f"wrk failed: {result.stdout}\n{result.stderr}")
    data = json.loads(figures[-1])
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0
    data["output"] = result.stdout
    return data
