import django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import translation

from blueprint.gitbook.services import load_blueprint
from blueprint.pages.models import SearchEntry
from blueprint.pulse.models import Instrument
from examples.models import Example, Tool
from recommendations.models import Node, Page
from tests import factories
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    # LocMemCache outlives a test's database transaction; its keys carry versions that restart.
    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def queued_mail(settings):
    """Mail goes through the task queue as in production, and is delivered to the outbox."""
    outbox = "django.core.mail.backends.locmem.EmailBackend"
    if django.VERSION >= (6, 1):
        settings.MAILERS = {
            "default": {"BACKEND": "blueprint.common.mail.QueuedEmailBackend"},
            "delivery": {"BACKEND": outbox},
        }
    else:
        settings.EMAIL_BACKEND = "blueprint.common.mail.QueuedEmailBackend"
        settings.EMAIL_DELIVERY_BACKEND = outbox


class MailServer:
    """The delivery backend, which a test can take down and bring back."""

    OUTBOX = "django.core.mail.backends.locmem.EmailBackend"
    BROKEN = "tests.broken_mail.BrokenBackend"

    def __init__(self, settings):
        self.settings = settings

    def _use(self, backend):
        if django.VERSION >= (6, 1):
            self.settings.MAILERS = {**self.settings.MAILERS, "delivery": {"BACKEND": backend}}
        else:
            self.settings.EMAIL_DELIVERY_BACKEND = backend

    def down(self):
        self._use(self.BROKEN)

    def up(self):
        self._use(self.OUTBOX)


@pytest.fixture
def mail_server(settings, queued_mail):
    return MailServer(settings)


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Each test starts in English, whatever language a request before it left active."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # A password hashed for tests needs no million rounds (Django's own advice for test speed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    # Tests fill in forms instantly; the tests of the minimum time set it themselves.
    settings.FORM_MIN_SECONDS = 0


# The site's own rows as loaded (not Django's: those `migrate` makes again after a flush).
NOT_LOADED = {"contenttypes", "auth", "sessions", "admin", "sites", "axes", "django_tasks_database"}
_loaded = {}


def loaded_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_LOADED and model._meta.managed and not model._meta.proxy
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole Blueprint, loaded from fixtures/ once per session, as `make run` loads it.

    Every test that uses the database starts from it and rolls its own changes back. What was
    loaded is also kept as serialized rows, for the tests that commit (below).
    """
    with django_db_blocker.unblock():
        assert load_blueprint() is True
        rows = [row for model in loaded_models() for row in model._default_manager.order_by("pk")]
        _loaded["rows"] = serializers.serialize("json", rows)


@pytest.fixture
def blueprint(db):
    """The whole Blueprint. Tests that commit (transactional ones, which Django empties after
    each test) run after all the others and get it back here when it is gone: the rows kept
    after the session's load, saved again as loaded (a second of work, not the load's five)."""
    if Node.objects.exists():
        return
    if "rows" not in _loaded:  # no session load in this process
        assert load_blueprint() is True
        return
    if "tables" not in _loaded:
        _loaded["tables"] = tables_of(_loaded["rows"])
    with transaction.atomic(), connection.constraint_checks_disabled():
        for model, objects in _loaded["tables"].items():
            model._default_manager.bulk_create(objects)


def tables_of(rows):
    """{model: [objects]} of the serialized rows, many-to-many links included, to be saved again a
    table at a time (a few queries per table, not one per row)."""
    by_model, links = {}, {}
    for row in serializers.deserialize("json", rows):
        by_model.setdefault(type(row.object), []).append(row.object)
        for name, pks in row.m2m_data.items():
            field = type(row.object)._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            links.setdefault(through, []).extend(through(**{source: row.object.pk, target: pk}) for pk in pks)
    return {**by_model, **links}


@pytest.fixture
def empty_database(db):
    """For tests of loading and importing: the database without the Blueprint (rolled back after)."""
    for model in (Example, Tool, Page, SearchEntry, Instrument):  # a question protects its node
        model.objects.all().delete()
    for level in (2, 1, 0):  # a node protects its children's parent link: leaves first
        Node.objects.filter(level=level).delete()
    for model in (Node, Page, Example, Tool):
        model.history.all().delete()


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser_client(client, db):
    """An organizer with every permission, deleting included (editors may not delete sign-ups)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def factory_fixture(factory):
    """A factory as a fixture (`cohort_factory`), so tests ask for what they make."""

    @pytest.fixture
    def fixture(db):
        return factory

    return fixture


user_factory = factory_fixture(factories.UserFactory)
node_factory = factory_fixture(factories.NodeFactory)
page_factory = factory_fixture(factories.PageFactory)
example_factory = factory_fixture(factories.ExampleFactory)
tool_factory = factory_fixture(factories.ToolFactory)
example_submission_factory = factory_fixture(factories.ExampleSubmissionFactory)
suggestion_factory = factory_fixture(factories.SuggestionFactory)
cohort_factory = factory_fixture(factories.CohortFactory)
sign_up_factory = factory_fixture(factories.SignUpFactory)
interest_factory = factory_fixture(factories.InterestFactory)
signer_factory = factory_fixture(factories.SignerFactory)
feedback_factory = factory_fixture(factories.FeedbackFactory)
comment_factory = factory_fixture(factories.CommentFactory)
comment_hiding_factory = factory_fixture(factories.CommentHidingFactory)
outgoing_email_factory = factory_fixture(factories.OutgoingEmailFactory)
search_miss_factory = factory_fixture(factories.SearchMissFactory)
node_address_factory = factory_fixture(factories.NodeAddressFactory)
comment_report_factory = factory_fixture(factories.CommentReportFactory)
stage_factory = factory_fixture(factories.StageFactory)
area_factory = factory_fixture(factories.AreaFactory)
goal_factory = factory_fixture(factories.GoalFactory)
strategy_factory = factory_fixture(factories.StrategyFactory)
instrument_factory = factory_fixture(factories.InstrumentFactory)
item_factory = factory_fixture(factories.ItemFactory)
group_check_factory = factory_fixture(factories.GroupCheckFactory)
pulse_check_factory = factory_fixture(factories.PulseCheckFactory)
answer_factory = factory_fixture(factories.AnswerFactory)
working_on_factory = factory_fixture(factories.WorkingOnFactory)
contact_message_factory = factory_fixture(factories.ContactMessageFactory)


@pytest.fixture
def without_page_cache(settings):
    """For measuring what rendering a page costs: every request renders it afresh."""
    settings.PAGE_CACHE_SECONDS = 0
