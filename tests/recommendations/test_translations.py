"""Spanish that keeps up with the English: each translation knows which English it translates, an
English edit marks it out of date for editors and Spanish readers, and a revert shows the
translation it would drop before it does."""

import pytest
from django.test import Client

from examples.models import Example
from recommendations.models import Node, Page
from tests.journeys import admin_form_data, squeezed

CHANGE = "/admin/recommendations/node/{}/change/"
ADMIN_NOTICE = "The Spanish translation is older than the English text"
READER_NOTICE = "El texto en inglés ha cambiado desde que se escribió esta traducción"


def spanish(url):
    return squeezed(Client().get(f"/es{url}").content.decode())


def test_nothing_loaded_from_the_sources_is_out_of_date(blueprint):
    for model in (Node, Page, Example):
        translated = [row for row in model.objects.all() if row.has_translation]
        assert translated
        assert [row for row in translated if row.translation_out_of_date] == []


def test_an_english_edit_marks_the_spanish_out_of_date_for_editors_and_spanish_readers(
    editor_client, blueprint
):
    node = Node.objects.get(number="1.1")
    url = CHANGE.format(node.pk)
    body = "Say where we come from."
    translated = admin_form_data(
        editor_client, url, body=body, body_es="Decir de dónde venimos.", _publish="Publish changes"
    )
    editor_client.post(url, translated)
    assert ADMIN_NOTICE not in editor_client.get(url).content.decode()
    assert READER_NOTICE not in spanish(node.get_absolute_url())

    editor_client.post(
        url,
        admin_form_data(
            editor_client, url, body=node.body + "\n\nA new sentence.", _publish="Publish changes"
        ),
    )

    assert ADMIN_NOTICE in editor_client.get(url).content.decode()
    assert READER_NOTICE in spanish(node.get_absolute_url())
    assert "Decir de dónde venimos." in spanish(node.get_absolute_url())  # the Spanish text, as it was
    english = squeezed(Client().get(node.get_absolute_url()).content.decode())
    assert (READER_NOTICE in english, "A new sentence" in english) == (False, True)


def test_writing_the_spanish_brings_it_up_to_date(editor_client, blueprint):
    node = Node.objects.get(number="1.1")
    url = CHANGE.format(node.pk)
    editor_client.post(
        url,
        admin_form_data(editor_client, url, title="Be public about our roots.", _publish="Publish changes"),
    )
    assert Node.objects.get(pk=node.pk).translation_out_of_date is True

    editor_client.post(
        url,
        admin_form_data(
            editor_client, url, title_es="Hablar en público de nuestras raíces.", _publish="Publish changes"
        ),
    )

    assert Node.objects.get(pk=node.pk).translation_out_of_date is False
    assert ADMIN_NOTICE not in editor_client.get(url).content.decode()
    assert READER_NOTICE not in spanish(node.get_absolute_url())


def test_an_editor_who_checked_the_spanish_marks_it_current_unless_the_english_changed_since(
    editor_client, blueprint
):
    example = Example.objects.exclude(title_es="").first()
    url = f"/admin/examples/example/{example.pk}/change/"
    editor_client.post(
        url, admin_form_data(editor_client, url, title=example.title + " (2020)", _publish="Publish changes")
    )
    opened = admin_form_data(editor_client, url)["opened_version"]
    confirm = f"/admin/examples/example/{example.pk}/translation-current/"
    assert 'form="translation-current"' in editor_client.get(url).content.decode()

    other = admin_form_data(editor_client, url, body=example.body + " More.", _publish="Publish changes")
    editor_client.post(url, other)  # the English changes again after the page was opened
    refused = editor_client.post(confirm, {"opened_version": opened}, follow=True)
    assert "The text changed since you opened the page" in refused.content.decode()
    assert Example.objects.get(pk=example.pk).translation_out_of_date is True

    current = admin_form_data(editor_client, url)["opened_version"]
    done = editor_client.post(confirm, {"opened_version": current}, follow=True)

    assert "The Spanish is marked as up to date with the English." in done.content.decode()
    assert Example.objects.get(pk=example.pk).translation_out_of_date is False
    assert READER_NOTICE not in spanish(example.get_absolute_url())


def test_the_button_is_for_editors_who_may_change_it(client, blueprint, user_factory):
    example = Example.objects.exclude(title_es="").first()
    client.force_login(user_factory(is_staff=True))
    response = client.post(f"/admin/examples/example/{example.pk}/translation-current/", {})
    assert response.status_code == 403


@pytest.mark.parametrize("later", [{"title_es": "Un título más nuevo."}, {"title_es": ""}])
def test_a_revert_shows_the_translation_it_changes_before_it_does(editor_client, blueprint, later):
    node = Node.objects.get(number="2.1")
    url = CHANGE.format(node.pk)
    editor_client.post(
        url, admin_form_data(editor_client, url, title_es="Un título.", _publish="Publish changes")
    )
    older = node.history.order_by("-history_date").first()
    editor_client.post(url, admin_form_data(editor_client, url, **later, _publish="Publish changes"))

    page = squeezed(
        editor_client.get(
            f"/admin/recommendations/node/{node.pk}/history/{older.history_id}/"
        ).content.decode()
    )

    assert "What reverting changes" in page
    row = page.split("What reverting changes")[1].split("</table>")[0]
    assert '<th scope="row">Title in Spanish</th>' in row
    assert "título.</ins>" in row  # it comes back; the later Spanish goes
