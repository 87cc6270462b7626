"""Duplicate warnings in the API, as in the web forms (brigades.records.forms.DuplicateWarningMixin):
never blocking silently, and no surprise for a client written before them.

- Without `confirm_duplicate` (every existing client): the record is saved as before; the answer's
  `warnings` lists the similar records the form would have named.
- `"confirm_duplicate": false` asks to be stopped, as the form stops the clerk: if similar records
  exist, nothing is saved and the answer is 409 with `possible_duplicates`; send it again with
  `"confirm_duplicate": true` to save anyway.
- `"confirm_duplicate": true`: saved without asking.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

DUPLICATE_CODE = "possible_duplicate"


def describe(record, why):
    """One similar record as the API names it."""
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else None
    return {"code": DUPLICATE_CODE, "id": record.pk, "record": str(record), "why": str(why), "url": url}


class PossibleDuplicate(APIException):
    """`confirm_duplicate: false` and similar records exist: 409, nothing saved."""

    status_code = status.HTTP_409_CONFLICT
    default_code = DUPLICATE_CODE

    def __init__(self, found):
        super().__init__()
        self.detail = {
            "detail": _("This may have been entered already: nothing was saved. Check the records listed; if this "
                        "is another case, send it again with \"confirm_duplicate\": true."),
            "code": DUPLICATE_CODE,
            "possible_duplicates": [describe(record, why) for record, why in found],
        }


class DuplicateWarningSerializerMixin(serializers.Serializer):
    """`possible_duplicates(user, data, *, exclude_pk)` is the app's selector, shared with the form;
    `duplicate_fields` are the fields it reads (an edit is checked again when it changes one)."""

    duplicate_fields = ()

    confirm_duplicate = serializers.BooleanField(
        write_only=True, required=False, allow_null=True, default=None,
        help_text="Leave out to save and be told in `warnings` of similar records. `false`: if similar records "
        "exist, save nothing and answer 409 with `possible_duplicates`. `true`: save anyway.",
    )
    warnings = serializers.SerializerMethodField(
        help_text="After a create or edit: records this one may repeat (the same plate on the same day, a hazard "
        "within 50 m of an open one, the same caller within a day). Saved all the same; empty when reading.",
    )

    def possible_duplicates(self, user, data, *, exclude_pk=None):
        raise NotImplementedError

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        return names + [name for name in ("confirm_duplicate", "warnings") if name not in names]

    def validate(self, attrs):
        confirm = attrs.pop("confirm_duplicate", None)  # before the model's own checks see the fields
        attrs = super().validate(attrs)
        self.duplicates = []
        changed = self.instance is None or any(name in attrs for name in self.duplicate_fields)
        request = self.context.get("request")
        if confirm or not changed or request is None:
            return attrs
        data = {name: attrs.get(name, getattr(self.instance, name, None)) for name in self.duplicate_fields}
        found = self.possible_duplicates(request.user, data, exclude_pk=getattr(self.instance, "pk", None))
        if found and confirm is False:
            raise PossibleDuplicate(found)
        self.duplicates = found
        return attrs

    def get_warnings(self, obj) -> list[dict]:
        return [describe(record, why) for record, why in getattr(self, "duplicates", [])]
