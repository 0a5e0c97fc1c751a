"""`make bench`: speed figures, printed, never asserted (a benchmark, not a test).

Against gunicorn with production settings (2 workers, plain HTTP on loopback with the load
balancer's X-Forwarded-Proto header), on a scratch database holding the Blueprint with
generated comments, loaded by wrk for a bounded time. Every figure is also given as a share of
what whitenoise serves of a static file on the same server, in slices alternating with it: on a
shared 2-core machine the static figure itself drifts by half within seconds.
"""

import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from blueprint.bench import rig
from blueprint.gitbook.services import load_blueprint
from blueprint.pages.models import Feedback
from recommendations.models import Node

TARGETS = (
    "Targets: node pages while readers rate pages >= 50 % of static, p99 <= 25 ms, 0 errors, "
    "every rating stored; node pages >= 60 %; search >= 30 %; a Pulse Check result and a "
    "facilitator's page for 200 people >= half the node pages' share."
)
SLICE_SECONDS = 2
WARM_SECONDS = 6


class Rater(threading.Thread):
    """A reader rating random pages through the public "Was this helpful?" form, at a steady pace.

    Each rating is a new visitor: the form page (its CSRF cookie and hidden fields), then the post,
    which must answer with the redirect back to the form.
    """

    def __init__(self, base, node_ids, per_second):
        super().__init__(daemon=True)
        self.base = base
        self.node_ids = node_ids
        self.interval = 1 / per_second
        self.sent = self.accepted = 0
        self.failures = []
        self.stopping = threading.Event()
        self.random = random.Random(2020)
        self.opener = urllib.request.build_opener(NoRedirects)

    def run(self):
        due = time.monotonic()
        while not self.stopping.is_set():
            self.rate(self.random.choice(self.node_ids))
            due += self.interval
            self.stopping.wait(max(due - time.monotonic(), 0))

    def stop(self):
        self.stopping.set()
        self.join(timeout=30)

    def rate(self, node_id):
        path = f"/feedback/node/{node_id}/"
        self.sent += 1
        try:
            with self.opener.open(self.request(path), timeout=10) as response:
                html = response.read().decode()
                cookie = next(
                    value.split(";")[0]
                    for value in response.headers.get_all("Set-Cookie")
                    if value.startswith("csrftoken=")
                )
            fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
            fields.update(rating=self.random.choice("123"), comment="", website="")
            post = self.request(path, data=urllib.parse.urlencode(fields).encode(), cookie=cookie)
            self.opener.open(post, timeout=10).close()
            self.failures.append(f"{path}: the post was not redirected")
        except urllib.error.HTTPError as error:
            if error.code == 302:
                self.accepted += 1
            else:
                self.failures.append(f"{path}: {error.code}")
        except (OSError, StopIteration) as error:
            self.failures.append(f"{path}: {error!r}")

    def request(self, path, *, data=None, cookie=None):
        # Behind the load balancer the site is https, and Django's CSRF check wants a referer of its own.
        referer = self.base.replace("http://", "https://", 1) + path
        headers = {"X-Forwarded-Proto": "https", "Referer": referer}
        if cookie:
            headers["Cookie"] = cookie
        return urllib.request.Request(self.base + path, data=data, headers=headers)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect arrives as an HTTPError with its status


def combined(runs):
    """wrk's figures for several runs of the same requests, as one."""
    total = {
        "requests": sum(run["requests"] for run in runs),
        "seconds": sum(run["seconds"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "p99_median": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] + run["status"] for run in runs),
    }
    total["rps"] = total["requests"] / total["seconds"] if total["seconds"] else 0
    return total


