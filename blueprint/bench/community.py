"""`make bench BENCH_ARGS=community`: the site as the community would grow it, measured page by page.

The Blueprint, then (written in bulk, minutes not hours) 15,000 published examples of 220 words
on two sub-recommendations each, 5,000 confirmed public signers, 3,000 comments on one
sub-recommendation, a group Pulse Check of 1,000 participants beside 20,000 finished checks,
5,000 items waiting for an editor, one person with 1,000 rows and a cohort of 1,000 members.
Each page is then rendered in this process with every cache cleared first, and its bytes,
queries and time printed, beside search's p95 over 60 queries. Figures, never assertions.
"""

import random
import statistics
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django_comments.models import Comment

from blueprint.bench import rig
from blueprint.common.cache import mark_all_stale
from blueprint.gitbook.services import load_blueprint
from blueprint.maturity.models import Stage
from blueprint.pages.models import SearchEntry, Signer
from blueprint.pages.search import search
from blueprint.pulse.models import Answer, GroupCheck, Instrument, PulseCheck
from cohorts.models import Cohort, SignUp
from examples.models import Example, ExampleSubmission, Tool
from recommendations.models import Node, Page, Suggestion

EXAMPLES = 15_000
SIGNERS = 5_000
COMMENTS = 3_000
PARTICIPANTS = 1_000
CHECKS = 20_000
WAITING = 5_000
PERSON_ROWS = 1_000
MEMBERS = 1_000
PERSON = "many-rows@example.org"
TARGETS = (
    "Targets (issue 28): every HTML page <= 150 KB, tree.json and /print/ <= 600 KB, <= 40 queries "
    "a page, each rendered in under 1 s; search p95 <= 50 ms."
)
# In each language, what readers of it would type (English words in Spanish too: the examples
# have no Spanish yet, so Spanish searches read their English entries).
SEARCHES = {
    "en": [
        "community",
        "benefits cliff",
        "child care",
        "housing",
        "trust",
        "2.7.1",
        "wellbeing",
        "social connection",
        "financial security",
        "data",
        "recomendation",
        "youth",
    ],
    "es": ["comunidad", "beneficios", "vivienda", "datos", "2.7.1", "community", "housing", "confianza"],
}


