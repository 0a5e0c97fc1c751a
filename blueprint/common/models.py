"""What every app builds on: the Markdown content base, and the plumbing's own rows (outgoing
e-mail, rate-limit counters, the content version)."""

import hashlib
import secrets
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from blueprint.common.markdown import outline_of, render_markdown, validate_nesting


def local(english, spanish):
    """What a reader sees in their language: the Spanish where there is one, else the English."""
    return spanish if spanish and get_language() == "es" else english


class URLField(models.URLField):
    """A web address: http or https only (never javascript: or ftp:), and one typed without a
    scheme means https, on Django 5.2 as on 6."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    DRAFT = "draft", _("Draft")


class Editing(models.Model):
    """Not a table: the holder of what editors may do that belongs to no one model. Staff
    accounts without these permissions are readers on the public site."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("see_drafts", _("Can see drafts on the public site")),
            ("use_markdown_tools", _("Can preview Markdown and upload images")),
        ]
        verbose_name = _("editing")
        verbose_name_plural = _("editing")

    def __str__(self):
        return str(self._meta.verbose_name)


def sees_drafts(user):
    """Whether this person sees drafts where readers see only what is published (Editors do)."""
    return user.has_perm("blueprint.see_drafts")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """What readers see: published rows only."""
        return self.published()

    def written(self):
        """Rows with text of their own (a page the sources only name has none yet)."""
        return self.exclude(body="")

    def visible_to(self, user):
        """What this person sees: everything for those who see drafts, else what readers see.
        Every public page, feed and list decides visibility here (or with `public()`)."""
        return self if sees_drafts(user) else self.public()


# The change reason of the revisions loading the sources makes: recent changes leaves them out.
LOADED_FROM_SOURCES = "Loaded from the sources"


