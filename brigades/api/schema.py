"""The OpenAPI schema says how an edit proves it is current: If-Match on PUT/PATCH, 409 and 412 answers."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

STALE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "version": {"type": "integer", "description": "The record's current version."},
    },
    "required": ["detail", "version"],
}


class RecordAutoSchema(AutoSchema):
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
        return responses
