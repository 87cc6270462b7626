"""The spreadsheet import of cases, all rows or none: read the upload, check every row (a dry run,
rolled back), then import them in one transaction. Each row goes through ViolationResource, which
applies the same rules as the form and the API (operations.violation_apply_rules)."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brigades.records.spreadsheets import imported_file_record

from .resources import COLUMNS, ViolationResource


class ImportRollback(Exception):
    pass


@dataclass(frozen=True)
class ImportSource:
    """The uploaded file a confirmed import came from, remembered by its content hash so that the
    same file uploaded again is flagged before anyone confirms it (brigades.records.spreadsheets)."""

    kind: str
    sha256: str | None
    name: str = ""


def rows_for_session(dataset):
    def plain(value):
        if isinstance(value, (date, timedelta)) or hasattr(value, "isoformat"):
            return value.isoformat()
        return value if isinstance(value, (int, float, str)) or value is None else str(value)

    return json.loads(json.dumps([[plain(v) for v in row] for row in dataset]))


def violations_import(*, resource, dataset, dry_run, source=None):
    """Check (dry run) or import every row, in one transaction that is rolled back on a dry run
    or on any row error: all rows or none. Returns the rows with their errors by column. A real
    import remembers its `source` file in the same transaction."""
    report = {"ok": False, "total": len(dataset), "errors": [], "first_date": ""}
    if not len(dataset):
        report["errors"].append({"row": "", "messages": [_("The spreadsheet has no rows.")]})
        return report
    missing = [COLUMNS["date"]] if COLUMNS["date"] not in (dataset.headers or []) else []
    if missing:
        report["errors"].append({"row": "", "messages": [_("Missing column: %(column)s") % {"column": missing[0]}]})
        return report
    try:
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=False)
            for invalid in result.invalid_rows:
                messages_ = []
                for field, errors in invalid.error_dict.items():
                    column = ViolationResource.column_for(field) if field != "__all__" else ""
                    for message in errors:
                        text = message.messages[0] if isinstance(message, ValidationError) else str(message)
                        messages_.append(f"{column}：{text}" if column else text)
                report["errors"].append({"row": invalid.number + 1, "messages": messages_})
            for number, row_errors in result.row_errors():
                report["errors"].append({"row": number + 1, "messages": [str(e.error) for e in row_errors]})
            dates = [row.instance.date for row in result.rows if getattr(row, "instance", None) is not None]
            report["first_date"] = min(dates).isoformat() if dates else ""
            if dry_run or report["errors"]:
                raise ImportRollback
            if source is not None and source.sha256:
                imported_file_record(brigade=resource.brigade, kind=source.kind, sha256=source.sha256,
                                     name=source.name, rows=report["total"], by=resource.user)
    except ImportRollback:
        pass
    report["errors"].sort(key=lambda e: (e["row"] == "", e["row"] or 0))
    report["ok"] = not report["errors"]
    return report
