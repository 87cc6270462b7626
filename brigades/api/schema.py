"""The OpenAPI schema says how an edit proves it is current (If-Match on PUT/PATCH, 409 and 412 answers)
and how a record that looks entered twice is answered (brigades.api.duplicates: 409 when asked)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .duplicates import DuplicateWarningSerializerMixin

STALE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "version": {"type": "integer", "description": "The record's current version."},
    },
    "required": ["detail", "version"],
}


DUPLICATE_RECORD = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "enum": ["possible_duplicate"]},
        "id": {"type": "integer"},
        "record": {"type": "string", "description": "The similar record as the pages name it."},
        "why": {"type": "string", "description": "Why it looks the same (the same plate on the same day...)."},
        "url": {"type": "string", "nullable": True, "description": "Its web page."},
    },
}
DUPLICATE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "enum": ["possible_duplicate"]},
        "possible_duplicates": {"type": "array", "items": DUPLICATE_RECORD},
    },
    "required": ["detail", "code", "possible_duplicates"],
}
DUPLICATE_ANSWER = ("Sent with `\"confirm_duplicate\": false` and similar records exist (`possible_duplicates`): "
                    "nothing was saved. Send again with `true` to save anyway. Without `confirm_duplicate` the "
                    "record is saved and the similar records are listed in `warnings`.")


class RecordAutoSchema(AutoSchema):
    def _duplicate_checked(self):
        if self.method not in ("POST", "PUT", "PATCH") or getattr(self.view, "action", None) not in (
            "create", "update", "partial_update"
        ):
            return False
        serializer = self.get_request_serializer()
        return isinstance(serializer, DuplicateWarningSerializerMixin)

    def _versioned_edit(self):
        if self.method not in ("PUT", "PATCH"):
            return False
        queryset = getattr(self.view, "queryset", None)
        model = getattr(queryset, "model", None)
        return model is not None and any(f.name == "version" for f in model._meta.concrete_fields)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._versioned_edit():
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                description='The ETag of GET (`"3"`): the version this edit was made from, instead of `version` '
                "in the body. If the record has moved on, nothing is saved and the answer is 412.",
            ))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response" and self._versioned_edit():
            for code, description in (
                ("409", "The record changed since the `version` sent: nothing was saved; the current version is given."),
                ("412", "The record changed since the If-Match version: nothing was saved; the current version is given."),
            ):
                responses[code] = {"content": {"application/json": {"schema": STALE}}, "description": description}
        if direction == "response" and self._duplicate_checked():
            if "409" in responses:  # an edit: stale, or a duplicate when asked
                responses["409"] = {
                    "content": {"application/json": {"schema": {"oneOf": [STALE, DUPLICATE]}}},
                    "description": responses["409"]["description"] + " Or: " + DUPLICATE_ANSWER,
                }
            else:
                responses["409"] = {"content": {"application/json": {"schema": DUPLICATE}}, "description": DUPLICATE_ANSWER}
        return responses
