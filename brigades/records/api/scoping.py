"""The base of every API viewset and serializer: scoping, write permission, server-side fields."""


from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import UniqueConstraint
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions as permissions_drf
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from security.rules import is_read_only

from .. import input_rules, permissions, personal_numbers
from ..mixins import log_out_of_scope
from ...models import Brigade
from ..month_lock import would_refuse
from ..replica import reading_from_replica, replica_alias
from ..scoping import may_reference
from .exceptions import PreconditionFailed, StaleVersion


def if_match_version(request):
    """The version named by an If-Match header (`"3"`, `W/"3"`), or None."""
    header = (request.headers.get("If-Match") or "").strip() if request is not None else ""
    if not header or header == "*":
        return None
    tag = header.split(",")[0].strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() else -1


CRUD_ACTIONS = {"create": permissions.ADD, "update": permissions.CHANGE, "partial_update": permissions.CHANGE,
                "destroy": permissions.DELETE}


def permission_action(view, request):
    """The brigades.records.permissions action of a request: add/change/delete, or the named @action
    (`sign_off` for `sign-off`, `return` for `return_`)."""
    if request.method in permissions_drf.SAFE_METHODS:
        return permissions.VIEW
    action = getattr(view, "action", None) or ""
    return CRUD_ACTIONS.get(action) or action.rstrip("_") or permissions.CHANGE


class RecordPermission(permissions_drf.BasePermission):
    """Asks brigades.records.permissions: for the model before the record is read, for the record after."""

    message = permissions.READ_ONLY

    def has_permission(self, request, view):
        action = permission_action(view, request)
        model = getattr(getattr(view, "queryset", None), "model", None)
        if action == permissions.VIEW or model is None:
            return True
        if getattr(view, "detail", None) and action not in CRUD_ACTIONS.values():
            return True  # a transition of one record is decided on that record (has_object_permission)
        return self.check(request, action, model)

    def has_object_permission(self, request, view, obj):
        return self.check(request, permission_action(view, request), obj)

    def check(self, request, action, target):
        try:
            permissions.require(request.user, action, target)
        except DjangoPermissionDenied as error:
            self.message = str(error)
            raise PermissionDenied(str(error)) from None
        return True


class BrigadeScopedViewSetMixin:
    """get_queryset through for_user (so other brigades' records answer 404); brigade and
    created_by are set on the server."""

    permission_classes = [permissions_drf.IsAuthenticated, RecordPermission]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The auditor reads and changes nothing, whatever an action's own permission classes say
        # (token users are not seen by the web middleware that says the same for pages).
        if request.method not in permissions_drf.SAFE_METHODS and is_read_only(request.user):
            raise PermissionDenied(_("The auditor role reads records and changes nothing."))

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            lookup = self.lookup_url_kwarg or self.lookup_field
            log_out_of_scope(self.request._request if hasattr(self.request, "_request") else self.request,
                             self.queryset.model if self.queryset is not None else None, self.kwargs.get(lookup))
            raise

    def list(self, request, *args, **kwargs):
        # Lists read from the read replica when there is one (brigades.records.replica); the rest the primary.
        if not replica_alias():
            return super().list(request, *args, **kwargs)
        with reading_from_replica():
            return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        extra = {}
        if hasattr(serializer.Meta.model, "created_by_id"):
            extra["created_by"] = self.request.user
        serializer.save(**extra)

    def finalize_response(self, request, response, *args, **kwargs):
        """A record's answer carries its version as the ETag, for a later If-Match."""
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("version"), int) and getattr(self, "action", None) != "list":
            response["ETag"] = f'"{data["version"]}"'
        return response


