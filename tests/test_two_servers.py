"""After an editor saves a node through one server process, every other process shows the change."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from blueprint.services import load_blueprint
from recommendations.models import Node
from tests.factories import UserFactory

pytestmark = pytest.mark.servers


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env():
    """Point the server processes at this test run's database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return {"SQLITE_PATH": str(db["NAME"]), "DATABASE_URL": ""}
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"}


class Server:
    def __init__(self, log_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **database_env(), "DJANGO_DEBUG": "false", "DJANGO_PLAIN_STATIC": "true"}
        self.log = open(Path(log_dir) / f"gunicorn-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "blueprint.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz").startswith("ok"):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path, data):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def servers(transactional_db, tmp_path):
    started = []
    try:
        started += [Server(tmp_path), Server(tmp_path)]
        yield started
    finally:
        for server in started:
            server.stop()


def test_edit_through_one_server_shows_on_the_other_at_once(servers):
    load_blueprint()
    editor = UserFactory(username="alice", is_staff=True, is_superuser=True)
    editing, reading = servers
    node = Node.objects.get(number="3.2.1")

    # Both processes have built and cached their navigation.
    for server in servers:
        assert "3.2.1</span> Make it possible for people to gather.</a>" in server.get("/r/3.2.1/")

    editing.get("/admin/login/")
    url, _ = editing.post("/admin/login/?next=/admin/", {"username": editor.username, "password": "a-long-test-password"})
    assert url == editing.base + "/admin/"
    change = f"/admin/recommendations/node/{node.pk}/change/"
    editing.get(change)
    url, _ = editing.post(change, {
        "parent": node.parent_id, "number": "3.2.1", "title": "Make it possible for people to meet.",
        "slug": node.slug, "status": "published", "body": "Edited through the first server.",
        "Example_nodes-TOTAL_FORMS": "0", "Example_nodes-INITIAL_FORMS": "0",
        "Tool_nodes-TOTAL_FORMS": "0", "Tool_nodes-INITIAL_FORMS": "0", "_save": "Save",
    })
    assert url == editing.base + "/admin/recommendations/node/"

    html = reading.get("/r/3.2.1/")
    assert re.findall(r"<h1>(.*?)</h1>", html) == ['<span class="number">3.2.1</span> Make it possible for people to meet.']
    assert "<p>Edited through the first server.</p>" in html
    # The other node pages' navigation changed too.
    assert "3.2.1</span> Make it possible for people to meet.</a>" in reading.get("/r/1/")
