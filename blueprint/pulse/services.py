"""Pulse Check's writes and figures: loading the instruments, saving answers, a person's result
and its change since the last time, a group's spread, and the editors' aggregate."""

import calendar
import hashlib
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import ngettext

from blueprint.common.mail import send_templated
from blueprint.maturity.models import Area, Goal, Stage
from blueprint.pulse import figures
from blueprint.pulse.models import (
    Answer,
    ContactMessage,
    GroupCheck,
    Instrument,
    Invitation,
    Item,
    PulseCheck,
    WorkingOn,
    new_token,
)
from cohorts.models import Cohort, Interest
from examples.models import Example
from recommendations.models import Node

INSTRUMENTS_FILE = Path(settings.BASE_DIR) / "fixtures" / "pulse.json"
SUGGESTIONS = 3


# -- instruments ---------------------------------------------------------------------------------


@transaction.atomic
def load_instruments(*, path=INSTRUMENTS_FILE):
    """Make the instruments of fixtures/pulse.json that do not exist yet, their items from the
    tree (one per recommendation) or from the maturity model (one per area). Editors' changes to
    existing instruments are never touched."""
    if not Path(path).exists():
        return []
    made = []
    for position, data in enumerate(json.loads(Path(path).read_text("utf-8"))["instruments"], start=1):
        data = dict(data)
        source = data.pop("items_from")
        if Instrument.objects.filter(slug=data["slug"]).exists():
            continue
        instrument = Instrument.objects.create(position=position, **data)
        items = _items_from_recommendations if source == "recommendations" else _items_from_areas
        for number, values in enumerate(items(), start=1):
            nodes = values.pop("nodes", [])
            item = Item.objects.create(instrument=instrument, position=number, **values)
            item.nodes.set(nodes)
        made.append(instrument)
    return made


def _items_from_recommendations():
    for node in Node.objects.filter(level=1).in_navigation_order():
        yield {"node": node}


def _items_from_areas():
    for area in Area.objects.prefetch_related("strategy_set__nodes"):
        nodes = {node for strategy in area.strategy_set.all() for node in strategy.nodes.all()}
        yield {"area": area, "nodes": sorted(nodes, key=lambda n: (n.tree_id, n.lft))}


# -- answering -----------------------------------------------------------------------------------


def sections(instrument):
    """The instrument's items in order, by section: [(section, [items])]."""
    grouped = {}
    for item in instrument.items.in_order():
        grouped.setdefault(item.section_key, []).append(item)
    return list(grouped.values())


def explain(items):
    """Give each question what explains it: `sub_recommendations` (a recommendation's, as readers
    see them) and `stage_goals` ([(stage, [goals])], the maturity model's goals for an area at
    each stage). Two queries for a page of questions."""
    children = {}
    nodes = [item.node_id for item in items if item.node_id]
    if nodes:
        for child in Node.objects.public().filter(parent__in=nodes).order_by("lft"):
            children.setdefault(child.parent_id, []).append(child)
    goals = {}
    areas = [item.area_id for item in items if item.area_id]
    if areas:
        for goal in Goal.objects.filter(area__in=areas).select_related("stage"):
            goals.setdefault(goal.area_id, {}).setdefault(goal.stage, []).append(goal)
    for item in items:
        item.sub_recommendations = children.get(item.node_id, [])
        item.stage_goals = list(goals.get(item.area_id, {}).items())
    return items


def examples_in_branches(nodes, *, shown=3):
    """On each of `nodes`: the public examples attached to it or to any node below it (1.2's
    include those of 1.2.4), the first `shown` as `branch_examples`, how many in all as
    `branch_example_count` and how many more as `branch_examples_more`. Two queries."""
    for node in nodes:
        node.branch_examples, node.branch_example_count = [], 0
    if not nodes:
        return
    found = (
        Example.objects.public()
        .filter(nodes__in=Node.objects.public().in_branches_of(nodes))
        .distinct()
        .prefetch_related(Prefetch("nodes", queryset=Node.objects.public()))
    )
    for example in found:
        for node in nodes:
            if any(attached.is_descendant_of(node, include_self=True) for attached in example.nodes.all()):
                node.branch_example_count += 1
                if len(node.branch_examples) < shown:
                    node.branch_examples.append(example)
    for node in nodes:
        node.branch_examples_more = node.branch_example_count - len(node.branch_examples)


