"""The protection every public form shares: a honeypot, a signed start token that serves one
submission only, a minimum time to fill in, a rate limit.

A refused submission is never a 500 and never loses what the person typed: the view shows the
form again, filled in, with a polite message at the top.
"""

import ipaddress
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from blueprint.common.models import RateLimitCounter, UsedFormToken
from blueprint.common.rates import parse_rate

STARTED_SALT = "blueprint.form-started"


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
ALREADY_SENT = _(
    "This form was already sent from this page, so it was not sent again. Everything you typed is "
    "still here: send it again if you meant to send it twice."
)
TOO_FAST = _(
    "That was very quick. Please check your answers, then send the form again; everything you "
    "typed is still here."
)

SIGN_IN_PAUSED = _(
    "Too many failed attempts to sign in, so signing in is paused for this account and this "
    "device. Please wait 15 minutes and try again, or ask another editor to reset your password."
)


class ProtectedForm(forms.Form):
    """Base for every public form: adds the honeypot and the signed start token (the time the
    form was opened, and a random number that lets it serve one submission only)."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = self.new_token()
        for field in self.fields.values():  # a real prompt, not Django's "---------"
            if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
                continue  # (a model's choices would cost a query here)
            choices = list(field.choices)
            if choices and choices[0] == ("", "---------"):
                field.choices = [("", _("Choose one…")), *choices[1:]]

    @classmethod
    def started_salt(cls):
        """The start time is signed for this form only: a token from one form is no good on another."""
        return f"{STARTED_SALT}:{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def new_token(cls, *, started=None):
        return signing.dumps(
            {"t": time.time() if started is None else started, "n": secrets.token_urlsafe(12)},
            salt=cls.started_salt(),
        )

    def protection_refusal(self):
        """A Refusal when the honeypot is filled in, or the form's start token is missing, from
        another form, older than FORM_MAX_HOURS or too recent, else None. (With FORM_MIN_SECONDS
        0, as in the tests, a form may come without one; one it brings is checked all the same.)"""
        if not self.is_bound:
            return None
        if self.data.get(self.add_prefix("website")):
            return Refusal(str(AUTOMATED), 400)
        self.token_nonce = None
        given = self.data.get(self.add_prefix("started"), "")
        if not given and not settings.FORM_MIN_SECONDS:
            return None
        try:
            token = signing.loads(given, salt=self.started_salt(), max_age=settings.FORM_MAX_HOURS * 3600)
            started, self.token_nonce = float(token["t"]), str(token["n"])
        except (signing.BadSignature, TypeError, KeyError, ValueError):  # expired, another form's, none
            self.renew_token()
            return Refusal(str(EXPIRED), 400)
        if time.time() - started < getattr(self, "min_seconds", settings.FORM_MIN_SECONDS):
            return Refusal(str(TOO_FAST), 400)
        return None

    def use_token(self):
        """Spend the start token on this submission: False when it served one already (then the
        form shown again carries a new one). Inside the submission's transaction."""
        if not self.token_nonce:
            return True
        try:
            with transaction.atomic():
                UsedFormToken.objects.create(nonce=self.token_nonce)
        except IntegrityError:
            self.renew_token()
            return False
        return True

    def renew_token(self):
        """The form shown again gets a new start token, so that sending it again can work."""
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = self.new_token()


class ProtectedModelForm(forms.ModelForm, ProtectedForm):
    def cleaned_data_for_model(self):
        """The cleaned values of the model's own fields, without the protection fields."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


def refuse_null_characters(get_response):
    """Middleware: an address or query holding a NUL character is a bad request (400), answered
    before any view passes it to a database that cannot store it. Forms refuse NUL themselves
    (Django's ProhibitNullCharactersValidator)."""

    def middleware(request):
        query = [item for pair in request.GET.lists() for item in (pair[0], *pair[1])]
        if "\x00" in request.path or any("\x00" in item for item in query):
            raise BadRequest("NUL character in the address")
        return get_response(request)

    return middleware


def client_address(request):
    """The client's address: `TRUSTED_PROXIES` entries from the right of X-Forwarded-For (each
    trusted proxy appends the address it saw), never an entry further left, which the client
    wrote itself. Anything that is not an address counts as the connection's own."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUSTED_PROXIES and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= settings.TRUSTED_PROXIES:
            address = entries[-settings.TRUSTED_PROXIES].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def sign_in_address(request):
    """The client address django-axes stores with a sign-in: as `client_address`, but None (not
    "unknown", which is no address) for a request without one, such as a test's `force_login`."""
    address = client_address(request)
    return None if address == "unknown" else address


def login_username(request, credentials=None):
    """The user name a sign-in is counted under (django-axes): as Django compares names (NFKC),
    and case-folded, so `ＢＯＢ`, `Bob` and `bob` are one name."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return unicodedata.normalize("NFKC", name).casefold()[:150]


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
    Either way it comes back with everything typed kept. A valid form spends its start token,
    then goes to `on_valid(form)`, whose response is the answer: a token serves one submission.
    A sent form is one transaction: its count towards the rate limit, its token and whatever it
    saves are committed together.
    """
    refusal = None
    if form.is_bound:
        with transaction.atomic():
            refusal = guard(request, form, scope)
            if refusal is None and form.is_valid():
                if form.use_token():
                    return on_valid(form)
                refusal = Refusal(str(ALREADY_SENT), 409)
    context = {**(context or {}), "form": form, "refusal": refusal}
    return render(request, template, context, status=refusal.status if refusal else 200)
