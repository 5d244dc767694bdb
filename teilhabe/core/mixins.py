"""Abstract models shared by the parts of Teilhabe: edit locking and the approval for the public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Optimistic locking: every save through a service increments ``version``; a save based
    on an older version is refused (see ``teilhabe.core.versioning``). A new object is saved as
    version 1. Forms carry the version in a field of their own.

    Not for other numbers called "version": ``statistics.Dataset.version`` counts the imports
    of a dataset and report editions are numbered documents; neither locks edits.
    """

    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    class Meta:
        abstract = True


class Publishable(models.Model):
    """Nothing is public until approved; the approval is recorded per object."""

    published_at = models.DateTimeField(_("approved for publication on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for publication by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
