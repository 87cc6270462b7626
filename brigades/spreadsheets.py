"""Reading and offering the spreadsheets clerks import, the same way for every import.

A file arrives as a CSV in UTF-8 (with or without the byte-order mark Excel adds), in GBK/GB18030
(what Excel saves as "CSV" on a Chinese Windows) or as .xlsx. Its content hash lets an import say
"this very file was imported on …" before anyone confirms it again. Templates are .xlsx files whose
sheet has a Chinese name (not tablib's "Tablib Dataset").
"""

import csv
import hashlib
import io

import tablib
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import exports

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class FileProblem(ValidationError):
    """The file as a whole cannot be read (encoding, format, columns): nothing is previewed."""


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


def decode_csv(data):
    """The text of a CSV file in any of the encodings Chinese offices save it in."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The file's text encoding cannot be read; save it as CSV (UTF-8 or GBK) or .xlsx."))


def read_dataset(name, data, *, max_rows=None):
    """A tablib Dataset from an uploaded CSV or .xlsx file: headers stripped, blank lines dropped,
    short rows padded."""
    if not data:
        raise FileProblem(_("The file is empty."))
    if name.lower().endswith(".xlsx"):
        try:
            dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
        except Exception as error:  # openpyxl raises many kinds for a damaged or renamed file
            raise FileProblem(_("This is not a readable .xlsx file (%(error)s).") % {"error": type(error).__name__}) from error
    else:
        text = decode_csv(data)
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise FileProblem(_("This is not a readable CSV file (%(error)s).") % {"error": error}) from error
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            raise FileProblem(_("The file is empty."))
        width = len(rows[0])
        dataset = tablib.Dataset(headers=[h.strip() for h in rows[0]])
        for row in rows[1:]:
            dataset.append((row + [""] * width)[:width])
    if dataset.headers:
        dataset.headers = [str(h or "").strip() for h in dataset.headers]
    if not dataset.headers or not len(dataset):
        raise FileProblem(_("The file has no rows under its header."))
    if max_rows is not None and len(dataset) > max_rows:
        raise FileProblem(_("The file has %(rows)s rows; at most %(max)s can be imported at once.") % {"rows": len(dataset), "max": max_rows})
    return dataset


def template_response(*, headers, rows, sheet_title, filename):
    """An .xlsx template: the import's columns, example rows, a sheet named in Chinese."""
    stream = io.BytesIO()
    exports.write_rows(stream, "xlsx", title=sheet_title, headers=headers, rows=rows)
    response = HttpResponse(stream.getvalue(), content_type=exports.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
