"""`make bench`: speed figures, printed, never asserted (a benchmark, not a test)."""

import random
import re
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from blueprint.models import SearchEntry
from blueprint.search import search
from blueprint.services import load_blueprint
from recommendations.models import Node

CORPUS_SIZE = 15_000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


class Command(BaseCommand):
    help = "Measure search latency (p50/p95) on the Blueprint and on a 15,000-item corpus, in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=int, default=CORPUS_SIZE)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, corpus, repeat, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(f"Refusing to run on {name!r}: the benchmark needs a scratch database whose name contains 'bench'.")
        call_command("migrate", verbosity=0)
        load_blueprint()
        queries = self.queries()
        self.stdout.write(f"Database: {connection.vendor} ({name}); {len(queries)} different queries, {repeat} rounds each.")
        self.report("Blueprint", queries, repeat)
        self.grow_corpus(corpus)
        self.report(f"Blueprint + {corpus:,} items", queries, repeat)

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
