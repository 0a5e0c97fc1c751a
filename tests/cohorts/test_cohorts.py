import csv
import io
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blueprint.common.models import OptInEmail, OutgoingEmail
from cohorts import services
from cohorts.models import Cohort, CohortMessage, Interest, SignUp
from recommendations.models import Node
from tests.factories import CohortFactory, SignUpFactory, UserFactory
from tests.journeys import hidden_fields, squeezed


@pytest.fixture
def cohort(blueprint):
    return make_cohort("2.7.2", capacity=2)


def make_cohort(number, *, capacity, status=Cohort.Status.OPEN, slug=None, scope="national", region=""):
    node = Node.objects.get(number=number)
    return CohortFactory(
        node=node,
        name=f"Translation cohort {slug or number}",
        slug=slug or f"cohort-{number.replace('.', '-')}",
        status=status,
        scope=scope,
        region=region,
        capacity=capacity,
    )


def sign_up_data(email="ana@example.org", **overrides):
    return {
        "name": "Ana Ruiz",
        "email": email,
        "organisation": "County HHS",
        "role": "Director",
        "sector": "government",
        "state_or_country": "Minnesota",
        "city": "Saint Paul",
        "hope_to_change": "Interpreters at every benefits office.",
        "website": "",
        **overrides,
    }


def join(client, cohort, **overrides):
    return client.post(f"/cohorts/{cohort.slug}/join/", sign_up_data(**overrides))


def personal_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/cohorts/sign-up/[^/\s]+/)", message.body).group(1)


def confirm(client, email):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = personal_link(message)
    page = client.get(link).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    client.post(link, {"action": "confirm", "started": started})
    return SignUp.objects.get(email=email)


def act(client, sign_up, action):
    page = client.get(sign_up.get_absolute_url()).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    return client.post(sign_up.get_absolute_url(), {"action": action, "started": started})


def withdraw(client, sign_up):
    """ "Withdraw from this cohort…", then "Yes, withdraw" on the page that asks."""
    asked = act(client, sign_up, "withdraw").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', asked).group(1)
    return client.post(sign_up.get_absolute_url(), {"action": "withdraw-confirmed", "started": started})


def test_withdrawing_asks_first_and_a_withdrawn_member_sees_how_to_join_again(client, cohort):
    join(client, cohort, email="w@example.org")
    member = confirm(client, "w@example.org")
    asked = act(client, member, "withdraw")
    assert asked.status_code == 200
    page = squeezed(asked.content.decode())
    assert f"<h1>Withdraw from {cohort.name}?</h1>" in page
    assert "Your seat goes to the first person on the waitlist." in page
    assert SignUp.objects.get(pk=member.pk).status == "member"  # nothing yet

    withdraw(client, member)

    assert SignUp.objects.get(pk=member.pk).status == "withdrawn"
    page = squeezed(client.get(member.get_absolute_url()).content.decode())
    assert f'<a href="/cohorts/{cohort.slug}/join/">Sign up again</a>' in page


def test_a_full_cohorts_button_says_join_the_waitlist(client, cohort):
    for n in range(2):
        join(client, cohort, email=f"f{n}@example.org")
        confirm(client, f"f{n}@example.org")
    assert "Join the waitlist" in client.get(cohort.get_absolute_url()).content.decode()
    assert (
        '<button type="submit">Join the waitlist</button>'
        in client.get(f"/cohorts/{cohort.slug}/join/").content.decode()
    )


def test_sign_up_counts_only_after_confirmation(client, cohort):
    response = join(client, cohort)
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    sign_up = SignUp.objects.get()
    assert sign_up.status == "unconfirmed"
    assert mail.outbox[-1].subject == "Please confirm your sign-up to Translation cohort 2.7.2"
    assert confirm(client, "ana@example.org").status == "member"
    assert mail.outbox[-1].subject == "Welcome to Translation cohort 2.7.2"