@transaction.atomic
def save_answers(*, pulse_check, answers, finish=False):
    """Keep {item: (stage or None, urgency or None)} (neither: skipped; the row stays, so that
    taking an answer back is a change the group's figures count). `finish`: the person goes on to
    their result, and from then on their answers count in the group's figures."""
    existing = {answer.item_id: answer for answer in pulse_check.answers.all()}
    for item, (stage, urgency) in answers.items():
        answer = existing.get(item.pk)
        if answer is None:
            if stage is not None or urgency is not None:
                Answer.objects.create(pulse_check=pulse_check, item=item, stage=stage, urgency=urgency)
        elif (answer.stage_id, answer.urgency) != (stage.pk if stage else None, urgency):
            answer.stage, answer.urgency = stage, urgency
            answer.save()
    if finish and pulse_check.finished_at is None:
        pulse_check.finished_at = timezone.now()
    pulse_check.save(update_fields=["updated_at", "finished_at"])
    if pulse_check.group_id and pulse_check.finished_at:
        figures.publish_group(pulse_check.group)


def start_check(*, instrument, group=None, invitation=None):
    pulse_check = PulseCheck.objects.create(instrument=instrument, group=group)
    if invitation is not None:
        invitation.pulse_check, invitation.used_at = pulse_check, timezone.now()
        invitation.save(update_fields=["pulse_check", "used_at"])
    return pulse_check


@transaction.atomic
def invite(*, group, count):
    """`count` more personal invitations to `group`."""
    return [Invitation.objects.create(group=group) for _ in range(count)]


@transaction.atomic
def forget_checks(checks):
    """Delete `checks` (erased on request, abandoned): their answers leave the figures as changes."""
    figures.record_removals(checks)
    return checks.delete()


@transaction.atomic
@transaction.atomic
def retake(*, pulse_check):
    """A new check on the same instrument, remembering this one to show the change, and starting
    from its answers (the person changes what moved)."""
    new = PulseCheck.objects.create(instrument=pulse_check.instrument, previous=pulse_check)
    Answer.objects.bulk_create(
        Answer(pulse_check=new, item_id=answer.item_id, stage_id=answer.stage_id, urgency=answer.urgency)
        for answer in pulse_check.answers.exclude(stage__isnull=True, urgency__isnull=True)
    )
    return new


def close_group(*, group):
    if group.closed_at is None:
        group.closed_at = timezone.now()
        group.save(update_fields=["closed_at"])


# -- a person's result ---------------------------------------------------------------------------


@dataclass
class Row:
    item: Item
    stage: Stage | None = None
    urgency: int | None = None
    before: Stage | None = None
    urgency_before: int | None = None

    @property
    def changed(self):
        if self.stage is None or self.before is None:
            return None
        return self.stage.position - self.before.position

    @property
    def is_urgent(self):
        return self.urgency == Answer.Urgency.URGENT

    @property
    def matters(self):
        return self.urgency == Answer.Urgency.MATTERS

    @property
    def urgency_label(self):
        return Answer.Urgency(self.urgency).label if self.urgency is not None else ""


@dataclass
class Section:
    title: str
    rows: list = field(default_factory=list)

    @property
    def height(self):
        """Of its chart: a row of 28 units for the stages' numbers, then one per item."""
        return 28 * (len(self.rows) + 1)


def result(pulse_check):
    """Its answers by section, each row with the stage the previous take gave the same item."""
    stages = {stage.pk: stage for stage in Stage.objects.all()}
    mine = {a.item_id: a for a in pulse_check.answers.all()}
    before = {}
    if pulse_check.previous_id:
        before = {a.item_id: (stages.get(a.stage_id), a.urgency) for a in pulse_check.previous.answers.all()}
    found = {}
    for item in pulse_check.instrument.items.in_order().prefetch_related("nodes"):
        answer = mine.get(item.pk)
        row = Row(
            item,
            stages.get(answer.stage_id) if answer else None,
            answer.urgency if answer else None,
            *before.get(item.pk, (None, None)),
        )
        found.setdefault(item.section_key, Section(item.local_section)).rows.append(row)
    return list(found.values()), list(stages.values())


