from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brigades.records import input_rules
from brigades.records.forms import BrigadeRecordForm, DuplicateWarningMixin
from brigades.models import User

from . import rules
from .choices import RecoverySource, Satisfaction
from .models import (
    BusinessType,
    CommandCentreDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)
from .selectors import workorder_possible_duplicates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
NUMBER = {"inputmode": "numeric", "min": "0"}


class ServicePointForm(BrigadeRecordForm):
    class Meta:
        model = ServicePoint
        fields = [
            "brigade", "name", "kind", "address", "opening_hours", "offers_extended_hours", "offers_weekend_service",
            "self_service_machines", "self_exam_machines", "is_active",
        ]


# --- The daily counter tally ------------------------------------------------------------------------

GRID_COLUMNS = (
    ("sat", _("Sat the exam")),
    ("passed", _("Passed")),
    ("licences_made", _("Licences made")),
    ("handled", _("Handled")),
)


class CounterTallyForm(forms.Form):
    """One service point's day on one screen: the point and day at the top, then a row per
    business type with only the counts that type records. Field names are `<type code>-<count>`,
    the same keys operations.counter_day_record uses for its refusals."""

    service_point = forms.ModelChoiceField(queryset=ServicePoint.objects.none(), label=_("Service point"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    extended_hours = forms.BooleanField(
        label=_("Extended hours worked"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    weekend_service = forms.BooleanField(
        label=_("Weekend or holiday service"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, user, business_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.business_types = list(business_types)
        points = ServicePoint.objects.for_user(user).select_related("brigade")
        self.fields["service_point"].queryset = points.filter(is_active=True) | points.filter(
            pk=self.initial.get("service_point") or 0
        )
        if user.sees_all_brigades:
            self.fields["service_point"].label_from_instance = lambda point: f"{point.brigade.short_name} · {point}"
        for business_type in self.business_types:
            for name in business_type.count_fields():
                self.fields[self.cell_name(business_type, name)] = forms.IntegerField(
                    label=f"{business_type.name} {dict(GRID_COLUMNS)[name]}",
                    required=False,
                    min_value=0,
                    error_messages={"min_value": _("A count cannot be negative."), "invalid": _("Enter a whole number.")},
                    widget=forms.NumberInput(attrs={**NUMBER, "class": "form-control form-control-sm text-end count-cell"}),
                )

    @staticmethod
    def cell_name(business_type, name):
        return f"{business_type.code}-{name}"

    def grid_rows(self):
        """(business type, [bound field or None per column]) for the template's grid."""
        rows = []
        for business_type in self.business_types:
            fields = business_type.count_fields()
            cells = [self[self.cell_name(business_type, name)] if name in fields else None for name, _label in GRID_COLUMNS]
            rows.append((business_type, cells))
        return rows

    def clean_date(self):
        date = self.cleaned_data["date"]
        if problem := input_rules.date_problem(date):
            raise forms.ValidationError(problem)
        return date

    def clean(self):
        cleaned = super().clean()
        for business_type in self.business_types:
            values = {name: cleaned.get(self.cell_name(business_type, name)) for name in business_type.count_fields()}
            if any(self.cell_name(business_type, name) in self.errors for name in values):
                continue
            for name, message in rules.counter_count_errors(business_type.count_scheme, **values).items():
                self.add_error(self.cell_name(business_type, name), message)
        return cleaned

    def counts(self):
        return {
            business_type: {
                name: self.cleaned_data.get(self.cell_name(business_type, name)) or 0
                for name in business_type.count_fields()
            }
            for business_type in self.business_types
        }

    @classmethod
    def initial_for(cls, day, business_types, *, service_point=None, date=None):
        """The form's initial values: a saved day's flags and counts, or a new day's defaults."""
        if day is None:
            date = date or timezone.localdate()
            return {"service_point": service_point.pk if service_point else None, "date": date,
                    "weekend_service": date.weekday() >= 5}
        initial = {"service_point": day.service_point_id, "date": day.date, "extended_hours": day.extended_hours,
                   "weekend_service": day.weekend_service, "note": day.note}
        types = {business_type.pk: business_type for business_type in business_types}
        for count in day.counts.all():
            business_type = types.get(count.business_type_id)
            if business_type is None:
                continue
            for name in business_type.count_fields():
                initial[cls.cell_name(business_type, name)] = getattr(count, name)
        return initial


def active_business_types():
    return BusinessType.objects.filter(is_active=True)


# --- Hotline work orders ---------------------------------------------------------------------------


def handler_choices(user, brigade_id):
    """Users who may handle an order of this brigade: its writing staff."""
    users = User.objects.filter(is_active=True, role__in=["staff", "admin"])
    if brigade_id:
        users = users.filter(brigade_id=brigade_id)
    elif not user.sees_all_brigades:
        users = users.none()
    return users.order_by("first_name", "username")


class HandlerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class WorkOrderForm(DuplicateWarningMixin, BrigadeRecordForm):
    """Register or edit an order's particulars; status, due time and reply change only through the
    lifecycle actions."""

    class Meta:
        model = WorkOrder
        fields = [
            "brigade", "channel", "number", "received_at", "category", "subject", "request",
            "caller_name", "caller_phone", "handler",
        ]
        widgets = {"received_at": DATETIME, "request": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"handler": HandlerField}

    def possible_duplicates(self, data):
        """The same caller within a day: often the same request through a second channel."""
        return workorder_possible_duplicates(self.user, data, exclude_pk=self.instance.pk)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_choices(self.user, self.instance.brigade_id)
        if not self.instance.pk:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))


class WorkOrderTakeForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class WorkOrderReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))
    replied_at = forms.DateTimeField(label=_("Replied at"), widget=DATETIME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("replied_at", timezone.localtime().replace(second=0, microsecond=0))


class WorkOrderCloseForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Caller's satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the caller is dissatisfied: what was done about it."),
    )


class WorkOrderReopenForm(forms.Form):
    note = forms.CharField(label=_("Why is it handled again?"), max_length=500)


# --- Other records -----------------------------------------------------------------------------------


class FastAccidentForm(BrigadeRecordForm):
    class Meta:
        model = FastAccident
        fields = [
            "brigade", "reported_at", "channel", "place", "town", "vehicles_involved", "liability_outcome",
            "liability_noticed_at", "insurer_notified", "closed_at", "note",
        ]
        widgets = {"reported_at": DATETIME, "liability_noticed_at": DATETIME, "closed_at": DATETIME,
                   "vehicles_involved": forms.NumberInput(attrs={"min": "1", "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("reported_at", timezone.localtime().replace(second=0, microsecond=0))


class CommandCentreDayForm(BrigadeRecordForm):
    class Meta:
        model = CommandCentreDay
        fields = [
            "brigade", "date", "consultation_calls", "help_calls", "complaint_calls", "congestion_reports",
            "accident_reports", "other_calls", "patient_escorts", "people_helped", "bad_weather_responses",
            "video_patrols", "bulletins_issued", "note",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.update(NUMBER)
                field.error_messages["min_value"] = _("A count cannot be negative.")


class PermitForm(BrigadeRecordForm):
    class Meta:
        model = Permit
        fields = [
            "brigade", "applied_on", "enterprise", "applicant", "plate_number", "vehicle_type", "routes",
            "daily_from", "daily_until", "valid_from", "valid_to",
        ]
        widgets = {"applied_on": DATE, "valid_from": DATE, "valid_to": DATE, "daily_from": TIME, "daily_until": TIME,
                   "routes": forms.Textarea(attrs={"rows": 2})}


class PermitDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReliefAdvanceForm(BrigadeRecordForm):
    """The request to the fund and its particulars; approval, payment and recoveries are steps."""

    class Meta:
        model = ReliefAdvance
        fields = ["brigade", "accident", "case_reference", "beneficiary", "liable_party", "insurer", "requested_on",
                  "amount_requested", "note"]
        widgets = {"requested_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accident"].required = True
        self.fields["accident"].queryset = self.fields["accident"].queryset.order_by("-occurred_at")
        field = self.fields["amount_requested"]
        field.validators.append(MinValueValidator(0, message=_("An amount cannot be negative.")))
        field.widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})


def _amount_field(label):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                              widget=forms.NumberInput(attrs={"min": "0.01", "step": "0.01", "inputmode": "decimal"}))


def _day_field(label):
    return forms.DateField(label=label, initial=timezone.localdate, widget=DATE)


class ReliefApproveForm(forms.Form):
    amount = _amount_field(_("Amount approved (yuan)"))
    day = _day_field(_("Approved on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReliefRefuseForm(forms.Form):
    day = _day_field(_("Refused on"))
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReliefPayForm(forms.Form):
    amount = _amount_field(_("Amount paid (yuan)"))
    day = _day_field(_("Paid on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReliefRecoverForm(forms.Form):
    amount = _amount_field(_("Amount recovered (yuan)"))
    day = _day_field(_("Recovered on"))
    source = forms.ChoiceField(label=_("Recovered from"), choices=RecoverySource.choices)
    payer = forms.CharField(label=_("Payer"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReliefTargetForm(BrigadeRecordForm):
    class Meta:
        model = ReliefTarget
        fields = ["brigade", "month", "advances_target", "note"]
        widgets = {"month": DATE}