def test_full_cohort_puts_confirmed_sign_ups_on_the_waitlist_in_order(client, cohort):
    for n in range(4):
        join(client, cohort, email=f"p{n}@example.org")
    for n in (0, 1, 3, 2):
        confirm(client, f"p{n}@example.org")
    assert list(SignUp.objects.order_by("email").values_list("email", "status")) == [
        ("p0@example.org", "member"),
        ("p1@example.org", "member"),
        ("p2@example.org", "waitlisted"),
        ("p3@example.org", "waitlisted"),
    ]
    assert [s.email for s in cohort.sign_ups.waitlist()] == ["p3@example.org", "p2@example.org"]
    assert mail.outbox[-1].subject == "You are on the waitlist for Translation cohort 2.7.2"
    page = client.get(SignUp.objects.get(email="p2@example.org").get_absolute_url()).content.decode()
    assert "On the waitlist — number 2 on the waitlist" in page


def test_withdrawal_frees_a_seat_offered_to_the_first_on_the_waitlist(client, cohort):
    for n in range(4):
        join(client, cohort, email=f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    withdraw(client, SignUp.objects.get(email="p1@example.org"))
    assert dict(SignUp.objects.values_list("email", "status")) == {
        "p0@example.org": "member",
        "p1@example.org": "withdrawn",
        "p2@example.org": "offered",
        "p3@example.org": "waitlisted",
    }
    offer = [m for m in mail.outbox if m.to == ["p2@example.org"]][-1]
    assert offer.subject == "A seat is free for you in Translation cohort 2.7.2"
    act(client, SignUp.objects.get(email="p2@example.org"), "accept")
    assert SignUp.objects.get(email="p2@example.org").status == "member"


@pytest.fixture
def full_cohort(client, cohort):
    """Two members (p0, p1) and two waiting (p2, then p3)."""
    for n in range(4):
        join(client, cohort, email=f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    return cohort


def statuses():
    return dict(SignUp.objects.values_list("email", "status"))


def offered_to_p2():
    offer = [m for m in mail.outbox if m.to == ["p2@example.org"]]
    return statuses()["p2@example.org"] == "offered" and offer[-1].subject == (
        "A seat is free for you in Translation cohort 2.7.2"
    )


def sign_up_form(sign_up, **changes):
    data = {
        name: getattr(sign_up, name)
        for name in ("cohort", "name", "email", "organisation", "role", "sector", "state_or_country", "city")
    }
    data["cohort"] = sign_up.cohort_id
    data |= {"hope_to_change": sign_up.hope_to_change, "status": sign_up.status, **changes}
    return data


def test_an_editor_setting_a_member_to_withdrawn_offers_the_seat(full_cohort, superuser_client):
    member = SignUp.objects.get(email="p1@example.org")
    response = superuser_client.post(
        f"/admin/cohorts/signup/{member.pk}/change/", sign_up_form(member, status="withdrawn")
    )
    assert response.status_code == 302
    assert statuses()["p1@example.org"] == "withdrawn"
    assert [m.subject for m in mail.outbox if m.to == ["p1@example.org"]][-1].startswith("You have left")
    assert offered_to_p2()


def test_an_editor_deleting_a_member_offers_the_seat(full_cohort, superuser_client):
    member = SignUp.objects.get(email="p1@example.org")
    superuser_client.post(f"/admin/cohorts/signup/{member.pk}/delete/", {"post": "yes"})
    assert "p1@example.org" not in statuses()
    assert offered_to_p2()


def test_the_admin_withdraw_action_offers_the_seats(full_cohort, superuser_client):
    members = SignUp.objects.filter(email__in=["p0@example.org", "p1@example.org"])
    superuser_client.post(
        "/admin/cohorts/signup/", {"action": "withdraw", "_selected_action": [m.pk for m in members]}
    )
    assert statuses() == {
        "p0@example.org": "withdrawn",
        "p1@example.org": "withdrawn",
        "p2@example.org": "offered",
        "p3@example.org": "offered",
    }


def test_raising_a_cohorts_capacity_offers_the_new_seat(full_cohort, superuser_client):
    full_cohort.capacity = 3
    services.save_cohort(cohort=full_cohort)
    assert offered_to_p2()
    assert statuses()["p3@example.org"] == "waitlisted"


def test_run_periodic_offers_a_seat_freed_any_other_way(full_cohort):
    SignUp.objects.filter(email="p1@example.org").update(status="withdrawn")  # behind the site's back
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "offered 1 free seat(s)" in out.getvalue()
    assert offered_to_p2()


def test_every_cohort_email_has_a_link_to_withdraw(client, cohort):
    join(client, cohort)
    confirm(client, "ana@example.org")
    assert all("/cohorts/sign-up/" in m.body for m in mail.outbox)


def test_lapsed_offer_goes_to_the_next_person(client, cohort):
    for n in range(4):
        join(client, cohort, email=f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    withdraw(client, SignUp.objects.get(email="p0@example.org"))
    SignUp.objects.filter(email="p2@example.org").update(offered_at=timezone.now() - timedelta(days=6))
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "lapsed 1 seat offer(s)" in out.getvalue()
    assert dict(
        SignUp.objects.filter(email__in=["p2@example.org", "p3@example.org"]).values_list("email", "status")
    ) == {
        "p2@example.org": "withdrawn",
        "p3@example.org": "offered",
    }


def test_unconfirmed_sign_ups_expire(client, cohort):
    join(client, cohort, email="late@example.org")
    join(client, cohort, email="fresh@example.org")
    SignUp.objects.filter(email="late@example.org").update(created_at=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "expired 1 unconfirmed sign-up(s)" in out.getvalue()
    assert dict(SignUp.objects.values_list("email", "status")) == {
        "late@example.org": "expired",
        "fresh@example.org": "unconfirmed",
    }


def test_signing_up_twice_gives_the_same_answer_and_one_row(client, cohort):
    first = join(client, cohort).content.decode()
    confirm(client, "ana@example.org")
    sent = len(mail.outbox)
    second = join(client, cohort, name="Someone Else").content.decode()

    def strip(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip(first) == strip(second)
    assert SignUp.objects.count() == 1
    assert SignUp.objects.get().name == "Ana Ruiz"
    # The member's link goes again by e-mail, but one link a day at most: not today.
    assert len(mail.outbox) == sent
    OptInEmail.objects.update(day=timezone.now().date() - timedelta(days=1))
    join(client, cohort, name="Someone Else")
    assert mail.outbox[-1].subject == "Your sign-up to Translation cohort 2.7.2"


def test_cohort_page_counts_only_what_each_member_chose_to_show_and_never_names(client, cohort):
    cohort.capacity = 6
    cohort.save()
    members = [
        ("government", "Minnesota", {"sector_shown_publicly": "on", "place_shown_publicly": "on"}),
        ("community", "Texas", {"sector_shown_publicly": "on", "place_shown_publicly": "on"}),
        ("community", "Minnesota", {"sector_shown_publicly": "on", "place_shown_publicly": "on"}),
        ("research", "12 Elm Street, Springfield", {"sector_shown_publicly": "on"}),
        ("business", "Ohio", {"place_shown_publicly": "on"}),
        ("philanthropy", "My home town", {}),
    ]
    for n, (sector, state, shown) in enumerate(members):
        join(
            client,
            cohort,
            email=f"p{n}@example.org",
            sector=sector,
            state_or_country=state,
            name=f"Secret{n}",
            **shown,
        )
        confirm(client, f"p{n}@example.org")
    html = client.get(cohort.get_absolute_url()).content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", html)
    assert rows == [
        ("Community organization or leader", "2"),
        ("Government or public system", "1"),
        ("Research", "1"),
        ("Minnesota", "2"),
        ("Ohio", "1"),
        ("Texas", "1"),
    ]
    assert "Elm Street" not in html
    assert "My home town" not in html
    assert "Philanthropy" not in html
    assert "Secret" not in html
    assert "@example.org" not in html.replace("lee@example.org", "")
    assert "0 of 6 left" in html


def test_cohort_page_counts_nobody_who_did_not_choose_to_be_counted(client, cohort):
    join(client, cohort, email="p@example.org", state_or_country="Apartment 4B, Minnesota")
    confirm(client, "p@example.org")
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "No members have chosen to be counted here yet." in html
    assert "Apartment 4B" not in html
    assert "Government" not in html


def test_members_list_only_through_a_members_personal_link(client, cohort):
    join(client, cohort, email="a@example.org", name="Listed Person", listed_to_members="on")
    join(client, cohort, email="b@example.org", name="Private Person")
    confirm(client, "a@example.org")
    b = confirm(client, "b@example.org")
    html = client.get(f"/cohorts/members/{b.token}/").content.decode()
    assert "<td>Listed Person</td><td>County HHS</td><td>Saint Paul, Minnesota</td>" in html
    assert "Private Person" not in html
    join(client, cohort, email="c@example.org")
    c = SignUp.objects.get(email="c@example.org")
    assert client.get(f"/cohorts/members/{c.token}/").status_code == 404
    assert client.get("/cohorts/members/not-a-token/").status_code == 404


def test_node_page_shows_cohorts_with_seats_left_and_join_link(client, cohort):
    html = client.get("/r/2.7.2/", follow=True).content.decode()
    assert (
        '<a href="/cohorts/cohort-2-7-2/">Translation cohort 2.7.2</a> <span class="badge">Open for sign-up</span>'
        in html
    )
    assert "2 seats left" in html
    assert 'href="/cohorts/cohort-2-7-2/join/"' in html
    assert "Tell me when a cohort starts on this" not in html


def test_node_without_open_cohort_invites_interest(client, blueprint):
    html = client.get("/r/2.7.1/", follow=True).content.decode()
    assert '<a href="/cohorts/interest/2.7.1/">Tell me when a cohort starts on this</a>' in html


def test_interested_people_are_emailed_when_a_cohort_opens(client, blueprint, editor):
    node = Node.objects.get(number="4.4.1")
    client.post("/cohorts/interest/4.4.1/", {"name": "Kim", "email": "Kim@Example.org"})
    interest = Interest.objects.get()
    page = client.get(f"/cohorts/interest/confirm/{interest.token}/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    client.post(f"/cohorts/interest/confirm/{interest.token}/", {"action": "confirm", "started": started})
    client.post("/cohorts/interest/4.4.1/", {"name": "Unconfirmed", "email": "u@example.org"})
    cohort = make_cohort("4.4.1", capacity=10, status=Cohort.Status.FORMING)
    mail.outbox.clear()
    organiser = Client()
    organiser.force_login(editor)
    url = f"/admin/cohorts/cohort/{cohort.pk}/change/"
    response = organiser.post(
        url,
        {
            "opened_version": hidden_fields(organiser, url)["opened_version"],
            "node": node.pk,
            "name": cohort.name,
            "slug": cohort.slug,
            "description": cohort.description,
            "commitment": cohort.commitment,
            "status": "open",
            "starts_on": "2027-01-15",
            "ends_on": "2027-04-15",
            "meeting_rhythm": "Monthly",
            "meeting_format": "Video",
            "scope": "national",
            "region": "",
            "capacity": "10",
            "facilitator_name": "Lee",
            "facilitator_email": "lee@example.org",
            "sign_ups-TOTAL_FORMS": "0",
            "sign_ups-INITIAL_FORMS": "0",
            "messages-TOTAL_FORMS": "0",
            "messages-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["kim@example.org"], "A cohort is open: Translation cohort 4.4.1")
    ]
    assert Interest.objects.get(email="kim@example.org").notified_at is not None


def test_cohort_list_filters_by_principle_status_and_scope(client, blueprint):
    make_cohort("2.7.2", capacity=5, slug="a")
    make_cohort("1.1.3", capacity=5, slug="b", status=Cohort.Status.ACTIVE)
    make_cohort("1.2.1", capacity=5, slug="c", scope="regional", region="Midwest")

    def names(response):
        return re.findall(r'<a href="/cohorts/[a-z]/">([^<]+)</a>', response.content.decode())

    assert names(client.get("/cohorts/")) == [
        "Translation cohort a",
        "Translation cohort b",
        "Translation cohort c",
    ]
    assert names(client.get("/cohorts/", {"principle": "1"})) == [
        "Translation cohort b",
        "Translation cohort c",
    ]
    assert names(client.get("/cohorts/", {"status": "active"})) == ["Translation cohort b"]
    assert names(client.get("/cohorts/", {"scope": "regional"})) == ["Translation cohort c"]


def test_invalid_sign_up_keeps_every_field_and_explains_each_error(client, cohort):
    response = join(client, cohort, email="nope", sector="pirates", city="")
    html = response.content.decode()
    assert re.findall(r'<ul class="errors" id="(id_\w+)_error">', html) == [
        "id_email",
        "id_sector",
        "id_city",
    ]
    assert 'value="County HHS"' in html
    assert ">\nInterpreters at every benefits office.</textarea>" in html
    assert SignUp.objects.count() == 0


def test_closed_cohort_refuses_sign_ups_politely(client, blueprint):
    closed = make_cohort("2.7.2", capacity=5, status=Cohort.Status.CLOSED)
    response = join(client, closed)
    assert response.status_code == 410
    assert "This cohort is not open for sign-up" in response.content.decode()


def test_members_export_to_csv_quotes_hostile_values(client, cohort, editor):
    cohort.capacity = 10
    cohort.save()
    hostile = [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        'He said "hi", then left\nNext line',
    ]
    for n, value in enumerate(hostile):
        join(client, cohort, email=f"h{n}@example.org", name=value, organisation=value)
        confirm(client, f"h{n}@example.org")
    organiser = Client()
    organiser.force_login(editor)
    response = organiser.post(
        "/admin/cohorts/cohort/", {"action": "export_members", "_selected_action": [cohort.pk]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Cohort",
        "Status",
        "Name",
        "E-mail",
        "Organization",
        "Role",
        "Sector",
        "US state or country",
        "City",
        "Hopes to change",
        "Confirmed",
    ]
    assert sorted(row[2] for row in rows[1:]) == sorted(["'" + v if v[0] in "=+-@" else v for v in hostile])
    assert text.splitlines()[1].startswith('"Translation cohort 2.7.2","Member",')


def test_organiser_emails_all_confirmed_members_through_the_queue(client, cohort, editor):

    join(client, cohort, email="m@example.org")
    confirm(client, "m@example.org")
    join(client, cohort, email="u@example.org")
    mail.outbox.clear()
    organiser = Client()
    organiser.force_login(editor)
    organiser.post(
        "/admin/cohorts/cohort/",
        {
            "action": "email_members",
            "_selected_action": [cohort.pk],
            "send": "Go",
            "subject": "First meeting",
            "body": "See you Tuesday.",
        },
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [(["m@example.org"], "First meeting")]
    assert "See you Tuesday." in mail.outbox[0].body
    assert "/cohorts/sign-up/" in mail.outbox[0].body
    assert OutgoingEmail.objects.filter(subject="First meeting").count() == 1


def test_the_members_e_mail_names_the_cohort_and_its_reach_previews_tests_and_is_recorded(
    client, cohort, editor
):
    for address in ("m@example.org", "n@example.org"):
        join(client, cohort, email=address, name=address[0].upper())
        confirm(client, address)
    join(client, cohort, email="u@example.org")  # unconfirmed: not a member
    editor.email, editor.first_name, editor.last_name = "ed@example.org", "Eda", "Ortiz"
    editor.save()
    mail.outbox.clear()
    organiser = Client()
    organiser.force_login(editor)
    action = {"action": "email_members", "_selected_action": [cohort.pk]}
    message = {"subject": "First meeting", "body": "See you Tuesday."}

    page = squeezed(organiser.post("/admin/cohorts/cohort/", action).content.decode())
    assert f"E-mail the confirmed members of “{cohort.name}”" in page
    assert "2 confirmed members will receive it." in page
    assert 'value="Send to 2 members"' in page

    page = squeezed(
        organiser.post("/admin/cohorts/cohort/", {**action, **message, "preview": "Preview"}).content.decode()
    )
    assert '<pre class="email-preview">Hello M, See you Tuesday.' in page
    assert mail.outbox == []

    organiser.post("/admin/cohorts/cohort/", {**action, **message, "test": "Send a test"})
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ed@example.org"], "First meeting")]
    assert mail.outbox[0].body.startswith("Hello Eda Ortiz,\n\nSee you Tuesday.")
    assert CohortMessage.objects.count() == 0

    organiser.post("/admin/cohorts/cohort/", {**action, **message, "send": "Send to 2 members"})
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["m@example.org", "n@example.org"]
    record = CohortMessage.objects.get()
    assert (record.cohort, record.subject, record.sent_by, record.recipients) == (
        cohort,
        "First meeting",
        editor,
        2,
    )
    change = squeezed(organiser.get(f"/admin/cohorts/cohort/{cohort.pk}/change/").content.decode())
    assert "Messages to the members" in change
    assert "First meeting" in change


def test_organiser_moves_a_member_to_another_cohort(client, cohort, editor):
    other = make_cohort("2.7.1", capacity=1, slug="other")
    for n in range(3):
        join(client, cohort, email=f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    organiser = Client()
    organiser.force_login(editor)
    moving = SignUp.objects.get(email="p0@example.org")
    organiser.post(
        "/admin/cohorts/signup/",
        {
            "action": "move_to_cohort",
            "_selected_action": [moving.pk],
            "send": "Go",
            "cohort": other.pk,
        },
    )
    assert dict(SignUp.objects.values_list("email", "cohort__slug")) == {
        "p0@example.org": "other",
        "p1@example.org": "cohort-2-7-2",
        "p2@example.org": "cohort-2-7-2",
    }
    assert dict(SignUp.objects.values_list("email", "status")) == {
        "p0@example.org": "member",
        "p1@example.org": "member",
        "p2@example.org": "offered",
    }


def test_personal_data_needs_the_permission(client, cohort):

    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/cohorts/signup/").status_code == 403
    assert client.get("/admin/personal-data/").status_code == 403


def test_cohort_admin_list_counts_members_and_waitlist_in_one_query(
    client, cohort, editor, django_assert_num_queries
):
    for n in range(3):
        join(client, cohort, email=f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    make_cohort("2.7.1", capacity=3, slug="other")
    organiser = Client()
    organiser.force_login(editor)
    organiser.get("/admin/cohorts/cohort/")
    # The same number with 2 cohorts as with 5: the counts come with the list's own query.
    with django_assert_num_queries(7):
        html = organiser.get("/admin/cohorts/cohort/").content.decode()
    assert re.findall(r'<td class="field-members">(\d+)</td><td class="field-waiting">(\d+)</td>', html) == [
        ("2", "1"),
        ("0", "0"),
    ]
    for n in range(3):
        make_cohort("1.1.1", capacity=3, slug=f"more{n}")
    with django_assert_num_queries(7):
        organiser.get("/admin/cohorts/cohort/")


def test_a_cohort_of_a_thousand_members_keeps_a_change_page_and_an_export_of_fixed_cost(
    cohort, editor_client, django_assert_num_queries
):
    """The change page counts the sign-ups and lists the newest twenty with a link to all of them;
    the CSV has every member; both cost the same queries at 30 and at 1,000 members."""
    seen = {}
    for total in (30, 1000):
        have = cohort.sign_ups.count()
        SignUp.objects.bulk_create(
            SignUpFactory.build(
                cohort=cohort, name=f"Member {n:04}", status="member", confirmed_at=timezone.now()
            )
            for n in range(have, total)
        )
        editor_client.get(f"/admin/cohorts/cohort/{cohort.pk}/change/")
        with django_assert_num_queries(11) as change_page:
            html = editor_client.get(f"/admin/cohorts/cohort/{cohort.pk}/change/").content.decode()
        assert f"Member: {total}</p>" in html
        assert len(
            re.findall(r'<tr><td><a href="/admin/cohorts/signup/\d+/change/">Member \d{4}</a>', html)
        ) == min(total, 20)
        assert f"Member {total - 1:04}</a>" in html  # the newest first
        assert f'<a href="/admin/cohorts/signup/?cohort__id__exact={cohort.pk}">All {total} sign-ups' in html
        with django_assert_num_queries(7) as export:
            response = editor_client.post(
                "/admin/cohorts/cohort/", {"action": "export_members", "_selected_action": [cohort.pk]}
            )
        assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == total + 1
        seen[total] = (len(change_page.captured_queries), len(export.captured_queries), len(html))
    assert seen[30][:2] == seen[1000][:2]
    assert abs(seen[30][2] - seen[1000][2]) < 200  # the same page, but for the figures in it
    listing = editor_client.get(f"/admin/cohorts/signup/?cohort__id__exact={cohort.pk}").content.decode()
    assert "1000 sign-ups" in listing or "1,000 sign-ups" in listing


def test_with_no_cohorts_the_list_says_none_is_open_and_offers_to_tell_the_reader_when_one_starts(
    client, blueprint
):
    html = client.get("/cohorts/").content.decode()
    assert '<p role="status">No action cohort is open now.</p>' in html
    assert 'class="filters"' not in html
    assert '<nav id="site-nav"' in html
    assert '<form method="get" action="/cohorts/interest/" novalidate>' in html
    assert '<option value="2.7.1">2.7.1 ' in html
    response = client.get("/cohorts/interest/", {"number": "2.7.1"})
    assert (response.status_code, response["Location"]) == (302, "/cohorts/interest/2.7.1/")
    for wrong in ["", "2", "9.9.9", "<b>"]:
        refused = client.get("/cohorts/interest/", {"number": wrong})
        page = refused.content.decode()
        assert refused.status_code == 200
        assert (
            "Choose the recommendation you would work on." in page
            or "Select a valid choice. That choice is not one of the available choices." in page
        )
        assert "<b>" not in page.split('id="interest-choice-heading"')[1]
    spanish = client.get("/es/cohorts/").content.decode()
    node = Node.objects.get(number="2.7.1")
    assert "" != node.title_es != node.title
    assert f'<option value="2.7.1">2.7.1 {node.title_es}</option>' in spanish


def test_filters_that_match_no_cohort_say_so_and_lead_back_to_every_cohort(client, cohort):
    html = client.get("/cohorts/", {"scope": "regional"}).content.decode()
    assert 'No cohorts match these filters. <a href="/cohorts/">Show every cohort</a>' in html
    assert 'class="filters"' in html


def test_a_cohort_reads_in_spanish_where_an_editor_gave_its_spanish_and_in_english_elsewhere(client, cohort):
    english = client.get("/es/cohorts/").content.decode()
    assert f">{cohort.name}</a>" in english  # no Spanish yet: the English
    cohort.name_es = "Cohorte de traducción"
    cohort.description_es = "Doce semanas sobre servicios de traducción."
    cohort.save()
    assert ">Cohorte de traducción</a>" in client.get("/es/cohorts/").content.decode()
    page = client.get(f"/es{cohort.get_absolute_url()}").content.decode()
    assert "<h1>Cohorte de traducción</h1>" in page
    assert "<p>Doce semanas sobre servicios de traducción.</p>" in page
    assert f"<h1>{cohort.name}</h1>" in client.get(cohort.get_absolute_url()).content.decode()