@dataclass
class Change:
    """What moved since the check before, in counts: the result's summary."""

    up: int = 0
    down: int = 0
    became_urgent: int = 0
    no_longer_urgent: int = 0

    def __bool__(self):
        return any((self.up, self.down, self.became_urgent, self.no_longer_urgent))

    def phrases(self):
        """["1 item moved up a stage", "2 became urgent", …] for what moved."""
        said = [
            (
                self.up,
                ngettext("%(count)d item moved up a stage", "%(count)d items moved up a stage", self.up),
            ),
            (self.down, ngettext("%(count)d moved down", "%(count)d moved down", self.down)),
            (
                self.became_urgent,
                ngettext("%(count)d became urgent", "%(count)d became urgent", self.became_urgent),
            ),
            (
                self.no_longer_urgent,
                ngettext(
                    "%(count)d is no longer urgent", "%(count)d are no longer urgent", self.no_longer_urgent
                ),
            ),
        ]
        return [text % {"count": count} for count, text in said if count]


def change_since_before(rows):
    change = Change()
    for row in rows:
        if row.changed:
            change.up += row.changed > 0
            change.down += row.changed < 0
        urgent, was_urgent = row.urgency == Answer.Urgency.URGENT, row.urgency_before == Answer.Urgency.URGENT
        change.became_urgent += urgent and not was_urgent and row.urgency_before is not None
        change.no_longer_urgent += was_urgent and not urgent and row.urgency is not None
    return change


@dataclass
class Suggestions:
    """Where to start, as the result page states it: `rows`, the first SUGGESTIONS items marked
    urgent or mattering by stage (the earliest first), then urgency (urgent before mattering),
    then the instrument's order; `more`, how many others qualify; `find_out`, the items marked
    urgent whose stage is "not sure", never dropped."""

    rows: list
    more: int
    find_out: list


def suggestions(section_list):
    marked = [
        row
        for section in section_list
        for row in section.rows
        if row.urgency in (Answer.Urgency.URGENT, Answer.Urgency.MATTERS)
    ]
    placed = sorted(
        (row for row in marked if row.stage is not None),
        key=lambda row: (row.stage.position, -row.urgency, row.item.sort_key),
    )
    find_out = [row for row in marked if row.stage is None and row.urgency == Answer.Urgency.URGENT]
    return Suggestions(placed[:SUGGESTIONS], max(len(placed) - SUGGESTIONS, 0), find_out)


# -- a group ------------------------------------------------------------------------------------


def group_figures(group):
    """[ItemFigures] of the group, as last published (blueprint.pulse.figures)."""
    return figures.current(figures.group_key(group), group.instrument)


def most_disagreement(items, *, count=3):
    """Where a conversation is best started: the items the group split most over, by how evenly
    the answers spread over the stages (the largest share at one stage, smallest first), then by
    how far apart they lie; never by the item's number."""
    split = [f for f in items if f.shown and len(set(f.placed)) > 1]
    split.sort(key=lambda f: (max(Counter(f.placed).values()) / len(f.placed), -statistics.pstdev(f.placed)))
    return split[:count]


def agreed_start(items, *, count=3):
    """Where the group agrees to start: items more than half of those who answered marked urgent
    at one of the first two stages, most such answers first."""
    early = [(f.urgent_at_or_before(2), f) for f in items if f.shown]
    chosen = [(n, f) for n, f in early if n * 2 > f.answered]
    chosen.sort(key=lambda pair: (-pair[0] / pair[1].answered, pair[1].item.sort_key))
    return [f for _, f in chosen[:count]]


def participants(group):
    """(finished, started but not finished) checks of `group`: one query."""
    counts = PulseCheck.objects.filter(group=group).aggregate(
        finished=Count("pk", filter=Q(finished_at__isnull=False)), started=Count("pk")
    )
    return counts["finished"], counts["started"] - counts["finished"]


# -- editors' aggregate ------------------------------------------------------------------------


def urgent_and_not_started(instrument, *, recent=False):
    """Items people most often marked urgent at the first stage, with how often: [(item, n)], from
    the figures published for everyone (the last 90 days: the difference of two published
    versions), items fewer than MINIMUM people answered left out."""
    key = figures.instrument_key(instrument)
    items = figures.recent(key, instrument) if recent else figures.current(key, instrument)
    found = [(f.item, f.urgent_at_or_before(1)) for f in items if f.shown]
    return sorted(((item, n) for item, n in found if n), key=lambda pair: -pair[1])


def checks_per_month(instrument):
    """[(first day of the month, how many checks with an answer were started that month)]."""
    # Whether a check has an answer is asked of the answers' index, once per check: joining
    # every answer and counting distinct checks took seconds at 20,000 checks.
    rows = (
        PulseCheck.objects.filter(instrument=instrument)
        .filter(Exists(Answer.objects.filter(pulse_check=OuterRef("pk"))))
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows]


