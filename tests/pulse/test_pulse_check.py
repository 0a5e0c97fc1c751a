"""Pulse Check: an instrument as data, a check taken alone (answers kept behind a private link,
skippable, resumable), its result and the change on a retake, and a group check whose facilitator
sees only the spread, and only from three people on."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from blueprint.maturity.models import Goal, Stage
from blueprint.operations.personal_data import erase_personal_data, export_personal_data
from blueprint.pulse import figures, services
from blueprint.pulse.models import GroupCheck, Instrument, Item, PulseCheck
from recommendations.models import Node
from recommendations.services import move_node
from tests.factories import AnswerFactory, GroupCheckFactory, PulseCheckFactory
from tests.journeys import admin_form_data, hidden_fields, squeezed
from tests.pulse.data import group_check

URGENT, MATTERS, NOT_A_PRIORITY = 2, 1, 0


def stage(position):
    return Stage.objects.get(position=position)


def item(label, instrument="blueprint"):
    if instrument == "blueprint":
        return Item.objects.get(instrument__slug=instrument, node__number=label)
    return Item.objects.get(instrument__slug=instrument, area__position=label)


def start(client, instrument="blueprint"):
    url = f"/pulse-check/{instrument}/start/"
    response = client.post(url, hidden_fields(client, url))
    assert response.status_code == 302
    token = re.match(r"/pulse-check/answers/([^/]+)/1/$", response["Location"]).group(1)
    return PulseCheck.objects.get(token=token)


def answer(client, pulse_check, section, answers, **extra):
    """Post one section: {label: (stage position or None, urgency or None)}."""
    url = f"/pulse-check/answers/{pulse_check.token}/{section}/"
    data = {**hidden_fields(client, url), **extra}
    for label, (position, urgency) in answers.items():
        pk = item(label, pulse_check.instrument.slug).pk
        data[f"stage_{pk}"] = str(stage(position).pk) if position else ""
        data[f"urgency_{pk}"] = "" if urgency is None else str(urgency)
    return client.post(url, data)


def test_the_blueprint_instrument_asks_about_each_of_the_24_recommendations_by_principle(blueprint):
    items = list(Instrument.objects.get(slug="blueprint").items.all())
    assert len(items) == 24
    assert [i.label for i in items[:7]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]
    assert items[0].local_text == Node.objects.get(number="1.1").title
    with translation.override("es"):
        assert items[0].local_text == Node.objects.get(number="1.1").title_es
    assert items[0].local_section == "1. Start with what matters to people: wellbeing"
    assert [node.number for node in items[0].concerns()] == ["1.1"]
    assert len(services.sections(Instrument.objects.get(slug="blueprint"))) == 5  # principle 6 has none


def test_the_maturity_instrument_asks_about_the_eight_areas_and_points_to_their_strategies_nodes(blueprint):
    items = list(Instrument.objects.get(slug="prevention-maturity").items.all())
    assert [i.local_text for i in items][:2] == [
        "Designing and managing prevention service array",
        "Connecting families to supports",
    ]
    assert [i.local_section for i in items] == ["Supports for families"] * 4 + [
        "Enabling and facilitating infrastructure"
    ] * 4
    kin = items[2]
    assert sorted(kin.nodes.values_list("number", flat=True)) == ["3.1", "3.1.2", "3.1.3"]


def test_each_question_shows_the_five_stages_with_their_meanings_and_how_much_it_matters(client, blueprint):
    pulse_check = start(client)
    html = client.get(f"/pulse-check/answers/{pulse_check.token}/1/").content.decode()
    assert html.count('<fieldset class="question">') == 6
    assert '<legend><span class="number">1.1</span> Be public about our historical roots' in html
    assert (
        "<strong>Core building blocks</strong>: The first structures and supports for prevention are in place."
        in html
    )
    for label in ("Not a priority", "Matters", "Urgent", "Not sure", "Skip"):
        assert f" {label}</label>" in html
    assert "Part 1 of 5" in html


def given(pulse_check):
    """What a check holds: each item answered, with its stage and urgency (skipped ones hold none)."""
    answers = pulse_check.answers.exclude(stage__isnull=True, urgency__isnull=True)
    return sorted(
        (a.item.label, a.stage and a.stage.position, a.urgency)
        for a in answers.select_related("item__node", "item__area", "stage")
    )


def test_answers_are_saved_section_by_section_and_skipped_items_hold_no_answer(client, blueprint):
    pulse_check = start(client)
    response = answer(client, pulse_check, 1, {"1.1": (1, URGENT), "1.2": (None, None), "1.3": (3, None)})
    assert response["Location"] == f"/pulse-check/answers/{pulse_check.token}/2/"
    assert given(pulse_check) == [("1.1", 1, URGENT), ("1.3", 3, None)]
    # Coming back later: the page shows what was saved, and a change replaces it.
    html = client.get(f"/pulse-check/answers/{pulse_check.token}/1/").content.decode()
    assert f'value="{stage(1).pk}" id="id_stage_{item("1.1").pk}_0" checked' in html.replace("required ", "")
    answer(client, pulse_check, 1, {"1.1": (2, MATTERS), "1.3": (None, None)})
    assert given(pulse_check) == [("1.1", 2, MATTERS)]


def test_the_last_section_and_finish_lead_to_the_result(client, blueprint):
    pulse_check = start(client)
    assert answer(client, pulse_check, 5, {"5.1": (2, MATTERS)})["Location"] == pulse_check.get_absolute_url()
    assert answer(client, pulse_check, 2, {}, finish="1")["Location"] == pulse_check.get_absolute_url()
    assert (
        answer(client, pulse_check, 2, {}, back="1")["Location"]
        == f"/pulse-check/answers/{pulse_check.token}/1/"
    )


def test_the_result_charts_each_principle_and_suggests_where_urgency_is_high_and_the_stage_low(
    client, blueprint, cohort_factory, django_assert_num_queries
):
    pulse_check = start(client)
    answer(client, pulse_check, 1, {"1.1": (3, URGENT), "1.2": (1, MATTERS), "1.3": (1, NOT_A_PRIORITY)})
    answer(client, pulse_check, 2, {"2.7": (2, URGENT), "2.1": (1, URGENT)})
    cohort_factory(node=Node.objects.get(number="2.7.1"), name="Digital access cohort", status="open")

    # What the result shows of the check (its fingerprint) and the content version; then the
    # check, the stages, its answers, the items and their nodes, the suggested recommendations
    # with their tools and open cohorts, the examples in their branches (two), and its retakes.
    with django_assert_num_queries(13):
        response = client.get(pulse_check.get_absolute_url())
    html = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    suggestions = re.findall(r"<li>\s*<strong>([\d.]+) ", html.split('class="suggestions"')[1])
    # The earliest stage first (2.1 and 1.2 at stage 1, urgent before mattering), then 2.7 at 2.
    assert suggestions == ["2.1", "1.2", "2.7"]
    assert "And 1 more item you marked, at later stages or mattering less" in html  # 1.1, at stage 3
    # 1.2 has no example of its own: those attached under it (to 1.2.4) count.
    one_two = squeezed(html).split('<span class="number">1.2</span>')[1].split("</div>")[0]
    assert re.findall(r"<p>(\d+ examples? here and below): ", one_two) == ["2 examples here and below"]
    assert "Human Together and #BeHuman" in one_two
    assert "Whole-family, integrated practice in Dakota and Olmsted Counties" in one_two
    assert html.count('<svg class="chart" role="img"') == 5
    assert '<rect class="bar" x="70" y="6" height="16" width="336"/>' in html  # 1.1 at stage 3 of 5
    # Urgency on the chart too: 1.1, 2.1 and 2.7 urgent (a filled dot), 1.2 matters (a ring).
    assert html.count('<circle class="urgent" cx="648" cy="14" r="7"/>') == 3
    assert html.count('<circle class="matters" cx="648" cy="14" r="6"/>') == 1
    assert "<td>Foundational innovations</td><td>Urgent</td>" in squeezed(html)
    node = Node.objects.get(number="2.7")
    assert f'<a href="{node.get_absolute_url()}"><span class="number">2.7</span>' in html
    assert '<a href="/cohorts/interest/2.7/">Tell me when a cohort starts</a>' in html
    assert "Last time" not in html


def test_retaking_shows_the_change_since_last_time_on_the_same_chart(client, blueprint):
    first = start(client)
    answer(client, first, 1, {"1.1": (1, URGENT)})
    response = client.post(f"/pulse-check/answers/{first.token}/retake/")
    second = PulseCheck.objects.get(previous=first)
    assert response["Location"] == f"/pulse-check/answers/{second.token}/1/"
    assert given(second) == [("1.1", 1, URGENT)]  # it starts from the last answers
    page = client.get(response["Location"]).content.decode()
    assert re.search(rf'name="stage_{item("1.1").pk}" value="{stage(1).pk}"[^>]* checked', page)
    answer(client, second, 1, {"1.1": (3, URGENT), "1.2": (2, URGENT)})
    html = client.get(second.get_absolute_url()).content.decode()
    assert '<p class="change-summary">Since then: 1 item moved up a stage.</p>' in squeezed(html)
    assert '<rect class="bar" x="70" y="6" height="16" width="336"/>' in html
    assert '<rect class="before" x="176" y="2" width="6" height="24"/>' in html  # stage 1 last time
    assert "<td>Foundational innovations</td><td>Urgent</td><td>Baseline prerequisites</td>" in squeezed(html)
    assert list(first.answers.values_list("stage__position", flat=True)) == [1]  # the first is kept


def test_a_link_that_names_no_check_says_so_and_a_section_out_of_range_is_not_found(client, blueprint):
    assert client.get("/pulse-check/answers/not-a-token/").status_code == 404
    pulse_check = start(client)
    assert client.get(f"/pulse-check/answers/{pulse_check.token}/6/").status_code == 404
    assert client.get(f"/pulse-check/answers/{pulse_check.token}/0/").status_code == 404


def test_private_links_carry_at_least_128_random_bits(blueprint):
    group = GroupCheckFactory()
    pulse_check = PulseCheckFactory()
    for token in (group.share_token, group.facilitator_token, pulse_check.token):
        assert len(token) == 32  # 24 random bytes in URL-safe base64: 192 bits
    assert len({group.share_token, group.facilitator_token, pulse_check.token}) == 3


def test_a_stranger_cannot_start_a_check_by_following_a_link(client, blueprint):
    assert client.get("/pulse-check/blueprint/start/").status_code == 200
    assert PulseCheck.objects.count() == 0


# -- a group --------------------------------------------------------------------------------------


def new_group(client, name="Riverside prevention team"):
    url = "/pulse-check/blueprint/group/"
    response = client.post(url, {**hidden_fields(client, url), "name": name})
    assert response.status_code == 302
    return GroupCheck.objects.get(name=name)


def join(group, answers, section=1, *, finish=True):
    """A new participant (a browser of their own) joins through the share link and answers; with
    `finish`, goes on to their result, so their answers count."""
    participant = Client()
    url = f"/pulse-check/join/{group.share_token}/"
    response = participant.post(url, hidden_fields(participant, url))
    token = re.match(r"/pulse-check/answers/([^/]+)/1/$", response["Location"]).group(1)
    pulse_check = PulseCheck.objects.get(token=token)
    answer(participant, pulse_check, section, answers, **({"finish": "1"} if finish else {}))
    return participant, pulse_check


def test_a_facilitator_sees_nothing_until_three_people_answered_then_only_the_spread(client, blueprint):
    group = new_group(client)
    page = client.get(group.get_absolute_url()).content.decode()
    assert f"/pulse-check/join/{group.share_token}/" in page
    join(group, {"1.1": (1, URGENT), "1.2": (2, MATTERS)})
    join(group, {"1.1": (5, MATTERS), "1.2": (2, MATTERS)})
    join(group, {"1.1": (4, MATTERS)}, finish=False)  # started, not finished: counts for nothing
    page = client.get(group.get_absolute_url()).content.decode()
    assert "2 people have finished; 1 more has started and not finished." in page
    assert page.count("Fewer than 3 answers.") == 2 * 24  # in the heat map and in the table
    csv_rows = list(
        csv.reader(io.StringIO(client.get(f"{group.get_absolute_url()}group-check.csv").content.decode()))
    )
    assert {row[2] for row in csv_rows[1:]} == {"fewer than 3 answers"}

    join(group, {"1.1": (3, URGENT), "1.2": (2, NOT_A_PRIORITY)})
    page = client.get(group.get_absolute_url()).content.decode()
    assert "3 people have finished; 1 more has started and not finished." in page
    row = page.split('<th scope="row">1.1 ')[1].split("</tr>")[0]
    # One per stage, then not sure, then urgent.
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "0", "1", "0", "1", "0", "2"]
    disagree = page.split('id="disagree-heading"')[1].split("</section>")[0]
    assert re.findall(r'<span class="number">([\d.]+)</span>', disagree) == ["1.1"]  # 1.2: all at stage 2
    assert "1 at Baseline prerequisites, 1 at Foundational innovations, 1 at Vision" in squeezed(disagree)


def test_the_facilitator_downloads_the_aggregate_and_closes_the_check(client, blueprint):
    group = new_group(client)
    for position in (1, 2, 2):
        join(group, {"2.2": (position, URGENT)}, section=2)
    response = client.get(f"{group.get_absolute_url()}group-check.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Section",
        "Item",
        "Answered",
        *Stage.objects.values_list("name", flat=True),
        "Not sure",
        "Not a priority",
        "Matters",
        "Urgent",
    ]
    row = next(row for row in rows if row[1].startswith("2.2 "))
    assert row[2:] == ["3", "1", "2", "0", "0", "0", "0", "0", "0", "3"]  # never a median nobody chose

    client.post(f"{group.get_absolute_url()}close/")
    group.refresh_from_db()
    assert group.closed_at is not None
    late = Client()
    response = late.get(f"/pulse-check/join/{group.share_token}/")
    assert response.status_code == 410
    assert "This group check is closed" in response.content.decode()


def test_one_participant_cannot_read_anothers_answers_nor_the_facilitators_page(client, blueprint):
    group = new_group(client)
    first, first_check = join(group, {"1.1": (1, URGENT)})
    second, second_check = join(group, {"1.1": (5, NOT_A_PRIORITY)})
    # What each participant has: the share link and their own check's link.
    assert first.get(first_check.get_absolute_url()).status_code == 200
    changed = first_check.token[:-1] + ("y" if first_check.token.endswith("x") else "x")
    for guess in (group.share_token, changed, "facilitate"):
        assert first.get(f"/pulse-check/answers/{guess}/").status_code == 404
        assert first.get(f"/pulse-check/facilitate/{guess}/").status_code == 404
    assert first.get(f"/pulse-check/facilitate/{group.share_token}/").status_code == 404
    share_page = first.get(f"/pulse-check/join/{group.share_token}/").content.decode()
    assert group.facilitator_token not in share_page
    assert second_check.token not in share_page
    facilitator_page = client.get(group.get_absolute_url()).content.decode()
    assert first_check.token not in facilitator_page
    assert second_check.token not in facilitator_page


def test_a_group_member_retakes_with_a_new_group_check_not_the_closed_one(client, blueprint):
    group = new_group(client)
    participant, pulse_check = join(group, {"1.1": (1, URGENT)})
    assert participant.post(f"/pulse-check/answers/{pulse_check.token}/retake/").status_code == 404
    services.close_group(group=group)
    response = participant.get(f"/pulse-check/answers/{pulse_check.token}/1/")
    assert response["Location"] == pulse_check.get_absolute_url()  # closed: answers can be read, not changed


# -- editors and privacy --------------------------------------------------------------------------


def test_editors_see_aggregates_only_with_a_way_to_open_a_cohort(editor_client, blueprint):
    instrument = Instrument.objects.get(slug="blueprint")
    long_ago = timezone.now() - timedelta(days=120)
    for _ in range(3):  # published four months ago
        pulse_check = PulseCheckFactory(finished_at=long_ago)
        AnswerFactory(pulse_check=pulse_check, item=item("2.7"), stage=stage(1), urgency=URGENT)
    figures.publish_instrument(instrument, now=long_ago + timedelta(seconds=1))
    for urgency in (URGENT, URGENT, MATTERS):  # and this week
        pulse_check = PulseCheckFactory(finished_at=timezone.now())
        AnswerFactory(pulse_check=pulse_check, item=item("2.7"), stage=stage(1), urgency=urgency)
    call_command("run_periodic", stdout=io.StringIO())
    html = editor_client.get("/admin/pulse-check/").content.decode()
    assert "6 finished checks; 0 group checks." in html
    assert "<td>2.7 Make access meaningful.</td><td>5</td><td>2</td>" in html  # all time, last 90 days
    node = Node.objects.get(number="2.7")
    assert f'<a href="/admin/cohorts/cohort/add/?node={node.pk}">Open a cohort on 2.7</a>' in html
    assert pulse_check.token not in html


def test_abandoned_checks_without_an_address_are_deleted_after_a_year(blueprint):
    instrument = Instrument.objects.get(slug="blueprint")
    old, recent, remembered = (PulseCheckFactory(instrument=instrument) for _ in range(3))
    PulseCheck.objects.filter(pk__in=[old.pk, remembered.pk]).update(
        updated_at=timezone.now() - timedelta(days=366)
    )
    PulseCheck.objects.filter(pk=remembered.pk).update(email="ann@example.org")
    assert services.forget_abandoned() == 1
    assert set(PulseCheck.objects.values_list("pk", flat=True)) == {recent.pk, remembered.pk}


@pytest.mark.parametrize("address", ["/pulse-check/", "/pulse-check/blueprint/start/"])
def test_the_pulse_check_reads_in_spanish(client, blueprint, address):
    html = client.get(f"/es{address}").content.decode()
    assert "Autoevaluación del Blueprint" in html
    if address.endswith("start/"):
        assert "<strong>Componentes esenciales</strong>" in html


def test_a_reminder_is_double_opt_in_sent_once_when_due_then_the_address_is_forgotten(client, blueprint):

    pulse_check = start(client)
    answer(client, pulse_check, 1, {"1.1": (1, URGENT)})
    url = f"/pulse-check/answers/{pulse_check.token}/remind/"
    response = client.post(
        url, {**hidden_fields(client, url), "email": "Ana@Example.org", "remind_after": "3"}
    )
    assert response["Location"] == pulse_check.get_absolute_url()
    pulse_check.refresh_from_db()
    assert (pulse_check.email, pulse_check.remind_after, pulse_check.reminder_confirmed_at) == (
        "ana@example.org",
        3,
        None,
    )
    link = re.search(r"http://127\.0\.0\.1:8000(/pulse-check/reminder/[^/\s]+/)", mail.outbox[-1].body).group(
        1
    )
    assert pulse_check.token not in mail.outbox[-1].body  # the confirmation link is not the private link
    assert re.fullmatch(r"/pulse-check/reminder/[A-Za-z0-9_-]{32}/", link)  # random: no address in it

    assert services.send_reminders() == 0  # not confirmed: nothing is sent
    client.get(link)  # following the link (a mail scanner) confirms nothing
    pulse_check.refresh_from_db()
    assert pulse_check.reminder_confirmed_at is None
    assert "Your reminder is confirmed" in client.post(link, hidden_fields(client, link)).content.decode()
    pulse_check.refresh_from_db()
    assert pulse_check.reminder_confirmed_at is not None

    before = len(mail.outbox)
    assert services.send_reminders(now=timezone.now() + timedelta(days=60)) == 0  # due in 3 months
    call_command("run_periodic", stdout=io.StringIO())
    assert len(mail.outbox) == before
    assert services.send_reminders(now=services.months_after(pulse_check.created_at, 3)) == 1
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert pulse_check.get_absolute_url() in mail.outbox[-1].body
    pulse_check.refresh_from_db()
    assert pulse_check.email == ""
    assert pulse_check.reminder_sent_at is not None
    assert services.send_reminders(now=services.months_after(pulse_check.created_at, 4)) == 0


def test_an_unconfirmed_reminder_address_is_forgotten_after_a_week_and_a_changed_link_fails(
    client, blueprint
):
    pulse_check = start(client)
    services.ask_for_reminder(pulse_check=pulse_check, email="ana@example.org", months=6)
    assert services.confirm_reminder(token="not-a-signed-value") is None
    services.send_reminders(now=timezone.now() + timedelta(days=8))
    pulse_check.refresh_from_db()
    assert (pulse_check.email, pulse_check.remind_after) == ("", None)


def test_answers_kept_for_a_reminder_are_in_the_personal_data(client, blueprint):
    pulse_check = start(client)
    answer(client, pulse_check, 1, {"1.1": (1, URGENT)})
    services.ask_for_reminder(pulse_check=pulse_check, email="ana@example.org", months=12)
    exported = export_personal_data("ana@example.org")["records"]
    assert len(exported["Pulse Checks"]) == 1
    assert exported["Pulse Check answers"][0]["fields"]["urgency"] == URGENT
    assert erase_personal_data("ana@example.org")["Pulse Checks"] == 1
    assert PulseCheck.objects.filter(pk=pulse_check.pk).count() == 0


def test_months_after_keeps_the_day_or_takes_the_months_last():

    assert services.months_after(datetime(2026, 11, 30), 3) == datetime(2027, 2, 28)
    assert services.months_after(datetime(2026, 1, 15), 12) == datetime(2027, 1, 15)


def test_a_kept_result_changes_with_the_answers_and_goes_with_the_check(client, blueprint):
    pulse_check = start(client)
    answer(client, pulse_check, 1, {"1.1": (1, URGENT)})
    reader = Client()  # no session: the kept copy is what it gets
    assert "<td>Baseline prerequisites</td>" in reader.get(pulse_check.get_absolute_url()).content.decode()
    answer(client, pulse_check, 1, {"1.1": (4, URGENT)})
    html = reader.get(pulse_check.get_absolute_url()).content.decode()
    assert "<td>Transformative innovations</td>" in html
    assert "<td>Baseline prerequisites</td>" not in html
    PulseCheck.objects.filter(pk=pulse_check.pk).delete()  # as erasure or a year's abandonment does
    assert reader.get(pulse_check.get_absolute_url()).status_code == 404


def test_the_facilitators_page_counts_each_finished_answer_and_says_when_closed(client, blueprint):
    group = new_group(client)
    reader = Client()
    for person in range(3):
        html = reader.get(group.get_absolute_url()).content.decode()
        assert re.search(rf">{person} (person has|people have) finished\.<", html)
        join(group, {"1.1": (person + 1, URGENT)})
    assert "3 people have finished." in reader.get(group.get_absolute_url()).content.decode()
    services.close_group(group=group)
    assert "Closed on" in reader.get(group.get_absolute_url()).content.decode()


def test_a_facilitators_page_costs_the_same_queries_for_3_people_or_200(
    client, blueprint, django_assert_num_queries
):

    for people in (3, 200):
        group = group_check(people=people)
        # What the page shows of the group (its fingerprint) and the content version; then the
        # group, how many finished and started, the published figures, the items, the stages,
        # the invitations.
        with django_assert_num_queries(8):
            response = client.get(group.get_absolute_url())
        assert f"{people} people have finished." in response.content.decode()
        # Kept rendered while nothing it shows changes: a meeting reloads it every few seconds.
        with django_assert_num_queries(2):
            again = client.get(group.get_absolute_url())
        assert again.content == response.content


def test_a_facilitators_page_shows_every_change_at_the_next_request(client, blueprint):
    group = group_check(people=3)
    url = group.get_absolute_url()

    def page():
        return squeezed(Client().get(url).content.decode())

    assert "3 people have finished." in page()
    joined = services.start_check(instrument=group.instrument, group=group)
    assert "3 people have finished; 1 more has started and not finished." in page()
    services.save_answers(pulse_check=joined, answers={item("1.1"): (stage(2), URGENT)}, finish=True)
    assert "4 people have finished." in page()
    services.invite(group=group, count=2)
    assert "0 of 2 invitations used." in page()
    services.start_check(instrument=group.instrument, group=group, invitation=group.invitations.first())
    assert "1 of 2 invitations used." in page()
    joined.email = "ana@example.org"
    joined.save()
    erase_personal_data("ana@example.org")
    assert "3 people have finished; 1 more has started and not finished." in page()
    GroupCheck.objects.filter(pk=group.pk).update(name="Riverside leadership team")
    assert "<h1>Riverside leadership team</h1>" in page()
    services.close_group(group=group)
    assert "Closed on" in page()


def test_more_invitations_are_made_on_their_own_page_and_listed_on_the_facilitators(client, blueprint):
    group = group_check(people=0)
    url = f"/pulse-check/facilitate/{group.facilitator_token}/invite/"
    assert 'name="count"' not in client.get(group.get_absolute_url()).content.decode()
    response = client.post(url, {**hidden_fields(client, url), "count": "0"})
    assert "Ensure this value is greater than or equal to 1." in squeezed(response.content.decode())
    response = client.post(url, {**hidden_fields(client, url), "count": "2"}, follow=True)
    html = squeezed(response.content.decode())
    assert "2 more invitations are ready." in html
    assert "0 of 2 invitations used." in html
    services.close_group(group=group)
    assert client.get(url)["Location"] == group.get_absolute_url()


def test_an_erased_check_is_gone_from_its_retakes_result_at_the_next_request(client, blueprint):
    """The finding: after an erasure, a retake's shared result still showed the erased answers
    as "Last time" for up to five minutes."""
    first = start(client)
    answer(client, first, 1, {"1.1": (1, URGENT)})
    client.post(f"/pulse-check/answers/{first.token}/retake/")
    second = PulseCheck.objects.get(previous=first)
    answer(client, second, 1, {"1.1": (3, URGENT)})
    url = second.get_absolute_url()
    before = Client().get(url).content.decode()  # whoever holds the link, twice
    assert '<rect class="before" x="176" y="2" width="6" height="24"/>' in Client().get(url).content.decode()
    services.ask_for_reminder(pulse_check=first, email="ana@example.org", months=3)
    erase_personal_data("ana@example.org")
    after = Client().get(url).content.decode()
    assert '<rect class="before"' in before
    assert '<rect class="before"' not in after
    assert "Baseline prerequisites" not in after.split('class="result-table"')[-1]


def test_a_question_follows_its_recommendation_when_the_tree_changes(blueprint):
    moved = Node.objects.get(number="1.2")
    move_node(node=moved, target=Node.objects.get(number="2.1"), position="left")
    moved.refresh_from_db()
    assert moved.number == "2.1"
    instrument = Instrument.objects.get(slug="blueprint")
    items = list(instrument.items.in_order())
    assert [i.label for i in items[:8]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3"]
    question = next(i for i in items if i.node_id == moved.pk)
    assert (question.label, question.local_text, question.local_section) == (
        "2.1",
        moved.title,
        "2. " + Node.objects.get(number="2").title,
    )
    assert [len(items) for items in services.sections(instrument)][:2] == [5, 8]


def test_an_instrument_asks_about_a_recommendation_once(blueprint, admin_client):
    instrument = Instrument.objects.get(slug="blueprint")
    url = "/admin/pulse/item/add/"
    data = {"instrument": instrument.pk, "node": Node.objects.get(number="1.1").pk, "position": "99"}
    response = admin_client.post(url, {**admin_form_data(admin_client, url), **data})
    assert response.status_code == 200
    assert "This instrument already asks about this recommendation." in squeezed(response.content.decode())
    assert instrument.items.count() == 24


def test_once_the_group_check_closes_each_participant_sees_the_groups_result_beside_their_own(
    client, blueprint
):
    group = group_check(people=3)
    participant = group.checks.first()
    url = participant.get_absolute_url()
    open_page = squeezed(client.get(url).content.decode())
    assert (
        "The group's figures appear here, beside your own, once the facilitator closes the check."
        in open_page
    )
    assert 'id="group-figures"' not in open_page

    services.close_group(group=group)
    page = squeezed(client.get(url).content.decode())

    assert "The group's result: Riverside team" in page
    assert '<div id="group-figures">' in page
    assert "3 people have finished" in page
    assert group.facilitator_token not in page  # nothing leads to the facilitator's page
    assert page.count('<th scope="row">1.1 Be public') == 2  # their own row, and the group's


def test_a_group_participant_is_offered_no_retake_or_reminder_which_would_not_work(client, blueprint):
    group = group_check(people=3)
    participant = group.checks.first()
    page = squeezed(client.get(participant.get_absolute_url()).content.decode())
    assert "Remind me to retake it" not in page
    assert "Retake the check now" not in page
    assert "To take the check again as a group, the facilitator starts a new group check." in page
    assert client.get(f"/pulse-check/answers/{participant.token}/remind/").status_code == 404


def test_an_urgent_item_whose_stage_is_not_sure_is_listed_to_find_out_never_dropped(client, blueprint):
    pulse_check = start(client)
    answer(client, pulse_check, 1, {"1.1": (None, URGENT), "1.2": (2, URGENT)})
    html = squeezed(client.get(pulse_check.get_absolute_url()).content.decode())
    suggestions = re.findall(
        r"<li>\s*<strong>([\d.]+) ", html.split('class="suggestions"')[1].split("</ol>")[0]
    )
    assert suggestions == ["1.2"]
    assert "<h3>Find out where you stand</h3>" in html
    assert '<ul class="find-out"><li><strong>1.1 Be public' in html
    assert "And 1 more" not in html


def test_a_question_says_what_the_recommendation_includes_and_links_to_it_in_a_new_tab(
    client, blueprint, django_assert_num_queries
):
    pulse_check = start(client)
    url = f"/pulse-check/answers/{pulse_check.token}/1/"
    client.get(url)
    # The check, the items in order, the sub-recommendations, the stages, the answers.
    with django_assert_num_queries(5):
        html = squeezed(client.get(url).content.decode())
    first = html.split('<fieldset class="question">')[1]
    node = Node.objects.get(number="1.1")
    assert "<summary>What it includes</summary>" in first
    assert '<li><span class="number">1.1.1</span> Make history and commitments available on the web' in first
    assert (
        f'<a href="{node.get_absolute_url()}" target="_blank" rel="noopener">Read 1.1 (opens in a new tab, so '
        "your answers here stay)</a>"
    ) in first


def test_a_maturity_question_says_what_each_stage_means_in_its_area(client, blueprint):
    pulse_check = start(client, "prevention-maturity")
    html = squeezed(client.get(f"/pulse-check/answers/{pulse_check.token}/1/").content.decode())
    first = html.split('<fieldset class="question">')[1]
    goal = Goal.objects.filter(area__position=1).select_related("stage").first()
    assert "<summary>What each stage means in this area</summary>" in first
    assert f"<dt>{goal.stage.name}</dt>" in first
    assert squeezed(goal.text_html) in first


def test_the_maturity_result_shows_each_recommendation_once_however_many_areas_point_to_it(client, blueprint):
    pulse_check = start(client, "prevention-maturity")
    answer(client, pulse_check, 1, {1: (1, URGENT), 2: (1, URGENT)})  # areas 1 and 2 share 2.6, 3.3.2, 5.3
    html = squeezed(client.get(pulse_check.get_absolute_url()).content.decode())
    start_here = html.split('class="suggestions"')[1].split("</ol>")[0]
    shared = Node.objects.get(number="2.6")
    assert start_here.count(f'<a href="{shared.get_absolute_url()}"><span class="number">2.6</span>') == 1
    assert start_here.count('<a href="/cohorts/interest/2.6/">Tell me when a cohort starts</a>') == 1
    assert "Also (above): " in start_here
    assert f'<a href="{shared.get_absolute_url()}">2.6</a>' in start_here.split("Also (above): ")[1]
