"""Factories for every model the site has, in one place (factory_boy).

Tests start from the whole Blueprint (tests/conftest.py), so factories make only what a test adds
to it: nodes numbered after the Blueprint's own, and everything else attached to the nodes the
test names.
"""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blueprint.comments.models import CommentHiding, CommentReport
from blueprint.common.models import OutgoingEmail
from blueprint.maturity.models import Area, Goal, Stage, Strategy
from blueprint.pages.models import Feedback, SearchMiss, Signer
from blueprint.pulse.models import Answer, ContactMessage, GroupCheck, Instrument, Item, PulseCheck, WorkingOn
from cohorts.models import Cohort, Interest, SignUp
from examples.models import Example, ExampleSubmission, Tool
from recommendations.models import Node, NodeAddress, Page, Suggestion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NodeFactory(factory.django.DjangoModelFactory):
    """A principle of its own, numbered after the Blueprint's six."""

    class Meta:
        model = Node

    number = factory.Sequence(lambda n: str(n + 100))
    title = factory.Sequence(lambda n: f"Principle title {n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")


class ExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Example
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Example {n}")
    slug = factory.Sequence(lambda n: f"example-{n}")
    place = "Ramsey County, Minnesota"

    @factory.post_generation
    def nodes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.nodes.add(*extracted)


class ToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tool
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.Sequence(lambda n: f"tool-{n}")

    @factory.post_generation
    def nodes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.nodes.add(*extracted)


class ExampleSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExampleSubmission
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A story from the field {n}")
    what_happened = "Families kept their child care while earning more."
    place = "Saint Paul, Minnesota"
    name = "Rosa Diaz"
    email = factory.Sequence(lambda n: f"submitter{n}@example.org")

    @factory.post_generation
    def nodes(obj, create, extracted, **kwargs):
        if create:
            obj.nodes.add(*(extracted or [Node.objects.get(number="4.4.1")]))


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    node = factory.LazyFunction(lambda: Node.objects.get(number="3.2.1"))
    text = "Libraries lend rooms for free."
    reason = "It happens in our town."
    name = "Sam Reader"
    email = factory.Sequence(lambda n: f"suggester{n}@example.org")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    node = factory.LazyFunction(lambda: Node.objects.get(number="2.7.2"))
    name = factory.Sequence(lambda n: f"Translation cohort {n}")
    slug = factory.Sequence(lambda n: f"translation-cohort-{n}")
    description = "Twelve weeks on translation services."
    commitment = "Meet every other week."
    status = Cohort.Status.OPEN
    starts_on = date(2027, 1, 15)
    ends_on = date(2027, 4, 15)
    meeting_rhythm = "Every other Tuesday"
    meeting_format = "Video calls"
    capacity = 2
    facilitator_name = "Lee Facilitator"
    facilitator_email = "lee@example.org"


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    cohort = factory.SubFactory(CohortFactory)
    name = "Ana Ruiz"
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    organisation = "County HHS"
    role = "Director"
    sector = "government"
    state_or_country = "Minnesota"
    city = "Saint Paul"
    hope_to_change = "Interpreters at every benefits office."


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    node = factory.LazyFunction(lambda: Node.objects.get(number="2.7.2"))
    name = "Ana Ruiz"
    email = factory.Sequence(lambda n: f"interested{n}@example.org")


class SignerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signer

    name = factory.Sequence(lambda n: f"Signer {n}")
    sector = "community"
    place = "Denver, Colorado"
    email = factory.Sequence(lambda n: f"signer{n}@example.org")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    page = factory.LazyFunction(lambda: Node.objects.get(number="1.1.4"))
    visitor = factory.Sequence(lambda n: f"visitor-{n}")
    rating = 3


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment on `target` (a node, an example or a tool)."""

    class Meta:
        model = XtdComment
        exclude = ["target"]

    target = factory.LazyFunction(lambda: Node.objects.get(number="1.3.2"))
    content_type = factory.LazyAttribute(lambda comment: ContentType.objects.get_for_model(comment.target))
    object_pk = factory.LazyAttribute(lambda comment: str(comment.target.pk))
    site = factory.LazyFunction(Site.objects.get_current)
    user_name = "Rosa Parks"
    user_email = factory.Sequence(lambda n: f"commenter{n}@example.org")
    comment = "Our library lends meeting rooms for free."
    submit_date = factory.LazyFunction(timezone.now)
    is_public = True


class CommentHidingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentHiding

    comment = factory.SubFactory(CommentFactory, is_public=False)
    reason = "Personal attack."


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    subject = "Please confirm"
    body = "Hello."
    from_email = "Wellbeing Blueprint <hello@localhost>"
    to = factory.Sequence(lambda n: [f"reader{n}@example.org"])


class SearchMissFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchMiss

    query = factory.Sequence(lambda n: f"zzz{n}")


class NodeAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NodeAddress

    node = factory.LazyFunction(lambda: Node.objects.get(number="1.1.4"))
    number = "1.1.9"
    slug = factory.LazyAttribute(lambda address: address.node.slug)


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentReport

    comment = factory.SubFactory(CommentFactory)
    reason = "Off topic."


# -- the prevention maturity model (the Blueprint's own is loaded; these add to it) -----------------


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    position = factory.Sequence(lambda n: n + 10)
    slug = factory.Sequence(lambda n: f"stage-{n}")
    name = factory.Sequence(lambda n: f"Stage {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    position = factory.Sequence(lambda n: n + 10)
    slug = factory.Sequence(lambda n: f"area-{n}")
    title = factory.Sequence(lambda n: f"Area of innovation {n}")
    group = Area.Group.SUPPORTS


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    area = factory.LazyFunction(lambda: Area.objects.order_by("position").first())
    stage = factory.LazyFunction(lambda: Stage.objects.order_by("position").first())
    text = "Families know where to turn."


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        skip_postgeneration_save = True

    area = factory.LazyFunction(lambda: Area.objects.order_by("position").first())
    stage = factory.LazyFunction(lambda: Stage.objects.order_by("position").first())
    title = factory.Sequence(lambda n: f"Strategy {n}")
    text = "Pay kin caregivers as foster parents are paid."

    @factory.post_generation
    def nodes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.nodes.add(*extracted)


# -- Pulse Check -------------------------------------------------------------------------------


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    slug = factory.Sequence(lambda n: f"instrument-{n}")
    position = factory.Sequence(lambda n: n + 10)
    title = factory.Sequence(lambda n: f"Instrument {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        skip_postgeneration_save = True

    instrument = factory.SubFactory(InstrumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    section = "1. Start with what matters to people: wellbeing"
    text = factory.Sequence(lambda n: f"Question {n}")

    @factory.post_generation
    def nodes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.nodes.add(*extracted)


class GroupCheckFactory(factory.django.DjangoModelFactory):
    """A group check on the Blueprint's own instrument."""

    class Meta:
        model = GroupCheck

    instrument = factory.LazyFunction(lambda: Instrument.objects.get(slug="blueprint"))
    name = factory.Sequence(lambda n: f"Leadership team {n}")


class PulseCheckFactory(factory.django.DjangoModelFactory):
    """One person's check on the Blueprint's own instrument (on its group's, in a group)."""

    class Meta:
        model = PulseCheck

    group = None
    instrument = factory.LazyAttribute(
        lambda check: check.group.instrument if check.group else Instrument.objects.get(slug="blueprint")
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    pulse_check = factory.SubFactory(PulseCheckFactory)
    item = factory.LazyAttribute(lambda answer: answer.pulse_check.instrument.items.first())
    stage = factory.LazyFunction(lambda: Stage.objects.order_by("position").first())
    urgency = Answer.Urgency.MATTERS


class WorkingOnFactory(factory.django.DjangoModelFactory):
    """An unconfirmed “I'm working on this” entry (confirm it to list it)."""

    class Meta:
        model = WorkingOn

    node = factory.LazyFunction(lambda: Node.objects.get(number="3.2.1"))
    name = factory.Sequence(lambda n: f"Worker {n}")
    organisation = "County HHS"
    place = "Saint Paul, Minnesota"
    sector = "government"
    what = "Opening the library on Sundays."
    may_contact = True
    email = factory.Sequence(lambda n: f"worker{n}@example.org")


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    entry = factory.SubFactory(WorkingOnFactory, confirmed_at=factory.LazyFunction(timezone.now))
    name = "Sam Writer"
    email = factory.Sequence(lambda n: f"writer{n}@example.org")
    message = "Could we talk about your Sunday hours?"
