"""The spreadsheet format of cases (import and its template): one django-import-export Resource.

Column headers are fixed Chinese names (the clerks' spreadsheet), whatever the UI language.
Every reference (kind, squadron, town, operation, officers) is looked up by name within the
importing brigade only; choices accept their Chinese label or their code. Each row goes through
the same rules as the form (operations.violation_apply_rules) and is saved with save().
"""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from brigades.models import Officer, Squadron, Town

from .choices import Disposition, LicenceAction, PlateType, VehicleType
from .models import Operation, Violation, ViolationKind
from .operations import violation_apply_rules

BLANK = (None, "")
# The readings an alcohol case's kind is derived from.
READING_FIELDS = {"breath_alcohol", "blood_alcohol"}


class LenientDateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(_("%(value)s is not a date (use 2026-11-21).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class LenientTimeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return None
        if isinstance(value, datetime):
            return value.time()
        if isinstance(value, time):
            return value
        text = str(value).strip()
        if " " in text:
            text = text.split()[-1]
        for fmt in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.strptime(text, fmt).time()
            except ValueError:
                continue
        raise ValueError(_("%(value)s is not a time (use 21:30).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class OptionalDecimalWidget(widgets.Widget):
    def __init__(self, default=None):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return self.default
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("%(value)s is not a number.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value}"


class YesNoWidget(widgets.Widget):
    YES = {"是", "y", "yes", "true", "1", "√", "✔"}
    NO = {"否", "n", "no", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write 是 or 否, not %(value)s.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceLabelWidget(widgets.Widget):
    """A choice by its Chinese label (or its code); blank gives the default."""

    def __init__(self, choices, default=None):
        super().__init__()
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return self.default
        text = str(value).strip()
        for code, label in self.choices.choices:
            if text in (code, str(label)):
                return code
        labels = "、".join(str(label) for _code, label in self.choices.choices)
        raise ValueError(_("%(value)s is not one of: %(labels)s.") % {"value": text, "labels": labels})

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class ScopedNameWidget(widgets.ForeignKeyWidget):
    """A related object by name, among the importing brigade's own (or those covering it)."""

    def __init__(self, model, queryset_for, **kwargs):
        super().__init__(model, field="name", **kwargs)
        self.queryset_for = queryset_for

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset_for()

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(_("No %(model)s named %(value)s in your brigade.") % {
                "model": self.model._meta.verbose_name, "value": value}) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(_("Several %(model)s are named %(value)s.") % {
                "model": self.model._meta.verbose_name, "value": value}) from None


class KindWidget(widgets.ForeignKeyWidget):
    """The kind by name or code; blank is allowed (an alcohol case takes its kind from the reading)."""

    def __init__(self):
        super().__init__(ViolationKind, field="name")

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return None
        text = str(value).strip()
        kind = ViolationKind.objects.filter(Q(name=text) | Q(code=text), is_active=True).first()
        if kind is None:
            raise ValueError(_("%(value)s is not a known kind of violation.") % {"value": text})
        return kind


class OfficersWidget(widgets.ManyToManyWidget):
    """Officers by name, separated by 、 or commas, among the importing brigade's officers."""

    def __init__(self, queryset_for):
        super().__init__(Officer, separator="、", field="name")
        self.queryset_for = queryset_for

    def clean(self, value, row=None, **kwargs):
        if value in BLANK:
            return self.queryset_for().none()
        names = [n.strip() for n in str(value).replace(",", "、").replace("，", "、").split("、") if n.strip()]
        found = self.queryset_for().filter(name__in=names)
        missing = sorted(set(names) - {o.name for o in found})
        if missing:
            raise ValueError(_("No officer named %(names)s in your brigade.") % {"names": "、".join(missing)})
        return found


COLUMNS = {
    "date": "日期", "time": "时间", "kind": "违法类型", "plate": "号牌号码", "plate_type": "号牌种类",
    "vehicle_type": "车辆类型", "driver_name": "驾驶人", "driver_id_number": "身份证号",
    "breath_alcohol": "呼气酒精(mg/L)", "blood_alcohol": "血液酒精(mg/100mL)", "rated_load": "核定载质量(t)/座位",
    "actual_load": "实际载质量(t)/人数", "gross_mass": "车货总质量(t)", "panels_cut": "切割栏板",
    "tonnes_unloaded": "卸货(t)", "disposition": "处理结果", "fine_amount": "罚款(元)", "points": "记分",
    "vehicle_detained": "扣车", "licence_action": "驾驶证处理", "squadron": "中队", "officers": "民警",
    "town": "镇街", "road": "路段", "operation": "专项行动", "note": "备注",
}


class ViolationResource(resources.ModelResource):
    """Cases of one brigade, imported by one user (both given to the constructor)."""

    def __init__(self, *, brigade, user=None):
        self.brigade = brigade
        self.user = user
        super().__init__()
        in_brigade = lambda model: lambda: model.objects.filter(brigade=brigade)  # noqa: E731
        specs = {
            "date": LenientDateWidget(), "time": LenientTimeWidget(), "kind": KindWidget(),
            "plate": widgets.CharWidget(), "plate_type": ChoiceLabelWidget(PlateType, PlateType.SMALL_CAR),
            "vehicle_type": ChoiceLabelWidget(VehicleType, VehicleType.CAR), "driver_name": widgets.CharWidget(),
            "driver_id_number": widgets.CharWidget(), "breath_alcohol": OptionalDecimalWidget(),
            "blood_alcohol": OptionalDecimalWidget(), "rated_load": OptionalDecimalWidget(),
            "actual_load": OptionalDecimalWidget(), "gross_mass": OptionalDecimalWidget(),
            "panels_cut": YesNoWidget(), "tonnes_unloaded": OptionalDecimalWidget(),
            "disposition": ChoiceLabelWidget(Disposition, Disposition.PENALTY),
            "fine_amount": OptionalDecimalWidget(Decimal(0)), "points": OptionalDecimalWidget(0),
            "vehicle_detained": YesNoWidget(), "licence_action": ChoiceLabelWidget(LicenceAction, LicenceAction.NONE),
            "squadron": ScopedNameWidget(Squadron, in_brigade(Squadron)),
            "officers": OfficersWidget(lambda: Officer.objects.filter(brigade=brigade, is_active=True)),
            "town": ScopedNameWidget(Town, in_brigade(Town)),
            "operation": ScopedNameWidget(Operation, lambda: Operation.objects.for_brigades([brigade.pk])),
            "road": widgets.CharWidget(), "note": widgets.CharWidget(),
        }
        self.fields = {
            name: fields.Field(attribute=name, column_name=COLUMNS[name], widget=widget, saves_null_values=True)
            for name, widget in specs.items()
        }

    class Meta:
        model = Violation
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def get_import_id_fields(self):
        return []

    def get_instance(self, instance_loader, row):
        return None  # every row is a new case

    def init_instance(self, row=None):
        return Violation(brigade=self.brigade, created_by=self.user)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if COLUMNS["officers"] in row:
            try:
                self.fields["officers"].clean(row)
            except ValueError as error:
                errors["officers"] = [str(error)]
        if instance.points is not None:
            instance.points = int(instance.points)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            violation_apply_rules(instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, [])
                errors[field] = list(errors[field]) + list(messages)
        if instance.kind_id is None and errors.keys() & READING_FIELDS:
            # The kind would have come from the reading: the refused reading is the one error, not a
            # second one on the kind ("违法类型：这个值不能为 null").
            errors.pop("kind", None)
            errors["kind"] = []
        try:
            instance.full_clean(exclude=list(errors), validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        errors = {field: messages for field, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def column_for(cls, field):
        return COLUMNS.get(field, field)