class BrigadeScopedModelViewSet(BrigadeScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class BrigadeScopedReadOnlyViewSet(BrigadeScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class BrigadeRecordSerializer(serializers.ModelSerializer):
    """Related choices are narrowed to the caller's scope (another brigade's id is 'invalid'),
    the brigade is the caller's own (detachment-level callers name one on create), and every
    related object must belong to the record's brigade or be shared with it (`scoping.may_reference`)."""

    brigade = serializers.PrimaryKeyRelatedField(queryset=Brigade.objects.all(), required=False)
    brigade_name = serializers.CharField(source="brigade.name", read_only=True)
    version = serializers.IntegerField(
        required=False, min_value=0,
        help_text="The record's version: goes up by one on every save. A PUT or PATCH sends the version it "
        "was made from (here, or as If-Match with the ETag of GET); if the record has moved on since, nothing "
        "is saved and the answer is 409 (412 for If-Match) with the current `version`.",
    )

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        if "version" not in names and any(f.name == "version" for f in self.Meta.model._meta.concrete_fields):
            names.append("version")
        return names

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if "brigade" in fields and (getattr(user, "brigade_id", None) or self.instance is not None):
            # The caller's own brigade, or the record's: never taken from the request.
            fields["brigade"] = serializers.PrimaryKeyRelatedField(read_only=True)
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                target.queryset = queryset.for_user(user)
        return fields

    def to_representation(self, instance):
        """Personal numbers the model declares are masked in lists and for roles that do not
        process the case (brigades.records.personal_numbers); a full view is logged."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        view = self.context.get("view")
        context = "detail" if getattr(view, "action", None) not in (None, "list") else "list"
        for name in personal_numbers.fields_of(type(instance)):
            if name in data:
                data[name] = personal_numbers.personal_number_for(
                    getattr(request, "user", None), instance, name, context=context, channel="api"
                )
        return data

    def check_version(self, attrs):
        """An update names the version it was made from; an older one is refused, never merged."""
        sent = attrs.pop("version", None)
        if self.instance is None or not hasattr(self.instance, "version"):
            return
        current = self.instance.version
        header = if_match_version(self.context.get("request"))
        if header is not None and header != current:
            raise PreconditionFailed(current)
        if sent is not None and sent != current:
            raise StaleVersion(current)
        if sent is None and header is None:
            raise serializers.ValidationError({"version": [_(
                "Send the version you are changing (the record's `version`, or If-Match with its ETag)."
            )]})
        # The UPDATE is made WHERE version = this: an edit saved in between still loses (StaleEdit, 409).
        self.instance.version = current

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = self.context["request"].user
        if self.instance is not None:
            attrs.pop("brigade", None)
            brigade = self.instance.brigade
        elif user.brigade_id:
            attrs["brigade"] = brigade = user.brigade
        elif attrs.get("brigade") is None:
            raise serializers.ValidationError({"brigade": _("Choose the brigade this record belongs to.")})
        else:
            brigade = attrs["brigade"]
        brigade_id = brigade.pk
        errors = {}
        for name, value in attrs.items():
            if name == "brigade":
                continue
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if not may_reference(item, brigade):
                    errors[name] = [_("This belongs to another brigade.")]
        # An edit that names officers only is checked against the record's squadron.
        errors.update(input_rules.squadron_problems({"squadron": getattr(self.instance, "squadron", None), **attrs}))
        if errors:
            raise serializers.ValidationError(errors)
        self.check_month_lock(brigade_id, attrs)
        input_rules.validate_attrs(self.Meta.model, attrs, self.instance)
        self.validate_unique_constraints(attrs)
        self.check_version(attrs)
        return attrs

    def validate_unique_constraints(self, attrs):
        """Check the unique constraints that name the brigade here, so that a duplicate answers a
        400 rather than reaching the database: DRF cannot, because `brigade` is not a writable
        field. A serializer that upserts declares `validators = []` in Meta, as DRF has it."""
        if getattr(self.Meta, "validators", None) == []:
            return
        model = self.Meta.model
        probe = model(pk=self.instance.pk) if self.instance is not None else model()
        if self.instance is not None:
            probe._state.adding = False  # so the constraint leaves the record itself out
            for field in model._meta.concrete_fields:
                setattr(probe, field.attname, getattr(self.instance, field.attname))
        for name, value in attrs.items():
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if field is not None:
                setattr(probe, field.name, value)
        for constraint in model._meta.constraints:
            # Check constraints are left to the operations, which word their own messages.
            if not isinstance(constraint, UniqueConstraint) or "brigade" not in constraint.fields:
                continue
            try:
                constraint.validate(model, probe)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None

    def check_month_lock(self, brigade_id, attrs):
        """A write that would change a day of an approved month is refused: a 400 on the field that
        matters (brigades.records.month_lock decides, as for the form and the model)."""
        model = self.Meta.model
        if not getattr(model, "all_rollup_date_fields", lambda: ())():
            return
        plain = {}
        for name, value in attrs.items():
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if field is not None:
                plain[name] = value
        if self.instance is not None:
            refused = would_refuse(self.instance, **plain)
        else:
            refused = would_refuse(model(brigade_id=brigade_id, **{k: v for k, v in plain.items() if k != "brigade"}))
        if refused is not None:
            raise serializers.ValidationError(serializers.as_serializer_error(refused))


class ReferenceDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data (categories, kinds, parties...) every signed-in user reads, in the order the
    forms offer it; `?is_active=true` leaves out the retired terms. Changed in the admin only."""

    permission_classes = [permissions_drf.IsAuthenticated]
    filterset_fields = ["is_active"]
    ordering_fields = ["sort_order", "name"]


class ReferenceDataSerializer(serializers.ModelSerializer):
    """`name` is the Chinese name (the identity imports and spreadsheets match), `name_en` the English
    one (may be empty), `display_name` the one for the caller's language."""

    display_name = serializers.CharField(read_only=True)

    class Meta:
        fields = ["id", "name", "name_en", "display_name", "sort_order", "is_active"]
        read_only_fields = fields
