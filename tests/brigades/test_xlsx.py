"""brigades.records.xlsx, the exports' streaming writer (XlsxWriter): what goes in is what a spreadsheet reads back."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
from django.db import models

from brigades.records import exports, xlsx


def written(rows, headers=("甲", "乙", "丙", "丁"), title="违法记录"):
    stream = io.BytesIO()
    exports.write_xlsx(stream, title=title, headers=list(headers), rows=rows)
    return stream.getvalue()


def test_values_come_back_with_their_types():
    day, moment, hour = datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 9, 30), datetime.time(17, 45)
    content = written([
        ["鲁P12345", 1500, Decimal("0.45"), 2.5],
        [day, moment, hour, True],
        [None, "", "  空格  ", "a & <b> \"c\""],
    ])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "违法记录"
    assert rows[0] == ["甲", "乙", "丙", "丁"] and sheet["A1"].font.b and not sheet["A2"].font.b
    assert rows[1] == ["鲁P12345", 1500, 0.45, 2.5]
    assert rows[2] == [datetime.datetime(2026, 3, 1), moment, hour, True]
    assert sheet["A3"].number_format == "yyyy-mm-dd" and sheet["B3"].number_format == "yyyy-mm-dd hh:mm"
    assert rows[3] == [None, None, "  空格  ", "a & <b> \"c\""]


def test_text_that_looks_like_a_formula_stays_text():
    content = written([["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)"]], headers=["=1+1", "b", "c", "d"])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in cells] == ["'=1+1", "b", "c", "d", "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)"]
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


def test_characters_xml_cannot_hold_and_overlong_text_still_make_a_valid_file():
    content = written([["a\x00b\x1fc", "x" * 40000, Decimal("NaN"), float("inf")]])
    row = [cell.value for cell in list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())[1]]
    assert row[0] == "a_x0000_b_x001F_c" or row[0] == "a\x00b\x1fc"
    assert len(row[1]) == xlsx.MAX_TEXT
    assert row[2] == "NaN" and row[3] == "inf"


def test_a_sheet_title_excel_refuses_is_cleaned():
    content = written([[1]], headers=["a"], title="'每月/报表:[2026]*?'" + "长" * 40)
    title = openpyxl.load_workbook(io.BytesIO(content)).active.title
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\") and not title.startswith("'")


def test_rows_are_streamed_and_counted():
    seen = []
    content = written(([n, str(n), None, None] for n in range(2500)), headers=["n", "s", "x", "y"])
    exports.write_xlsx(io.BytesIO(), title="t", headers=["n"], rows=([n] for n in range(2500)), progress=seen.append)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2501 and values[-1][:2] == (2499, "2499")
    assert seen == [1000, 2000]


def test_a_subclass_is_written_as_what_it_is_a_kind_of():
    # The writer of a type is chosen once and remembered (brigades.records.xlsx._CellWriters): a
    # subclass (a choice's value, a frozen clock's date) gets its base type's writer, and a bool
    # after an int in one column stays a bool.
    class Colour(models.TextChoices):
        RED = "=red", "红"

    class Day(datetime.date):
        pass

    class Moment(datetime.datetime):
        pass

    content = written([
        [Colour.RED, Day(2026, 3, 1), Moment(2026, 3, 1, 9, 30), 1],
        [Colour.RED, Day(2026, 3, 2), Moment(2026, 3, 2, 9, 30), True],
    ])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["'=red", datetime.datetime(2026, 3, 1), datetime.datetime(2026, 3, 1, 9, 30), 1]
    assert rows[1][3] is True
    assert sheet["B2"].number_format == "yyyy-mm-dd" and sheet["C3"].number_format == "yyyy-mm-dd hh:mm"
