from datetime import timedelta

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brigades.records.forms import BrigadeRecordForm

from .choices import Staffing, Weekday
from .models import EscortDutyLog, EscortPost, EscortShift, Event, EventMaterial, EventPhoto, Material, MediaArticle, School, TargetGroup
from .rules import plain_number
from .selectors import conflict_messages, shift_conflicts

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OutreachRecordForm(BrigadeRecordForm):
    """BrigadeRecordForm removes the brigade field when the brigade is the user's, and Django then
    skips every unique constraint that names the brigade (a duplicate school name would reach the
    database as an IntegrityError). The brigade is always set on the instance here, so keep it in."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("brigade")
        return exclude


class OperationChoiceField(forms.ModelChoiceField):
    """An operation shown with its dates: the same campaign name recurs every year."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.start_date:%Y-%m-%d} – {obj.end_date:%Y-%m-%d}）"


class EventForm(OutreachRecordForm):
    class Meta:
        model = Event
        fields = [
            "brigade", "date", "start_time", "title", "event_kind", "venue_kind", "school", "enterprise", "venue_name",
            "town", "target_groups", "audience", "officers", "operation", "campaign", "summary",
        ]
        field_classes = {"operation": OperationChoiceField}
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "target_groups": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(is_active=True)
        self.fields["school"].queryset = self.fields["school"].queryset.filter(is_active=True)
        self.fields["officers"].queryset = self.fields["officers"].queryset.filter(is_active=True)
        # The base narrowed the operations to those the brigade takes part in (its own, and other
        # brigades' that cover it: Operation.covers); offer the last year's and the current choice.
        recent = timezone.localdate() - timedelta(days=365)
        self.fields["operation"].queryset = self.fields["operation"].queryset.filter(
            Q(end_date__gte=recent) | Q(pk=self.instance.operation_id)
        ).order_by("-start_date", "name")


class EventMaterialForm(forms.ModelForm):
    class Meta:
        model = EventMaterial
        fields = ["material", "quantity"]
        widgets = {"quantity": forms.NumberInput(attrs={"min": 0, "step": "any"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = Material.objects.filter(is_active=True)
        if self.instance.pk and self.instance.quantity is not None:
            self.initial["quantity"] = plain_number(self.instance.quantity)


class EventPhotoForm(forms.ModelForm):
    class Meta:
        model = EventPhoto
        fields = ["file", "caption"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "image/*"})}


EventMaterialFormSet = inlineformset_factory(
    Event, EventMaterial, form=EventMaterialForm, extra=3, can_delete=True,
)
EventPhotoFormSet = inlineformset_factory(
    Event, EventPhoto, form=EventPhotoForm, extra=3, can_delete=True,
)


class MediaArticleForm(OutreachRecordForm):
    url = forms.URLField(label=_("link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = MediaArticle
        fields = ["brigade", "published_on", "title", "outlet_kind", "outlet_name", "url", "subject", "event", "reach"]
        widgets = {"published_on": DATE, "reach": forms.NumberInput(attrs={"min": 0})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("published_on", timezone.localdate())
        self.fields["event"].queryset = self.fields["event"].queryset.order_by("-date", "-pk")


class SchoolForm(OutreachRecordForm):
    class Meta:
        model = School
        fields = ["brigade", "name", "kind", "town", "address", "pupils", "is_active"]


class EscortPostForm(OutreachRecordForm):
    class Meta:
        model = EscortPost
        fields = ["brigade", "school", "name", "location", "is_active"]


class EscortShiftForm(OutreachRecordForm):
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-inline"}),
    )

    class Meta:
        model = EscortShift
        fields = ["brigade", "post", "period", "weekdays", "starts_at", "ends_at", "officers", "active_from", "active_until"]
        widgets = {
            "starts_at": TIME, "ends_at": TIME, "active_from": DATE, "active_until": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["weekdays"] = list(self.instance.weekdays or "12345")
        if self.instance.pk is None:
            self.initial.setdefault("active_from", timezone.localdate())
        self.fields["post"].queryset = self.fields["post"].queryset.filter(is_active=True).select_related("school")
        self.fields["officers"].queryset = self.fields["officers"].queryset.filter(is_active=True)

    def clean_weekdays(self):
        return "".join(sorted(set(self.cleaned_data["weekdays"])))

    def clean(self):
        cleaned = super().clean()
        # Shown next to the officers here; operations.shift_save checks again under a lock.
        needed = ("weekdays", "starts_at", "ends_at", "active_from")
        if all(cleaned.get(name) for name in needed) and cleaned.get("officers") and not self.has_error("ends_at"):
            conflicts = shift_conflicts(
                officers=cleaned["officers"], weekdays=cleaned["weekdays"], starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"], active_from=cleaned["active_from"], active_until=cleaned.get("active_until"),
                exclude_pk=self.instance.pk,
            )
            if conflicts:
                self.add_error("officers", conflict_messages(conflicts))
        return cleaned


class EscortDutyLogForm(OutreachRecordForm):
    class Meta:
        model = EscortDutyLog
        fields = ["brigade", "date", "shift", "staffing", "officers", "incident", "congestion", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"officers": _("Leave empty when staffed as planned by the shift's officers.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("staffing", Staffing.STAFFED)
        else:
            # Which shift and day a log is about is fixed once recorded; correct the rest.
            self.fields["shift"].disabled = True
            self.fields["date"].disabled = True
        self.fields["shift"].queryset = self.fields["shift"].queryset.select_related("post__school")
        self.fields["officers"].required = False
