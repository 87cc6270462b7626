"""The house list table.

`RecordTable` is what every app's list table subclasses, so that all lists read alike: numbers
right-aligned, dates and short codes on one line (long text wraps), yes/no as ✔ or a dash, and no
brigade column for a user who only ever sees their own brigade (the Excel export keeps it)."""

import functools
import re

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.templatetags.l10n import localize, unlocalize
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2 import DateColumn, DateTimeColumn, ManyToManyColumn, TemplateColumn, TimeColumn
from django_tables2.columns import library
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundPinnedRow
from django_tables2.utils import A, signature

from . import personal_numbers

NUMERIC_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)
NO_WRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey, models.BooleanField, *NUMERIC_FIELDS)


@library.register
class YesNoColumn(tables.BooleanColumn):
    """Every model BooleanField's column: ✔ for yes, a faint dash for no (a column of ✘ reads as a
    column of errors); 是 / 否 in the export."""

    def render(self, value, record, bound_column):
        if self._get_bool_value(record, value, bound_column):
            return mark_safe('<span class="true text-success">✔</span>')
        return mark_safe('<span class="false text-body-tertiary">—</span>')

    def value(self, record, value, bound_column):
        return str(_("Yes") if self._get_bool_value(record, value, bound_column) else _("No"))


def _add_class(attrs, part, css):
    """A copy of a column's attrs with `css` added to the class of its `part` (th, td)."""
    attrs = dict(attrs or {})
    part_attrs = dict(attrs.get(part, {}))
    existing = part_attrs.get("class", "")
    if css not in str(existing).split():
        part_attrs["class"] = f"{existing} {css}".strip()
    attrs[part] = part_attrs
    return attrs


class RecordTable(tables.Table):
    """Base of the record lists. Meta may name `html_hidden`: columns kept in the Excel export but
    left off the page (an ID number, a detail only a spreadsheet needs)."""

    html_hidden = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any text turns on the empty row; templates/django_tables2 words it by whether filters are on.
        self.empty_text = self.empty_text or _("No records yet.")
        model = self._meta.model
        # The columns were deep-copied for this table: their attrs can be changed here.
        for bound in self.columns.iterall():
            column = bound.column
            field = bound.accessor.get_field(model) if model is not None else None
            if not isinstance(field, models.Field) or field.name != str(bound.accessor).split("__")[-1]:
                continue  # a computed column, or a reverse relation (counts, materials...)
            if personal_numbers.is_personal_number(field.model, field.name):
                # A list shows personal numbers masked to everyone (brigades.records.personal_numbers).
                bound.render = bound.value = lambda value: personal_numbers.mask(value)
            if isinstance(field, NUMERIC_FIELDS) and not field.choices and not isinstance(field, (models.AutoField, models.BigAutoField)):
                for part in ("th", "td"):
                    column.attrs = _add_class(column.attrs, part, "number")
            short_text = isinstance(field, models.CharField) and (field.max_length or 0) <= 32
            if isinstance(field, NO_WRAP_FIELDS) or short_text or (field.choices and not isinstance(field, models.TextField)):
                column.attrs = _add_class(column.attrs, "td", "text-nowrap")

    def before_render(self, request):
        user = getattr(request, "user", None)
        if user is not None and not getattr(user, "sees_all_brigades", True) and "brigade" in self.columns:
            self.columns.hide("brigade")
        for name in self.html_hidden:
            if name in self.columns:
                self.columns.hide(name)


@functools.lru_cache(maxsize=256)
def _compiled(template_code):
    """A TemplateColumn's template, compiled once per process (django-tables2 compiles it again for
    every cell: a date column of 25 rows was 25 template compilations)."""
    return Template(template_code)


# The template of django-tables2's DateColumn, TimeColumn and DateTimeColumn.
DATE_TEMPLATE = re.compile(r'^\{\{ value\|date:"([^"]*)"\|default:default \}\}$')


def _date_render(date_format):
    """`{{ value|date:"<format>"|default:default }}` without the template engine: the date filter
    on the local time, the column's default when that is empty, escaped."""

    def render(value, bound_column):
        text = date_filter(template_localtime(value), date_format) or bound_column.default
        return conditional_escape(text)

    return render


def _template_render(column):
    """TemplateColumn.render with the template compiled once; the same context and output."""

    def render(record, table, value, bound_column, bound_row):
        parent_context = getattr(table, "context", None) or Context()
        context = column.get_context_data(record=record, table=table, value=value, bound_column=bound_column,
                                          bound_row=bound_row)
        with parent_context.update(context):
            parent_context["request"] = getattr(table, "request", None)
            return _compiled(column.template_code).render(parent_context)

    return render


