"""Pulse Checks with answers, for the pages' tests (accessibility, valid HTML, the benchmark's twin)."""

from django.utils import timezone

from blueprint.maturity.models import Stage
from blueprint.pulse import figures
from blueprint.pulse.models import Answer, Instrument
from recommendations.models import Node
from tests.factories import GroupCheckFactory, PulseCheckFactory, WorkingOnFactory


def answered_check(*, instrument="blueprint", group=None, previous=None, shift=0):
    """A check with every item answered: stages and urgencies spread over the items."""
    instrument = Instrument.objects.get(slug=instrument)
    stages = list(Stage.objects.all())
    pulse_check = PulseCheckFactory(
        instrument=instrument, group=group, previous=previous, finished_at=timezone.now()
    )
    Answer.objects.bulk_create(
        Answer(
            pulse_check=pulse_check,
            item=item,
            stage=stages[(index + shift) % len(stages)],
            urgency=(index + shift) % 3,
        )
        for index, item in enumerate(instrument.items.all())
    )
    return pulse_check


def retaken_check_url():
    first = answered_check()
    return answered_check(previous=first, shift=1).get_absolute_url()


def group_check(*, people=3, instrument="blueprint"):
    group = GroupCheckFactory(instrument=Instrument.objects.get(slug=instrument), name="Riverside team")
    for person in range(people):
        answered_check(instrument=instrument, group=group, shift=person)
    figures.publish_group(group)
    return group


def working_on_entry(number="2.7.1"):
    return WorkingOnFactory(
        node=Node.objects.get(number=number),
        name="Dana Whitfield",
        organisation="Tulsa Family Services",
        place="Tulsa, Oklahoma",
        what="Fewer forms for child care.",
        email="dana@example.org",
        confirmed_at=timezone.now(),
    )
