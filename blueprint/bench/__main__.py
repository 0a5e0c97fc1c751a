"""`python -m blueprint.bench [loadtest]`: see blueprint/bench/__init__.py."""

import argparse
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint.settings")
django.setup()

# Models can only be imported once Django is set up.
from blueprint.bench.benchmark import Benchmark  # noqa: E402
from blueprint.bench.community import Community  # noqa: E402
from blueprint.bench.loadtest import LoadTest  # noqa: E402

parser = argparse.ArgumentParser(prog="python -m blueprint.bench", description=__doc__)
parser.add_argument("what", nargs="?", choices=["bench", "community", "loadtest"], default="bench")
parser.add_argument("--seconds", type=int, help="per measurement (bench: 10) or in all (loadtest: 60)")
parser.add_argument("--connections", type=int, help="wrk connections (bench: 8, loadtest: 32)")
parser.add_argument("--comments", type=int, default=20, help="bench: published comments on each node")
parser.add_argument("--ratings", type=int, default=10, help="bench: ratings a second in the first row")
parser.add_argument(
    "--worker-class",
    choices=["gthread", "sync"],
    default="gthread",
    help="bench: gthread keeps each connection on one worker (the default, as every earlier run); "
    "sync is docs/deploy.md's, a connection per request to whichever worker is free",
)
options = parser.parse_args()

if options.what == "community":
    Community().run()
elif options.what == "loadtest":
    LoadTest(seconds=options.seconds or 60, connections=options.connections or 32).run()
else:
    Benchmark(
        seconds=options.seconds or 10,
        connections=options.connections or 8,
        comments=options.comments,
        ratings_per_second=options.ratings,
        worker_class=options.worker_class,
    ).run()