def forget_abandoned(*, now=None):
    """Delete e-mail-less checks nobody touched for a year, and group checks left with none."""
    now = now or timezone.now()
    year_ago = now - timedelta(days=365)
    deleted, _ = forget_checks(PulseCheck.objects.abandoned(before=year_ago))
    GroupCheck.objects.filter(created_at__lt=year_ago, checks__isnull=True).delete()
    return deleted


# -- “I'm working on this” -----------------------------------------------------------------------


def add_working_on(*, form, node):
    """Keep the entry, unconfirmed, and e-mail its link; one entry per address and recommendation
    (a second gets the first one's link again). The same answer on screen either way."""
    email = form.cleaned_data["email"]
    entry = WorkingOn.objects.filter(node=node, email=email).first()
    template = "emails/working_on/already"
    if entry is None:
        entry = form.save(commit=False)
        entry.node = node
        entry.save()
        template = "emails/working_on/confirm"
    send_templated(
        to=[entry.email],
        template=template,
        context={"entry": entry, "site_url": settings.SITE_URL},
        opt_in=f"entry:{entry.pk}",
    )
    return entry


def confirm_working_on(*, entry):
    if entry.confirmed_at is None:
        entry.confirmed_at = timezone.now()
        entry.save(update_fields=["confirmed_at"])
    return entry


def withdraw_working_on(*, entry):
    entry.delete()


ENTRY_CONFIRM_DAYS = 7
MESSAGE_DAYS = 30


def forget_unconfirmed_and_old(*, now=None):
    """Entries never confirmed go after ENTRY_CONFIRM_DAYS (the address may be someone else's),
    messages sent through the site after MESSAGE_DAYS (the privacy page says both). Returns how
    many of each went."""
    now = now or timezone.now()
    entries, _ = WorkingOn.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=ENTRY_CONFIRM_DAYS)
    ).delete()
    messages, _ = ContactMessage.objects.filter(created_at__lt=now - timedelta(days=MESSAGE_DAYS)).delete()
    return entries, messages


def messages_received_today(entry):
    """Messages to the entry's author in the last day (answers to what they wrote included)."""
    to_author = Q(in_reply_to__isnull=True) | Q(in_reply_to__email=entry.email)
    return ContactMessage.objects.filter(
        to_author, entry=entry, created_at__gte=timezone.now() - timedelta(days=1)
    ).count()


def contact_limit_reached(entry):
    """Whether the person behind `entry` had as many messages through the site today as they
    get. (What one sender sends is limited per client, `RATE_LIMITS["contact"]`: the address a
    sender types is checked by nobody.)"""
    return messages_received_today(entry) >= settings.CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY


def contact(*, form, entry):
    """Keep the message, then e-mail it to the person working on this. Their address is not shown
    to the sender, nor the sender's to them unless the sender chose to show it."""
    message = form.save(commit=False)
    message.entry = entry
    message.save()
    relay(message)
    return message


def reply(*, to, text, share_address=False):
    """An answer to the message `to`, from the person who received it, back through the relay: it
    goes to the message's sender, with its own link to answer in turn."""
    name, email = to.recipient
    answer = ContactMessage.objects.create(
        entry=to.entry, in_reply_to=to, name=name, email=email, message=text, share_address=share_address
    )
    relay(answer)
    return answer


def relay(message):
    """E-mail `message` to its recipient, with the private link to answer it through the site. Its
    sender's address is in it (and its Reply-To) only if they chose to show it; otherwise the
    e-mail has no Reply-To, and its text says to answer through the link."""
    name, email = message.recipient
    send_templated(
        to=[email],
        template="emails/working_on/message" if message.in_reply_to_id is None else "emails/working_on/reply",
        context={
            "message": message,
            "entry": message.entry,
            "recipient_name": name,
            "reply_link": settings.SITE_URL + message.get_reply_url(),
            "site_url": settings.SITE_URL,
        },
        reply_to=[message.email] if message.share_address else None,
        # Their address and private links are in it: kept only until it is sent.
        about=message.email,
        forget_when_sent=True,
    )


def on_node(node, *, user):
    """“Who is working on this” on a recommendation's page: one query (a principle takes none)."""
    if not node.takes_cohorts:
        return None
    return {"entries": list(node.working_on.shown().order_by("confirmed_at", "pk"))}


def working_on_by_node(pks, *, user):
    """{node pk: {"working_on": {entry ids}}}: the people a recommendation's page lists as working
    on it (one query), for the overview of a branch."""
    found = {}
    for node_id, entry in WorkingOn.objects.shown().filter(node_id__in=pks).values_list("node_id", "pk"):
        found.setdefault(node_id, {}).setdefault("working_on", set()).add(entry)
    return found


