"""A hardened deployment: `check --deploy`, TLS behind a proxy, CSP, admin sign-in pauses, uploads,
and a plain 503 page while the database cannot be reached."""

import io
import os
import secrets
import subprocess
import sys
import zipfile
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client, override_settings

from examples.admin import ToolForm
from examples.models import Tool
from tests.factories import UserFactory

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "blueprint.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
}


def run_in_production(*args):
    """Run Python with `args` in a fresh process with the production environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=django_settings.BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


def test_a_worker_keeps_what_loading_the_app_made_out_of_full_garbage_collections():
    result = run_in_production(
        "-c", "import gc, blueprint.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    frozen, collected = map(int, result.stdout.split())

    assert frozen > 10 * collected  # a full pass scans what is collected, not what is frozen


@pytest.fixture
def behind_tls(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def test_the_load_balancers_https_header_is_trusted_and_health_probes_use_plain_http(behind_tls, blueprint):
    client = Client()
    plain = client.get("/r/1/")
    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/r/1/")
    forwarded = client.get("/r/1/", HTTP_X_FORWARDED_PROTO="https")
    assert (forwarded.status_code, forwarded["Location"]) == (
        302,
        "/1/start-with-what-matters-to-people-wellbeing/",
    )
    assert forwarded["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    probe = client.get("/healthz")
    assert (probe.status_code, probe.content) == (200, b"ok\n")


POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize(
    "url", ["/", "/r/1/", "/sign/", "/static/css/site.css", "/no-such-page/", "/healthz"]
)
def test_every_response_carries_the_content_security_policy(client, blueprint, url):
    response = client.get(url)
    response.close()
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_admin_pages_alone_allow_inline_styles_and_never_inline_scripts(editor_client, blueprint):
    header = editor_client.get("/admin/recommendations/node/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in directives(header)
    assert "script-src 'self'" in directives(header)


# -- admin sign-in ------------------------------------------------------------------------------


def sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_admin_sign_in_pauses_after_five_failures_with_a_clear_message(client, db):
    UserFactory(username="alice", is_staff=True)
    assert [sign_in(client, "alice", "wrong-guess").status_code for _ in range(5)] == [
        200,
        200,
        200,
        200,
        429,
    ]
    paused = sign_in(client, "alice", "a-long-test-password")  # even the right password
    html = paused.content.decode()
    assert paused.status_code == 429
    assert "Too many failed attempts to sign in, so signing in is paused" in html
    assert 'name="username" value="alice"' in html
    assert "_auth_user_id" not in client.session


def test_nobody_can_pause_an_editor_at_another_address(db):
    """The pause is for the pair of user name and address: five wrong passwords from one place do
    not lock the real editor out everywhere."""
    UserFactory(username="alice", is_staff=True)
    stranger = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(5):
        sign_in(stranger, "alice", "wrong-guess")
    assert sign_in(stranger, "alice", "a-long-test-password").status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.0.0.1"), "alice", "a-long-test-password").status_code == 302


def test_a_user_name_counts_as_django_compares_it_whatever_its_width_or_case(db):
    UserFactory(username="alice", is_staff=True)
    client = Client(REMOTE_ADDR="10.0.0.66")
    for name in ("ａｌｉｃｅ", "ALICE", "Alice", "alice ", "alice"):
        sign_in(client, name.strip(), "wrong-guess")
    assert sign_in(client, "alice", "a-long-test-password").status_code == 429


def test_signing_in_works_before_the_limit(client, db):
    UserFactory(username="alice", is_staff=True)
    for _ in range(4):
        sign_in(client, "alice", "wrong-guess")
    response = sign_in(client, "alice", "a-long-test-password")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


# -- uploaded tool files --------------------------------------------------------------------------


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


def tool_form(name, content, content_type="application/octet-stream"):
    tool = Tool.objects.get(slug="prevention-maturity-model")
    data = {
        "title": tool.title,
        "slug": tool.slug,
        "kind": tool.kind,
        "status": tool.status,
        "body": tool.body,
        "title_es": "",
        "body_es": "",
        "source_name": "",
        "source_url": "",
        "nodes": [node.pk for node in tool.nodes.all()],
    }
    return ToolForm(data, {"file": SimpleUploadedFile(name, content, content_type)}, instance=tool)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.pdf", b"%PDF-1.7\n..."),
        ("guide.docx", office_file("word/")),
        ("sheet.csv", b"name,place\nAna,Akron\n"),
    ],
)
def test_tool_files_of_allowed_kinds_are_accepted(blueprint, name, content):
    form = tool_form(name, content)
    assert form.errors.get("file") is None


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "guide.pdf",
            b"<html><script>alert(1)</script></html>",
            "The file’s content is not a pdf file, though its name ends in .pdf.",
        ),
        (
            "notes.txt",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "The file’s content is not a txt file, though its name ends in .txt.",
        ),
        ("guide.docx", b"%PDF-1.7", "The file’s content is not a docx file, though its name ends in .docx."),
        (
            "drawing.svg",
            b"<svg/>",
            "Tools can be files of these kinds: csv, docx, odp, ods, odt, pdf, pptx, txt, xlsx, zip.",
        ),
        (
            "page.html",
            b"<p>hi</p>",
            "Tools can be files of these kinds: csv, docx, odp, ods, odt, pdf, pptx, txt, xlsx, zip.",
        ),
    ],
)
def test_tool_files_are_checked_by_content_not_name(blueprint, name, content, error):
    assert tool_form(name, content).errors["file"] == [error]


def test_tool_files_over_the_size_limit_are_refused(blueprint, settings):
    settings.TOOL_FILE_MAX_SIZE = 1024
    assert tool_form("guide.pdf", b"%PDF-1.7" + b" " * 1024).errors["file"] == [
        "The file is larger than the limit of 1.0\xa0KB."
    ]


def test_the_admin_shows_a_refused_file_next_to_the_field(editor_client, blueprint):
    tool = Tool.objects.get(slug="prevention-maturity-model")
    response = editor_client.post(
        f"/admin/examples/tool/{tool.pk}/change/",
        {
            "title": tool.title,
            "slug": tool.slug,
            "kind": tool.kind,
            "status": tool.status,
            "body": tool.body,
            "file": SimpleUploadedFile("guide.pdf", b"<html></html>"),
        },
    )
    assert response.status_code == 200
    assert "The file’s content is not a pdf file, though its name ends in .pdf." in response.content.decode()


def test_tool_files_download_as_attachments_never_inline(client, blueprint, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tool = Tool.objects.get(slug="prevention-maturity-model")
    tool.file.save("notes.txt", ContentFile(b"plain notes"))
    response = client.get("/tools/prevention-maturity-model/download/")
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Uploaded files are not reachable under /media/, apart from the editor's images.
    assert client.get(f"/media/{tool.file.name}").status_code == 404


def test_editor_images_are_served_inline_and_nothing_else_under_media(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "uploads" / "a.svg").write_bytes(b"<svg/>")
    (tmp_path / "uploads" / "a.html").write_bytes(b"<p>x</p>")
    image = client.get("/media/uploads/a.png")
    image.close()
    assert (image.status_code, image["Content-Type"]) == (200, "image/png")
    assert client.get("/media/uploads/a.svg").status_code == 404
    assert client.get("/media/uploads/a.html").status_code == 404
    assert client.get("/media/uploads/../uploads/a.png").status_code == 404


# -- the database out of reach --------------------------------------------------------------------


def test_pages_answer_503_with_a_plain_page_while_the_database_is_unreachable(blueprint):
    client = Client(raise_request_exception=False)
    down = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=down):
        page = client.get("/r/1/")
        health = client.get("/healthz")
    html = page.content.decode()
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "<h1>We’ll be back soon</h1>" in html
    assert "Traceback" not in html
    assert "5432" not in html
    assert (health.status_code, health.content) == (503, b"database unavailable\n")
    assert client.get("/r/1/").status_code == 302  # back by itself


def test_the_503_page_is_in_the_readers_language(blueprint):
    client = Client(raise_request_exception=False)
    down = OperationalError("connection refused")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=down):
        html = client.get("/es/r/1/").content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Volvemos enseguida</h1>" in html


@override_settings(ROOT_URLCONF="tests.blueprint.failing_urls")
def test_other_errors_still_give_the_500_page(db):
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
