"""The protection every public form shares: a honeypot, a minimum time to fill in, a rate limit.

A refused submission is never a 500 and never loses what the person typed: the view shows the
form again, filled in, with a polite message at the top.
"""

import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from blueprint.models import RateLimitCounter

STARTED_SALT = "blueprint.form-started"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int


TOO_MANY = _(
    "You have sent this form several times in a short while, so we have paused it for you. "
    "Please wait a little and send it again; everything you typed is still here."
)
AUTOMATED = _(
    "This looked like an automated submission, so it was not sent. If you are a person, please "
    "leave the field marked “Leave this empty” empty and send the form again."
)
EXPIRED = _(
    "This form was open for a long time, so for your safety it needs to be sent again. "
    "Everything you typed is still here."
)
TOO_FAST = _(
    "That was very quick. Please check your answers, then send the form again; everything you "
    "typed is still here."
)

LOGIN_PAUSED = _(
    "Too many failed attempts to sign in, so signing in is paused for this account and this "
    "device. Please wait 15 minutes and try again, or ask another editor to reset your password."
)


class ProtectedForm(forms.Form):
    """Base for every public form: adds the honeypot and the signed start time."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=STARTED_SALT)

    def protection_refusal(self):
        """A Refusal when the honeypot is filled in or the form came back too fast, else None."""
        if not self.is_bound:
            return None
        if self.data.get(self.add_prefix("website")):
            return Refusal(str(AUTOMATED), 400)
        try:
            started = signing.loads(
                self.data.get(self.add_prefix("started"), ""), salt=STARTED_SALT, max_age=86400
            )
        except signing.BadSignature:
            started = None
        min_seconds = getattr(self, "min_seconds", settings.FORM_MIN_SECONDS)
        if min_seconds and (started is None or time.time() - float(started) < min_seconds):
            return Refusal(str(TOO_FAST), 400)
        return None


class ProtectedModelForm(forms.ModelForm, ProtectedForm):
    def cleaned_data_for_model(self):
        """The cleaned values of the model's own fields, without the protection fields."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


def client_address(request):
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(request, scope):
    """Count one submission to `scope` from this client; True once the limit is passed."""
    count, period = parse_rate(settings.RATE_LIMITS[scope])
    window = int(time.time() // period)
    client = client_address(request)
    if settings.RATE_LIMIT_CACHE:
        used = _increment_in_cache(f"ratelimit:{scope}:{client}:{window}", period)
    else:
        used = RateLimitCounter.increment(scope=scope, client=client, window=window)
    return used > count


def parse_rate(rate):
    """'10/h' is ten per hour; '5/15m' is five per fifteen minutes."""
    count, _, period = rate.partition("/")
    return int(count), int(period[:-1] or 1) * PERIODS[period[-1]]


def _login_clients(request, username):
    return [f"address:{client_address(request)}", f"user:{username.strip().lower()[:80]}"]


def login_locked(request, username):
    """True while this client address, or this user name, has failed to sign in too often."""
    limit, period = parse_rate(settings.RATE_LIMITS["login"])
    window = int(time.time() // period)
    for client in _login_clients(request, username):
        if settings.RATE_LIMIT_CACHE:
            used = caches[settings.RATE_LIMIT_CACHE].get(f"ratelimit:login:{client}:{window}", 0)
        else:
            used = (
                RateLimitCounter.objects.filter(scope="login", client=client, window=window)
                .values_list("count", flat=True)
                .first()
                or 0
            )
        if used >= limit:
            return True
    return False


def record_login_failure(request, username):
    _, period = parse_rate(settings.RATE_LIMITS["login"])
    window = int(time.time() // period)
    for client in _login_clients(request, username):
        if settings.RATE_LIMIT_CACHE:
            _increment_in_cache(f"ratelimit:login:{client}:{window}", period)
        else:
            RateLimitCounter.increment(scope="login", client=client, window=window)


def _increment_in_cache(key, period):
    cache = caches[settings.RATE_LIMIT_CACHE]
    cache.add(key, 0, timeout=period + 5)
    return cache.incr(key)  # atomic in Redis


def guard(request, form, scope):
    """The one check every public form makes before looking at the data: a Refusal, or None."""
    if rate_limited(request, scope):
        return Refusal(str(TOO_MANY), 429)
    return form.protection_refusal()


def posted(request):
    """A POST's data, else None: a form built with it is bound only when it was sent."""
    return request.POST if request.method == "POST" else None


def form_page(request, form, *, scope, template, on_valid, context=None):
    """The page of a public form, the same for every one.

    A GET shows `form`. A sent form is first checked against abuse (`guard`: a refusal is a
    polite message at the top, with a 4xx status), then validated (errors next to the fields).
    Either way it comes back with everything typed kept. A valid form goes to `on_valid(form)`,
    whose response is the answer. A sent form is one transaction: its count towards the rate
    limit and whatever it saves are committed together.
    """
    refusal = None
    if form.is_bound:
        with transaction.atomic():
            refusal = guard(request, form, scope)
            if refusal is None and form.is_valid():
                return on_valid(form)
    context = {**(context or {}), "form": form, "refusal": refusal}
    return render(request, template, context, status=refusal.status if refusal else 200)
