"""`make backup` and `make restore FILE=…`: everything the site holds, as one compressed JSON file.

The backup holds all content and its revision history, comments, submissions, suggestions,
sign-ups, signatures, ratings, editors and their groups, and queued e-mail. It leaves out what
is derived or passing (the search index, rate-limit counters, sessions, cache versions,
content types and permissions, which `migrate` recreates). Uploaded files live in the media
folder or the bucket, backed up with it (docs/deploy.md).
"""

import gzip
import json
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import models, transaction
from django.test.utils import override_settings

from blueprint.common.cache import content_version, mark_all_stale
from blueprint.pages.search import reindex_all

LEFT_OUT = [
    "contenttypes",
    "operations",  # a permission's holder, not a table
    "axes",  # sign-in attempts: passing, and about this machine's clients
    "auth.permission",
    "sessions",
    "pages.searchentry",
    "blueprint.ratelimitcounter",
    "blueprint.contentversion",
    "blueprint.editing",  # a permissions' holder, not a table
]
# Rows with any of these in them mean the database is not empty.
CONTENT_MODELS = [
    "recommendations.node",
    "recommendations.page",
    "django_comments_xtd.xtdcomment",
    "cohorts.signup",
]


class NotEmpty(Exception):
    pass


class UnsafeBackup(Exception):
    """A backup names a file outside the media folder: it is not loaded."""


def files_outside_media(path):
    """File names in the backup at `path` that would lead outside the media folder (absolute,
    or with `..`), read before anything is loaded."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    file_fields = {
        model._meta.label_lower: [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for model in apps.get_models()
    }
    found = []
    for row in rows:
        for name in file_fields.get(row.get("model"), []):
            value = str(row.get("fields", {}).get(name) or "")
            parts = PurePosixPath(value.replace("\\", "/"))
            if parts.is_absolute() or ".." in parts.parts:
                found.append(f"{row['model']}.{name}: {value}")
    return found


def write_backup(path):
    call_command(
        "dumpdata",
        format="backup-json",
        natural_foreign=True,
        exclude=LEFT_OUT,
        output=str(path),
        indent=None,
        verbosity=0,
    )


def holds_content():
    return any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS)


def restore_backup(path, *, replace=False):
    """Load a backup; the database must be empty (migrated) unless `replace` empties it first."""
    outside = files_outside_media(path)
    if outside:
        raise UnsafeBackup(", ".join(outside))
    if holds_content() and not replace:
        raise NotEmpty
    before = content_version()
    if replace:
        call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        # `migrate` made an Editors group of its own; the backup brings the group back as it was.
        Group.objects.all().delete()
        # Loading links (a strategy's nodes) would otherwise record revisions of its own: the
        # backup holds the history as it was.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(path), verbosity=0)
        reindex_all()
        # Never reuse a version an older copy of the site cached pages under.
        mark_all_stale(past=before)
    for cache in caches.all():
        cache.clear()
