"""The house list table.

`RecordTable` is what every app's list table subclasses, so that all lists read alike: numbers
right-aligned, dates and short codes on one line (long text wraps), yes/no as ✔ or a dash, and no
brigade column for a user who only ever sees their own brigade (the Excel export keeps it)."""

import django_tables2 as tables
from django_tables2.columns import library
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

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
                # A list shows personal numbers masked to everyone (brigades.personal_numbers).
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
