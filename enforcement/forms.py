from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brigades.records.forms import BrigadeRecordForm, DuplicateWarningMixin
from brigades.records.uploads import MaxUploadSize

from .choices import KindCode
from .models import Deployment, HelmetObservation, Operation, Violation, ViolationCode, ViolationKind
from .operations import violation_apply_rules
from .selectors import violation_possible_duplicates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class KindChoiceField(forms.ModelChoiceField):
    """Offers one alcohol entry: drink or drunk driving is decided by the reading, not chosen."""

    def label_from_instance(self, obj):
        if obj.code == KindCode.DRINK_DRIVING:
            return _("Drink / drunk driving (decided by the reading)")
        return obj.name


def kind_field():
    return KindChoiceField(
        queryset=ViolationKind.objects.filter(is_active=True).exclude(code=KindCode.DRUNK_DRIVING),
        required=False, label=_("kind"),
        help_text=_("For drink or drunk driving, enter the reading: the kind follows from it."),
    )


class ViolationRulesMixin:
    """Runs operations.violation_apply_rules after the model's own checks, so the web form, the
    quick entry and the admin refuse exactly what the API and the import refuse."""

    READINGS = ("breath_alcohol", "blood_alcohol")
    fill_penalty = False

    def _post_clean(self):
        super()._post_clean()
        try:
            violation_apply_rules(self.instance, fill_penalty=self.fill_penalty)
        except ValidationError as error:
            # A reading the field itself refused (0.36361: five decimals) is reported once, there:
            # the rules, which saw no reading, would add "enter the reading" beside it.
            unreadable = any(name in self._errors for name in self.READINGS)
            for field, messages in error.message_dict.items():
                if field in self._errors or (unreadable and field in (*self.READINGS, "kind")):
                    continue
                self.add_error(field if field in self.fields else None, messages)


class ViolationForm(DuplicateWarningMixin, ViolationRulesMixin, BrigadeRecordForm):
    kind = kind_field()

    class Meta:
        model = Violation
        fields = [
            "date", "time", "kind", "violation_code", "plate", "plate_type", "vehicle_type", "driver_name", "driver_id_number",
            "breath_alcohol", "blood_alcohol", "rated_load", "actual_load", "gross_mass", "panels_cut",
            "tonnes_unloaded", "disposition", "fine_amount", "points", "vehicle_detained", "licence_action",
            "operation", "deployment", "squadron", "officers", "town", "road", "note",
        ]
        widgets = {"date": DATE, "time": TIME, "note": forms.Textarea(attrs={"rows": 2})}

    def possible_duplicates(self, data):
        """The same plate on the same day in the brigade (a case entered twice after a night operation)."""
        return violation_possible_duplicates(self.user, data, exclude_pk=self.instance.pk)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        if self.instance.kind_id and self.instance.kind.code == KindCode.DRUNK_DRIVING:
            self.initial["kind"] = ViolationKind.objects.filter(code=KindCode.DRINK_DRIVING).values_list("pk", flat=True).first()
        recent = timezone.localdate() - timedelta(days=90)
        if "operation" in self.fields:
            self.fields["operation"].queryset = self.fields["operation"].queryset.filter(
                Q(end_date__gte=recent) | Q(pk=self.instance.operation_id)
            ).select_related("brigade")
        if "deployment" in self.fields:
            self.fields["deployment"].queryset = self.fields["deployment"].queryset.filter(
                Q(date__gte=recent) | Q(pk=self.instance.deployment_id)
            )
        if "officers" in self.fields:
            self.fields["officers"].queryset = self.fields["officers"].queryset.filter(is_active=True)
        if "violation_code" in self.fields:
            self.fields["violation_code"].queryset = ViolationCode.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.violation_code_id)
            ).select_related("kind")
        # The penalty as the clerk types: htmx posts the form to the preview (class, consequences).
        self.preview_url = reverse("enforcement:violation_preview")


class QuickViolationForm(ViolationForm):
    """The quick entry of a night operation: the sticky part (operation, checkpoint, date,
    squadron, officers, place, kind) is kept between cases; the clerk types the rest."""

    # A night of cases at a checkpoint: a case left without a penalty gets its code's least one (the
    # clerk sees it in the list below and corrects it there if the case was worse).
    fill_penalty = True

    STICKY = ("operation", "deployment", "date", "squadron", "officers", "town", "road", "kind", "plate_type",
              "vehicle_type")

    class Meta(ViolationForm.Meta):
        fields = [
            "operation", "deployment", "date", "squadron", "officers", "town", "road", "kind", "plate_type",
            "vehicle_type", "violation_code", "plate", "driver_name", "driver_id_number", "breath_alcohol",
            "blood_alcohol", "disposition", "fine_amount", "points", "licence_action", "vehicle_detained", "time",
        ]
        widgets = ViolationForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plate"].widget.attrs.update(autofocus=True, autocomplete="off")
        for name in ("plate", "driver_name", "driver_id_number"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def sticky_values(self):
        """The sticky fields of a saved case, as strings for the session."""
        values = {}
        for name in self.STICKY:
            value = self.cleaned_data.get(name)
            if name == "officers":
                # In a stable order (the queryset's follows the officers' names, which may tie).
                values[name] = [str(pk) for pk in sorted(o.pk for o in value or [])]
            elif name == "kind" and self.instance.kind_id and self.instance.kind.code == KindCode.DRUNK_DRIVING:
                values[name] = str(self.fields["kind"].queryset.filter(code=KindCode.DRINK_DRIVING).values_list("pk", flat=True).first())
            elif hasattr(value, "pk"):
                values[name] = str(value.pk)
            elif hasattr(value, "isoformat"):
                values[name] = value.isoformat()
            else:
                values[name] = "" if value is None else str(value)
        return values


class ViolationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("An .xlsx or .csv file with the columns of the template."),
        validators=[MaxUploadSize("SPREADSHEET_MAX_BYTES")],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        return upload


class OperationForm(BrigadeRecordForm):
    class Meta:
        model = Operation
        fields = [
            "name", "kind", "start_date", "end_date", "lead", "is_detachment_wide", "covered_brigades",
            "goal_cases", "goal_alcohol_cases", "goal_overload_cases", "description",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "covered_brigades": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user.brigade_id:
            # A brigade runs its own operations; campaigns of several brigades are the detachment's.
            del self.fields["is_detachment_wide"]
            del self.fields["covered_brigades"]
        if self.instance.pk is None:
            self.initial.setdefault("start_date", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        brigade_id = self.record_brigade_id()
        covered = cleaned.get("covered_brigades")
        if covered is not None and brigade_id:
            cleaned["covered_brigades"] = [b for b in covered if b.pk != brigade_id]
        return cleaned


class DeploymentForm(BrigadeRecordForm):
    class Meta:
        model = Deployment
        fields = ["kind", "place", "town", "date", "start_time", "end_time", "officers", "vehicles_deployed", "note"]
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"end_time": _("An end before the start means the window runs past midnight.")}

    def __init__(self, *args, operation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operation is not None:
            self.instance.operation = operation
            if self.instance.pk is None:
                today = timezone.localdate()
                self.initial.setdefault("date", min(max(today, operation.start_date), operation.end_date))
        self.fields["officers"].queryset = self.fields["officers"].queryset.filter(is_active=True)


class HelmetObservationForm(BrigadeRecordForm):
    class Meta:
        model = HelmetObservation
        fields = ["town", "place", "date", "start_time", "end_time", "riders_seen", "riders_wearing",
                  "passengers_seen", "passengers_wearing", "observer", "note"]
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
