"""An editor working alone, with no address typed by hand after signing in: each journey starts
at the admin's index and goes by links, buttons and fields found by role and accessible name."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from blueprint.comments.services import flag_comment
from cohorts.models import SignUp
from cohorts.services import confirm_sign_up
from examples.models import Example
from recommendations.models import Node, Suggestion
from tests.browser.conftest import signed_in_as
from tests.browser.test_journeys import heading, make_editor
from tests.factories import SuggestionFactory


@pytest.fixture
def editor(js_page, site):
    signed_in_as(js_page, site, make_editor())
    expect(js_page.get_by_role("heading", name="Editing the Blueprint")).to_be_visible()
    return js_page


def open_node(page, node):
    """From the admin: the tree, searched for the node's title (the tree shows principles folded)."""
    page.get_by_role("link", name="Principles and recommendations").first.click()
    page.get_by_role("textbox", name="Search").fill(node.title)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile(rf"^\s*{re.escape(str(node))}\s*$")).first.click()


def test_move_a_node_and_readers_see_its_new_number_and_old_link(editor, site):
    moved = Node.objects.get(number="1.1.4")
    old_url = moved.get_absolute_url()
    open_node(editor, moved)
    editor.get_by_role("link", name="Move…").click()
    editor.get_by_label("Where").select_option(value=str(Node.objects.get(number="1.2").pk))
    editor.get_by_label("as the last one under it").check()
    editor.get_by_role("button", name="Move it").click()
    expect(editor.get_by_text(re.compile("^Moved “"))).to_be_visible()
    moved.refresh_from_db()
    assert moved.number.startswith("1.2.")
    reader = editor.context.new_page()
    reader.goto(site + old_url)
    expect(heading(reader)).to_have_text(f"{moved.number} {moved.title}")
    expect(reader.get_by_text("Numbered 1.1.4 until")).to_be_visible()


def test_a_fourth_level_is_refused_with_a_clear_message(editor, site):
    open_node(editor, Node.objects.get(number="1.1.1"))
    editor.get_by_role("link", name="Move…").click()
    editor.get_by_label("Where").select_option(value=str(Node.objects.get(number="1.1.2").pk))
    editor.get_by_role("button", name="Move it").click()
    expect(editor.get_by_text(re.compile("This would make a fourth level"))).to_be_visible()
    assert Node.objects.get(number="1.1.1").parent.number == "1.1"


def test_attach_a_new_draft_example_to_two_sub_recommendations_preview_and_publish(editor, site):
    editor.get_by_role("link", name="Examples", exact=True).click()
    editor.get_by_role("link", name=re.compile("^Add example")).click()
    editor.get_by_label("Title:", exact=True).fill("Libraries lend rooms")
    editor.get_by_label("Place:", exact=True).fill("Akron, Ohio")
    editor.locator("#id_body").fill("The library lends its rooms for free.")
    editor.get_by_role("searchbox", name="Find by number or title").fill("3.2.")
    expect(editor.locator(".node-picker li:visible")).to_have_count(
        Node.objects.filter(number__startswith="3.2.").count()
    )
    editor.get_by_role("checkbox", name=str(Node.objects.get(number="3.2.1"))).check()
    editor.get_by_role("searchbox", name="Find by number or title").fill(
        "intergenerational approaches"
    )  # words of a title
    editor.get_by_role("checkbox", name=str(Node.objects.get(number="3.2.2"))).check()
    editor.get_by_role("button", name="Save draft").click()
    example = Example.objects.get(title="Libraries lend rooms")
    assert (example.status, sorted(example.nodes.values_list("number", flat=True))) == (
        "draft",
        ["3.2.1", "3.2.2"],
    )
    editor.get_by_role("link", name="Libraries lend rooms").first.click()
    editor.get_by_role("link", name="View on site").click()
    expect(heading(editor)).to_contain_text("Libraries lend rooms")
    editor.go_back()
    editor.get_by_role("button", name="Publish").click()
    example.refresh_from_db()
    assert example.status == "published"
    reader = editor.context.browser.new_context().new_page()
    reader.goto(site + Node.objects.get(number="3.2.2").get_absolute_url())
    expect(reader.get_by_role("link", name="Libraries lend rooms", exact=True)).to_be_visible()
    reader.context.close()


