"""Time of the .xlsx writer alone (no database in the timed part): the violations list's export
columns, rows read once from the database and repeated to --rows, written by
brigades.records.exports.write_xlsx to memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench_small DEBUG=false \
        .venv/bin/python bench/export_writer.py --rows 100000 [--repeat 3] [--profile] [--save FILE]

Prints the CPU and wall seconds of each run and the load average; --profile prints cProfile's top
functions by own time; --save keeps the last file (bench/compare_xlsx.py compares two of them).
"""

import argparse
import cProfile
import io
import itertools
import os
import pstats
import time

import _setup  # noqa: F401

from brigades.choices import Role
from brigades.models import Brigade, ExportJob, User
from brigades.records import exports
from brigades.records.export_jobs import _list_view_for


def sample_rows(limit=2000):
    """The violations list's export as the first brigade's staff would get it: headers and rows."""
    brigade = Brigade.objects.order_by("pk").first()
    user = User.objects.filter(brigade=brigade, role=Role.STAFF, is_active=True).first()
    job = ExportJob(user=user, list_name="enforcement:violation_list", title="违法记录", export_format="xlsx")
    table = _list_view_for(job).export_table()
    columns = exports.export_columns(table)
    rows = list(itertools.islice(exports.iter_rows(table, columns), limit))
    return [column.header for column in columns], rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--save")
    args = parser.parse_args()
    headers, sample = sample_rows()
    print(f"{len(headers)} columns, {len(sample)} sample rows repeated to {args.rows}")
    for _ in range(args.repeat):
        rows = itertools.islice(itertools.cycle(sample), args.rows)
        stream = io.BytesIO()
        profiler = cProfile.Profile() if args.profile else None
        started, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        exports.write_xlsx(stream, title="违法记录", headers=headers, rows=rows)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"xlsx writer: {args.rows} rows in {seconds:.2f} s wall, {cpu:.2f} s CPU, "
              f"{len(stream.getvalue()) / 1e6:.1f} MB; load average %.2f %.2f %.2f" % os.getloadavg())
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    if args.save:
        with open(args.save, "wb") as file:
            file.write(stream.getvalue())


if __name__ == "__main__":
    main()
