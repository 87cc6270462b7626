"""Forms for daily entry: the most-used fields first, today's date and the user's brigade by default."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brigades.records import input_rules
from brigades.records.forms import BrigadeRecordForm, DuplicateWarningMixin, LocationPickerMixin, VersionedFormMixin
from brigades.models import Brigade, Officer, Squadron
from brigades.records.photos import validate_photo
from brigades.records.uploads import MaxUploadSize

from .choices import (
    ClosureReason,
    DeliveryMethod,
    DriverClearance,
    ImportKind,
    PhotoStage,
    ReinspectionResult,
    RiskLevel,
    SupervisionLevel,
    VehicleClearance,
)
from .models import (
    Accident,
    Enterprise,
    Hazard,
    HazardCategory,
    HazardMeasure,
    KeyDriver,
    KeyVehicle,
    MeasureKind,
    ResponsibleParty,
    SupervisionAction,
)
from .selectors import hazard_possible_duplicates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked to be an image."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [single(item, initial) for item in files]
        for upload in cleaned:
            validate_photo(upload)
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


def active(queryset):
    return queryset.filter(is_active=True)


# ---------------------------------------------------------------- hazards


class HazardForm(LocationPickerMixin, DuplicateWarningMixin, BrigadeRecordForm):
    photos = MultiplePhotoField(label=_("Photos before rectification"))

    class Meta:
        model = Hazard
        fields = [
            "town", "road", "place", "category", "level", "source", "found_on", "finder", "description",
            "latitude", "longitude",
        ]
        widgets = {"found_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def possible_duplicates(self, data):
        """An open hazard within about 50 metres is probably the same place reported again."""
        return hazard_possible_duplicates(self.user, data, exclude_pk=self.instance.pk)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active(HazardCategory.objects.all())
        if self.instance.pk:
            del self.fields["photos"]

    def clean(self):
        cleaned = super().clean()
        found_on = cleaned.get("found_on")
        deadline = self.instance.rectification_deadline
        if found_on and deadline and deadline < found_on:
            self.add_error("found_on", _("The found date cannot be after the rectification deadline."))
        return cleaned


class HazardAssignForm(forms.Form):
    responsible_party = forms.ModelChoiceField(queryset=active(ResponsibleParty.objects.all()), label=_("Responsible party"))
    responsible_party_detail = forms.CharField(label=_("Responsible unit"), required=False, max_length=100)
    deadline = forms.DateField(label=_("Rectification deadline"), widget=DATE)
    issued_on = forms.DateField(label=_("Notice issued on"), widget=DATE, initial=timezone.localdate)
    requirements = forms.CharField(label=_("Rectification requirements"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class HazardRectifyForm(forms.Form):
    rectified_on = forms.DateField(label=_("Rectified on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(label=_("Photos after rectification (evidence)"))


class HazardSignOffForm(forms.Form):
    signed_off_on = forms.DateField(label=_("Signed off on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HazardCloseForm(forms.Form):
    reason = forms.ChoiceField(choices=ClosureReason.choices, label=_("Reason"))
    true_responsible_party = forms.CharField(
        label=_("Unit really responsible"), required=False, max_length=100,
        help_text=_("Required when it is not our jurisdiction."),
    )
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}))


class HazardPhotoForm(forms.Form):
    stage = forms.ChoiceField(choices=PhotoStage.choices, label=_("Stage"))
    photos = MultiplePhotoField(label=_("Photos"), required=True)
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class HazardMeasureForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = HazardMeasure
        fields = ["kind", "planned_quantity", "done_quantity", "done_on", "note"]
        widgets = {"done_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = active(MeasureKind.objects.all())


class ReinspectionForm(forms.Form):
    result = forms.ChoiceField(choices=ReinspectionResult.choices, label=_("Result"), widget=forms.RadioSelect)
    done_on = forms.DateField(label=_("Re-inspected on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_deadline = forms.DateField(label=_("New deadline (if relapsed)"), widget=DATE, required=False)


# ---------------------------------------------------------------- accidents and black spots


class AccidentForm(LocationPickerMixin, BrigadeRecordForm):
    class Meta:
        model = Accident
        fields = [
            "occurred_at", "town", "road", "place", "severity", "deaths", "injuries", "main_cause", "vehicle_types",
            "parties", "latitude", "longitude", "is_reviewed", "review_findings", "hazard",
        ]
        widgets = {
            "occurred_at": DATETIME, "parties": forms.Textarea(attrs={"rows": 2}),
            "review_findings": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["main_cause"].queryset = active(self.fields["main_cause"].queryset)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Why this is not a black spot"), widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------- enterprises


class EnterpriseForm(BrigadeRecordForm):
    class Meta:
        model = Enterprise
        fields = [
            "name", "credit_code", "kind", "risk_level", "town", "address", "contact_person", "contact_phone",
            "vehicle_count", "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Later changes of the risk level go through the risk assessment, which keeps the history.
            del self.fields["risk_level"]

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        taken = Enterprise.objects.filter(credit_code=code).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError(_("An enterprise with this credit code is already registered."))
        return code


class RiskChangeForm(forms.Form):
    to_level = forms.ChoiceField(choices=RiskLevel.choices, label=_("New risk level"))
    changed_on = forms.DateField(label=_("Assessed on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionActionForm(BrigadeRecordForm):
    class Meta:
        model = SupervisionAction
        fields = ["enterprise", "kind", "acted_on", "officers", "outcome", "deadline"]
        widgets = {"acted_on": DATE, "deadline": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprise is not None:
            self.fields["enterprise"].initial = enterprise.pk


class NoticeReceiptForm(forms.Form):
    """The signed 送达回执 that came back (recorded by operations.notice_record_receipt)."""

    received_by = forms.CharField(label=_("Received by"), max_length=100, help_text=_("The name signed on the receipt"))
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    delivery_method = forms.ChoiceField(label=_("Served"), choices=DeliveryMethod.choices, widget=forms.RadioSelect)
    receipt_scan = forms.FileField(
        label=_("Signed receipt (photo or scan)"), required=False,
        help_text=_("A photo or a PDF scan; not needed for electronic service."),
    )


class SupervisionListForm(forms.Form):
    level = forms.ChoiceField(label=_("Listed by"), choices=SupervisionLevel.choices)
    supervising_unit = forms.CharField(label=_("Supervising unit"), max_length=100)
    listed_on = forms.DateField(label=_("Listed on"), widget=DATE, initial=timezone.localdate)
    supervision_deadline = forms.DateField(label=_("Supervision deadline"), widget=DATE)
    requirements = forms.CharField(label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SupervisionProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE, initial=timezone.localdate)
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))


class SupervisionLiftForm(forms.Form):
    lifted_on = forms.DateField(label=_("Lifted on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Why lifted"), widget=forms.Textarea(attrs={"rows": 2}))


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("How it was done"), widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------- key vehicles and drivers


class KeyVehicleForm(BrigadeRecordForm):
    class Meta:
        model = KeyVehicle
        fields = ["plate_number", "plate_type", "vehicle_type", "owner", "problem", "due_date", "listed_on"]
        widgets = {"due_date": DATE, "listed_on": DATE}


class KeyDriverForm(BrigadeRecordForm):
    class Meta:
        model = KeyDriver
        fields = ["licence_number", "name", "licence_class", "problem", "due_date", "listed_on"]
        widgets = {"due_date": DATE, "listed_on": DATE}


class KeyItemAssignForm(forms.Form):
    squadron = forms.ModelChoiceField(queryset=Squadron.objects.none(), label=_("Squadron"))
    officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label=_("Responsible officer"), required=False)
    handle_by = forms.DateField(label=_("Time limit"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, brigade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["squadron"].queryset = Squadron.objects.filter(brigade=brigade, is_active=True)
        self.fields["officer"].queryset = Officer.objects.filter(brigade=brigade, is_active=True)
        self.fields["handle_by"].initial = timezone.localdate() + timezone.timedelta(days=14)


class KeyVehicleClearForm(forms.Form):
    clearance = forms.ChoiceField(choices=VehicleClearance.choices, label=_("Cleared by"))
    cleared_on = forms.DateField(label=_("Cleared on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False)


class KeyDriverClearForm(KeyVehicleClearForm):
    clearance = forms.ChoiceField(choices=DriverClearance.choices, label=_("Cleared by"))


class KeyItemImportForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportKind.choices, label=_("List"))
    listed_on = forms.DateField(label=_("List date"), widget=DATE, initial=timezone.localdate)
    file = forms.FileField(
        label=_("File (CSV or .xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[MaxUploadSize("SPREADSHEET_MAX_BYTES")],
    )
    brigade = forms.ModelChoiceField(queryset=Brigade.objects.none(), label=_("Brigade"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.brigade_id:
            del self.fields["brigade"]
        else:
            self.fields["brigade"].queryset = Brigade.objects.for_user(user)
            self.fields["brigade"].required = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or .xlsx file."))
        return upload

    def clean_listed_on(self):
        listed_on = self.cleaned_data["listed_on"]
        if problem := input_rules.date_problem(listed_on):
            raise forms.ValidationError(problem)
        return listed_on

    def target_brigade(self):
        return self.user.brigade if self.user.brigade_id else self.cleaned_data["brigade"]
