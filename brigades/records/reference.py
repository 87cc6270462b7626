"""Reference data in both languages: a term an administrator maintains (a hazard category, a
responsible party, a violation kind) keeps its Chinese `name` and may have an English `name_en`,
shown when the user reads the site in English. The Chinese name stays the identity (imports and
spreadsheets match it); an empty English name falls back to it."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class EnglishNameMixin(models.Model):
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self):
        if self.name_en and (get_language() or "").lower().startswith("en"):
            return self.name_en
        return self.name

    def __str__(self):
        return self.display_name
