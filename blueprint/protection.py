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
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

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
            used = RateLimitCounter.objects.filter(
                scope="login", client=client, window=window
            ).values_list("count", flat=True).first() or 0
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


def render_form(request, template, context, refusal=None):
    """Show a public form's page; a refused submission comes back filled in, with its status."""
    from django.shortcuts import render

    status = refusal.status if refusal else 200
    return render(request, template, {**context, "refusal": refusal}, status=status)


def guard(request, form, scope):
    """The one check every public form's view makes before looking at the data."""
    if rate_limited(request, scope):
        return Refusal(str(TOO_MANY), 429)
    return form.protection_refusal()


class RateLimitCounter(models.Model):
    """Submissions per client per time window, for set-ups without Redis.

    django-ratelimit refuses the database and local-memory caches (they are not atomic or not
    shared), so without Redis the counts live here, incremented atomically by the database.
    """

    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "blueprint"
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "window"], name="one_counter_per_window")
        ]

    @classmethod
    def increment(cls, *, scope, client, window):
        counter = cls.objects.filter(scope=scope, client=client, window=window)
        if not counter.update(count=models.F("count") + 1):
            try:
                with transaction.atomic():
                    cls.objects.create(scope=scope, client=client, window=window, count=1)
            except IntegrityError:  # another request created it first
                counter.update(count=models.F("count") + 1)
        return counter.values_list("count", flat=True).get()
