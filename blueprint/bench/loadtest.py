"""`make loadtest` (`python -m blueprint.bench loadtest`): 60 s of mixed reads and form posts at 32 connections against two gunicorn
servers sharing PostgreSQL and Redis; then every accepted post must be in the database.

Not part of `make test`. Rate limits are raised and the minimum form time is 0 through the
servers' environment, as an operator would for a load test.
"""

import concurrent.futures
import re
import sys
import tempfile
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from blueprint.bench import rig
from blueprint.gitbook.services import load_blueprint
from examples.models import ExampleSubmission
from recommendations.models import Node

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local form = "%(form)s"
local headers = {
  ["X-Forwarded-Proto"] = "https", ["Accept-Encoding"] = "gzip",
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken=%(cookie)s", ["Referer"] = "https://127.0.0.1:%(port)s/examples/submit/",
}
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  counter, accepted, refused, posts = 0, 0, 0, 0
end
function request()
  counter = counter + 1
  if counter %% 4 == 0 then
    posts = posts + 1
    local body = form .. "&email=load-%(server)s-" .. id .. "-" .. posts .. "%%40example.org"
    return wrk.format("POST", "/examples/submit/", headers, body)
  end
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["X-Forwarded-Proto"] = "https", ["Accept-Encoding"] = "gzip"})
end
function response(status, headers, body)
  if status == 302 then accepted = accepted + 1 elseif status >= 400 then refused = refused + 1 end
end
function done(summary, latency, requests)
  local sum_accepted, sum_refused = 0, 0
  for _, thread in ipairs(threads) do
    sum_accepted = sum_accepted + thread:get("accepted")
    sum_refused = sum_refused + thread:get("refused")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "p50": %%d, "p95": %%d, "p99": %%d, "errors": %%d, "status": %%d, "accepted": %%d, "refused": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    sum_accepted, sum_refused))
end
"""


class LoadTest:
    """Mixed reads and example submissions against two gunicorn servers; checks nothing was lost."""

    def __init__(self, *, seconds, connections, out=sys.stdout):
        self.seconds = seconds
        self.connections = connections
        self.out = out

    def say(self, text):
        print(text, file=self.out, flush=True)

    def run(self):
        seconds, connections = self.seconds, self.connections
        name = str(connection.settings_dict["NAME"])
        if "loadtest" not in name or connection.vendor != "postgresql":
            raise SystemExit(
                f"Refusing to run on {name!r}: the load test needs a scratch PostgreSQL database named *loadtest*."
            )
        call_command("migrate", verbosity=0)
        load_blueprint()
        env = rig.production_env(
            REDIS_URL="redis://127.0.0.1:6379/0",
            CACHE_KEY_PREFIX=f"loadtest-{uuid.uuid4().hex}:",
            RATE_LIMITS=",".join(
                f"{scope}=1000000/m"
                for scope in (
                    "comment",
                    "flag",
                    "submission",
                    "suggestion",
                    "feedback",
                    "signup",
                    "signature",
                )
            ),
            FORM_MIN_SECONDS=0,
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        )
        node = Node.objects.get(number="4.4.1")
        reads = [n.get_absolute_url() for n in Node.objects.published().order_by("tree_id", "lft")]
        reads += ["/search/?q=benefits", "/search/?q=wellbeing", "/", "/examples/mano-a-mano/"]
        servers = [rig.Gunicorn(env), rig.Gunicorn(env)]
        try:
            self.say(
                f"Two gunicorn servers (2 workers each) on PostgreSQL ({name}) and Redis: "
                f"{connections} connections, {seconds} s, one request in four a submission."
            )
            with concurrent.futures.ThreadPoolExecutor(len(servers)) as pool:
                futures = [
                    pool.submit(self.load, server, n, reads, node, seconds, connections // len(servers))
                    for n, server in enumerate(servers, 1)
                ]
                runs = [future.result() for future in futures]
        finally:
            for server in servers:
                server.stop()
        requests = sum(run["requests"] for run in runs)
        errors = sum(run["errors"] + run["status"] + run["refused"] for run in runs)
        accepted = sum(run["accepted"] for run in runs)
        stored = ExampleSubmission.objects.filter(email__startswith="load-").count()
        self.say(
            f"{requests:,} requests ({requests / seconds:,.0f}/s), p99 {max(r['p99'] for r in runs) / 1000:.1f} ms; "
            f"errors {errors}; submissions accepted {accepted:,}, in the database {stored:,}."
        )
        # wrk stops counting at the deadline while the servers finish the posts in flight, so the
        # database may hold a few more than wrk saw accepted, never fewer.
        if errors or stored < accepted:
            raise SystemExit(
                "The load test failed: errors, or accepted submissions missing from the database."
            )
        self.say(
            f"0 errors, and every accepted submission is in the database "
            f"({stored - accepted} more were still in flight when wrk stopped counting)."
        )

    def load(self, server, number, reads, node, seconds, connections):
        cookie, form = self.form_tokens(server, node)
        folder = Path(tempfile.mkdtemp(prefix="blueprint-loadtest-"))
        (folder / "paths.txt").write_text("\n".join(reads) + "\n")
        script = LUA % {
            "paths": folder / "paths.txt",
            "form": form,
            "cookie": cookie,
            "port": server.port,
            "server": number,
        }
        return rig.run_wrk(server.base, reads, seconds=seconds, connections=connections, script=script)

    @staticmethod
    def form_tokens(server, node):
        """A browser's first visit to the form: its CSRF cookie and the form's hidden fields."""
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        request = urllib.request.Request(
            server.base + "/examples/submit/", headers={"X-Forwarded-Proto": "https"}
        )
        html = opener.open(request, timeout=10).read().decode()
        # The cookie is marked Secure (HTTPS behind the load balancer): read it from the header.
        hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
        token = hidden["csrfmiddlewaretoken"]
        cookie = next((c.value for c in jar if c.name == "csrftoken"), None)
        if cookie is None:
            raise SystemExit("The submission form set no CSRF cookie.")
        fields = {
            **hidden,
            "title": "A load-test example",
            "what_happened": "Families kept child care while earning more.",
            "organisation": "Example County",
            "place": "Ramsey County",
            "link": "https://example.org/story",
            "nodes": str(node.pk),
            "name": "Load Test",
            "consent_contact": "on",
            "consent_credit": "on",
            "website": "",
            "csrfmiddlewaretoken": token,
        }
        return cookie, urllib.parse.urlencode(fields)
