"""The base of every API viewset and serializer: scoping, write permission, server-side fields."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets

from .. import input_rules
from ..models import Brigade
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
        """A record dated in an approved (locked) month cannot be added or edited: a 400 on the date."""
        from ..month_lock import check_change_unlocked

        model = self.Meta.model
        date_field = getattr(model, "date_field", None)
        if not date_field:
            return
        instance = self.instance
        new_day = attrs.get(date_field, getattr(instance, date_field, None) if instance is not None else None)
        old_day = instance.record_date() if instance is not None else None
        message = check_change_unlocked(
            model, brigade_id, new_day, instance.brigade_id if instance is not None else None, old_day
        )
        if message:
            raise serializers.ValidationError({date_field: [message]})
