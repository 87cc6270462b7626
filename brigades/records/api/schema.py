"""The OpenAPI schema as a client developer reads it: what each operation does, every answer it can
give (errors included: 400, 401, 403, 404, 409, 412, 413, 415), and the bodies as they really come.

- How an edit proves it is current: If-Match on PUT/PATCH, 409 and 412 answers.
- How a record that looks entered twice is answered (brigades.records.api.duplicates: 409 when asked).
- Descriptions: the generic operations (list, read, create, replace, change, delete) are described from
  the model; an action's description is its own (`@extend_schema(description=...)` or the docstring of
  the action method, written for API users). View class docstrings are notes for this codebase's
  developers and are not shown.
- Fields as they are answered: a read-only choice of a model field that may be blank answers `""`; a
  time is `08:30:00` (no UTC offset: JSON Schema's `time` format requires one).
"""

import copy

from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .duplicates import DuplicateWarningSerializerMixin
from .scoping import BrigadeScopedViewSetMixin, ReferenceDataViewSet

STALE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "version": {"type": "integer", "description": "The record's current version."},
    },
    "required": ["detail", "version"],
}
ERROR = {
    "type": "object",
    "description": "Why the request was refused, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "What is wrong with the request: a list of messages per field (`non_field_errors` for the "
    "request as a whole), or `detail`.",
    "additionalProperties": {},
}
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
BODY_METHODS = ("POST", "PUT", "PATCH")

ERRORS = {
    "400": ("ValidationError", "The request is invalid: each field's messages say why. Nothing was saved."),
    "401": ("Error", "No valid token (`Authorization: Token …`) or session."),
    "403": ("Error", "The caller's role may not do this (the reason is given)."),
    "404": ("Error", "No such record among those the caller may see (another brigade's records answer 404 too), "
                     "or the page cursor is no longer valid."),
    "409": ("Error", "The request conflicts with the records as they are (a duplicate, a record still referred to, "
                     "or a change made since the version sent): nothing was saved."),
    "413": ("Error", "The request body is too large."),
    "415": ("Error", "The body's content type is not one the operation reads."),
}


def english(text):
    with translation.override("en"):
        return str(text)


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

    def _model(self):
        queryset = getattr(self.view, "queryset", None)
        return getattr(queryset, "model", None)

    def _versioned_edit(self):
        if self.method not in ("PUT", "PATCH"):
            return False
        model = self._model()
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

    # Descriptions ---------------------------------------------------------------------------------

    GENERIC = {
        "list": "The {plural} the caller may see: their own brigade's (every brigade's for detachment-level "
                "users), in their usual order (newest first for dated records), one page at a time — follow `next` and `previous`; `page_size` up to 500. "
                "The query parameters narrow the list.",
        "retrieve": "One {singular}, if it belongs to a brigade the caller may see (404 otherwise).{etag}",
        "create": "Record a new {singular} in the caller's brigade (a detachment-level user names its `brigade`). "
                  "The brigade, who recorded it and any status are set by the server. Answers the record as saved.",
        "update": "Replace a {singular}: send every writable field and the `version` you read (or `If-Match` with "
                  "its ETag). If someone saved it since, nothing is saved and the answer is 409 (412 for If-Match).",
        "partial_update": "Change some fields of a {singular}: send them with the `version` you read (or `If-Match` "
                          "with its ETag). If someone saved it since, nothing is saved and the answer is 409 (412 "
                          "for If-Match).",
        "destroy": "Delete a {singular}. A record other records still refer to is not deleted (409).",
    }

    REFERENCE = {
        "list": "Every {singular} (reference data, the same for every brigade, maintained in the admin), in the "
                "order the forms offer them; `is_active=true` leaves out retired ones. Records name them by `id`.",
        "retrieve": "One {singular} (reference data).",
    }

    def get_description(self):
        action = getattr(self.view, "action", None)
        model = self._model()
        texts = {}
        if isinstance(self.view, ReferenceDataViewSet):
            texts = self.REFERENCE
        elif isinstance(self.view, BrigadeScopedViewSetMixin):
            texts = self.GENERIC
        if action in texts and model is not None:
            meta = model._meta
            etag = " The `ETag` header carries its `version`, for a later If-Match." if any(
                f.name == "version" for f in meta.concrete_fields) else ""
            return texts[action].format(singular=english(meta.verbose_name), plural=english(meta.verbose_name_plural),
                                        etag=etag)
        method = getattr(self.view, action, None) if action else getattr(self.view, self.method.lower(), None)
        doc = getattr(method, "__doc__", None) or ""
        if not doc.strip() and action in ("list", "retrieve"):
            doc = type(self.view).__doc__ or ""  # a plain viewset's docstring, written for its users
        return " ".join(doc.split())

    # Answers ---------------------------------------------------------------------------------------

    def _component(self, name):
        schema = {"Error": ERROR, "ValidationError": VALIDATION_ERROR, "StaleVersion": STALE}[name]
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _error_codes(self):
        codes = ["400", "401", "403", "404"]
        if self.method in WRITE_METHODS:
            codes.append("409")
        if self.method in BODY_METHODS:
            codes += ["413", "415"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            name, description = ERRORS[code]
            responses.setdefault(code, {"content": {"application/json": {"schema": self._component(name)}},
                                        "description": description})
        if self._versioned_edit():
            for code, description in (
                ("409", "The record changed since the `version` sent (or conflicts with another record): nothing "
                        "was saved; for a change made since, the current `version` is given."),
                ("412", "The record changed since the If-Match version: nothing was saved; the current version is given."),
            ):
                responses[code] = {"content": {"application/json": {"schema": self._component(
                    "StaleVersion" if code == "412" else "Error")}}, "description": description}
        if self._duplicate_checked():
            # A write of a record that looks entered twice, when the client asked to be stopped (brigades.records.api.duplicates).
            if "409" in responses:
                responses["409"] = {
                    "content": {"application/json": {"schema": {"anyOf": [
                        responses["409"]["content"]["application/json"]["schema"], DUPLICATE]}}},
                    "description": responses["409"]["description"] + " Or: " + DUPLICATE_ANSWER,
                }
            else:
                responses["409"] = {"content": {"application/json": {"schema": DUPLICATE}}, "description": DUPLICATE_ANSWER}
        return responses

    # Fields ----------------------------------------------------------------------------------------

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        field = self._as_answered(field)
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and isinstance(schema, dict) and schema.get("format") == "time":
            schema.pop("format")
            schema["pattern"] = TIME_PATTERN
            schema.setdefault("example", "08:30:00")
        return schema

    def _insert_field_validators(self, field, schema):
        # A file is sent as binary and answered as a URL: a file-name pattern (FileExtensionValidator)
        # describes neither.
        if isinstance(field, serializers.FileField):
            return
        super()._insert_field_validators(field, schema)

    @staticmethod
    def _as_answered(field):
        """A read-only field built from a model field drops allow_blank/allow_null (DRF keeps them for
        input only); the answer may still be "" or null, so the schema says so."""
        if not field.read_only or not isinstance(field, serializers.Field):
            return field
        parent = getattr(field, "parent", None)
        model = getattr(getattr(parent, "Meta", None), "model", None)
        source = getattr(field, "source", None)
        if model is None or not source or "." in source or source == "*":
            return field
        try:
            model_field = model._meta.get_field(source)
        except Exception:  # noqa: BLE001 (a property or annotation: nothing to learn)
            return field
        blank = isinstance(field, serializers.CharField | serializers.ChoiceField) and model_field.blank \
            and not getattr(field, "allow_blank", False)
        null = getattr(model_field, "null", False) and not field.allow_null
        if not blank and not null:
            return field
        field = copy.copy(field)
        if blank:
            field.allow_blank = True
        if null:
            field.allow_null = True
        return field
