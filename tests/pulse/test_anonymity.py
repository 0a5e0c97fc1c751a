"""A group check's figures hold each participant's answers apart, played as the facilitator would
attack them: a snapshot of the page and of the CSV after every single answer, answers of their
own (and a second try from their own browser), and subtraction of everything they know."""

import csv
import io
import itertools
import re
from collections import Counter

import pytest
from django.test import Client

from blueprint.maturity.models import Stage
from blueprint.pulse.models import GroupCheck, Invitation, Item, PulseCheck
from tests.journeys import hidden_fields

NOT_A_PRIORITY, MATTERS, URGENT = 0, 1, 2
ITEMS = ["1.1", "1.2", "2.1"]


def item(label):
    return Item.objects.get(instrument__slug="blueprint", node__number=label)


def section_of(label):
    return int(label.split(".")[0])


def answer(client, pulse_check, answers, *, finish):
    """Answer {label: (stage position, urgency)} section by section; `finish` on the last."""
    stages = {stage.position: stage.pk for stage in Stage.objects.all()}
    by_section = {}
    for label, value in answers.items():
        by_section.setdefault(section_of(label), {})[label] = value
    for position, (section, values) in enumerate(sorted(by_section.items()), start=1):
        url = f"/pulse-check/answers/{pulse_check.token}/{section}/"
        data = hidden_fields(client, url)
        for label, (stage, urgency) in values.items():
            data[f"stage_{item(label).pk}"] = str(stages[stage])
            data[f"urgency_{item(label).pk}"] = str(urgency)
        if finish and position == len(by_section):
            data["finish"] = "1"
        assert client.post(url, data).status_code == 302


def join(client, group):
    url = f"/pulse-check/join/{group.share_token}/"
    client.get(url)
    response = client.post(url, hidden_fields(client, url))
    token = re.match(r"/pulse-check/answers/([^/]+)/1/$", response["Location"]).group(1)
    return PulseCheck.objects.get(token=token)


class Facilitator:
    """What the facilitator can see, and keeps: every version of the page and of the CSV."""

    def __init__(self, client, group):
        self.client, self.group = client, group
        self.pages, self.csvs = [], []

    def snapshot(self):
        page = self.client.get(self.group.get_absolute_url()).content.decode()
        rows = list(
            csv.reader(
                io.StringIO(
                    self.client.get(f"{self.group.get_absolute_url()}group-check.csv").content.decode()
                )
            )
        )
        self.pages.append(table(page))
        self.csvs.append({row[1].split(" ")[0]: row[2:] for row in rows[1:]})


def table(page):
    """{item label: the row of figures the page shows} (stages, not sure, urgent)."""
    found = {}
    for label in ITEMS:
        row = page.split(f'<th scope="row">{label} ')[1].split("</tr>")[0]
        found[label] = tuple(re.findall(r"<td>(\d+)</td>", row))
    return found


def differences(versions, label):
    """Every difference between two versions of one item's figures, earlier and later."""
    for (i, before), (j, after) in itertools.combinations(enumerate(versions), 2):
        if before[label] != after[label]:
            yield i, j, before[label], after[label]


def test_snapshots_after_every_answer_and_the_facilitators_own_answers_reveal_no_honest_answer(blueprint):
    host = Client()
    url = "/pulse-check/blueprint/group/"
    host.post(url, {**hidden_fields(host, url), "name": "Leadership team"})
    group = GroupCheck.objects.get(name="Leadership team")
    facilitator = Facilitator(host, group)
    facilitator.snapshot()

    # Stuffing: the facilitator answers, then opens the share link again in the same browser.
    own = join(host, group)
    answer(host, own, {"1.1": (5, URGENT), "1.2": (5, URGENT), "2.1": (5, URGENT)}, finish=True)
    assert join(host, group) == own  # the same browser resumes its own answers: no second set
    facilitator.snapshot()

    # Eight honest people, each in a browser of their own, a snapshot after each one's answer.
    honest = [
        {"1.1": (1, NOT_A_PRIORITY), "1.2": (2, MATTERS), "2.1": (3, URGENT)},
        {"1.1": (2, MATTERS), "1.2": (3, URGENT), "2.1": (1, NOT_A_PRIORITY)},
        {"1.1": (3, URGENT), "1.2": (1, NOT_A_PRIORITY), "2.1": (2, MATTERS)},
        {"1.1": (4, MATTERS), "1.2": (2, URGENT), "2.1": (3, NOT_A_PRIORITY)},
        {"1.1": (1, URGENT), "1.2": (4, NOT_A_PRIORITY), "2.1": (2, MATTERS)},
        {"1.1": (2, NOT_A_PRIORITY), "1.2": (1, MATTERS), "2.1": (4, URGENT)},
        {"1.1": (3, MATTERS), "1.2": (3, NOT_A_PRIORITY), "2.1": (1, URGENT)},
        {"1.1": (4, URGENT), "1.2": (2, NOT_A_PRIORITY), "2.1": (3, MATTERS)},
    ]
    for answers in honest:
        participant = Client()
        answer(participant, join(participant, group), answers, finish=True)
        facilitator.snapshot()

    # The facilitator subtracts every pair of versions of each item's figures, and takes away
    # their own answer. The people a version counts are the first to finish (the page says how
    # many have finished): so a difference holds the answers of the honest people counted in one
    # version and not the other. One alone would give that person away: never fewer than two.
    def honest_counted(row):
        answered = sum(int(n) for n in row[:-1])  # the stages and "not sure"
        return set(range(answered - 1))  # the facilitator finished first

    for label in ITEMS:
        for i, j, before, after in differences(facilitator.pages, label):
            apart = honest_counted(after) ^ honest_counted(before)
            assert len(apart) >= 2, (label, i, j, apart)
            # …and those honest answers are not all the same, so none can be told.
            assert len({honest[person][label] for person in apart}) >= 2
    # The CSV tells the same, never more: every version of it matches a version of the page.
    for page, table_rows in zip(facilitator.pages, facilitator.csvs, strict=True):
        for label in ITEMS:
            row = table_rows[label]
            assert (tuple(row[1:7]) + (row[-1],) if len(row) > 1 else ()) == page[label]

    # The figures did move, in batches, and hold everyone in the end.
    final = facilitator.pages[-1]["1.1"]
    assert final == ("2", "2", "2", "2", "1", "0", "4")  # stages 1–5, not sure, urgent: all 9
    assert len({version["1.1"] for version in facilitator.pages}) == 4  # nothing, then three batches


