"""Two editors at once, each in a browser of their own (two contexts, two sign-ins), and a reader
in a third: nothing one editor saved is lost or undone by the other, and readers see only what is
published."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from examples.models import Example
from recommendations.models import Node
from recommendations.services import move_node
from tests.browser.conftest import DESKTOP, signed_in_as
from tests.browser.test_journeys import heading
from tests.factories import UserFactory


def signed_in(browser, site, username):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    user = UserFactory(is_staff=True, username=username)
    user.groups.add(Group.objects.get(name="Editors"))
    signed_in_as(page, site, user)
    expect(page.get_by_role("heading", name="Editing the Blueprint")).to_be_visible()
    return page


@pytest.fixture
def ana(browser, site):
    page = signed_in(browser, site, "ana")
    yield page
    page.context.close()


@pytest.fixture
def bea(browser, site):
    page = signed_in(browser, site, "bea")
    yield page
    page.context.close()


@pytest.fixture
def reader(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def change_form(page, site, obj):
    meta = obj._meta
    page.goto(f"{site}/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/")


def test_a_form_opened_before_a_move_saves_its_typo_fix_and_the_node_stays_moved(ana, bea, site):
    node = Node.objects.get(number="1.1.4")
    change_form(ana, site, node)  # Ana opens the node…
    change_form(bea, site, node)  # …and Bea moves it, in her own browser
    bea.get_by_role("link", name="Move…").click()
    bea.get_by_label("Where").select_option(value=str(Node.objects.get(number="1.2").pk))
    bea.get_by_label("as the last one under it").check()
    bea.get_by_role("button", name="Move it").click()
    expect(bea.get_by_text(re.compile("^Moved “"))).to_be_visible()

    ana.locator("#id_body").fill("Fixed a typo.")
    ana.get_by_role("button", name="Publish changes").click()

    expect(ana.locator(".messagelist")).to_contain_text("changed successfully")
    node.refresh_from_db()
    assert (node.parent.number, node.body) == ("1.2", "Fixed a typo.")


def test_a_lost_update_is_refused_with_the_differences_and_saved_once_merged(ana, bea, site):
    node = Node.objects.get(number="3.2.1")
    change_form(ana, site, node)
    change_form(bea, site, node)
    ana.locator("#id_body").fill("Ana's sentence.")
    ana.get_by_role("button", name="Publish changes").click()
    expect(ana.locator(".messagelist")).to_contain_text("changed successfully")

    bea.get_by_label("Title:", exact=True).fill("Bea's title.")
    bea.get_by_role("button", name="Publish changes").click()

    expect(bea.get_by_text(re.compile("^Someone saved this since you opened it"))).to_be_visible()
    conflict = bea.get_by_role("region", name="What is saved now, and what you typed")
    expect(conflict.locator("del.diff-removed", has_text="Ana's")).to_be_visible()
    expect(bea.get_by_label("Title:", exact=True)).to_have_value("Bea's title.")
    node.refresh_from_db()
    assert (node.title, node.body) != ("Bea's title.", "Ana's sentence.")  # nothing of Bea's yet

    bea.locator("#id_body").fill("Ana's sentence.")  # she merges
    bea.get_by_role("button", name="Publish changes").click()

    expect(bea.locator(".messagelist")).to_contain_text("changed successfully")
    node.refresh_from_db()
    assert (node.title, node.body) == ("Bea's title.", "Ana's sentence.")


def test_a_draft_of_a_live_example_is_previewed_while_readers_see_the_live_one(ana, reader, site):
    example = Example.objects.get(slug="mano-a-mano")
    live = example.body.split("\n")[0][:30]
    change_form(ana, site, example)
    ana.locator("#id_body").fill("A new account, half written.")
    ana.get_by_role("button", name=re.compile("^Save as a draft")).click()
    expect(ana.get_by_text(re.compile("^Saved as a draft beside the published version"))).to_be_visible()

    reader.goto(site + example.get_absolute_url())
    expect(reader.locator("main")).to_contain_text(live)
    expect(reader.locator("main")).not_to_contain_text("half written")
    ana.get_by_role("link", name="Preview the draft").click()
    expect(ana.locator("main")).to_contain_text("A new account, half written.")

    ana.go_back()
    ana.get_by_role("button", name="Publish changes").click()
    reader.reload()
    expect(reader.locator("main")).to_contain_text("A new account, half written.")


def test_unpublishing_asks_first_and_says_what_readers_will_get(ana, reader, site):
    example = Example.objects.get(slug="mano-a-mano")
    change_form(ana, site, example)
    ana.get_by_role("link", name="Unpublish…").click()
    expect(ana.get_by_text("Readers get a “Page not found” page at its address.")).to_be_visible()
    ana.get_by_role("link", name="No, keep it published").click()
    reader.goto(site + example.get_absolute_url())
    expect(heading(reader)).to_contain_text("Mano a Mano")

    ana.get_by_role("link", name="Unpublish…").click()
    ana.get_by_role("button", name="Yes, unpublish it").click()

    assert reader.goto(site + example.get_absolute_url()).status == 404


def test_the_permanent_link_leads_to_the_node_after_two_moves(ana, reader, site):
    node = Node.objects.get(number="1.1.4")
    reader.goto(site + node.get_absolute_url())
    permalink = reader.locator(".permalink a").get_attribute("href")
    title = node.title
    move_node(node=node, target=Node.objects.get(number="1.2"), position="last-child")
    move_node(node=Node.objects.get(pk=node.pk), target=Node.objects.get(number="3.1"), position="left")

    reader.goto(site + permalink)

    expect(heading(reader)).to_have_text(f"{Node.objects.get(pk=node.pk).number} {title}")


def test_a_spanish_page_says_it_is_out_of_date_after_an_english_edit(ana, reader, site):
    node = Node.objects.get(number="1.1")
    change_form(ana, site, node)
    ana.locator("#id_body").fill("Say where we come from.")
    ana.locator("#id_body_es").fill("Decir de dónde venimos.")
    ana.get_by_role("button", name="Publish changes").click()
    reader.goto(site + node.get_absolute_url())
    reader.get_by_role("link", name="Español").click()
    expect(reader).to_have_url(re.compile(r"/es/1\.1/"))
    expect(reader.locator(".translation-note")).to_have_text("Traducción del equipo del sitio.")

    change_form(ana, site, node)
    ana.locator("#id_body").fill("Say where we come from, and why.")
    ana.get_by_role("button", name="Publish changes").click()
    change_form(ana, site, node)
    expect(
        ana.get_by_text(re.compile("^The Spanish translation is older than the English text"))
    ).to_be_visible()
    reader.reload()

    expect(reader.locator(".translation-note")).to_contain_text("puede estar desactualizada")
    expect(reader.locator(".prose")).to_have_text("Decir de dónde venimos.")
    ana.get_by_role("button", name="The Spanish still matches").click()
    expect(ana.get_by_text("The Spanish is marked as up to date with the English.")).to_be_visible()
    reader.reload()
    expect(reader.locator(".translation-note")).to_have_text("Traducción del equipo del sitio.")
