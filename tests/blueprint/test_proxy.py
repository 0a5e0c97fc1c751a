"""The reverse proxy of docs/deploy/nginx.conf, run as it is in front of a real gunicorn: slow or
half-sent requests never tie up gunicorn's workers, and bodies bigger than the site takes are
refused before they reach it."""

import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from blueprint.bench.rig import free_port
from tests.servers import Server

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (.ci/run installs it)"),
]
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "deploy" / "nginx.conf"


def as_run_here(example, *, http_port, https_port, upstream_port, certificate, key):
    """The example with this machine's ports and a certificate of the test's own: each line
    replaced must be in the example, so the test fails when the example changes under it."""
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
        "/etc/letsencrypt/live/blueprint.example.org/fullchain.pem": str(certificate),
        "/etc/letsencrypt/live/blueprint.example.org/privkey.pem": str(key),
    }
    for old, new in replacements.items():
        assert old in example
        example = example.replace(old, new)
    return example


@pytest.fixture
def proxy(db, tmp_path):
    """gunicorn (two sync workers, as docs/deploy.md runs it) behind nginx with the example."""
    server = Server(tmp_path)
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    https_port = free_port()
    site = as_run_here(
        EXAMPLE.read_text(),
        http_port=free_port(),
        https_port=https_port,
        upstream_port=server.port,
        certificate=certificate,
        key=key,
    )
    (tmp_path / "site.conf").write_text(site)
    temp = {name: tmp_path / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"user root;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n  access_log off;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    log = tmp_path / "nginx.log"
    with open(log, "w") as output:
        nginx = subprocess.Popen(
            ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"https://127.0.0.1:{https_port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or nginx.poll() is not None:
                server.stop()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.1)
    try:
        yield base, server
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.stop()


def insecure():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=insecure()) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def half_sent(port, *, tls):
    """A connection that sends part of a request, then nothing: kept open by the caller."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    if tls:
        connection = insecure().wrap_socket(connection, server_hostname="localhost")
    connection.sendall(b"POST /sign/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nname=")
    return connection


@pytest.mark.once
def test_health_probes_answer_while_clients_hold_connections_half_sent(proxy):
    base, server = proxy
    port = int(base.rsplit(":", 1)[1])
    slow = [half_sent(port, tls=True) for _ in range(8)]
    try:
        started = time.monotonic()
        assert get(base + "/healthz") == (200, "ok\n")
        assert time.monotonic() - started < 2
    finally:
        for connection in slow:
            connection.close()
    # The same clients facing gunicorn itself: its two workers wait on them, and the probe waits.
    slow = [half_sent(server.port, tls=False) for _ in range(4)]
    try:
        with pytest.raises(TimeoutError):
            get(f"{server.base}/healthz", timeout=3)
    finally:
        for connection in slow:
            connection.close()


@pytest.mark.once
def test_a_body_bigger_than_a_form_takes_is_refused_before_it_reaches_the_site(proxy):
    base, _ = proxy
    port = int(base.rsplit(":", 1)[1])
    connection = insecure().wrap_socket(
        socket.create_connection(("127.0.0.1", port), timeout=5), server_hostname="localhost"
    )
    connection.sendall(
        b"POST /sign/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        b"Content-Length: 31457280\r\n\r\n"
    )
    answer = connection.recv(4096).decode()
    connection.close()
    assert answer.startswith("HTTP/1.1 413 ")


def test_the_site_itself_refuses_a_form_body_over_a_megabyte_with_a_page_of_its_own(client, db):
    response = client.post("/sign/", {"name": "x" * (1024 * 1024 + 1)})
    html = response.content.decode()
    assert response.status_code == 413
    assert "<h1>That was too much to send</h1>" in html
