"""The queryset of every brigade record: what a user may see (`for_user`), written once.

A leaf module (it imports no model), so that the organisation's models and the record base can both use it.
"""

from django.db import models


class BrigadeScopedQuerySet(models.QuerySet):
    """`brigade_lookup` is the lookup from this model to its brigade's id
    (`brigade_id`, or `hazard__brigade_id` for a child row of a hazard)."""

    brigade_lookup = "brigade_id"

    def for_user(self, user):
        """What the user may see: every brigade's records for detachment-level users, else their
        brigade's (as `for_brigades` has it: a model shared across brigades widens that)."""
        return self._for_brigade_of(user, self.for_brigades)

    def owned_by(self, user):
        """Only the records of the user's own brigade (every brigade's for detachment-level users)."""
        return self._for_brigade_of(user, lambda ids: BrigadeScopedQuerySet.for_brigades(self, ids))

    def for_brigades(self, brigade_ids):
        return self.filter(**{f"{self.brigade_lookup}__in": list(brigade_ids)})

    def _for_brigade_of(self, user, narrow):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_all_brigades:
            return self.all()
        if user.brigade_id is None:
            return self.none()
        return narrow([user.brigade_id])
