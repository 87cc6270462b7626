"""The detachment's weekly list of key vehicles and drivers: reading the file and mapping its rows.

django-import-export Resources map the columns (Chinese headers, as the detachment's spreadsheet
has them) to KeyVehicle / KeyDriver. A row is identified by plate number + plate type (vehicles) or
licence number (drivers), so importing next week's list updates, never duplicates. Each row comes
out new / updated / unchanged / rejected (with the reasons). `operations` runs the dry run and the
confirmed import.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from brigades.records import identifiers, input_rules, personal_numbers, spreadsheets
from brigades.records.month_lock import check_record_unlocked

from .choices import (
    KEY_ITEM_TRANSITIONS,
    DriverProblem,
    ImportKind,
    KeyItemAction,
    KeyItemStatus,
    PlateType,
    VehicleProblem,
    VehicleType,
)
from .models import KeyDriver, KeyVehicle

MAX_ROWS = 50_000
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日")

# Labels the lists use besides our own, for the same codes.
ALIASES = {
    "plate_type": {"大型汽车": "01", "小型汽车": "02", "挂车": "15", "大型汽车号牌": "01", "小型汽车号牌": "02", "挂车号牌": "15", "普通摩托车号牌": "07", "摩托车": "07",
                   "轻便摩托车号牌": "08", "教练汽车号牌": "16", "低速车号牌": "13", "新能源小型车": "52",
                   "新能源大型车": "51", "小型新能源汽车号牌": "52", "大型新能源汽车号牌": "51"},
    "vehicle_type": {"重型半挂牵引车": "tractor", "牵引车": "tractor", "重型普通货车": "heavy_truck",
                     "中型普通货车": "medium_truck", "轻型普通货车": "light_truck", "危险品运输车": "dangerous_goods",
                     "危化品运输车": "dangerous_goods", "大型普通客车": "large_bus", "中型普通客车": "medium_bus",
                     "小型普通客车": "small_car", "小型轿车": "small_car", "普通二轮摩托车": "motorcycle",
                     "低速货车": "low_speed", "重型半挂车": "trailer"},
    "vehicle_problem": {"逾期未检验": "overdue_inspection", "未检验": "overdue_inspection",
                        "逾期未报废": "overdue_scrapping", "未报废": "overdue_scrapping", "达到报废标准": "overdue_scrapping"},
    "driver_problem": {"到期未审验": "overdue_review", "未审验": "overdue_review", "逾期未换证": "overdue_renewal",
                       "满分": "full_points", "满分未学习": "full_points", "严重违法": "serious_record",
                       "肇事": "serious_record"},
}


# Reading the file is the same for every import (brigades.records.spreadsheets).
FileProblem = spreadsheets.FileProblem


def read_upload(upload):
    """The uploaded list, bounded before it is parsed (size, unpacked size, rows counted while reading)."""
    return spreadsheets.read_table(upload, max_rows=MAX_ROWS)


def read_dataset(name, data):
    """A tablib Dataset from an uploaded CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030 as Excel saves
    it in China) or .xlsx file."""
    return spreadsheets.read_dataset(name, data, max_rows=MAX_ROWS)


def check_columns(dataset, resource_class):
    expected = [field.column_name for field in resource_class.row_fields()]
    missing = [name for name in expected if name not in dataset.headers]
    if missing:
        raise FileProblem(
            _("The file's columns do not match this list. Missing: %(missing)s. Expected columns: %(expected)s. Found: %(found)s.")
            % {"missing": "、".join(missing), "expected": "、".join(expected), "found": "、".join(h for h in dataset.headers if h) or "—"}
        )


def relist(item, *, listed_on):
    """Next week's list names the item again (the import saves it, as the caller's transaction):
    its received date moves to the list's date, and one cleared earlier is open again (REOPEN), to
    be handed out anew; the earlier clearance stays in its history. Returns whether it reopened."""
    reopened = False
    if item.status == KeyItemStatus.CLEARED:
        item.status = KEY_ITEM_TRANSITIONS[(KeyItemAction.REOPEN, item.status)]
        item._change_reason = (
            _("Listed again on %(day)s after clearance on %(cleared)s: reopened")
            % {"day": listed_on, "cleared": item.cleared_on}
        )[:100]
        item.clearance, item.cleared_on, item.clearance_note, item.handle_by = "", None, "", None
        reopened = True
    if listed_on > item.listed_on:
        item.listed_on = listed_on
    return reopened


# ---------------------------------------------------------------- widgets: clean one cell or say why not


class RequiredTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = "" if value is None else str(value).strip()
        if not value:
            raise ValueError(_("This cell is empty."))
        return value


class PlateWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        plate = identifiers.normalize_plate(value)
        if not plate:
            raise ValueError(_("The plate number is missing."))
        if not identifiers.is_valid_plate(plate):
            raise ValueError(_("%(value)s is not a valid plate number.") % {"value": value})
        return plate


class LicenceWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        number = str(value or "").strip().upper()
        if not number:
            raise ValueError(_("The licence number is missing."))
        if not identifiers.is_valid_licence_number(number):
            # The preview is a list: the number is named masked, like everywhere else.
            raise ValueError(_("%(value)s is not a valid licence number.") % {"value": personal_numbers.mask(number)})
        return number


class ChoiceWidget(widgets.Widget):
    """Accepts the code, the Chinese or English label, or a known alias; anything else is refused."""

    def __init__(self, choices, *, unknown_message, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.unknown_message = unknown_message
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    self.lookup[str(label).strip().lower()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[alias.lower()] = value
        self.labels = {value: str(label) for value, label in choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("This cell is empty."))
        # Excel turns "02" into 2.
        key = text.lower()
        if key not in self.lookup and text.isdigit():
            key = text.zfill(2)
        if key not in self.lookup:
            raise ValueError(self.unknown_message % {"value": text})
        return self.lookup[key]

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value)


class RequiredDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("The date is missing."))
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("%(value)s is not a date (use 2026-11-22).") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


# ---------------------------------------------------------------- resources


class KeyItemResource(resources.ModelResource):
    """What both lists share: the brigade and list date come from the upload, never the file; rows of
    another brigade's item, and the same item twice in one file, are rejected."""

    key_columns = ()

    def __init__(self, *, brigade, listed_on, by, batch=None, dry_run=True):
        super().__init__()
        self.brigade, self.listed_on, self.by, self.batch, self.dry_run = brigade, listed_on, by, batch, dry_run
        self.existing = {}
        self.seen = {}

    @classmethod
    def row_fields(cls):
        return [cls.fields[name] for name in cls._meta.fields]

    def row_key(self, row):
        try:
            return tuple(self.fields[name].clean(row) for name in self._meta.import_id_fields)
        except (ValueError, KeyError):
            return None

    def before_import(self, dataset, **kwargs):
        keys = {self.row_key(row) for row in dataset.dict}
        keys.discard(None)
        model = self._meta.model
        first = self._meta.import_id_fields[0]
        values = sorted({key[0] for key in keys})
        for start in range(0, len(values), 500):
            for obj in model.objects.filter(**{f"{first}__in": values[start:start + 500]}):
                self.existing[tuple(getattr(obj, name) for name in self._meta.import_id_fields)] = obj

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.row_key(row)
        if key is not None:
            if key in self.seen:
                raise ValidationError(_("The same item is already on row %(row)s of this file.") % {"row": self.seen[key]})
            # import-export counts data rows from 1; the spreadsheet's row has the header above it.
            self.seen[key] = (row_number or 0) + 1

    def get_instance(self, instance_loader, row):
        obj = self.existing.get(self.row_key(row))
        if obj is not None and obj.brigade_id != self.brigade.pk:
            raise ValidationError(_("This item is on %(brigade)s's list.") % {"brigade": obj.brigade})
        return obj

    def init_instance(self, row=None):
        return self._meta.model(brigade=self.brigade, listed_on=self.listed_on, created_by=self.by)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An item on the list again is written even when its columns did not change: a cleared one
        # reopens and the received date moves to this list's (so "dropped from the list" can be told).
        if original is not None and original.pk and (
            original.status == KeyItemStatus.CLEARED or original.listed_on < self.listed_on
        ):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The date rules of every record (a due date of 0001-01-01 is a typing error).
        errors = dict(import_validation_errors or {})
        try:
            input_rules.validate_instance(instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[field] = [*errors.get(field, []), *messages]
        super().validate_instance(instance, errors or None, validate_unique=validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._change_reason = _("Imported from the weekly list")
        if not is_create:
            relist(instance, listed_on=self.listed_on)
        if self.dry_run:
            # The preview says now which rows an approved month would refuse (a row error).
            check_record_unlocked(instance)
            return
        instance.last_import = self.batch
        instance._history_user = self.by
        instance.save()


def _field(attribute, column, widget):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class KeyVehicleResource(KeyItemResource):
    plate_number = _field("plate_number", "号牌号码", PlateWidget())
    plate_type = _field("plate_type", "号牌种类", ChoiceWidget(
        PlateType.choices, unknown_message=_("Unknown plate type: %(value)s."), aliases=ALIASES["plate_type"]))
    vehicle_type = _field("vehicle_type", "车辆类型", ChoiceWidget(
        VehicleType.choices, unknown_message=_("Unknown vehicle type: %(value)s."), aliases=ALIASES["vehicle_type"]))
    owner = _field("owner", "所有人", RequiredTextWidget())
    problem = _field("problem", "问题类型", ChoiceWidget(
        VehicleProblem.choices, unknown_message=_("Unknown problem: %(value)s."), aliases=ALIASES["vehicle_problem"]))
    due_date = _field("due_date", "有效期止", RequiredDateWidget())

    class Meta:
        model = KeyVehicle
        fields = ("plate_number", "plate_type", "vehicle_type", "owner", "problem", "due_date")
        import_id_fields = ("plate_number", "plate_type")
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        store_instance = False
        clean_model_instances = False


class KeyDriverResource(KeyItemResource):
    licence_number = _field("licence_number", "驾驶证号", LicenceWidget())
    name = _field("name", "姓名", RequiredTextWidget())
    licence_class = _field("licence_class", "准驾车型", RequiredTextWidget())
    problem = _field("problem", "问题类型", ChoiceWidget(
        DriverProblem.choices, unknown_message=_("Unknown problem: %(value)s."), aliases=ALIASES["driver_problem"]))
    due_date = _field("due_date", "有效期止", RequiredDateWidget())

    class Meta:
        model = KeyDriver
        fields = ("licence_number", "name", "licence_class", "problem", "due_date")
        import_id_fields = ("licence_number",)
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        store_instance = False
        clean_model_instances = False


RESOURCES = {ImportKind.VEHICLES: KeyVehicleResource, ImportKind.DRIVERS: KeyDriverResource}

OUTCOMES = {"new": "new", "update": "updated", "skip": "unchanged", "invalid": "rejected", "error": "rejected"}


def _preview_value(resource_class, name, row):
    """A key cell as the preview shows it: personal numbers masked (brigades.records.personal_numbers)."""
    value = str(row.get(resource_class.fields[name].column_name, "") or "").strip()
    if personal_numbers.is_personal_number(resource_class._meta.model, name):
        return personal_numbers.mask(value.upper())
    return value


def run(kind, dataset, *, brigade, listed_on, by, batch=None, dry_run=True):
    """Import (or only preview) a dataset: (counts, rows) where each row is {number, outcome, item,
    reasons}. With dry_run nothing is written; otherwise the valid rows are written and, should
    anything unexpected fail, nothing at all."""
    resource_class = RESOURCES[kind]
    check_columns(dataset, resource_class)
    resource = resource_class(brigade=brigade, listed_on=listed_on, by=by, batch=batch, dry_run=dry_run)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, raise_errors=False)
    if not dry_run and result.has_errors():
        # Something unexpected (not a row's bad value) failed: write nothing at all.
        number, errors = result.row_errors()[0]
        raise ValidationError(
            _("The import failed on row %(row)s, so nothing was imported: %(error)s") % {"row": number + 1, "error": errors[0].error}
        )
    labels = {field.attribute: field.column_name for field in resource.fields.values()}
    rows = []
    counts = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    for number, (row, row_result) in enumerate(zip(dataset.dict, result.rows), start=2):
        outcome = OUTCOMES.get(row_result.import_type, "rejected")
        counts[outcome] += 1
        reasons = []
        if row_result.validation_error is not None:
            error = row_result.validation_error
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    label = labels.get(name, "")
                    reasons += [f"{label}：{m}" if label and name != "__all__" else m for m in messages]
            else:
                reasons += error.messages
        for error in row_result.errors:
            reasons.append(str(error.error))
        item = " ".join(_preview_value(resource_class, name, row) for name in resource_class._meta.import_id_fields)
        rows.append({"number": number, "outcome": outcome, "item": item.strip(), "reasons": reasons})
    return counts, rows
