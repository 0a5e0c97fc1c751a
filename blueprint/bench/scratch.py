"""`python -m blueprint.bench.scratch URL`: drop and create an empty PostgreSQL database for
the benchmark or the load test. Refuses any name without 'bench' or 'loadtest' in it."""

import sys

import dj_database_url
import psycopg
from psycopg import sql


def recreate(url):
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name and "loadtest" not in name:
        raise SystemExit(
            f"Refusing to recreate {name!r}: scratch databases have 'bench' or 'loadtest' in their name."
        )
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    recreate(sys.argv[1])
