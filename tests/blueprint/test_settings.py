import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sites.models import Site

from blueprint.bench.rig import production_env
from blueprint.common.editors import ensure_site

BASE_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_PLAIN_STATIC": "true",
}


def manage(*args, dotenv=None, base=BASE_ENV, **env):
    """Run `manage.py args` in a fresh process with `base` and `env`, from a folder of its own
    (where a developer's .env is not, unless `dotenv` gives one)."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(Path(settings.BASE_DIR) / "manage.py", folder)
        if dotenv is not None:
            (Path(folder) / ".env").write_text(dotenv)
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=folder,
            env={**base, "PYTHONPATH": str(settings.BASE_DIR), **env},
            capture_output=True,
            text=True,
            timeout=60,
        )


def start(**env):
    """Start Django in a fresh process with `env`; return (exit code, last line of stderr)."""
    result = manage("check", **env)
    return result.returncode, (result.stderr.strip().splitlines() or [""])[-1]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false, not 'maybe'."),
        *[
            (
                {"DJANGO_SECRET_KEY": key},
                "DJANGO_SECRET_KEY must be set to at least 50 random characters (`make run` writes one to .env).",
            )
            for key in ("", "short", "x" * 49)
        ],
        (
            {"DJANGO_ALLOWED_HOSTS": "example.org,,x"},
            "DJANGO_ALLOWED_HOSTS must be a comma-separated list of host names, not 'example.org,,x'.",
        ),
        (
            {"DATABASE_URL": "nonsense://nowhere"},
            (
                "DATABASE_URL is not a valid database URL: Scheme 'nonsense://' is unknown. Did you "
                "forget to register custom backend? Following schemes have registered backends: "
                "cockroach, mssql, mssqlms, mysql, mysql-connector, mysql2, mysqlgis, oracle, "
                "oraclegis, pgsql, postgis, postgres, postgresql, redshift, spatialite, sqlite, "
                "timescale, timescalegis."
            ),
        ),
    ],
)
def test_malformed_setting_stops_start_up_with_a_clear_message(env, message):
    code, last_line = start(**env)
    assert code == 1
    assert last_line == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_good_settings_start():
    assert start(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="blueprint.example.org") == (
        0,
        "",
    )


def test_sqlite_waits_for_concurrent_writers(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def test_a_key_of_fifty_characters_starts_without_debug():
    assert start(DJANGO_SECRET_KEY="x" * 50) == (0, "")


def database_options(**env):
    """The database OPTIONS Django starts with under `env`."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        **env,
    )
    return result.stdout.strip().splitlines()[-1]  # after what the shell says it imported


def test_postgresql_plans_repeated_statements_once_per_connection_unless_turned_off():
    database = "postgres://blueprint@db.internal:5432/blueprint"
    assert database_options(DATABASE_URL=database) == "{'server_side_binding': True, 'prepare_threshold': 5}"
    assert database_options(DATABASE_URL=database, DATABASE_PREPARED_STATEMENTS="false") == "{}"


