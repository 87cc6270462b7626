"""The base of every API viewset and serializer: scoping, write permission, server-side fields."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets

from .. import personal_numbers
from .. import input_rules
from ..models import Brigade
from ..replica import reading_from_replica, replica_alias
from ..scoping import may_reference


class RecordWritePermission(permissions.BasePermission):
    message = _("Your role may read these records but not change them.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.is_authenticated and request.user.can_write_records


class BrigadeScopedViewSetMixin:
    """get_queryset through for_user (so other brigades' records answer 404); brigade and
    created_by are set on the server."""

    permission_classes = [permissions.IsAuthenticated, RecordWritePermission]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The auditor reads and changes nothing, whatever an action's own permission classes say
        # (token users are not seen by the web middleware that says the same for pages).
        from security.rules import is_read_only

        if request.method not in permissions.SAFE_METHODS and is_read_only(request.user):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(_("The auditor role reads records and changes nothing."))

    def get_object(self):
        from django.http import Http404

        from ..mixins import log_out_of_scope

        try:
            return super().get_object()
        except Http404:
            lookup = self.lookup_url_kwarg or self.lookup_field
            log_out_of_scope(self.request._request if hasattr(self.request, "_request") else self.request,
                             self.queryset.model if self.queryset is not None else None, self.kwargs.get(lookup))
            raise

    def list(self, request, *args, **kwargs):
        # Lists read from the read replica when there is one (brigades.replica); the rest the primary.
        if not replica_alias():
            return super().list(request, *args, **kwargs)
        with reading_from_replica():
            return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        extra = {}
        if hasattr(serializer.Meta.model, "created_by_id"):
            extra["created_by"] = self.request.user
        serializer.save(**extra)


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
        process the case (brigades.personal_numbers); a full view is logged."""
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
        matters (brigades.month_lock decides, as for the form and the model)."""
        from ..month_lock import would_refuse

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