class Community:
    def __init__(self, *, out=sys.stdout):
        self.out = out
        self.random = random.Random(2020)

    def say(self, text=""):
        print(text, file=self.out, flush=True)

    def run(self):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise SystemExit(f"Refusing to run on {name!r}: the scenario needs a scratch database ('bench').")
        call_command("migrate", verbosity=0)
        load_blueprint()
        started = time.perf_counter()
        self.seed()
        rig.analyze()
        self.say(
            f"Community scenario on {connection.vendor}: seeded in {time.perf_counter() - started:.0f} s "
            f"({EXAMPLES:,} examples, {SIGNERS:,} signers, {COMMENTS:,} comments on one page, "
            f"a group of {PARTICIPANTS:,} beside {CHECKS:,} checks, {WAITING:,} waiting, "
            f"{PERSON_ROWS:,} rows of one person, {MEMBERS:,} cohort members)."
        )
        self.measure()
        self.measure_search()
        self.say(TARGETS)

    # -- seeding ------------------------------------------------------------------------------

    def text(self, words):
        """`words` running words of the Blueprint's own text, from a random place in it: English
        as the site's writers use it, so a common word is in many examples and a rare one in few
        (words drawn evenly from a short list put every word in every example)."""
        if not hasattr(self, "corpus"):
            self.corpus = " ".join(
                strip_tags(f"{title}. {html}")
                for model in (Node, Page, Example, Tool)
                for title, html in model.objects.values_list("title", "body_html")
            ).split()
        start = self.random.randrange(len(self.corpus) - words)
        return " ".join(self.corpus[start : start + words])

    @transaction.atomic
    def seed(self):
        leaves = list(Node.objects.published().filter(level=2).order_by("tree_id", "lft"))
        self.busy = leaves[10]
        self.seed_examples(leaves)
        self.seed_signers()
        self.seed_comments()
        self.seed_pulse()
        self.seed_waiting(leaves)
        self.seed_person(leaves)
        self.seed_cohort()
        mark_all_stale()  # bulk writes pass by the signals, as a restore does

    def seed_examples(self, leaves):
        examples = []
        for start in range(0, EXAMPLES, 1000):
            batch = []
            for n in range(start, start + 1000):
                body = self.text(220)
                batch.append(
                    Example(
                        title=f"{self.text(4).capitalize()} in town {n}",
                        slug=f"community-{n}",
                        body=body,
                        body_html=f"<p>{body}</p>",
                        place=f"Town {n % 400}",
                    )
                )
            examples += Example.objects.bulk_create(batch)
        Example.nodes.through.objects.bulk_create(
            (
                Example.nodes.through(example=example, node=node)
                for n, example in enumerate(examples)
                for node in (leaves[n % len(leaves)], leaves[(n * 7 + 3) % len(leaves)])
                if node is not None
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        # The English entry only, as `index()` writes it for an example with no Spanish (Spanish
        # searches read it).
        entries = [
            SearchEntry(
                kind="example",
                object_id=example.pk,
                language=language,
                title=example.title,
                title_es="",
                body=example.body,
                url=f"{prefix}{example.get_absolute_url()}",
                visible=True,
            )
            for example in examples
            for language, prefix in (("en", ""),)
        ]
        if connection.vendor != "postgresql":  # FTS5 is kept in step by triggers
            SearchEntry.objects.bulk_create(entries, batch_size=2000)
            return
        # The vector is written with the row, as `index()` leaves it: a second pass to add it
        # would leave every row twice in the table, and search would read both.
        configs = {"en": "english", "es": "spanish"}
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO pages_searchentry (kind, object_id, language, translated, number, title, title_es, "
                "body, url, visible, search_vector) VALUES (%s, %s, %s, false, '', %s, '', %s, %s, true, "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || setweight(to_tsvector(%s::regconfig, %s), 'B'))",
                [
                    (e.kind, e.object_id, e.language, e.title, e.body, e.url)
                    + (configs[e.language], e.title, configs[e.language], e.body)
                    for e in entries
                ],
            )

    def seed_signers(self):
        now = timezone.now()
        Signer.objects.bulk_create(
            (
                Signer(
                    name=f"Signer {n}",
                    organisation=f"Organization {n % 700}",
                    sector="nonprofit",
                    place="Ohio",
                    email=f"signer{n}@example.org",
                    status=Signer.Status.CONFIRMED,
                    confirmed_at=now,
                    token=f"bench-signer-{n}",
                )
                for n in range(SIGNERS)
            ),
            batch_size=2000,
        )

    def comments(self, target, count, *, public=True, start=0):
        """`count` comments on `target`, each a thread (written as rig.add_comments does)."""
        content_type = ContentType.objects.get_for_model(target)
        now = timezone.now()
        parents = Comment.objects.bulk_create(
            (
                Comment(
                    content_type=content_type,
                    object_pk=str(target.pk),
                    site_id=settings.SITE_ID,
                    user_name=f"Reader {n}",
                    user_email=f"reader{n}@example.org",
                    comment=f"Comment {n}: {self.text(40)}",
                    submit_date=now - timedelta(seconds=count - n),
                    is_public=public,
                    is_removed=False,
                )
                for n in range(start, start + count)
            ),
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO django_comments_xtd_xtdcomment "
                '(comment_ptr_id, thread_id, parent_id, level, "order", followup, nested_count) '
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(c.pk, c.pk, c.pk, 0, 1, False, 0) for c in parents],
            )

    def seed_comments(self):
        self.comments(self.busy, COMMENTS)

    def seed_pulse(self):
        instrument = Instrument.objects.get(slug="blueprint")
        stages = list(Stage.objects.all())
        items = list(instrument.items.all())
        now = timezone.now()
        self.group = GroupCheck.objects.create(instrument=instrument, name="A thousand people")
        for start in range(0, PARTICIPANTS + CHECKS, 2000):
            checks = PulseCheck.objects.bulk_create(
                PulseCheck(
                    instrument=instrument,
                    group=self.group if n < PARTICIPANTS else None,
                    finished_at=now - timedelta(days=n % 400),
                )
                for n in range(start, min(start + 2000, PARTICIPANTS + CHECKS))
            )
            Answer.objects.bulk_create(
                (
                    Answer(pulse_check=check, item=item, stage=stages[(n + i) % 5], urgency=(n * i) % 3)
                    for n, check in enumerate(checks, start)
                    for i, item in enumerate(items)
                ),
                batch_size=5000,
            )

    def seed_waiting(self, leaves):
        """Held comments, submissions and suggestions: WAITING in all."""
        third = WAITING // 3
        self.comments(leaves[20], third, public=False, start=COMMENTS)
        submissions = ExampleSubmission.objects.bulk_create(
            ExampleSubmission(
                title=f"Waiting story {n}",
                what_happened=self.text(60),
                place="Akron",
                name=f"Sender {n}",
                email=f"sender{n}@example.org",
            )
            for n in range(third)
        )
        ExampleSubmission.nodes.through.objects.bulk_create(
            ExampleSubmission.nodes.through(examplesubmission=s, node=leaves[n % len(leaves)])
            for n, s in enumerate(submissions)
        )
        Suggestion.objects.bulk_create(
            Suggestion(
                node=leaves[n % len(leaves)],
                kind="edit",
                text=self.text(30),
                reason="Why.",
                name=f"Suggester {n}",
                email=f"suggester{n}@example.org",
            )
            for n in range(WAITING - 2 * third)
        )

    def seed_person(self, leaves):
        """One address with PERSON_ROWS rows: half submissions (on two nodes), half suggestions."""
        half = PERSON_ROWS // 2
        submissions = ExampleSubmission.objects.bulk_create(
            ExampleSubmission(
                title=f"Story {n}",
                what_happened=self.text(60),
                place="Akron",
                name="Many Rows",
                email=PERSON,
                status=ExampleSubmission.Status.DECLINED,
            )
            for n in range(half)
        )
        ExampleSubmission.nodes.through.objects.bulk_create(
            ExampleSubmission.nodes.through(examplesubmission=s, node=node)
            for s in submissions
            for node in leaves[:2]
        )
        Suggestion.objects.bulk_create(
            Suggestion(
                node=leaves[0],
                kind="edit",
                text=self.text(30),
                reason="Why.",
                name="Many Rows",
                email=PERSON,
                status=Suggestion.Status.DECLINED,
            )
            for n in range(PERSON_ROWS - half)
        )

    def seed_cohort(self):
        self.cohort = Cohort.objects.create(
            node=self.busy,
            name="A thousand members",
            slug="a-thousand-members",
            description="Many.",
            commitment="Meet monthly.",
            status=Cohort.Status.OPEN,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=90),
            meeting_rhythm="Monthly",
            meeting_format="Video calls",
            capacity=MEMBERS,
            facilitator_name="Lee Facilitator",
            facilitator_email="lee@example.org",
        )
        now = timezone.now()
        SignUp.objects.bulk_create(
            (
                SignUp(
                    cohort=self.cohort,
                    name=f"Member {n}",
                    email=f"member{n}@example.org",
                    organisation=f"Agency {n}",
                    role="Director",
                    sector="government",
                    state_or_country="Ohio",
                    city="Akron",
                    hope_to_change="Things.",
                    status=SignUp.Status.MEMBER,
                    confirmed_at=now,
                )
                for n in range(MEMBERS)
            ),
            batch_size=2000,
        )

    # -- measuring ----------------------------------------------------------------------------

    def pages(self):
        other = Node.objects.published().filter(level=2).order_by("tree_id", "lft")[30]
        discussion = f"/comments/on/node/{self.busy.pk}/"
        facilitator = self.group.get_absolute_url()
        readers = [
            ("the start page", "/"),
            (f"{self.busy.number}, {COMMENTS:,} comments", self.busy.get_absolute_url()),
            ("its whole discussion, page 2", f"{discussion}?page=2"),
            ("another node page", other.get_absolute_url()),
            ("/examples/", "/examples/"),
            ("/examples/, page 300", "/examples/?page=300"),
            ("/examples/?node=", f"/examples/?node={self.busy.number}"),
            ("/tools/", "/tools/"),
            ("/search/?q=community", "/search/?q=community"),
            ("/signers/", "/signers/"),
            ("/signers/?q=organization 7", "/signers/?q=organization+7"),
            ("/changes/", "/changes/"),
            ("/api/tree.json", "/api/tree.json"),
            ("/api/examples.json, page 2", "/api/examples.json?page=2"),
            ("/print/", "/print/"),
            ("/sitemap.xml", "/sitemap.xml"),
            ("/sitemap-examples.xml", "/sitemap-examples.xml"),
            (f"facilitator's page, {PARTICIPANTS:,} people", facilitator),
            ("its CSV", f"{facilitator.rstrip('/')}/group-check.csv"),
        ]
        editors = [
            (f"editors' Pulse Check figures, {CHECKS + PARTICIPANTS:,} checks", "/admin/pulse-check/"),
            (f"moderation queue, {WAITING:,} waiting", "/admin/moderation/"),
            ("moderation queue, page 100", "/admin/moderation/?page=100"),
            (f"cohort change page, {MEMBERS:,} members", f"/admin/cohorts/cohort/{self.cohort.pk}/change/"),
            ("examples in the admin", "/admin/examples/example/"),
        ]
        posts = [
            (
                "cohort CSV",
                "/admin/cohorts/cohort/",
                {"action": "export_members", "_selected_action": self.cohort.pk},
            ),
            (
                f"personal-data export, {PERSON_ROWS:,} rows",
                "/admin/personal-data/",
                {"email": PERSON, "do": "export"},
            ),
        ]
        return readers, editors, posts

    def editor(self):
        user, _ = get_user_model().objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
        user.is_superuser = True
        user.save()
        user.groups.add(*Group.objects.all())
        client = Client()
        client.force_login(user)
        return client

    def measure(self):
        readers, editors, posts = self.pages()
        editor = self.editor()
        self.say(f"{'page':<48} {'bytes':>10} {'queries':>8} {'ms':>8}")
        for label, path in readers:
            self.row(label, Client(), "get", path)
        for label, path in editors:
            self.row(label, editor, "get", path)
        for label, path, data in posts:
            self.row(label, editor, "post", path, data)

    def row(self, label, client, method, path, data=None):
        for cache in caches.all():
            cache.clear()
        mark_all_stale()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = (time.perf_counter() - started) * 1000
        status = "" if response.status_code == 200 else f" ({response.status_code})"
        self.say(f"{label + status:<48} {len(body):>10,} {len(queries):>8} {elapsed:>8.0f}")

    def measure_search(self):
        for language, queries in SEARCHES.items():
            with translation.override(language):
                for query in queries:  # warm: the trigram and text indexes' pages in memory
                    search(query, record_miss=False)
        for language, queries in SEARCHES.items():
            timings = []
            with translation.override(language):
                for _ in range(5):
                    for query in queries:
                        started = time.perf_counter()
                        search(query, record_miss=False)
                        timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            self.say(
                f"Search in this process ({language}), {len(timings)} queries over {EXAMPLES:,} examples: "
                f"median {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms."
            )