def test_make_run_on_another_port_puts_that_port_in_e_mail_links_and_view_on_site(tmp_path):
    """`PORT=8111 make run`: SITE_URL (e-mail links, and the sites framework behind "View on site",
    set at migrate) follows the port, unless SITE_URL is given."""
    outer = {
        key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8111"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env=outer,
    ).stdout
    migrate = next(line for line in commands.splitlines() if "manage.py migrate" in line)
    assignments = re.match(r"(.*?)\S+/bin/python", migrate).group(1)  # what the command line sets
    environment = subprocess.run(
        ["sh", "-c", assignments + " env"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
        cwd=tmp_path,
    ).stdout.splitlines()
    assert "SITE_URL=http://127.0.0.1:8111" in environment
    assert "runserver 127.0.0.1:8111" in commands


def test_the_site_framework_names_the_address_in_site_url(db, settings):
    settings.SITE_URL = "http://127.0.0.1:8111"
    ensure_site()
    assert Site.objects.get_current().domain == "127.0.0.1:8111"


def test_manage_py_reads_the_development_settings_from_dot_env_and_the_environment_wins():
    """`make run` writes .env; every manage.py command works without exporting anything."""
    key = secrets.token_urlsafe(50)
    dotenv = f"DJANGO_SECRET_KEY={key}\nDJANGO_DEBUG=true\n"
    show = f"from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY == {key!r})"
    without_key = {name: value for name, value in BASE_ENV.items() if name != "DJANGO_SECRET_KEY"}
    read = manage("shell", "-c", show, dotenv=dotenv, base=without_key)
    assert read.stdout.strip().splitlines()[-1] == "True True"
    overridden = manage("shell", "-c", show, dotenv=dotenv, base=without_key, DJANGO_DEBUG="false")
    assert overridden.stdout.strip().splitlines()[-1] == "False True"
    nothing = manage("check", base=without_key)
    assert nothing.returncode == 1  # no .env, no key: nothing starts


def test_the_benchs_production_servers_take_nothing_from_a_developers_dot_env(tmp_path):
    """`make bench` after `make run`: the bench's `manage.py collectstatic` took .env's plain
    static files and wrote no manifest, and the bench stopped."""
    makefile = Path(settings.BASE_DIR) / "Makefile"
    subprocess.run(["make", "--silent", "-f", str(makefile), ".env"], cwd=tmp_path, check=True, timeout=60)
    assert "DJANGO_PLAIN_STATIC=true" in (tmp_path / ".env").read_text()  # what `make run` writes
    show = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND'], settings.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "-c", show, dotenv=(tmp_path / ".env").read_text(), base=production_env())
    assert result.stdout.strip().splitlines()[-1] == (
        "False whitenoise.storage.CompressedManifestStaticFilesStorage django_tasks_db.DatabaseBackend"
    )


def test_the_application_server_never_reads_dot_env(tmp_path):
    """Production (gunicorn loads blueprint.wsgi) starts only with its own key, .env or not."""
    result = subprocess.run(
        [sys.executable, "-c", "import blueprint.wsgi"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_PLAIN_STATIC": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set to at least 50 random characters" in result.stderr


def test_the_readme_names_every_variable_the_settings_read_and_no_other():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    table = readme.split("## Configuration")[1].split("\n## ")[0]
    named = {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ")[0])
    }
    source = (Path(settings.BASE_DIR) / "blueprint" / "settings.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_int|env_list)\("([A-Z][A-Z0-9_]+)"', source))
    assert named == read


def test_make_run_serves_pages_as_production_does_and_says_each_server_line_once(tmp_path):
    """The .env `make run` writes turns DEBUG off: an unknown address gets the site's own 404
    page, never Django's list of every route; the development server's lines print once."""
    dotenv = tmp_path / ".env"
    subprocess.run(
        ["make", f"ENV_FILE={dotenv}", str(dotenv)], cwd=settings.BASE_DIR, check=True, capture_output=True
    )
    written = dotenv.read_text()
    assert "DJANGO_DEBUG=false\n" in written
    without_key = {
        name: value for name, value in BASE_ENV.items() if name not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")
    }
    show = "from django.conf import settings; print(settings.DEBUG)"
    assert (
        manage("shell", "-c", show, dotenv=written, base=without_key).stdout.strip().splitlines()[-1]
        == "False"
    )
    for debug in ("false", "true"):  # DJANGO_DEBUG=true in .env: Django's debug pages, same lines
        logged = manage(
            "shell",
            "-c",
            "import logging; logging.getLogger('django.utils.autoreload').info('Watching for file changes')",
            dotenv=written.replace("DJANGO_DEBUG=false", f"DJANGO_DEBUG={debug}"),
            base=without_key,
        )
        assert (debug, logged.stderr.count("Watching for file changes")) == (debug, 1)
