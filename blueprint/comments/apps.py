from contextlib import suppress

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.apps import CommentsXtdConfig


class ReaderCommentsConfig(CommentsXtdConfig):
    """django-comments-xtd, named in editors' words in the admin (not "Comments Xtd")."""

    default = False
    verbose_name = _("Readers' comments")


class CommentsConfig(AppConfig):
    """The thin wrap of django-comments-xtd: the comment form's page and protection, flags,
    hiding with a reason, and the moderation queue."""

    default = True  # this module also holds the library's config, below
    name = "blueprint.comments"
    label = "comments"
    verbose_name = _("Comments and moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_comments.moderation import AlreadyModerated
        from django_comments.signals import comment_was_posted
        from django_comments_xtd import views as library_views
        from django_comments_xtd.models import TmpXtdComment
        from django_comments_xtd.moderation import moderator

        from blueprint.comments import services
        from blueprint.comments.moderation import BlueprintModerator
        from blueprint.comments.views import COMMENTABLE
        from blueprint.common.parts import Part, add_part

        # The site sends the confirmation link itself, signed as JSON; the library's would be a pickle.
        comment_was_posted.disconnect(library_views.on_comment_was_posted, sender=TmpXtdComment)
        comment_was_posted.connect(
            services.request_confirmation, sender=TmpXtdComment, dispatch_uid="comments-confirm"
        )

        # The registry is the process's; ready() runs once per app registry.
        with suppress(AlreadyModerated):
            moderator.register(list(COMMENTABLE.values()), BlueprintModerator)
        for model in COMMENTABLE.values():
            add_part(
                model._meta.label, Part("includes/comments.html", on_page=services.on_page, slot="discussion")
            )
