"""Real gunicorn servers on this machine: an edit through one shows on the other at once (with each
worker's own memory cache, and with Redis), a server rides out losing its database, and no request
fails after the database ends the connections its workers keep (as a restart does)."""

import contextlib
import re
import socket
import threading
import uuid

import pytest
from django.db import connection

from blueprint.bench.rig import database_env, free_port
from blueprint.gitbook.services import load_blueprint
from blueprint.pages.models import Signer
from recommendations.models import Node
from tests.factories import UserFactory
from tests.servers import Server

pytestmark = pytest.mark.servers


def shared_cache_env(cache):
    """Each worker's own memory, or one Redis shared by every server (a prefix of this run's own)."""
    if cache == "memory":
        return {"REDIS_URL": ""}
    return {"REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}:"}


@pytest.fixture(params=["memory", "redis"])
def servers(request, transactional_db, tmp_path):
    env = shared_cache_env(request.param)
    started = []
    try:
        started += [Server(tmp_path, env), Server(tmp_path, env)]
        yield started
    finally:
        for server in started:
            server.stop()


def test_edit_through_one_server_shows_on_the_other_at_once(servers, settings):
    load_blueprint()
    # The servers hash passwords as production does (not with the tests' quick MD5).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    editor = UserFactory(username="alice", is_staff=True, is_superuser=True)
    editing, reading = servers
    node = Node.objects.get(number="3.2.1")

    # Every worker of both servers has cached the navigation and a shared copy of the page.
    for server in servers:
        for _ in range(4):
            assert "3.2.1</span> Make it possible for people to gather.</a>" in server.get("/r/3.2.1/")

    editing.get("/admin/login/")
    url, _ = editing.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": "a-long-test-password"}
    )
    assert url == editing.base + "/admin/"
    change = f"/admin/recommendations/node/{node.pk}/change/"
    opened_version = re.search(r'name="opened_version" value="(\w+)"', editing.get(change)).group(1)
    url, _ = editing.post(
        change,
        {
            "opened_version": opened_version,
            "title": "Make it possible for people to meet.",
            "slug": node.slug,
            "body": "Edited through the first server.",
            "_publish": "Publish",
        },
    )
    assert url == editing.base + "/admin/recommendations/node/"

    html = reading.get("/r/3.2.1/")
    assert re.findall(r"<h1>(.*?)</h1>", html) == [
        '<span class="number">3.2.1</span> Make it possible for people to meet.'
    ]
    assert "<p>Edited through the first server.</p>" in html
    # The other node pages' navigation changed too.
    assert "3.2.1</span> Make it possible for people to meet.</a>" in reading.get("/r/1/")


class DatabaseLine:
    """A TCP relay between a server and PostgreSQL that can be cut and restored, like a network."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.sockets = []
        self.listener = None
        self.connect()

    def connect(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        """Refuse new connections and break the open ones."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []


ANA_SIGNS_ON = {
    "name": "Ana Ruiz",
    "email": "ana@example.org",
    "kind": "individual",
    "sector": "other",
    "place": "Akron",
    "website": "",
}


def test_site_says_it_will_be_back_while_the_database_is_unreachable_and_recovers(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("cuts the network line to a PostgreSQL server")
    load_blueprint()
    line = DatabaseLine(int(connection.settings_dict["PORT"] or 5432))
    env = {"DATABASE_URL": database_env()["DATABASE_URL"].replace(f":{line.target_port}/", f":{line.port}/")}
    server = Server(tmp_path, {**env, "REDIS_URL": ""})
    try:
        assert server.status("/r/3.2.1/")[0] == 200
        assert server.status("/sign/")[0] == 200
        server.get("/sign/")
        url, html = server.post("/sign/", ANA_SIGNS_ON)
        assert "Check your e-mail" in html

        line.cut()
        for path in ("/r/3.2.1/", "/search/?q=benefits", "/"):
            status, page = server.status(path)
            assert status == 503, path
            assert "<h1>We’ll be back soon</h1>" in page
            assert "Traceback" not in page
        assert server.status("/healthz") == (503, "database unavailable\n")

        line.connect()
        assert server.status("/healthz") == (200, "ok\n")
        assert server.status("/r/3.2.1/")[0] == 200
        assert Signer.objects.filter(email="ana@example.org").count() == 1
    finally:
        server.stop()
        line.cut()


def end_every_other_connection():
    """What a restart of PostgreSQL does to the connections the servers keep between requests."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_no_request_fails_after_the_database_ends_the_connections_the_workers_keep(
    transactional_db, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("ends a PostgreSQL server's connections")
    load_blueprint()
    server = Server(tmp_path, {"REDIS_URL": ""})
    try:
        for _ in range(8):  # the workers now keep their connections, idle between requests
            assert server.status("/r/3.2.1/")[0] == 200
        server.get("/sign/")
        assert end_every_other_connection() >= 1  # (which worker took which request is up to them)

        # The first request a worker serves after that reuses its ended connection: a form post...
        url, html = server.post("/sign/", ANA_SIGNS_ON)
        assert "Check your e-mail" in html
        assert Signer.objects.filter(email="ana@example.org").count() == 1
        end_every_other_connection()
        # ...a shared reading page, a search, a page rendered for one visitor.
        answers = [server.status(path)[0] for path in ("/r/3.2.1/", "/search/?q=benefits", "/sign/") * 3]
        assert answers == [200] * 9
    finally:
        server.stop()
