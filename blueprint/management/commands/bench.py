"""`make bench`: speed figures, printed, never asserted (a benchmark, not a test).

Against gunicorn with production settings (2 workers, plain HTTP on loopback with the load
balancer's X-Forwarded-Proto header), on a scratch database seeded with the Blueprint and
generated content, loaded by wrk for a bounded time. Every page is also given as a share of
what whitenoise achieves for a static file in the same run: the physical limit of this server.
"""

import json
import random
import re
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from blueprint import loadrig
from blueprint.models import SearchEntry
from blueprint.search import search
from blueprint.services import load_blueprint
from recommendations.models import Node

CORPUS_SIZE = 15_000
TARGETS = (
    "Targets: node pages >= 60 % of static; full-page cache off >= 15 %; searches >= 30 %; "
    "node p99 <= 15 ms at 8 connections; 0 errors; <= 80 MB per worker."
)


SLICE_SECONDS = 2


def combined(runs):
    """wrk's figures for several runs of the same requests, as one."""
    p50s = sorted(run["p50"] for run in runs)
    total = {
        "requests": sum(run["requests"] for run in runs),
        "seconds": sum(run["seconds"] for run in runs),
        "p50": p50s[len(p50s) // 2],
        "p95": max(run["p95"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "status": sum(run["status"] for run in runs),
    }
    total["rps"] = total["requests"] / total["seconds"] if total["seconds"] else 0
    return total


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


class Command(BaseCommand):
    help = "Load gunicorn with wrk and print requests/s, latency, errors, queries and memory per page."

    def add_arguments(self, parser):
        parser.add_argument("--nodes", type=int, default=1500)
        parser.add_argument("--comments", type=int, default=20, help="comments per node")
        parser.add_argument("--seconds", type=int, default=10, help="per measurement")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--corpus", type=int, default=CORPUS_SIZE, help="0 skips the search corpus figures")
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, nodes, comments, seconds, connections, corpus, repeat, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(f"Refusing to run on {name!r}: the benchmark needs a scratch database whose name contains 'bench'.")
        loadrig.require_wrk()
        call_command("migrate", verbosity=0)
        load_blueprint()
        started = time.perf_counter()
        loadrig.grow_tree(nodes, comments)
        loadrig.analyze()
        self.stdout.write(
            f"Database: {connection.vendor} ({name}): {Node.objects.count():,} nodes, "
            f"{comments} comments per node (seeded in {time.perf_counter() - started:.0f} s)."
        )
        self.collect_static()
        node_paths, search_paths = self.paths()
        self.report_queries(node_paths[0], search_paths[0])
        self.load(node_paths, search_paths, seconds, connections)
        if corpus:
            queries = self.queries()
            self.report("In-process search, Blueprint", queries, repeat)
            self.grow_corpus(corpus)
            loadrig.analyze()
            self.report(f"In-process search, + {corpus:,} items", queries, repeat)

    def collect_static(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR, env=loadrig.production_env(), check=True,
        )
        manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
        self.static_path = "/" + settings.STATIC_URL.strip("/") + "/" + manifest["paths"]["css/site.css"]

    def paths(self):
        ordered = list(Node.objects.published().order_by("tree_id", "lft"))
        step = max(len(ordered) // 120, 1)
        node_paths = [node.get_absolute_url() for node in ordered[::step]][:120]
        words = sorted({
            w.lower() for n in Node.objects.exclude(slug__startswith="generated-")
            for w in re.findall(r"[A-Za-z]{5,}", n.title)
        })
        random.Random(7).shuffle(words)
        search_paths = [f"/search/?q={word}" for word in words[:60]]
        return node_paths, search_paths

    def report_queries(self, node_path, search_path):
        rows = []
        for label, path, cache_seconds in (
            ("node page, shared copy", node_path, 300),
            ("node page, rendered", node_path, 0),
            ("start page, rendered", "/", 0),
            ("search, rendered", search_path, 0),
        ):
            with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
                client = Client()
                client.get(path)  # builds the navigation, fills the shared copy
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(path).status_code
            rows.append(f"{label} {len(queries)} ({status})")
        self.stdout.write("SQL queries per page: " + "; ".join(rows) + ".")

    def load(self, node_paths, search_paths, seconds, connections):
        """Each page is loaded alternately with the static file on the same server and compared
        with it (`paired`): on a shared 2-core machine the static figure itself drifts, and a
        ratio to a static run taken earlier would measure the drift."""
        runs = []
        cached = loadrig.Gunicorn(loadrig.production_env())
        try:
            for path in [self.static_path, "/healthz", "/", *node_paths, *search_paths]:
                status, _ = cached.fetch(path)  # warm: every worker builds and caches
                if status != 200:
                    raise CommandError(f"{path} answered {status}")
            plan = [
                ("/healthz", ["/healthz"]),
                (f"node pages ({len(node_paths)} URLs)", node_paths),
                ("start page", ["/"]),
                (f"search ({len(search_paths)} queries)", search_paths),
            ]
            for label, paths in plan:
                runs.append((label, *self.paired(cached, paths, seconds, connections)))
            memory = cached.worker_rss_mb()
        finally:
            cached.stop()
        uncached = loadrig.Gunicorn(loadrig.production_env(PAGE_CACHE_SECONDS=0))
        try:
            runs.insert(2, ("node pages, full-page cache off", *self.paired(uncached, node_paths, seconds, connections)))
            memory += uncached.worker_rss_mb()
        finally:
            uncached.stop()
        self.print_table(runs, memory, seconds, connections)

    def paired(self, server, paths, seconds, connections):
        """(the page's figures, the static file's figures), measured in alternating 2-second
        slices so that both see the same machine: here its speed drifts by half within seconds.

        Requests/s is over all slices; p50 is the median slice's, p95 and p99 the worst slice's.
        """
        for measured in ([self.static_path], paths):
            for _ in range(2):  # warm every worker
                loadrig.run_wrk(server.base, measured, seconds=1, connections=connections)
        slices = {"static": [], "page": []}
        for _ in range(max(seconds // SLICE_SECONDS, 1)):
            for name, measured in (("static", [self.static_path]), ("page", paths)):
                slices[name].append(loadrig.run_wrk(server.base, measured, seconds=SLICE_SECONDS, connections=connections))
        page, static = combined(slices["page"]), combined(slices["static"])
        # Each pair's own share, to show how much the machine moved during the run.
        page["pair_shares"] = [
            p["rps"] / s["rps"] for p, s in zip(slices["page"], slices["static"]) if s["rps"]
        ]
        return page, static

    def print_table(self, runs, memory, seconds, connections):
        statics = [static for _, _, static in runs]
        self.stdout.write(f"\ngunicorn, 2 workers, wrk {connections} connections, {seconds} s each, 127.0.0.1:")
        self.stdout.write(
            f"{'response':<34} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'of static':>9}"
            f"  {'pairs, lowest-highest':>21}"
        )
        median_static = sorted(statics, key=lambda run: run["rps"])[len(statics) // 2]
        rows = [("static CSS (whitenoise), median", median_static, None), *runs]
        for label, run, static in rows:
            errors = run["errors"] + run["status"]
            share = f"{run['rps'] / static['rps']:>8.0%}" if static else f"{'100%':>9}"
            pairs = run.get("pair_shares")
            spread = f"{min(pairs):>10.0%}-{max(pairs):.0%}" if pairs else ""
            self.stdout.write(
                f"{label:<34} {run['rps']:>8.0f} {run['p50'] / 1000:>7.2f} {run['p95'] / 1000:>7.2f} "
                f"{run['p99'] / 1000:>7.2f} {errors:>6} {share}  {spread}"
            )
        self.stdout.write(
            "The static file, in the slices alternating with each page (req/s): "
            + ", ".join(f"{static['rps']:.0f}" for static in statics)
            + "; each page's share is of its own."
        )
        self.stdout.write(
            "Resident memory per worker: " + ", ".join(f"{mb:.0f} MB" for mb in memory) + "."
        )
        self.stdout.write(TARGETS + "\n")

    def queries(self):
        words = []
        for title in Node.objects.values_list("title", flat=True):
            for word in re.findall(r"[A-Za-z]{5,}", title):
                if word.lower() not in words:
                    words.append(word.lower())
        numbers = list(Node.objects.order_by("tree_id", "lft").values_list("number", flat=True)[:10])
        return words[:45] + [f"{a} {b}" for a, b in zip(words[1:10:2], words[2:11:2])] + numbers

    def report(self, label, queries, repeat):
        timings, found = [], 0
        for _ in range(repeat):
            for query in queries:
                start = time.perf_counter()
                results = search(query, record_miss=False)
                timings.append((time.perf_counter() - start) * 1000)
                found += results.total
        self.stdout.write(
            f"{label}: search p50 {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, "
            f"max {max(timings):.2f} ms over {len(timings)} searches ({found // repeat} matches per round)."
        )

    def grow_corpus(self, size):
        existing = SearchEntry.objects.filter(kind="example", object_id__gte=1_000_000).count()
        if existing >= size:
            return
        rng = random.Random(2020)
        vocabulary = sorted({w.lower() for t in Node.objects.values_list("title", flat=True) for w in re.findall(r"[A-Za-z]{3,}", t)})
        vocabulary += [f"term{n}" for n in range(2000)]
        start = time.perf_counter()
        batch = []
        for n in range(existing, size):
            words = rng.choices(vocabulary, k=120)
            batch.append(SearchEntry(
                kind=rng.choice(["example", "tool"]), object_id=1_000_000 + n,
                title=" ".join(words[:8]).capitalize(), body=" ".join(words[8:]),
                url=f"/examples/corpus-{n}/", visible=True,
            ))
            if len(batch) == 1000:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchVector

            SearchEntry.objects.filter(search_vector__isnull=True).update(
                search_vector=SearchVector("number", weight="A", config="english")
                + SearchVector("title", weight="A", config="english")
                + SearchVector("body", weight="B", config="english")
            )
        self.stdout.write(f"Built a corpus of {size:,} items in {time.perf_counter() - start:.1f} s.")
