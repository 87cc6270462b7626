"""Whether two .xlsx files hold the same sheets and cells: read back with openpyxl, each cell's value,
type, number format and boldness; then whether the files' XML parts are byte for byte the same (but
docProps/core.xml, which holds the time the file was made).

    .venv/bin/python bench/compare_xlsx.py before.xlsx after.xlsx

Exits 1 at the first difference (printed), 0 if every cell is the same.
"""

import sys
import zipfile

import openpyxl


def cells(path):
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        yield ("sheet", sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield (cell.coordinate, cell.value, cell.data_type, cell.number_format, bool(cell.font.b))
    book.close()


def main(before, after):
    count = 0
    for count, (old, new) in enumerate(zip(cells(before), cells(after), strict=True), start=1):
        if old != new or type(old[1]) is not type(new[1]):
            print(f"differ: {old!r} != {new!r}")
            return 1
    print(f"{count} cells (and sheet titles) the same: values, types, number formats, bold")
    with zipfile.ZipFile(before) as old, zipfile.ZipFile(after) as new:
        names = sorted(name for name in old.namelist() if name != "docProps/core.xml")
        same = names == sorted(name for name in new.namelist() if name != "docProps/core.xml") and all(old.read(name) == new.read(name) for name in names)
    print("XML parts byte for byte the same (but the creation time)" if same else "XML parts differ (the cells above do not)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