class MarkdownContent(models.Model):
    """Fields and behavior shared by everything with an editable Markdown body."""

    # What readers read; a save that changes none of them (a move, a renumbering) is no edit.
    CONTENT_FIELDS = ("title", "body", "title_es", "body_es", "status")
    # Not revisions' business: a revert is itself an edit, and the source stays the source.
    NOT_IN_HISTORY = ["body_html", "body_html_es", "headings", "edited_at", "source_date"]

    title = models.CharField(_("title"), max_length=300)
    body = MarkdownxField(_("text"), blank=True, help_text=_("Markdown."), validators=[validate_nesting])
    body_html = models.TextField(editable=False, blank=True)
    headings = models.JSONField(editable=False, default=list, blank=True)
    title_es = models.CharField(_("title in Spanish"), max_length=300, blank=True)
    body_es = MarkdownxField(
        _("text in Spanish"), blank=True, help_text=_("Markdown."), validators=[validate_nesting]
    )
    body_html_es = models.TextField(editable=False, blank=True)
    # Which English the Spanish translates (english_digest() when the Spanish was last written):
    # an English edit since leaves the translation out of date until an editor updates it.
    translated_from = models.CharField(
        _("English the Spanish translates"), max_length=16, blank=True, editable=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)
    edited_at = models.DateTimeField(_("last changed by an editor"), null=True, blank=True, editable=False)
    source_date = models.DateField(
        _("date of its source"),
        null=True,
        blank=True,
        help_text=_("Shown as “last updated” until an editor changes it."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_markdown()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_html_es", "headings"}
        if self.__dict__.pop("from_sources", False):
            # The sources' content (the Blueprint as published in June 2020), set by the loader
            # on the object it saves: no "last changed" date, and its revision says it is the load.
            # Their Spanish translates their English.
            self._change_reason = LOADED_FROM_SOURCES
            self.translated_from = self.english_digest() if self.has_translation else ""
        elif update_fields is None or set(update_fields) & set(self.CONTENT_FIELDS):
            changed = self.__dict__.pop("_content_changed", None)
            if changed if changed is not None else self.content_changed():
                self.edited_at = timezone.now()
                if self.translation_changed():
                    self.translated_from = self.english_digest()
                if update_fields is not None:
                    kwargs["update_fields"] |= {"edited_at", "translated_from"}
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("_stored_content", None)

    def render_markdown(self):
        """The sanitised HTML, derived from the Markdown: stored at each save, so that no request
        renders Markdown (a draft's preview renders it once, without saving)."""
        self.body_html = render_markdown(self.body)
        self.body_html_es = render_markdown(self.body_es)
        self.headings = outline_of(self.body_html)

    def stored_content(self):
        """{field: value} of CONTENT_FIELDS as stored now (None for a new row): one query, kept
        until the save ends."""
        if "_stored_content" not in self.__dict__:
            adding = self.pk is None or self._state.adding
            manager = type(self)._default_manager
            self._stored_content = (
                None if adding else manager.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            )
        return self._stored_content

    def content_changed(self):
        """Whether saving now changes what readers read (a new row does)."""
        return self.stored_content() != {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    # -- the Spanish and the English it translates

    @property
    def has_translation(self):
        return bool(self.title_es or self.body_es)

    def english_digest(self):
        return hashlib.sha256(f"{self.title}\0{self.body}".encode()).hexdigest()[:16]

    def translation_changed(self):
        """Whether this save writes Spanish (new, or other than stored): it then translates the
        English saved with it."""
        if not self.has_translation:
            return False
        stored = self.stored_content()
        return stored is None or (stored["title_es"], stored["body_es"]) != (self.title_es, self.body_es)

    @property
    def translation_out_of_date(self):
        """The English changed since the Spanish was written: editors and Spanish readers are told."""
        return self.has_translation and self.translated_from != self.english_digest()

    def mark_translation_current(self):
        """An editor checked the Spanish against the English now saved: it is up to date."""
        self.translated_from = self.english_digest()
        self._change_reason = "Spanish checked against the English"
        self.save(update_fields=["translated_from"])

    @property
    def last_updated(self):
        """(date, whether it is the source's) for "Last updated": an editor's last change, else
        the source's date; never the day the sources were loaded."""
        if self.edited_at:
            return self.edited_at, False
        return (self.source_date, True) if self.source_date else (None, False)

    # What a reader sees in their language: Spanish where an editor translated it, else English.
    @property
    def in_spanish(self):
        return get_language() == "es"

    @property
    def local_title(self):
        return local(self.title, self.title_es)

    @property
    def local_body_html(self):
        return self.body_html_es if self.in_spanish and self.body_es else self.body_html

    @property
    def local_headings(self):
        return outline_of(self.body_html_es) if self.in_spanish and self.body_es else self.headings

    @property
    def missing_translation(self):
        """Shown in Spanish but not translated: the page says so."""
        return self.in_spanish and not (self.title_es and (self.body_es or not self.body))

    @property
    def description(self):
        """Its own text in a sentence or two, for search engines and link previews (its title
        when it has no text)."""
        text = " ".join(strip_tags(self.local_body_html).split())
        return Truncator(text).chars(160) if text else self.local_title

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def new_token():
    """A private link's secret part."""
    return secrets.token_urlsafe(24)


class OutgoingEmailQuerySet(models.QuerySet):
    def sent_to(self, email):
        """E-mails sent to `email` (a normalized address), matched whole: what a person may
        have of the site's mail. Mail to others about them (an editor's notice) holds others'
        addresses and links, and is never theirs."""
        maybe = self.filter(to__icontains=email)
        return self.filter(pk__in=[outgoing.pk for outgoing in maybe if outgoing.is_to(email)])

    def to_or_about(self, email):
        """E-mails sent to `email` (a normalized address), or about its owner, and no other:
        the address matched whole, never as a part of another (`n@` is not in `ann@`)."""
        maybe = self.filter(models.Q(to__icontains=email) | models.Q(about=email))
        return self.filter(pk__in=[outgoing.pk for outgoing in maybe if outgoing.is_to_or_about(email)])

    def lapsed_copies(self, *, before):
        """Copies to forget (`forget_when_sent`) that were never sent and whose link has lapsed."""
        return self.filter(forget_when_sent=True, created_at__lt=before)

    def due_for_retry(self, *, max_attempts, stale_before):
        """Failed sends with attempts left, and queued ones whose task never ran."""
        return self.filter(
            models.Q(status=OutgoingEmail.Status.FAILED, attempts__lt=max_attempts)
            | models.Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=stale_before)
        )


class OutgoingEmail(models.Model):
    """An e-mail on its way out: kept until delivered, so a mail server failure loses nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subject = models.CharField(max_length=500)
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=300)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The person an e-mail to others is about (blueprint.common.mail.send_templated), for personal data.
    about = models.EmailField(blank=True, db_index=True)
    # Its copy holds what the site promises not to store (an unconfirmed comment): deleted once
    # sent, or by `run_periodic` once its link has lapsed.
    forget_when_sent = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def is_sent(self):
        return self.status == self.Status.SENT

    def is_to(self, email):
        return email in {parseaddr(address)[1].strip().lower() for address in self.to}

    def is_to_or_about(self, email):
        return self.is_to(email) or self.about == email

    @classmethod
    def from_message(cls, message):
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        return cls.objects.create(
            subject=str(message.subject),
            body=str(message.body),
            html=str(html),
            from_email=str(message.from_email),
            to=[str(address) for address in message.recipients()],
            reply_to=[str(address) for address in message.reply_to],
            headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
            about=getattr(message, "about", ""),
            forget_when_sent=getattr(message, "forget_when_sent", False),
        )

    def to_message(self):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=self.to,
            reply_to=self.reply_to,
            headers=self.headers,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def deliver(self, connection):
        """Send it through `connection` (the delivery backend), recording how that went."""
        self.attempts += 1
        try:
            connection.send_messages([self.to_message()])
        except Exception as exc:  # any failure of the mail server: record it, retry later
            self.status = self.Status.FAILED
            self.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            if self.forget_when_sent:
                self.delete()
                return
            self.status = self.Status.SENT
            self.sent_at = timezone.now()
            self.last_error = ""
        self.save(update_fields=["attempts", "status", "last_error", "sent_at"])


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
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "window"], name="one_counter_per_window")
        ]

    def __str__(self):
        return f"{self.scope} {self.client}: {self.count}"

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


class UsedFormToken(models.Model):
    """The random part of a public form's start token once a submission spent it: kept until the
    token lapses (FORM_MAX_HOURS), so that one token serves one submission."""

    nonce = models.CharField(max_length=40, unique=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.nonce


class OptInEmailQuerySet(models.QuerySet):
    def take(self, *, address, thing):
        """Record an opt-in e-mail about to go to `address` about `thing` ("signature:12"), or
        False when it may not go: one about the same thing went today, or the address had
        OPT_IN_EMAILS_PER_DAY of them today. Race-free for the thing (a unique row per day);
        two requests at once can only both be refused at the daily cap."""
        key, today = address_key(address), timezone.now().date()
        try:
            with transaction.atomic():
                taken = self.create(address_key=key, thing=thing[:100], day=today)
        except IntegrityError:
            return False
        if self.filter(address_key=key, day=today).count() > settings.OPT_IN_EMAILS_PER_DAY:
            taken.delete()
            return False
        return True

    def about(self, address):
        return self.filter(address_key=address_key(address))


def address_key(address):
    """An e-mail address as a keyed hash: counted without being kept."""
    return salted_hmac("blueprint.opt-in", address.strip().lower(), algorithm="sha256").hexdigest()


class OptInEmail(models.Model):
    """An e-mail that asks someone to confirm something (a signature, a sign-up, a comment, a
    reminder), counted per address per day under a keyed hash of the address: anyone can type
    someone else's address into a form, and this bounds what that sends them."""

    address_key = models.CharField(max_length=64)
    thing = models.CharField(max_length=100)
    day = models.DateField()

    objects = OptInEmailQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address_key", "thing", "day"], name="one_opt_in_per_thing_per_day"
            )
        ]
        indexes = [models.Index(fields=["address_key", "day"])]

    def __str__(self):
        return f"{self.thing} {self.day}"


