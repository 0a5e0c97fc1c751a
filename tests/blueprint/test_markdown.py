import gc
import io
import re
import time
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from blueprint.common.markdown import outline_of, render_markdown, validate_nesting
from recommendations.models import Node
from tests.journeys import post_suggestion


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", ""),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
        (
            '<a href="https://x.org" onclick="y()">l</a>',
            '<p><a href="https://x.org" rel="noopener noreferrer nofollow">l</a></p>',
        ),
        ('<img src=x onerror="alert(1)">', '<p><img src="x"></p>'),
        ("<div style='position:fixed'>over</div>", "<div>over</div>"),
        ("<iframe src='https://x'></iframe>", ""),
        ("# Top\n\ntext", '<h2 id="s-top">Top</h2>\n<p>text</p>'),
    ],
)
def test_render_markdown_sanitises(text, html):
    assert render_markdown(text) == html


def test_outline_of_lists_second_and_third_level_headings():
    html = render_markdown("## One\n\n### One a\n\n#### Too deep\n\n## Two")
    assert outline_of(html) == [
        {"id": "s-one", "level": 2, "text": "One"},
        {"id": "s-one-a", "level": 3, "text": "One a"},
        {"id": "s-two", "level": 2, "text": "Two"},
    ]


def test_node_stores_sanitised_html_when_saved(node_factory):
    node = node_factory(body="Hi <script>x()</script>**there**")
    assert Node.objects.values_list("body_html", flat=True).get(pk=node.pk) == (
        "<p>Hi <strong>there</strong></p>"
    )


def test_markdown_preview_is_for_editors_only(client, editor, user_factory):
    response = client.post("/markdownx/markdownify/", {"content": "**b**"})
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/markdownx/markdownify/",
    )
    client.force_login(user_factory(is_staff=True))  # staff outside the Editors group
    response = client.post("/markdownx/markdownify/", {"content": "**b**"})
    assert response.status_code == 403
    assert "Your account may not do this." in response.content.decode()
    client.force_login(editor)
    response = client.post("/markdownx/markdownify/", {"content": "**b**<script>x</script>"})
    assert response.content == b"<p><strong>b</strong></p>"


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_image_upload_is_for_editors_only(client, user_factory):
    upload = SimpleUploadedFile("a.png", _png(), content_type="image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 302
    client.force_login(user_factory(is_staff=True))
    upload.seek(0)
    assert client.post("/markdownx/upload/", {"image": upload}).status_code == 403


def test_an_uploaded_image_is_stored_under_the_extension_of_its_content(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    upload = SimpleUploadedFile("page.html", _png(), content_type="image/png")
    response = client.post(
        "/markdownx/upload/", {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    assert re.fullmatch(
        r"!\[Describe this image for people who cannot see it\]\(/media/uploads/[0-9a-f-]+\.png\)",
        response.json()["image_code"],
    )
    assert [path.suffix for path in (tmp_path / "uploads").iterdir()] == [".png"]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 million pixels in about 50 kB
    client.force_login(editor)
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    assert (response.status_code, response.json()) == (
        400,
        {"image": "The picture is too large: at most 40 million pixels."},
    )
    assert not (tmp_path / "uploads").exists()


def test_image_upload_accepts_a_real_png_with_its_description(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    upload = SimpleUploadedFile("a.png", _png(), content_type="image/png")
    response = client.post(
        "/markdownx/upload/",
        {"image": upload, "alt": "A library room [with] chairs"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert re.fullmatch(
        r"!\[A library room \(with\) chairs\]\(/media/uploads/[0-9a-f-]+\.png\)",
        response.json()["image_code"],
    )


def test_an_image_dropped_without_a_description_asks_for_one_in_its_text(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    upload = SimpleUploadedFile("a.png", _png(), content_type="image/png")
    response = client.post(
        "/markdownx/upload/", {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["image_code"].startswith(
        "![Describe this image for people who cannot see it](/media/"
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/png"),
        ("x.png", b"GIF89a not really", "image/png"),
    ],
)
def test_image_upload_refuses_what_is_not_a_jpeg_png_or_gif(client, editor, name, content, content_type):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post("/markdownx/upload/", {"image": upload})
    assert (response.status_code, response.json()) == (
        400,
        {"image": "The file is not a JPEG, PNG or GIF image."},
    )


def test_image_upload_refuses_files_over_the_size_limit(client, editor, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 10
    client.force_login(editor)
    upload = SimpleUploadedFile("a.png", _png(), content_type="image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    assert (response.status_code, response.json()) == (
        400,
        {"image": "The image is larger than the limit of 10\xa0bytes."},
    )


@pytest.mark.parametrize(
    "text",
    ["*" * 2499 + "a" + "*" * 2499, "[" * 5000 + "x" + "]" * 5000, "> " * 100 + "deep", "(" * 40 + "x"],
    ids=["emphasis", "brackets", "quotes", "parentheses"],
)
def test_markdown_nested_too_deeply_renders_as_escaped_paragraphs(text):
    assert render_markdown(text + "\n\n<b>x</b>") == f"<p>{escape(text)}</p>\n<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_markdown_nested_to_the_limit_renders_as_markdown():
    assert render_markdown("[" * 32 + "x" + "]" * 32 + " **b**").endswith("<strong>b</strong></p>")


def best_time(function, text, repeat=5):
    """The quickest of `repeat` runs, with the garbage collector paused (its pauses, not the
    function, made a busy machine's timings jump)."""
    times = []
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            function(text)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return min(times)


@pytest.mark.once
@pytest.mark.parametrize(
    "opening",
    ["<a\n", "<a\n\n", '<div x="\n', "<![CDATA[\n", "<?\n"],
    ids=["tag", "apart", "attribute", "cdata", "pi"],
)
def test_text_that_leaves_tags_open_renders_in_linear_time(opening):
    """The finding: 19,998 characters of `<a` on their own lines took 8.2 s, and 15 s at 24,000.
    Four times the text takes about four times as long (quadratic would take sixteen): the bound,
    twelve, leaves a busy machine's noise room (CI saw ten for CDATA under load); texts long
    enough that a few milliseconds of noise are small beside them."""
    text = opening * (60_000 // len(opening))
    assert render_markdown(text).startswith("<p>&lt;")  # as escaped paragraphs
    small, large = best_time(render_markdown, text), best_time(render_markdown, text * 4)
    assert large < 12 * small + 0.005


def test_text_that_leaves_tags_open_is_refused_where_it_is_typed():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_nesting("<a\n" * 40)
    assert refused.value.messages == [
        "This text nests markup more than 32 levels deep (brackets, emphasis marks, quotes or lists), "
        "or leaves that many HTML tags open. Please simplify it."
    ]
    validate_nesting("<b>bold</b> and <i>italic</i>\n" * 400)  # closed tags, however many


def test_a_suggestion_is_at_most_10000_characters(client, blueprint):
    node = Node.objects.get(number="3.2.1")
    response = post_suggestion(client, node, text="a" * 10_001)
    assert "Ensure this value has at most 10000 characters (it has 10001)." in response.content.decode()
