"""Speed and load figures for the site, printed, never part of `make test`.

    python -m blueprint.bench             # make bench: pages as a share of a static file
    python -m blueprint.bench community   # make bench BENCH_ARGS=community: pages at 15,000 examples
    python -m blueprint.bench loadtest    # make loadtest: two servers, reads and submissions
    python -m blueprint.bench.scratch URL # an empty scratch PostgreSQL database for either

A plain package, not an installed app: nothing here runs inside the site.
"""
