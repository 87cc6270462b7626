"""The queryset of every brigade record: what a user may see (`for_user`), written once.

A leaf module (it imports no model), so that the organisation's models and the record base can both use it.
"""

from django.db import models


class BrigadeScopedQuerySet(models.QuerySet):
    """`brigade_lookup` is the lookup from this model to its brigade's id
    (`brigade_id`, or `hazard__brigade_id` for a child row of a hazard)."""

    brigade_lookup = "brigade_id"

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_all_brigades:
            return self.all()
        if user.brigade_id is None:
            return self.none()
        return self.filter(**{self.brigade_lookup: user.brigade_id})

    def for_brigades(self, brigade_ids):
        return self.filter(**{f"{self.brigade_lookup}__in": list(brigade_ids)})
