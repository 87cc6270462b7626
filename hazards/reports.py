"""The feedback sheet to the detachment (反馈表): the brigade's answer to the weekly key list."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .choices import KeyItemStatus
from .models import KeyVehicle
from .selectors import key_items_dropped


def key_item_feedback_workbook(user, model):
    """.xlsx bytes: one row per item of the user's scope with its status, squadron, officer, time
    limit and clearance, and whether the latest list still names it (streamed, write-only)."""
    dropped = set(key_items_dropped(user, model).values_list("pk", flat=True))
    items = model.objects.for_user(user).select_related("brigade", "squadron", "officer").order_by("brigade__sort_order", "listed_on", "pk")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(model._meta.verbose_name_plural)[:31])
    identity = _("Plate number") if model is KeyVehicle else _("Licence number")
    header = [
        identity, _("Brigade"), _("Problem"), _("Received on"), _("Squadron"), _("Responsible officer"), _("Time limit"),
        _("Status"), _("Cleared on"), _("Cleared by"), _("Clearance note"), _("On the latest list"),
    ]
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)
    for item in items.iterator(chunk_size=2000):
        sheet.append([
            item.plate_number if model is KeyVehicle else item.licence_number, str(item.brigade), item.get_problem_display(),
            item.listed_on, str(item.squadron or ""), item.officer.name if item.officer_id else "", item.handle_by,
            item.get_status_display(), item.cleared_on, item.get_clearance_display() if item.status == KeyItemStatus.CLEARED else "",
            item.clearance_note, _("no") if item.pk in dropped else _("yes"),
        ])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
