"""The one export path of every record list (Excel and CSV), used by RecordListView and its
background job alike.

A list's export has the list's columns followed by every other field the record's page shows
(`record_fields`), so nothing on the page is missing from the spreadsheet. Cells are plain values:
choice labels and related objects' names (never the list's badges or links), dates as dates,
numbers as numbers, yes/no as 是/否, personal numbers masked (brigades.records.personal_numbers). A text
cell that a spreadsheet would read as a formula (beginning with = + - @, a tab or a carriage return)
is neutralised with a leading apostrophe (OWASP "CSV injection"), in xlsx and csv alike.

Rows are read with `.iterator()` and streamed into the file by brigades.records.xlsx (or csv), so memory
stays flat however long the list is.
"""

import csv
import datetime
import html
import io
import itertools
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tables2 import ManyToManyColumn
from django_tables2.rows import BoundRow

from . import personal_numbers, xlsx

# The fields a record's page leaves out (brigades.templatetags.records.HIDDEN_FIELDS) and those
# that are not values (the import preview's JSON).
HIDDEN_FIELDS = {"id", "created_by", "created_at", "updated_at", "detachment"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")
CHUNK = 2000


def neutralise(value):
    """A text cell that cannot run as a formula in Excel, WPS or LibreOffice (OWASP: prefix ')."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class ExportColumn:
    name: str
    header: str
    value: Callable[[Any], Any]
    through: str | None = None
    computed: bool = False
    field: Any = None


def _plain_text(value):
    """A cell computed by a table's render/value method, without markup or HTML entities."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal, datetime.date, datetime.time)):
        return value
    text = html.unescape(strip_tags(str(value))).strip()
    # A computed count or rate comes back as text; a spreadsheet should be able to add it up.
    if PLAIN_NUMBER.match(text):
        return Decimal(text) if "." in text else int(text)
    return text


def field_reader(model, field, column=None):
    """A function giving the plain value of `owner.<field>` for a spreadsheet. Everything that does
    not depend on the row (choice labels, yes/no, whether the field is a personal number, related
    objects' names) is worked out once per column, not once per cell: a 100 000-row export reads
    2 million cells."""
    if field.many_to_many:
        transform = getattr(column, "transform", None) if isinstance(column, ManyToManyColumn) else None

        def many(owner):
            items = getattr(owner, field.name).all()
            return "、".join(str(transform(item) if transform else item) for item in items)

        return many
    attname = field.attname
    if personal_numbers.is_personal_number(model, field.name):
        return lambda owner: personal_numbers.mask(getattr(owner, attname))
    if field.choices:
        labels = {value: str(label) for value, label in field.flatchoices}

        def choice(owner):
            raw = getattr(owner, attname)
            return None if raw in (None, "") else labels.get(raw, str(raw))

        return choice
    if isinstance(field, models.ForeignKey):
        names = {}
        name = field.name

        def name_of(obj):
            return (obj.get_full_name() or obj.get_username()) if isinstance(obj, AbstractBaseUser) else str(obj)

        def related(owner):
            pk = getattr(owner, attname)
            if pk is None:
                return None
            if pk not in names:
                # Read once per related object, not joined into every row: a column of 100 000
                # cases names a few dozen kinds, squadrons and towns.
                # (A row read by values_list has no _state: brigades.records.exports.iter_rows.)
                state = getattr(owner, "_state", None)
                obj = (state.fields_cache.get(name) if state is not None else None) or field.related_model._base_manager.get(pk=pk)
                names[pk] = name_of(obj)
            return names[pk]

        def read_names(owners):
            """Reads the names this column lacks for `owners` in one query (iter_rows calls it for each
            chunk of rows): one query per related object was some 3 800 queries for the 174 399
            cases of one brigade, ~1 s of a 100 000-row export (bench/README.md, "Exports")."""
            missing = {getattr(owner, attname) for owner in owners} - names.keys() - {None}
            if missing:
                for obj in field.related_model._base_manager.filter(pk__in=missing):
                    names[obj.pk] = name_of(obj)

        related.read_names = read_names
        return related
    if isinstance(field, models.BooleanField):
        yes, no = str(_("Yes")), str(_("No"))
        return lambda owner: (lambda value: None if value is None else (yes if value else no))(getattr(owner, attname))
    if isinstance(field, models.DateTimeField):
        def moment(owner):
            value = getattr(owner, attname)
            # Excel has no time zones: the local wall-clock time the page shows.
            if value is not None and timezone.is_aware(value):
                return timezone.localtime(value).replace(tzinfo=None)
            return value

        return moment
    if isinstance(field, models.FileField):
        return lambda owner: (getattr(owner, attname).name or None) if getattr(owner, attname) else None
    # A plain value, most of a list's columns: read without a Python call of our own per cell.
    return operator.attrgetter(attname)


def field_value(owner, field, column=None):
    """The plain value of `owner.field` for a spreadsheet."""
    if owner is None:
        return None
    return field_reader(type(owner), field, column)(owner)


def _field_getter(model, path, field, column=None):
    parts = path.split("__")
    read = field_reader(field.model if field.model is not None else model, field, column)
    if len(parts) == 1:
        return read

    def get(record):
        owner = record
        for part in parts[:-1]:
            owner = getattr(owner, part, None)
            if owner is None:
                return None
        return read(owner)

    return get


def _computed_getter(table, name):
    def get(record):
        return _plain_text(BoundRow(record, table=table).get_cell_value(name))

    return get


def _bound_field(model, bound):
    """The model field a column shows, or None for a computed column or a reverse relation."""
    if model is None:
        return None
    path = str(bound.accessor).replace(".", "__")
    try:
        field = bound.accessor.get_field(model)
    except Exception:  # an accessor through a property or method
        return None
    if not isinstance(field, models.Field) or field.name != path.split("__")[-1]:
        return None
    if isinstance(field, models.JSONField):
        return None
    return field


def export_columns(table):
    """The columns of `table`'s export: its own (also those hidden on the page), then every other
    field the record's page shows."""
    model = table._meta.model
    columns, covered = [], set()
    for bound in table.columns.iterall():
        if bound.column.exclude_from_export:
            continue
        header = capfirst(html.unescape(strip_tags(str(bound.header or bound.name))))
        field = _bound_field(model, bound)
        if field is None:
            columns.append(ExportColumn(bound.name, header, _computed_getter(table, bound.name), computed=True))
            continue
        path = str(bound.accessor).replace(".", "__")
        if "__" not in path:
            covered.add(field.name)
        through = "__".join(path.split("__")[:-1]) or None
        columns.append(ExportColumn(bound.name, header, _field_getter(model, path, field, bound.column), through, field=field))
    if model is not None:
        for field in model._meta.concrete_fields:
            if field.name in HIDDEN_FIELDS or field.name in covered or isinstance(field, models.JSONField):
                continue
            columns.append(ExportColumn(field.name, capfirst(str(field.verbose_name)), _field_getter(model, field.name, field),
                                        field=field))
    return columns


def export_queryset(table):
    """The table's rows, filtered and sorted as on the page."""
    data = table.data
    return getattr(data, "data", data)


def _plain_fields(columns):
    """Whether every column reads a field of the record itself whose stored value is all it needs
    (a file field needs its storage, a many-to-many its rows)."""
    return all(
        column.field is not None and not column.computed and not column.through
        and not column.field.many_to_many and not isinstance(column.field, models.FileField)
        for column in columns
    )


def iter_rows(table, columns, queryset=None):
    """Each record of the table as a list of plain values, read in chunks."""
    queryset = export_queryset(table) if queryset is None else queryset
    if isinstance(queryset, models.QuerySet) and _plain_fields(columns) and not queryset.query.annotations:
        # Every cell is one of the record's own fields: the rows are read as named tuples
        # (values_list), not model instances. Building a model instance and running its post_init
        # receivers was most of a large export's time (bench/README.md).
        attnames = list(dict.fromkeys(column.field.attname for column in columns))
        records = (queryset.select_related(None).prefetch_related(None)
                   .values_list(*attnames, named=True).iterator(chunk_size=CHUNK))
    elif isinstance(queryset, models.QuerySet):
        if not any(c.computed for c in columns):
            # Every cell is a field: related objects' names are read once each (field_reader), so
            # the rows need joins only to reach a field through a relation (a re-inspection's
            # hazard's town). A computed column may read the list's related objects: they stay.
            through = sorted({c.through for c in columns if c.through})
            queryset = queryset.select_related(None)
            if through:
                queryset = queryset.select_related(*through)
        records = queryset.iterator(chunk_size=CHUNK)
    else:
        records = iter(queryset)
    # The related objects' names of a chunk of rows are read together (field_reader).
    read_names = [column.value.read_names for column in columns if hasattr(column.value, "read_names")]
    while chunk := list(itertools.islice(records, CHUNK)):
        for read in read_names:
            read(chunk)
        for record in chunk:
            yield [column.value(record) for column in columns]


def _sheet_title(title):
    # At most 31 characters, none of []:*?/\, not beginning or ending with an apostrophe.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip("'") or "Sheet1"


def write_xlsx(stream, *, title, headers, rows, progress=None):
    """Text neutralised (brigades.records.xlsx writes text as text, never a formula; the apostrophe keeps a
    spreadsheet program from reading one into it on an edit), dates and times with a date format."""
    xlsx.write(stream, title=_sheet_title(title), headers=headers, rows=rows, clean=neutralise, progress=progress)


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()[:5] if isinstance(value, datetime.time) else value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def write_csv(stream, *, headers, rows, progress=None):
    """UTF-8 with a byte-order mark, so that Excel in China opens it without garbling."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([_csv_text(h) for h in headers])
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_text(value) for value in row])
        if progress is not None and count % 1000 == 0:
            progress(count)
    text.flush()
    text.detach()


def write_table(stream, table, export_format, *, title, progress=None):
    """Writes the whole of `table` (filtered and sorted) to `stream` as xlsx or csv."""
    columns = export_columns(table)
    headers = [column.header for column in columns]
    rows = iter_rows(table, columns)
    if export_format == "csv":
        write_csv(stream, headers=headers, rows=rows, progress=progress)
    else:
        write_xlsx(stream, title=title, headers=headers, rows=rows, progress=progress)


def write_rows(stream, export_format, *, title, headers, rows):
    """Writes plain rows (a report's table) by the same rules as a list's export."""
    if export_format == "csv":
        write_csv(stream, headers=headers, rows=rows)
    else:
        write_xlsx(stream, title=title, headers=headers, rows=rows)