def test_a_participant_who_changes_an_answer_is_hidden_among_the_next_changes(blueprint):
    host = Client()
    url = "/pulse-check/blueprint/group/"
    host.post(url, {**hidden_fields(host, url), "name": "Team"})
    group = GroupCheck.objects.get(name="Team")
    people = [(Client(), answers) for answers in ((1, 0), (2, 1), (3, 2))]
    checks = []
    for client, (stage, urgency) in people:
        pulse_check = join(client, group)
        answer(client, pulse_check, {"1.1": (stage, urgency)}, finish=True)
        checks.append(pulse_check)
    facilitator = Facilitator(host, group)
    facilitator.snapshot()
    client, _ = people[0]
    answer(client, checks[0], {"1.1": (5, URGENT)}, finish=True)  # one person changes their mind
    facilitator.snapshot()
    assert facilitator.pages[0] == facilitator.pages[1]  # the change alone moves nothing


def test_personal_invitations_work_once_each_and_the_page_says_how_many_were_used(blueprint):
    host = Client()
    url = "/pulse-check/blueprint/group/"
    response = host.post(url, {**hidden_fields(host, url), "name": "Board", "invitations": "8"})
    group = GroupCheck.objects.get(name="Board")
    assert response["Location"] == group.get_absolute_url()
    invitations = list(Invitation.objects.filter(group=group))
    assert len(invitations) == 8
    assert host.get(f"/pulse-check/join/{group.share_token}/").status_code == 410  # invitations only

    first = Client()
    link = invitations[0].get_absolute_url()
    first.post(link, hidden_fields(first, link))
    again = first.get(link)  # the same browser comes back to its own answers
    pulse_check = PulseCheck.objects.get(invitation=invitations[0])
    assert again["Location"] == f"/pulse-check/answers/{pulse_check.token}/1/"
    someone_else = Client().get(link)
    assert someone_else.status_code == 410
    assert "<h1>This invitation has been used</h1>" in someone_else.content.decode()
    assert PulseCheck.objects.filter(group=group).count() == 1
    page = host.get(group.get_absolute_url()).content.decode()
    assert "1 of 8 invitations used." in page
    assert page.count('<span class="badge">Used</span>') == 1


PROMISES = {
    "/privacy/": (
        "change only when the answers of at least three more people change",
        "someone who answers under several invitations or browsers knows those answers",
    ),
    "join": ("they change only when the answers of at least three more people change", None),
    "facilitate": (
        "move only when the answers of at least 3 more people to it change",
        "if you answer under several invitations or in several browsers yourself",
    ),
}


@pytest.mark.parametrize("where", PROMISES)
def test_the_promise_says_what_is_guaranteed_and_what_is_not(client, blueprint, where):
    group = GroupCheck.objects.create(instrument=item("1.1").instrument, name="Team")
    url = {"join": f"/pulse-check/join/{group.share_token}/", "facilitate": group.get_absolute_url()}.get(
        where, where
    )
    html = " ".join(client.get(url).content.decode().split())
    guaranteed, not_guaranteed = PROMISES[where]
    assert guaranteed in html
    if not_guaranteed:
        assert not_guaranteed in html
    assert "nobody's own answers can be told apart" not in html


def test_only_finished_answers_count(blueprint):
    host = Client()
    url = "/pulse-check/blueprint/group/"
    host.post(url, {**hidden_fields(host, url), "name": "Team"})
    group = GroupCheck.objects.get(name="Team")
    for stage in (1, 2):
        participant = Client()
        answer(participant, join(participant, group), {"1.1": (stage, URGENT)}, finish=True)
    participant = Client()
    answer(participant, join(participant, group), {"1.1": (3, URGENT)}, finish=False)
    page = host.get(group.get_absolute_url()).content.decode()
    assert "2 people have finished; 1 more has started and not finished." in page
    assert table(page)["1.1"] == ()  # fewer than three finished answers: no figures
    assert Counter(re.findall(r"Fewer than 3 answers\.", page))["Fewer than 3 answers."] == 2 * 24