class EditingPresence(models.Model):
    """An editor with an object's change form open, as its page last told the site (every few
    seconds, js/editing.js): others editing it are told, as Wagtail does."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=40)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_pk"], name="one_presence_per_editor"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.content_type} {self.object_pk}"


class PendingDraft(models.Model):
    """Unfinished work on published content, kept beside it: readers see the published version
    until an editor publishes the draft (or discards it)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=40)
    # The form's values, as the form reads them back: {field: value, m2m fields as lists of pks}.
    data = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_pk"], name="one_draft_per_object")
        ]

    def __str__(self):
        return f"{self.content_type} {self.object_pk}"


class ContentVersionQuerySet(models.QuerySet):
    def bump(self, *, past=0):
        """What readers see changed: one more version (and the row, the first time), and more
        than `past`, a version pages may have been cached under before a restore."""
        version = models.F("version") + 1
        if past:
            version = Greatest(version, models.Value(past + 1))
        if not self.filter(scope=ContentVersion.CONTENT).update(version=version):
            self.bulk_create(
                [ContentVersion(scope=ContentVersion.CONTENT, version=past + 1)], ignore_conflicts=True
            )


class ContentVersion(models.Model):
    """How many times what readers see has changed (blueprint.common.cache): one row."""

    CONTENT = "content"

    scope = models.CharField(max_length=100, unique=True)
    version = models.PositiveBigIntegerField(default=0)

    objects = ContentVersionQuerySet.as_manager()

    def __str__(self):
        return f"{self.scope}: {self.version}"
