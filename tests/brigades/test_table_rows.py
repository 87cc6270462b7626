"""The list rows written in Python (brigades.records.tables.render_rows) are the rows django-tables2's own
template writes: same cells, attributes, links, choice labels, dates and escaping."""

import re

import django_tables2 as tables
from django.template import Context
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils.html import format_html

from brigades.records.tables import RecordTable, render_rows
from enforcement.models import Violation
from enforcement.tables import ViolationTable
from tests.enforcement.factories import ViolationFactory


class EveryKindOfColumn(RecordTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    time = tables.TimeColumn()
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    plate = tables.Column(attrs={"td": {"data-plate": lambda record: record.plate}})
    driver_name = tables.TemplateColumn("<b>{{ value }}</b>·{{ record.points }}")
    disposition = tables.Column()
    fine_amount = tables.Column(localize=True)
    marked = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = Violation
        fields = ("date", "time", "created_at", "brigade", "kind", "plate", "driver_name", "driver_id_number",
                  "disposition", "fine_amount", "vehicle_detained", "squadron", "marked")

    def render_marked(self, record, value):
        return format_html("<i>{}</i>", "<&>" if record.points else "-")


def rows_of(html):
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    body = body.split(">", 1)[1]
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).strip()


def stock_rows(table, request):
    """The rows as django-tables2's bootstrap5 template writes them, cell by cell."""
    return rows_of(get_template("django_tables2/bootstrap5.html").render({"table": table, "request": request}))


def test_the_rows_match_django_tables2s_own_template(staff_a, brigade_a):
    ViolationFactory(brigade=brigade_a, plate="鲁P12345", driver_name="张<b>&三", points=6, fine_amount=1500)
    ViolationFactory(brigade=brigade_a, plate="鲁P23456", driver_name="", points=0, vehicle_detained=True)
    request = RequestFactory().get("/")
    request.user = staff_a
    for table_class in (EveryKindOfColumn, ViolationTable):
        table = table_class(Violation.objects.order_by("pk"))
        table.before_render(request)
        expected = stock_rows(table, request)
        written = rows_of(f"<tbody>{render_rows(table, Context())}</tbody>")
        assert written == expected
        assert written.count("<tr ") == 2
    assert "张&lt;b&gt;&amp;三" in written and "data-plate=" not in written  # escaped; ViolationTable has no such attribute
    table = EveryKindOfColumn(Violation.objects.order_by("pk"))
    written = str(render_rows(table, Context()))
    assert 'data-plate="鲁P23456"' in written  # an attribute computed per cell
    assert "<b>张&lt;b&gt;&amp;三</b>·6" in written  # a TemplateColumn, escaped
    assert "<i>&lt;&amp;&gt;</i>" in written