def working_on_counts():
    """Per recommendation someone works on or wants a cohort on: (node, entries shown, people who
    asked to hear when a cohort starts, its cohorts planned, open or running), for organizers."""
    working = dict(WorkingOn.objects.shown().values_list("node_id").annotate(n=Count("pk")).order_by())
    wanting = dict(
        Interest.objects.filter(confirmed=True).values_list("node_id").annotate(n=Count("pk")).order_by()
    )
    nodes = Node.objects.filter(pk__in=set(working) | set(wanting)).in_navigation_order()
    cohorts = {}
    for cohort in Cohort.objects.current().filter(node__in=nodes).order_by("starts_on"):
        cohorts.setdefault(cohort.node_id, []).append(cohort)
    return [
        (node, working.get(node.pk, 0), wanting.get(node.pk, 0), cohorts.get(node.pk, [])) for node in nodes
    ]


# -- reminders to retake ------------------------------------------------------------------------

REMINDER_CONFIRM_DAYS = 7


def months_after(moment, months):
    """The same day `months` later (the month's last day when it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def ask_for_reminder(*, pulse_check, email, months):
    """Keep the address, unconfirmed, and e-mail a link to confirm it (double opt-in)."""
    pulse_check.email, pulse_check.remind_after = email, months
    pulse_check.reminder_confirmed_at = pulse_check.reminder_sent_at = None
    # The link carries a random token, never the address: anyone who sees it learns nothing.
    pulse_check.reminder_token, pulse_check.reminder_asked_at = new_token(), timezone.now()
    pulse_check.save()
    send_templated(
        to=[email],
        template="emails/pulse/confirm_reminder",
        context={
            "pulse_check": pulse_check,
            "token": pulse_check.reminder_token,
            "site_url": settings.SITE_URL,
        },
        opt_in=f"reminder:{pulse_check.pk}",
    )


def confirm_reminder(*, token):
    """The check a confirmation link names, confirmed; None when the link lapsed or was changed,
    or another address was asked for since (each request makes a new link)."""
    pulse_check = (
        PulseCheck.objects.filter(
            reminder_token=token,
            reminder_asked_at__gte=timezone.now() - timedelta(days=REMINDER_CONFIRM_DAYS),
        )
        .exclude(email="")
        .first()
        if token
        else None
    )
    if pulse_check is not None and pulse_check.reminder_confirmed_at is None:
        pulse_check.reminder_confirmed_at = timezone.now()
        pulse_check.save(update_fields=["reminder_confirmed_at", "updated_at"])
    return pulse_check


def send_reminders(*, now=None):
    """E-mail each confirmed reminder that is due, once, then forget the address. Addresses never
    confirmed are forgotten after REMINDER_CONFIRM_DAYS. Returns how many were sent."""
    now = now or timezone.now()
    PulseCheck.objects.filter(
        reminder_confirmed_at__isnull=True, updated_at__lt=now - timedelta(days=REMINDER_CONFIRM_DAYS)
    ).exclude(email="").update(email="", remind_after=None, reminder_token="")
    sent = 0
    waiting = PulseCheck.objects.filter(
        reminder_confirmed_at__isnull=False, reminder_sent_at__isnull=True
    ).exclude(email="")
    for pulse_check in waiting.select_related("instrument"):
        if months_after(pulse_check.created_at, pulse_check.remind_after or 0) > now:
            continue
        send_templated(
            to=[pulse_check.email],
            template="emails/pulse/reminder",
            context={"pulse_check": pulse_check, "site_url": settings.SITE_URL},
            forget_when_sent=True,
        )
        pulse_check.reminder_sent_at, pulse_check.email, pulse_check.reminder_token = now, "", ""
        pulse_check.save(update_fields=["reminder_sent_at", "email", "reminder_token"])
        sent += 1
    return sent


# -- "E-mail me this link" ------------------------------------------------------------------------


def email_link(*, email, link, title):
    """One e-mail with the address of a private page (`link`, absolute) to the person who holds it;
    its stored copy goes once it is delivered. At most one a day per page and address (the page is
    named by a hash: its key never lands in the table). Returns whether it was sent."""
    page = hashlib.sha256(link.encode()).hexdigest()[:32]
    return send_templated(
        to=[email],
        template="emails/pulse/your_link",
        context={"link": link, "title": title},
        forget_when_sent=True,
        opt_in=f"link:{page}",
    )