def test_work_the_moderation_queue_hide_a_reported_comment_with_a_reason(editor, site, comment_factory):
    comment = comment_factory(comment="You are all fools.")
    flag_comment(comment=comment, reason="It insults people.")
    editor.get_by_role("link", name="Moderation queue").first.click()
    editor.get_by_role("link", name=re.compile("You are all fools")).click()
    expect(editor.get_by_text("It insults people.")).to_be_visible()
    expect(editor.get_by_role("link", name=str(comment.content_object))).to_be_visible()
    editor.get_by_role("button", name="Hide it").click()
    expect(editor.get_by_text("Hiding a comment needs a reason")).to_be_visible()
    editor.get_by_role("textbox", name=re.compile("^Why it is hidden")).fill(
        "Personal attacks are not allowed."
    )
    editor.get_by_role("button", name="Hide it").click()
    expect(editor.get_by_text("The comment is hidden and its author told why.")).to_be_visible()
    reader = editor.context.browser.new_context().new_page()
    reader.goto(site + comment.content_object.get_absolute_url())
    expect(reader.get_by_text("You are all fools.")).to_have_count(0)
    reader.context.close()
    assert mail.outbox[-1].to == [comment.user_email]


def test_merge_a_conflicting_suggestion(editor, site):
    node = Node.objects.get(number="3.2.1")
    base = node.history.first()
    SuggestionFactory(
        node=node,
        text="People need places to meet.",
        reason="It has no text.",
        name="Sam Lee",
        email="sam@example.org",
        base_text=node.body,
        base_revision_id=base.history_id if base else None,
    )
    node.body = "An editor wrote this meanwhile."
    node.save()
    editor.get_by_role("link", name="Moderation queue").first.click()
    editor.get_by_role("link", name=re.compile("^New text for this page")).click()
    expect(editor.get_by_text("The text changed after this suggestion was started.").first).to_be_visible()
    editor.get_by_label("Merged text").fill("An editor wrote this meanwhile.\n\nPeople need places to meet.")
    editor.get_by_role("button", name="Accept my merged text").click()
    node.refresh_from_db()
    assert node.body.replace("\r\n", "\n") == "An editor wrote this meanwhile.\n\nPeople need places to meet."
    assert mail.outbox[-1].subject == "Your suggestion for 3.2.1: Accepted with changes"


def test_revert_a_change(editor, site):
    node = Node.objects.get(number="1.2.1")
    node.body = "Good text."
    node.save()
    node.body = "Vandalised."
    node.save()
    open_node(editor, node)
    editor.get_by_role("link", name="History").click()
    editor.get_by_role("button", name="Compare").click()
    expect(editor.locator("del.diff-removed", has_text="Good")).to_be_visible()
    editor.get_by_role("link", name="Side by side").click()
    older, newer = editor.locator("table.diff-sides td").all()
    expect(older.locator("del.diff-removed")).to_have_text("Good text.")
    expect(newer.locator("ins.diff-added")).to_have_text("Vandalised.")
    assert older.bounding_box()["x"] < newer.bounding_box()["x"]
    editor.get_by_role("link", name=re.compile("^Revert to the older revision")).click()
    editor.get_by_role("button", name="Revert").click()
    node.refresh_from_db()
    assert (node.body, node.number) == ("Good text.", "1.2.1")


def test_withdraw_a_cohort_member_and_the_waitlist_is_offered_the_seat(
    editor, site, cohort_factory, sign_up_factory
):
    cohort = cohort_factory(name="Translation cohort", capacity=1)
    for name in ("Ana Member", "Wen Waiting"):
        confirm_sign_up(
            sign_up=sign_up_factory(cohort=cohort, name=name, email=f"{name.split()[0].lower()}@example.org")
        )
    assert list(SignUp.objects.order_by("pk").values_list("status", flat=True)) == ["member", "waitlisted"]
    editor.get_by_role("link", name="Sign-ups").first.click()
    editor.get_by_role("row", name=re.compile("Ana Member")).get_by_role("checkbox").check()
    editor.get_by_role("combobox", name=re.compile("^Action")).select_option(value="withdraw")
    editor.get_by_role("button", name="Go").click()
    expect(editor.get_by_text("Withdrew 1 sign-ups.")).to_be_visible()
    assert list(SignUp.objects.order_by("pk").values_list("status", flat=True)) == ["withdrawn", "offered"]
    assert [m.subject for m in mail.outbox if m.to == ["wen@example.org"]][-1] == (
        "A seat is free for you in Translation cohort"
    )


def test_export_and_erase_one_persons_data(editor, site):
    SuggestionFactory(text="x", reason="y", name="Zed", email="zed@example.org")
    editor.get_by_role("link", name="Personal data: export or erase").first.click()
    editor.get_by_label("E-mail address").fill("zed@example.org")
    with editor.expect_download() as download:
        editor.get_by_role("button", name="Export (JSON)").click()
    assert "zed@example.org" in download.value.path().read_text()
    editor.get_by_role("checkbox", name=re.compile("^Yes, erase everything")).check()
    editor.get_by_role("button", name="Erase").click()
    expect(editor.get_by_text(re.compile("^Erased."))).to_be_visible()
    assert not Suggestion.objects.filter(email="zed@example.org").exists()


