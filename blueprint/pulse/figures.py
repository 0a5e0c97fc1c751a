"""A group's figures, and everyone's for editors, published so that nobody's own answer to an item
can be told apart (docs/pulse-check.md).

- Only finished checks count: a person's answers count from the moment they first see their result.
- An item's figures move only when at least MINIMUM people's answers to it changed since they last
  moved: a new finished answer, a changed or withdrawn one, an erased check. So the difference
  between any two versions of the figures anyone can see, before and after any one answer, mixes
  at least MINIMUM people's answers.
- An item that fewer than MINIMUM people answered shows no figures.

What this does not stop: someone who answers under several names (several invitations, several
browsers) knows those answers, and can subtract them; and when everyone else gave one same answer,
the figures say so. The facilitator's page and the privacy page say both.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blueprint.maturity.models import Stage
from blueprint.pulse.models import Answer, Figures, GroupCheck, PulseCheck

MINIMUM = GroupCheck.MINIMUM
RECENT_DAYS = 90
NOT_SURE = _("Not sure")
AT_STAGE = _("%(count)s at %(stage)s")


def group_key(group):
    return f"group:{group.pk}"


def instrument_key(instrument):
    return f"instrument:{instrument.pk}"


def _scope(key):
    kind, _, pk = key.partition(":")
    checks = PulseCheck.objects.finished()
    return checks.filter(group_id=pk) if kind == "group" else checks.filter(instrument_id=pk)


@transaction.atomic
def publish(key, instrument, *, now=None):
    """Publish the figures of every item of `instrument` whose answers (within `key`) changed for
    at least MINIMUM people since its figures last moved. Returns the items published."""
    now = now or timezone.now()
    latest = Figures.objects.select_for_update().latest_per_item(key)
    answers = Answer.objects.filter(pulse_check__in=_scope(key))
    published = []
    for item in instrument.items.all():
        last = latest.get(item.pk)
        mine = answers.filter(item=item)
        if last is None:
            changed = mine.values("pulse_check").distinct().count()
        else:
            since = Q(changed_at__gt=last.published_at) | Q(pulse_check__finished_at__gt=last.published_at)
            changed = mine.filter(since).values("pulse_check").distinct().count() + last.removed_since
        if changed < MINIMUM:
            continue
        counts = (
            mine.exclude(stage__isnull=True, urgency__isnull=True)
            .values_list("stage__position", "urgency")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows = sorted(([position, urgency, n] for position, urgency, n in counts), key=str)
        Figures.objects.create(
            key=key,
            item=item,
            counts=rows,
            answered=sum(n for _, _, n in rows),
            published_at=now,
        )
        published.append(item)
    return published


def publish_group(group, *, now=None):
    return publish(group_key(group), group.instrument, now=now)


def publish_instrument(instrument, *, now=None):
    return publish(instrument_key(instrument), instrument, now=now)


@transaction.atomic
def record_removals(checks):
    """Before finished checks are deleted (an erasure, a year's abandonment): each answer they held
    counts as a change of its item's figures, in their group's and in everyone's."""
    for check in checks.finished().prefetch_related("answers"):
        keys = [instrument_key(check.instrument)] + ([f"group:{check.group_id}"] if check.group_id else [])
        for key in keys:
            latest = Figures.objects.select_for_update().latest_per_item(key)
            for answer in check.answers.all():
                last = latest.get(answer.item_id)
                if last is not None:
                    last.removed_since += 1
                    last.save(update_fields=["removed_since"])


# -- reading them ------------------------------------------------------------------------------


@dataclass
class ItemFigures:
    """One item's published figures, as a page shows them."""

    item: object
    stages: list  # the Stage objects, in order
    joint: Counter = field(default_factory=Counter)  # (stage position or None, urgency or None): n
    answered: int = 0

    @property
    def shown(self):
        return self.answered >= MINIMUM

    @property
    def per_stage(self):
        """[(stage, how many placed it there)], in the stages' order."""
        return [
            (stage, sum(n for (p, _), n in self.joint.items() if p == stage.position))
            for stage in self.stages
        ]

    @property
    def not_sure(self):
        return sum(n for (p, _), n in self.joint.items() if p is None)

    def urgency(self, value):
        return sum(n for (_, u), n in self.joint.items() if u == value)

    @property
    def urgent(self):
        return self.urgency(Answer.Urgency.URGENT)

    @property
    def placed(self):
        """The stage positions of the answers that placed the item, as many times as each."""
        return [p for (p, _), n in sorted(self.joint.items(), key=str) if p is not None for _ in range(n)]

    @property
    def cells(self):
        """The heat map's row: [(x, name, how many, shade from 0.08 to 1)] for each stage, then
        "not sure", 52 units apart."""
        counts = [(stage.local_name, n) for stage, n in self.per_stage] + [(str(NOT_SURE), self.not_sure)]
        most = max((n for _, n in counts), default=0) or 1
        return [
            (index * 52, name, n, round(0.08 + 0.92 * n / most, 2) if n else 0)
            for index, (name, n) in enumerate(counts)
        ]

    @property
    def split(self):
        """The split in words: "3 at Baseline prerequisites, 2 at The vision", most first."""
        parts = sorted(
            ((n, stage) for stage, n in self.per_stage if n), key=lambda pair: (-pair[0], pair[1].position)
        )
        return ", ".join(str(AT_STAGE) % {"count": n, "stage": stage.local_name} for n, stage in parts)

    def urgent_at_or_before(self, position):
        return sum(
            n for (p, u), n in self.joint.items() if u == Answer.Urgency.URGENT and p and p <= position
        )


def _figures(item, stages, rows):
    joint = Counter({(position, urgency): n for position, urgency, n in rows})
    return ItemFigures(item, stages, joint, sum(joint.values()))


def current(key, instrument):
    """[ItemFigures] of every item of `instrument`, as last published for `key`."""
    stages = list(Stage.objects.all())
    latest = Figures.objects.latest_per_item(key)
    return [
        _figures(item, stages, latest[item.pk].counts if item.pk in latest else [])
        for item in instrument.items.in_order()
    ]


def recent(key, instrument, *, days=RECENT_DAYS, now=None):
    """[ItemFigures] of the answers published in the last `days`: the current figures minus those
    published `days` ago, so a difference of two published versions, never a fresh count."""
    now = now or timezone.now()
    stages = list(Stage.objects.all())
    latest = Figures.objects.latest_per_item(key)
    before = Figures.objects.latest_per_item(key, at=now - timedelta(days=days))
    found = []
    for item in instrument.items.in_order():
        joint = Counter({(p, u): n for p, u, n in latest[item.pk].counts}) if item.pk in latest else Counter()
        if item.pk in before:
            joint.subtract({(p, u): n for p, u, n in before[item.pk].counts})
        joint = +joint  # only what is left
        found.append(ItemFigures(item, stages, joint, sum(joint.values())))
    return found


def unpublished(key, instrument):
    """How many finished answers (to any item) changed since their item's figures last moved."""
    latest = Figures.objects.latest_per_item(key)
    waiting = set()
    for answer in Answer.objects.filter(pulse_check__in=_scope(key)).select_related("pulse_check"):
        last = latest.get(answer.item_id)
        if last is None or max(answer.changed_at, answer.pulse_check.finished_at) > last.published_at:
            waiting.add(answer.pulse_check_id)
    return len(waiting)
