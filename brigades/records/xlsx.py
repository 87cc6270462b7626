"""The .xlsx writer of the exports: one sheet, a bold header row, then rows of plain values.

XlsxWriter in constant-memory mode writes each row out as it comes (to a temporary file, zipped at
the end), so memory stays flat however long the list is. Measured on 20 000 rows × 25 mixed cells
(bench/README.md): openpyxl's write-only mode 3.6 s of CPU, XlsxWriter's constant-memory mode 2.6 s.
Most of the time is XlsxWriter's own per-cell work; what is ours is kept to a type lookup per cell.
Text is always written as text (never a formula, a number or a link): the exports neutralise formula
prefixes before it gets here and nothing typed by a user may become live in the spreadsheet.
"""

import datetime
import math
from decimal import Decimal

import xlsxwriter

# Excel keeps at most this many characters in a cell; longer text is cut.
MAX_TEXT = 32767
FORMATS = {datetime.datetime: "yyyy-mm-dd hh:mm", datetime.date: "yyyy-mm-dd", datetime.time: "hh:mm"}


def write(stream, *, title, headers, rows, clean=lambda text: text, progress=None):
    """Writes an .xlsx to the binary `stream`: sheet `title`, bold `headers`, then `rows` (iterables
    of values). Every text (headers too) passes through `clean` first (the exports neutralise
    formulas there). `progress(count)` is called every 1 000 rows."""
    workbook = xlsxwriter.Workbook(stream, {
        "constant_memory": True, "remove_timezone": True,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
    })
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    for column, text in enumerate(headers):
        sheet.write_string(0, column, clean(str(text))[:MAX_TEXT], bold)
    writers = _CellWriters(workbook, sheet, clean)
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is not None:
                writers[value.__class__](count, column, value)
        if progress is not None and count % 1000 == 0:
            progress(count)
    workbook.close()


class _CellWriters(dict):
    """The cell writer of each type of value, chosen the first time the type comes and then looked
    up: a 100 000-row export writes over 3 million cells, and choosing by isinstance() for each one
    was a tenth of the writer's time (bench/README.md, "Exports"). Anything that is not a number,
    boolean, date or time is written as its text; an empty text is no cell at all."""

    def __init__(self, workbook, sheet, clean):
        super().__init__()
        self.sheet, self.clean = sheet, clean
        self.formats = {kind: workbook.add_format({"num_format": code}) for kind, code in FORMATS.items()}

    def __missing__(self, kind):
        writer = self[kind] = self._writer(kind)
        return writer

    def _writer(self, kind):
        sheet, clean = self.sheet, self.clean
        if issubclass(kind, bool):
            return sheet.write_boolean
        if issubclass(kind, (int, float, Decimal)):
            def number(row, column, value):
                if math.isfinite(value):
                    sheet.write_number(row, column, value)
                else:  # Excel has no NaN or infinity: the text says what it was.
                    sheet.write_string(row, column, clean(str(value))[:MAX_TEXT])

            return number
        # A datetime is also a date: the first class that matches chooses the format.
        date_kind = next((date_kind for date_kind in FORMATS if issubclass(kind, date_kind)), None)
        if date_kind is not None:
            date_format = self.formats[date_kind]
            return lambda row, column, value: sheet.write_datetime(row, column, value, date_format)

        def text(row, column, value):
            if value != "":
                sheet.write_string(row, column, clean(str(value))[:MAX_TEXT])

        return text