class _ColumnPlan:
    """What a column's cells share, worked out once per page instead of once per cell: the render
    function and the arguments it takes, the model field behind the accessor (for choice labels),
    and the cell's attributes when none of them is computed per cell."""

    def __init__(self, table, bound):
        self.bound = bound
        self.column = column = bound.column
        self.accessor = A(bound.accessor)
        self.simple = self.accessor.SEPARATOR not in self.accessor
        render = bound.render
        if (isinstance(column, TemplateColumn) and column.template_code
                and getattr(render, "__func__", None) is TemplateColumn.render and render.__self__ is column):
            date_format = DATE_TEMPLATE.match(column.template_code)
            if type(column) in (DateColumn, TimeColumn, DateTimeColumn) and date_format and not column.extra_context:
                render = _date_render(date_format.group(1))
            else:
                render = _template_render(column)
        self.render = render
        self.arguments, self.takes_all = signature(render)
        self.link = bound.link
        self.many_to_many = isinstance(column, ManyToManyColumn)
        self.link_column_text = isinstance(column, BaseLinkColumn) and column.text is not None
        self.localize = column.localize
        self.fields = {}
        self.labels = {}
        attrs = {**table.attrs, **column.attrs}
        td = attrs.get("td", attrs.get("cell", {}))
        self.td_per_cell = any(callable(value) for value in td.values())
        self.td = None if self.td_per_cell else bound.attrs["td"].as_html()

    def field(self, record):
        kind = type(record)
        if kind not in self.fields:
            try:
                self.fields[kind] = self.accessor.get_field(record)
            except FieldDoesNotExist:
                self.fields[kind] = None
        return self.fields[kind]

    def choice_labels(self, model, name):
        """get_<name>_display() as a dictionary built once: Django's builds one for every call,
        hashing each lazily translated label (a third of a list's cell time). None when the
        model writes a get_<name>_display of its own, or the field is not the model's."""
        if model not in self.labels:
            labels = None
            attribute = f"get_{name}_display"
            method = next((klass.__dict__[attribute] for klass in model.__mro__ if attribute in klass.__dict__), None)
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if (isinstance(method, functools.partialmethod) and method.func is models.Model._get_FIELD_display
                    and method.keywords.get("field") is field):
                labels = {make_hashable(value): label for value, label in field.flatchoices}
            self.labels[model] = labels
        return self.labels[model]

    def cell(self, row, record):
        """BoundRow.get_cell, step for step (django_tables2.rows.BoundRow._get_and_render_with)."""
        value = None
        if self.simple:
            penultimate, remainder = record, str(self.accessor)
        else:
            penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model):
            field = self.field(record)
            if getattr(field, "choices", ()):
                labels = self.choice_labels(type(penultimate), remainder)
                if labels is not None:
                    raw = getattr(penultimate, field.attname)
                    value = force_str(labels.get(make_hashable(raw), raw), strings_only=True)
                    remainder = None
                else:
                    display = getattr(penultimate, f"get_{remainder}_display", None)
                    if display:
                        value = display()
                        remainder = None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.link_column_text:
                    return self.call(row, record, None)
        if value in self.column.empty_values or (self.many_to_many and not value.exists()):
            return self.bound.default
        return self.call(row, record, value)

    def call(self, row, record, value):
        bound = self.bound
        kwargs = {"value": value, "record": record, "column": self.column, "bound_column": bound,
                  "bound_row": row, "table": bound._table}
        if self.takes_all:
            content = self.render(**kwargs)
        else:
            if any(name not in kwargs for name in self.arguments):
                content = None
            else:
                content = self.render(**{name: kwargs[name] for name in self.arguments})
        return self.link(content, **kwargs) if self.link else content


def render_rows(table, context):
    """The <tr> rows of a table's current page, as the django-tables2 template writes them
    (`{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>`), in
    Python: that loop in the template engine, the per-cell attribute dictionaries and signature
    inspection were most of a list page's time (profile in bench/README.md)."""
    columns = list(table.columns)
    plans = [_ColumnPlan(table, bound) for bound in columns]
    out = []
    for row in table.paginated_rows:
        out.append(f"<tr {row.attrs.as_html()}>")
        if isinstance(row, BoundPinnedRow):
            cells = ((column, cell, None) for column, cell in row.items())
        else:
            record = row.record
            cells = ((plan.bound, plan.cell(row, record), plan) for plan in plans)
        for bound, cell, plan in cells:
            if plan is None or plan.td is None:
                bound.current_value, bound.current_record = cell, row.record
                td = bound.attrs["td"].as_html()
            else:
                td = plan.td
            localized = bound.column.localize
            if localized is not None:
                cell = localize(cell) if localized else unlocalize(cell)
            out.append(f"<td {td}>{render_value_in_context(cell, context)}</td>")
        out.append("</tr>")
    return SafeString("".join(out))
