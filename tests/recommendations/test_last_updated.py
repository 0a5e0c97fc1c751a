"""'Last updated' tells the truth: the source's date until an editor changes the content, then
the day they did; never the day the Blueprint was loaded."""

import re

from django.template.defaultfilters import date
from django.utils import timezone

from examples.models import Example
from recommendations.models import Node, Page
from recommendations.services import move_node


def last_updated(client, url):
    html = client.get(url, follow=True).content.decode()
    found = re.search(
        r'<p class="last-updated">Last updated <time datetime="([^"]+)">([^<]+)</time></p>', html
    )
    return found and found.groups()


def test_content_as_loaded_shows_the_blueprints_date_and_recent_changes_lists_no_load(client, blueprint):
    assert last_updated(client, "/r/1.1.4/") == ("2020-06", "June 2020")
    assert last_updated(client, "/") == ("2020-06", "June 2020")
    assert "<li>" not in client.get("/changes/").content.decode().split("<main", 1)[1].split("</main>")[0]


def test_an_editors_change_shows_its_day_and_is_a_recent_change(client, blueprint):
    node = Node.objects.get(number="1.1.4")
    node.body = "Text an editor wrote."
    node.save()
    today = timezone.localdate()
    assert last_updated(client, "/r/1.1.4/") == (today.isoformat(), date(today, "DATE_FORMAT"))
    html = client.get("/changes/").content.decode()
    assert re.findall(r'<a href="[^"]+">([^<]+)</a> <span class="badge">', html) == [str(node)]


def test_a_move_or_a_renumbering_is_no_update(client, blueprint):
    moved = Node.objects.get(number="1.1.4")
    move_node(node=moved, target=Node.objects.get(number="1.2"), position="last-child")
    assert last_updated(client, "/r/1.1.3/") == ("2020-06", "June 2020")
    assert last_updated(client, Node.objects.get(pk=moved.pk).get_absolute_url()) == ("2020-06", "June 2020")


def test_an_example_without_a_dated_source_shows_no_date_until_edited(client, blueprint):
    example = Example.objects.filter(source_date__isnull=True).first()
    assert last_updated(client, example.get_absolute_url()) is None
    assert Page.objects.filter(edited_at__isnull=False).count() == 0