class Benchmark:
    def __init__(
        self, *, seconds, connections, comments, ratings_per_second, worker_class="gthread", out=sys.stdout
    ):
        self.seconds = seconds
        self.worker_class = worker_class
        self.connections = connections
        self.comments = comments
        self.ratings_per_second = ratings_per_second
        self.out = out

    def say(self, text=""):
        print(text, file=self.out, flush=True)

    def run(self):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise SystemExit(
                f"Refusing to run on {name!r}: the benchmark needs a scratch database whose name contains 'bench'."
            )
        rig.require_wrk()
        call_command("migrate", verbosity=0)
        load_blueprint()
        rig.add_comments(self.comments)
        rig.analyze()
        self.nodes = list(Node.objects.published().order_by("tree_id", "lft"))
        self.node_paths = [node.get_absolute_url() for node in self.nodes]
        self.search_paths = self.searches()
        self.result_path, self.facilitator_path = rig.add_pulse_checks(people=200)
        self.say(
            f"Database: {connection.vendor} ({name}): {len(self.nodes)} node pages, "
            f"{self.comments} comments on each."
        )
        self.collect_static()
        self.report_queries()
        self.report_render_times()
        self.load()

    def searches(self):
        words = sorted(
            {
                word.lower()
                for title in Node.objects.values_list("title", flat=True)
                for word in re.findall(r"[A-Za-z]{5,}", title)
            }
        )
        random.Random(7).shuffle(words)
        return [f"/search/?q={word}" for word in words[:60]]

    def collect_static(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=rig.production_env(),
            check=True,
        )
        manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
        self.static_path = "/" + settings.STATIC_URL.strip("/") + "/" + manifest["paths"]["css/site.css"]

    def report_queries(self):
        rows = []
        for label, path, cache_seconds in (
            ("node page, shared copy", self.node_paths[10], 300),
            ("node page, rendered", self.node_paths[10], 0),
            ("start page, rendered", "/", 0),
            ("Pulse Check result (private), rendered", self.result_path, 0),
            ("unchanged", self.result_path, 300),
            ("facilitator's page, 200 people (private), rendered", self.facilitator_path, 0),
            ("unchanged", self.facilitator_path, 300),
            ("search, rendered", self.search_paths[0], 0),
        ):
            with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
                client = Client()
                client.get(path)  # fills what later requests reuse
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(path).status_code
            rows.append(f"{label} {len(queries)} ({status})")
        self.say("SQL queries per page: " + "; ".join(rows) + ".")

    def report_render_times(self):
        """A node page rendered with the full-page cache off, in this process: the rare path."""
        timings = []
        with override_settings(PAGE_CACHE_SECONDS=0):
            client = Client()
            for path in self.node_paths:  # warm: the navigation and its fragments
                client.get(path)
            for _ in range(3):
                for path in self.node_paths:
                    started = time.perf_counter()
                    client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        self.say(
            f"A node page rendered with the full-page cache off, in one process: median "
            f"{statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms "
            f"({len(timings)} renders)."
        )

    def load(self):
        env = rig.production_env(
            RATE_LIMITS=f"feedback={self.ratings_per_second * 1000}/m",
            FORM_MIN_SECONDS=0,
        )
        server = rig.Gunicorn(env, worker_class=self.worker_class)
        try:
            pulse = [self.result_path, self.facilitator_path]
            every_path = [self.static_path, "/healthz", "/", *self.node_paths, *self.search_paths, *pulse]
            for path in every_path:
                status, _ = server.fetch(path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
            # Each worker keeps its own copies (without Redis): read every page many times, so
            # that every worker has rendered each once, as on a site that has been up a while.
            rig.run_wrk(server.base, every_path, seconds=WARM_SECONDS, connections=self.connections)
            runs = [
                ("node pages, while readers rate", *self.while_rating(server)),
                ("node pages", *self.paired(server, self.node_paths)),
                ("start page", *self.paired(server, ["/"])),
                (f"search ({len(self.search_paths)} queries)", *self.paired(server, self.search_paths)),
                ("Pulse Check result", *self.paired(server, [self.result_path])),
                ("facilitator's page, 200 people", *self.paired(server, [self.facilitator_path])),
            ]
            memory = server.worker_rss_mb()
        finally:
            server.stop()
        self.print_table(runs, memory)

    def while_rating(self, server):
        before = Feedback.objects.count()
        rater = Rater(server.base, [node.pk for node in self.nodes], self.ratings_per_second)
        rater.start()
        try:
            page, static = self.paired(server, self.node_paths)
        finally:
            rater.stop()
        stored = Feedback.objects.count() - before
        page["note"] = f"{rater.accepted} of {rater.sent} ratings accepted, {stored} stored" + (
            f"; failures: {rater.failures[:3]}" if rater.failures else ""
        )
        page["errors"] += len(rater.failures) + abs(stored - rater.accepted)
        return page, static

    def paired(self, server, paths):
        """(the page's figures, the static file's), measured in alternating 2-second slices so
        that both see the same machine. Requests/s is over all slices; p99 is the worst slice's,
        and its median over the slices is given too (one stall of the machine shows in one)."""
        for measured in ([self.static_path], paths):
            rig.run_wrk(server.base, measured, seconds=1, connections=self.connections)  # warm
        slices = {"static": [], "page": []}
        for _ in range(max(self.seconds // SLICE_SECONDS, 1)):
            for name, measured in (("static", [self.static_path]), ("page", paths)):
                slices[name].append(
                    rig.run_wrk(server.base, measured, seconds=SLICE_SECONDS, connections=self.connections)
                )
        page, static = combined(slices["page"]), combined(slices["static"])
        shares = [
            p["rps"] / s["rps"] for p, s in zip(slices["page"], slices["static"], strict=True) if s["rps"]
        ]
        page["spread"] = f"{min(shares):.0%}-{max(shares):.0%}"
        return page, static

    def print_table(self, runs, memory):
        self.say(
            f"\ngunicorn, 2 {self.worker_class} workers, wrk {self.connections} connections, {self.seconds} s each, "
            f"127.0.0.1; readers rate {self.ratings_per_second} pages a second in the first row:"
        )
        self.say(
            f"{'response':<34} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'(median)':>8} {'errors':>6} "
            f"{'of static':>9}  {'pairs':>9}"
        )
        for label, run, static in runs:
            self.say(
                f"{label:<34} {run['rps']:>8.0f} {run['p50'] / 1000:>7.2f} {run['p99'] / 1000:>7.2f} "
                f"{run['p99_median'] / 1000:>8.2f} {run['errors']:>6} {run['rps'] / static['rps']:>9.0%}  "
                f"{run['spread']:>9}"
            )
        for label, run, _ in runs:
            if "note" in run:
                self.say(f"{label}: {run['note']}.")
        self.say(
            "The static file, in the slices alternating with each row (req/s): "
            + ", ".join(f"{static['rps']:.0f}" for _, _, static in runs)
            + "."
        )
        self.say("Resident memory per worker: " + ", ".join(f"{mb:.0f} MB" for mb in memory) + ".")
        self.say(TARGETS)
