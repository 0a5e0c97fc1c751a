import re

from recommendations.models import Node, Page


def h1s(response):
    return re.findall(r"<h1[ >]", response.content.decode())


def test_start_page_is_start_here_with_its_full_text(client, blueprint):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Start here."]
    assert "<p><em>June 24, 2020</em></p>\n<p>Welcome! We’re so glad you’re here.</p>" in html
    assert '<h2 id="s-iv-how-do-i-make-it-stronger">IV: How do I make it stronger?</h2>' in html
    assert 'href="/tools/wellbeing-blueprint-pulse-check/"' in html
    assert 'data-key="page:{}" aria-current="page"'.format(Page.objects.get(slug="start-here").pk) in html
    assert re.findall(r'<a href="(#s-[^"]+)">', html) == [
        "#s-i-how-is-the-wellbeing-blueprint-arranged",
        "#s-ii-centering-on-community",
        "#s-iii-where-do-i-start-in-the-meantime",
        "#s-iv-how-do-i-make-it-stronger",
    ]


def test_the_start_page_leads_to_the_features_it_names_in_its_own_words(client, blueprint):
    html = client.get("/").content.decode().split('<div class="prose">')[1].split("</div>")[0]
    assert re.findall(r'<a href="(/(?:cohorts|examples)/[^"]*)"[^>]*>([^<]+)</a>', html) == [
        ("/cohorts/", "joining an action cohort"),
        ("/examples/submit/", "Submit an example."),
        ("/cohorts/", "Email us to join a cohort"),
    ]
    # The source's "pulse check" is its PDF; the site's own self-check is named as the site's.
    assert re.search(r'<a href="/pulse-check/"[^>]*>a self-check of its own</a>', html)


def test_a_page_with_no_text_waits_out_of_the_reading_order_and_asks_for_no_rating(client, blueprint, editor):
    """The sources name "A message for those of us within systems" and give it no text."""
    empty = Page.objects.get(slug="a-message-for-those-of-us-within-systems")
    html = client.get("/").content.decode()
    assert re.search(
        r'<a class="next" href="/1/start-with-what-matters-to-people-wellbeing/" rel="next">', html
    )
    assert empty.get_absolute_url() not in html
    page = client.get(empty.get_absolute_url()).content.decode()
    assert "This page has no text yet." in page
    assert tuple(text for text in ("Was this helpful?", "Last updated") if text not in page) == (
        "Was this helpful?",
        "Last updated",
    )
    client.force_login(editor)  # editors find it in the navigation, to write it
    assert empty.get_absolute_url() in client.get("/").content.decode()
    client.logout()
    empty.body = "Those of us within systems can change them."
    empty.save()
    html = client.get("/").content.decode()
    assert f'<a class="next" href="{empty.get_absolute_url()}" rel="next">' in html
    assert "Was this helpful?" in client.get(empty.get_absolute_url()).content.decode()


def test_pages_no_link_leads_to_have_one_h1_too(client, blueprint):
    """The crawl (tests/test_crawl.py) reaches the rest; a form leads here, or a typo."""
    for url in ["/no-such-page/", f"/feedback/node/{Node.objects.get(number='1').pk}/"]:
        assert len(h1s(client.get(url))) == 1, url


def test_draft_page_is_hidden_from_readers_and_shown_to_editors(client, editor, blueprint):
    page = Page.objects.get(slug="a-message-for-those-of-us-within-systems")
    page.status = "draft"
    page.save()
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(page.get_absolute_url()).status_code == 200


def test_reading_pages_carry_no_form_token_or_cookie(client, blueprint):
    """So an anonymous reader's page could be served whole from a shared cache."""
    for url in ["/", Node.objects.get(number="2.7").get_absolute_url(), "/examples/mano-a-mano/"]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert response.cookies == {}
