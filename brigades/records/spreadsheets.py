"""Reading the spreadsheets clerks import, the same way and bounded at every step for every import.

A file arrives as a CSV in UTF-8 (with or without the byte-order mark Excel adds), in GBK/GB18030
(what Excel saves as "CSV" on a Chinese Windows) or as .xlsx. An .xlsx is a zip archive: 1 MB of it
can unpack to hundreds of MB of XML. So, before openpyxl opens it: its size is checked, then the
uncompressed size its zip directory declares (the sum over `infolist()`). openpyxl then reads it in
read_only (streaming) mode, and the row cap stops the reading at the first row too many, instead of
after the whole sheet is in memory. Every refusal is a `SpreadsheetProblem` with a message the clerk
can act on. The content hash lets an import say "this very file was imported on …" before anyone
confirms it again. Templates are .xlsx files whose sheet has a Chinese name.
"""

import csv
import hashlib
import io
import zipfile

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import exports
from ..models import ImportedFile
from .uploads import megabytes

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class SpreadsheetProblem(ValidationError):
    """The file as a whole cannot be read (size, encoding, format, too many rows): nothing is imported."""


FileProblem = SpreadsheetProblem


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


def read_table(upload, *, max_rows, max_bytes=None, max_uncompressed_bytes=None):
    """A Dataset from an uploaded file (anything with .name, .size and .read) or a stored FieldFile."""
    max_bytes = max_bytes or settings.SPREADSHEET_MAX_BYTES
    if upload.size and upload.size > max_bytes:
        _refuse_size(upload.size, max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return read_dataset(getattr(upload, "name", "") or "", upload.read(), max_rows=max_rows,
                        max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes)


def read_dataset(name, data, *, max_rows=None, max_bytes=None, max_uncompressed_bytes=None):
    """A Dataset (header row, then the non-empty rows, all of the header's width) from a file's
    name and bytes."""
    max_bytes = max_bytes or settings.SPREADSHEET_MAX_BYTES
    max_uncompressed_bytes = max_uncompressed_bytes or settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES
    if not data:
        raise SpreadsheetProblem(_("The file is empty."))
    if len(data) > max_bytes:
        _refuse_size(len(data), max_bytes)
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data, max_uncompressed_bytes)
    else:
        rows = _csv_rows(data)
    return _dataset(rows, max_rows or settings.VIOLATION_IMPORT_MAX_ROWS)


def _refuse_size(size, max_bytes):
    raise SpreadsheetProblem(
        _("The file is %(size)s MB; a spreadsheet may be at most %(limit)s MB.")
        % {"size": megabytes(size), "limit": megabytes(max_bytes)}
    )

def _xlsx_rows(data, max_uncompressed_bytes):
    from openpyxl import load_workbook

    unreadable = _("This is not a readable .xlsx file; save it again from Excel or WPS as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetProblem(unreadable) from None
    if unpacked > max_uncompressed_bytes:
        raise SpreadsheetProblem(
            _("The .xlsx file unpacks to %(size)s MB; at most %(limit)s MB can be read. Split the list into several files.")
            % {"size": megabytes(unpacked), "limit": megabytes(max_uncompressed_bytes)}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or renamed file
        raise SpreadsheetProblem(unreadable) from None
    try:
        sheet = workbook.active
        if sheet is None:
            raise SpreadsheetProblem(unreadable)
        try:
            yield from sheet.iter_rows(values_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError):
            raise SpreadsheetProblem(unreadable) from None
    finally:
        workbook.close()


def _csv_rows(data):
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetProblem(_("The file's text encoding cannot be read; save it as CSV (UTF-8 or GBK) or .xlsx."))
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as error:
        raise SpreadsheetProblem(_("This is not a readable CSV file (%(error)s).") % {"error": error}) from error


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _dataset(rows, max_rows):
    dataset = None
    width = 0
    for row in rows:
        if all(_blank(value) for value in row):
            continue
        if dataset is None:
            headers = [str(value or "").strip() for value in row]
            while headers and not headers[-1]:  # Excel's formatted but empty columns
                headers.pop()
            width = len(headers)
            dataset = tablib.Dataset(headers=headers)
            continue
        if len(dataset) >= max_rows:
            raise SpreadsheetProblem(
                _("The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it into several files.")
                % {"max": max_rows}
            )
        values = [("" if value is None else value) for value in row]
        dataset.append((values + [""] * width)[:width])
    if dataset is None or not width:
        raise SpreadsheetProblem(_("The file is empty."))
    if not len(dataset):
        raise SpreadsheetProblem(_("The file has no rows under its header."))
    return dataset


def template_response(*, headers, rows, sheet_title, filename):
    """An .xlsx template: the import's columns, example rows, a sheet named in Chinese."""
    stream = io.BytesIO()
    exports.write_rows(stream, "xlsx", title=sheet_title, headers=headers, rows=rows)
    response = HttpResponse(stream.getvalue(), content_type=exports.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def previous_imports(*, brigade, kind, sha256):
    """Earlier imports of the very same file (same content) into this brigade's `kind` import."""
    return ImportedFile.objects.filter(brigade=brigade, kind=kind, sha256=sha256).select_related("imported_by")


def imported_file_record(*, brigade, kind, sha256, name, rows, by):
    """Remembers a confirmed import's file by its content hash (brigades.records.spreadsheets), so that
    uploading it again is flagged before anyone confirms it."""
    return ImportedFile.objects.create(
        brigade=brigade, kind=kind, sha256=sha256, original_name=(name or "")[:200], rows=rows, imported_by=by,
    )