def test_add_an_image_with_a_button_and_its_description(editor, site, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path
    picture = tmp_path / "room.png"
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    open_node(editor, Node.objects.get(number="3.2.1"))
    editor.locator("#id_body").fill("Rooms. ")
    editor.get_by_label("Add an image…").first.set_input_files(str(picture))
    expect(
        editor.get_by_text("Describe the image first, for people who cannot see it.").first
    ).to_be_visible()
    editor.get_by_label("Image description (alt text)").first.fill("A library meeting room")
    editor.get_by_label("Add an image…").first.set_input_files(str(picture))
    expect(editor.get_by_text("Image added.").first).to_be_visible()
    assert re.search(
        r"!\[A library meeting room\]\(/media/uploads/[0-9a-f-]+\.png\)",
        editor.locator("#id_body").input_value(),
    )


def drag(page, handle, target, fraction):
    """A real drag: press on the handle, move in steps to `fraction` of the target row's height, let go."""
    start = handle.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    box = target.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] * fraction, steps=12)
    with page.expect_navigation():  # the tree reloads once the move is saved
        page.mouse.up()


def test_reorder_by_drag_and_drop_onto_a_row_with_a_long_wrapped_title(editor, site):
    editor.set_viewport_size({"width": 900, "height": 900})  # narrow enough that long titles wrap
    editor.get_by_role("link", name="Principles and recommendations").first.click()
    editor.get_by_role("link", name="Expand tree").click()
    row = {node.number: editor.locator("#result_list tr", has_text=str(node)) for node in Node.objects.all()}
    long_title = Node.objects.get(number="1.1.1")  # 94 characters
    assert len(long_title.title) > 90
    moved = Node.objects.get(number="1.1.4")

    drag(editor, row["1.1.4"].locator(".drag-handle"), row["1.1.1"], fraction=0.9)  # just after 1.1.1

    moved.refresh_from_db()
    assert moved.number == "1.1.2"
    assert list(Node.objects.get(number="1.1").get_children().values_list("title", flat=True))[:2] == [
        long_title.title,
        moved.title,
    ]
    expect(editor.locator("#result_list tr", has_text=str(moved))).to_be_visible()


def test_every_row_of_the_tree_is_one_height_so_the_drop_line_falls_between_rows(editor, site):
    editor.set_viewport_size({"width": 900, "height": 900})
    editor.get_by_role("link", name="Principles and recommendations").first.click()
    editor.get_by_role("link", name="Expand tree").click()
    heights = editor.locator("#result_list tbody tr").evaluate_all("rows => rows.map(r => r.offsetHeight)")
    assert len(heights) == 94
    assert len(set(heights)) == 1
    long_title = Node.objects.get(number="1.1.1")
    full_title = editor.get_by_role("link", name=str(long_title)).locator(".tree-title")
    expect(full_title).to_have_attribute("title", str(long_title))


def test_accept_a_submission_as_a_draft_with_a_preview_its_spanish_and_two_recommendations(
    editor, site, example_submission_factory
):
    example_submission_factory(title="Tablets at the library", what_happened="The library lends tablets.")
    editor.get_by_role("link", name="Moderation queue").first.click()
    editor.get_by_role("link", name=re.compile("Tablets at the library")).click()
    editor.get_by_role("link", name="Accept and publish…").click()

    editor.locator("#id_body").fill("The library lends **tablets** and teaches people to use them.")
    expect(editor.locator(".markdownx-preview strong")).to_have_text("tablets")  # the live preview
    editor.get_by_label("Title in Spanish").fill("Tabletas en la biblioteca")
    editor.get_by_label("Keep as a draft for now").check()
    picker = editor.get_by_role("searchbox", name="Find by number or title")
    picker.fill("2.7.1")
    editor.get_by_role("checkbox", name=str(Node.objects.get(number="2.7.1"))).check()
    picker.fill("2.7.2")
    editor.get_by_role("checkbox", name=str(Node.objects.get(number="2.7.2"))).check()
    editor.get_by_role("button", name="Accept the example").click()

    expect(editor.get_by_text("Saved “Tablets at the library” as a draft.")).to_be_visible()
    example = Example.objects.get(title="Tablets at the library")
    assert (example.status, example.title_es, sorted(example.nodes.values_list("number", flat=True))) == (
        "draft",
        "Tabletas en la biblioteca",
        ["2.7.1", "2.7.2", "4.4.1"],
    )
