"""What declarative partitioning by year buys on the two largest tables (issue 16, "past one machine").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench DEBUG=false \\
        .venv/bin/python bench/partitioning.py [--repeat 5] [--without-search-indexes] [--keep] \\
        | tee bench/results/<date>-partitioning.txt

For `enforcement_violation` (by `date`) and `services_workorder` (by `received_at`, years of
Asia/Shanghai) it builds two copies at twice today's volume, in their own schemas, never touching
the application's tables:

- `partition_bench_plain.<table>`: an ordinary table;
- `partition_bench_yearly.<table>`: PARTITION BY RANGE on the date column, one partition per year.

Both hold the original rows plus a copy shifted back 3 years (every date and time column minus
1 096 days, ids above the original maximum, work-order numbers suffixed: they are unique per channel),
so 6 years instead of 3. Both get the application's indexes, read from pg_indexes (on the
partitioned copy as partitioned indexes; its unique indexes must include the partition key), then
VACUUM ANALYZE. The copy and the index builds run once.

Then, on both copies, the queries the application runs at this scale, captured from the real
views through the Django test client (the list page and its capped count as the detachment leader,
as 高新区 staff, and as staff filtering one month; the detail page's read by id) plus the rollups'
one-year count by brigade and day (`brigades.figures.registry.daily_values`), each with EXPLAIN (ANALYZE, BUFFERS): once
"cold-ish" after DISCARD ALL (the session's plans and settings are dropped; PostgreSQL's shared
buffers and the OS cache are not, nothing here can drop them), then a warm-up and the median of
--repeat. The same SQL runs on both copies: the schemas differ, the table names do not, and
`search_path` chooses. Then VACUUM and ANALYZE times, and removing the oldest full year: DELETE +
the VACUUM that reclaims it against DETACH PARTITION + DROP TABLE.

At the end both schemas are dropped (`--keep` leaves them). `df -h /`, the load average, the
PostgreSQL version and the commit are printed at each step.
"""

import argparse
import calendar
import os
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import date

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection
from django.test import Client

from brigades.figures.registry import daily_values
from brigades.models import User
from enforcement.models import Violation
from services.models import WorkOrder

PLAIN, YEARLY = "partition_bench_plain", "partition_bench_yearly"
LEADER, STAFF = "zhidui_leader", "gxq_staff"
# Three years back as a fixed number of days, not '3 years': a month step clamps 29 February to the
# 28th and would put a reply of 29 February before its receipt on the 28th (the check constraint).
SHIFT_DAYS = 3 * 365 + 1
# The application's local day: work orders are received at a moment, rolled up by the local day.
ZONE = "Asia/Shanghai"


@dataclass
class Subject:
    model: type
    list_url: str
    # Text columns of a unique constraint: the shifted copy's values get a suffix.
    renumber: tuple = ()

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def date_column(self):
        return self.model._meta.get_field(self.model.date_field).column


SUBJECTS = [
    Subject(Violation, "/enforcement/violations/"),
    Subject(WorkOrder, "/services/work-orders/", renumber=("number",)),
]


def load():
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def say(text=""):
    print(text, flush=True)


def shell(*command):
    # In UTC like the heading (Django set this process's TZ to the application's zone).
    return subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, "TZ": "UTC"}).stdout.rstrip()


def disk():
    usage = shutil.disk_usage("/")
    return f"disk /: {usage.used / 2**30:.1f} GiB used, {usage.free / 2**30:.1f} GiB free"


def run(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def timed(sql, params=None):
    started = time.perf_counter()
    run(sql, params)
    return (time.perf_counter() - started) * 1000


def is_moment(subject):
    return subject.model._meta.get_field(subject.model.date_field).get_internal_type() == "DateTimeField"


def year_bounds(subject, year):
    """The partition bounds of a year as SQL literals: local midnight for a timestamp column."""
    if is_moment(subject):
        return f"'{year}-01-01 00:00:00+08'", f"'{year + 1}-01-01 00:00:00+08'"
    return f"'{year}-01-01'", f"'{year + 1}-01-01'"


def source_years(subject):
    column = subject.date_column
    local = f"(\"{column}\" AT TIME ZONE '{ZONE}')" if is_moment(subject) else f'"{column}"'
    first, last, rows, max_id = run(
        f"SELECT extract(year FROM min({local}) - interval '{SHIFT_DAYS} days')::int, "
        f"extract(year FROM max({local}))::int, count(*), max(id) "
        f'FROM public."{subject.table}"'
    )[0]
    return first, last, rows, max_id


def shifted_select(subject, max_id):
    """The original rows moved 3 years back: every date/time column, new ids, suffixed unique numbers."""
    columns = run(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [subject.table],
    )
    expressions = []
    for name, data_type in columns:
        if name == "id":
            expressions.append(f"id + {max_id}")
        elif data_type == "date":
            expressions.append(f'"{name}" - {SHIFT_DAYS}')
        elif data_type.startswith("timestamp"):
            expressions.append(f"\"{name}\" - interval '{SHIFT_DAYS} days'")
        elif name in subject.renumber:
            expressions.append(f"\"{name}\" || '-3y'")
        else:
            expressions.append(f'"{name}"')
    return f'SELECT {", ".join(expressions)} FROM public."{subject.table}"'


def app_indexes(subject, with_search):
    rows = run("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s ORDER BY 1",
               [subject.table])
    return [(name, definition) for name, definition in rows if with_search or "search_bigrams" not in definition]


def index_sql(subject, definition, schema):
    sql = definition.replace(f" ON public.{subject.table} ", f" ON {schema}.{subject.table} ")
    assert f" ON {schema}." in sql, definition
    if schema == YEARLY and " UNIQUE " in sql:
        # PostgreSQL refuses a unique index on a partitioned table without the partition key.
        assert sql.endswith(")") and " WHERE " not in sql and " INCLUDE " not in sql, sql
        sql = sql[:-1] + f', "{subject.date_column}")'
    return sql


def build(subject, with_search):
    table = subject.table
    first, last, rows, max_id = source_years(subject)
    say(f"\n## {table}: {rows} rows, max id {max_id}; building 2×, years {first}–{last} ({load()}, {disk()})")
    shifted = shifted_select(subject, max_id)
    run(f'CREATE TABLE {PLAIN}."{table}" (LIKE public."{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
    ms = timed(f'INSERT INTO {PLAIN}."{table}" SELECT * FROM public."{table}"')
    ms += timed(f'INSERT INTO {PLAIN}."{table}" {shifted}')
    say(f"plain copy: {ms / 1000:.1f} s ({load()})")
    run(f'CREATE TABLE {YEARLY}."{table}" (LIKE public."{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) '
        f'PARTITION BY RANGE ("{subject.date_column}")')
    years = list(range(first, last + 1))
    for year in years:
        lower, upper = year_bounds(subject, year)
        run(f'CREATE TABLE {YEARLY}."{table}_y{year}" PARTITION OF {YEARLY}."{table}" FOR VALUES FROM ({lower}) TO ({upper})')
    ms = timed(f'INSERT INTO {YEARLY}."{table}" SELECT * FROM {PLAIN}."{table}"')
    say(f"partitioned copy ({len(years)} partitions, {years[0]}–{years[-1]}): {ms / 1000:.1f} s ({load()})")
    for name, definition in app_indexes(subject, with_search):
        for schema in (PLAIN, YEARLY):
            sql = index_sql(subject, definition, schema)
            ms = timed(sql)
            say(f"  index {schema}.{name}: {ms / 1000:.1f} s" + ("  [" + sql.split(" USING ")[1] + "]" if schema == YEARLY and " UNIQUE " in sql else ""))
    skipped = [name for name, definition in app_indexes(subject, True) if "search_bigrams" in definition and not with_search]
    if skipped:
        say(f"  not built (--without-search-indexes): {', '.join(skipped)}")
    for schema in (PLAIN, YEARLY):
        ms = timed(f'VACUUM (ANALYZE) {schema}."{table}"')
        say(f"first VACUUM (ANALYZE) after the load, {schema}: {ms / 1000:.1f} s ({load()})")
    return years


def sizes(subject):
    table = subject.table
    say(f"\nsizes of {table}:")
    plain = run(f"SELECT pg_table_size('{PLAIN}.\"{table}\"'), pg_indexes_size('{PLAIN}.\"{table}\"'), "
                f"(SELECT count(*) FROM {PLAIN}.\"{table}\")")[0]
    yearly = run(
        f"SELECT sum(pg_table_size(relid)), sum(pg_indexes_size(relid)), count(*) "
        f"FROM pg_partition_tree('{YEARLY}.\"{table}\"') WHERE isleaf"
    )[0]
    say(f"  plain:       {plain[2]} rows, table {plain[0] / 2**20:.0f} MB, indexes {plain[1] / 2**20:.0f} MB")
    say(f"  partitioned: {yearly[2]} partitions, table {yearly[0] / 2**20:.0f} MB, indexes {yearly[1] / 2**20:.0f} MB")
    app = run(f"SELECT pg_table_size('public.\"{table}\"'), pg_indexes_size('public.\"{table}\"')")[0]
    say(f"  (the application's table at 1×: table {app[0] / 2**20:.0f} MB, indexes {app[1] / 2**20:.0f} MB)")
    for schema in (PLAIN, YEARLY):
        rows = run(
            # A partitioned index has no storage of its own: the sum of its partitions' indexes.
            "SELECT c.relname, CASE WHEN c.relkind = 'I' THEN (SELECT sum(pg_relation_size(relid)) "
            "FROM pg_partition_tree(c.oid)) ELSE pg_relation_size(c.oid) END "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = %s AND t.relname = %s ORDER BY 1",
            [schema, table],
        )
        say(f"  {schema} indexes: " + ", ".join(f"{name} {size / 2**20:.1f}" for name, size in rows) + " (MB)")
    return plain, yearly


def statements(user, url):
    """The SQL the view runs (literal, as psycopg2 sends it)."""
    client = Client()
    client.force_login(User.objects.get(username=user))
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(context["cursor"].mogrify(sql, params).decode() if params else sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return seen


def captured(user, url, table):
    """The list page's query and its capped count on `table`."""
    mine = [sql for sql in statements(user, url) if f'FROM "{table}"' in sql]
    # LIMIT 25, or fewer when the whole list is shorter than a page (the small data set).
    page = [sql for sql in mine if " ORDER BY " in sql and re.search(r" LIMIT \d+$", sql.rstrip())]
    count = [sql for sql in mine if sql.startswith("SELECT COUNT(*) FROM (SELECT") and "LIMIT 10001" in sql]
    assert len(page) <= 1 and len(count) == 1, (url, mine)
    return (page[0] if page else None), count[0]  # an empty list runs no page query


def app_queries(subject, month, year):
    """(name, SQL) of what the application runs on this table at scale."""
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    month_query = f"?date_after={month}&date_before={month_end}"
    leader_page, leader_count = captured(LEADER, subject.list_url, subject.table)
    staff_page, staff_count = captured(STAFF, subject.list_url, subject.table)
    month_page, month_count = captured(STAFF, subject.list_url + month_query, subject.table)
    # The detail page reads its record by id alone: no date, so every partition's index is asked.
    record = subject.model.objects.order_by("-pk").first()
    by_id = f'"{subject.table}"."id" = {record.pk}'
    detail = next(sql for sql in statements(LEADER, record.get_absolute_url()) if f'FROM "{subject.table}"' in sql and by_id in sql)
    rollup = daily_values(subject.model.objects.all(), subject.model.date_field, date(year, 1, 1), date(year, 12, 31))
    sql, params = rollup.queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        rollup_sql = cursor.mogrify(sql, params).decode()
    queries = [
        ("leader: list page", leader_page),
        ("leader: capped count", leader_count),
        ("brigade: list page", staff_page),
        ("brigade: capped count", staff_count),
        (f"brigade, {month:%Y-%m}: list page", month_page),
        (f"brigade, {month:%Y-%m}: capped count", month_count),
        ("detail page: the record by id", detail),
        (f"rollup: count by brigade and day, {year}", rollup_sql),
    ]
    return [(name, sql) for name, sql in queries if sql is not None]


EXPLAIN_TIMES = re.compile(r"Planning Time: ([\d.]+) ms.*Execution Time: ([\d.]+) ms", re.DOTALL)


def explain(schema, sql):
    """(planning + execution ms, the plan's text): the session reads `schema` first."""
    run(f"SET search_path = {schema}, public")
    plan = "\n".join(row[0] for row in run("EXPLAIN (ANALYZE, BUFFERS) " + sql))
    planning, execution = map(float, EXPLAIN_TIMES.search(plan).groups())
    return planning + execution, planning, plan


def first_buffers(plan):
    match = re.search(r"Buffers: ([^\n]+)", plan)
    return match.group(1).strip() if match else "-"


def partitions_read(plan, table):
    """How many partitions the executed plan touched (the ones pruned at run time say "never executed")."""
    touched = set()
    for line in plan.splitlines():
        match = re.search(rf"on {table}_y(\d+)", line)
        if match and "never executed" not in line:
            touched.add(match.group(1))
    return len(touched)


def measure(subject, queries, repeat):
    results = []
    for name, sql in queries:
        say(f"\n### {subject.table}: {name} ({load()})\n{sql[:400]}{'…' if len(sql) > 400 else ''}")
        row = {"name": name}
        for schema in (PLAIN, YEARLY):
            run("DISCARD ALL")  # the session's plans and settings; the buffers stay (see the docstring)
            cold, _, cold_plan = explain(schema, sql)
            explain(schema, sql)  # warm-up
            runs = [explain(schema, sql) for _ in range(repeat)]
            median = statistics.median(total for total, _, _ in runs)
            planning = statistics.median(planning for _, planning, _ in runs)
            plan = runs[-1][2]
            row[schema] = {"median": median, "planning": planning, "cold": cold, "buffers": first_buffers(plan),
                           "cold_buffers": first_buffers(cold_plan), "partitions": partitions_read(plan, subject.table)}
            say(f"\n{schema}: median {median:.2f} ms (planning {planning:.2f}) of {repeat}: "
                + ", ".join(f"{total:.2f}" for total, _, _ in runs) + f"; cold-ish {cold:.2f} ms ({load()})")
            say(plan)
        run("SET search_path = public")
        results.append(row)
    return results


def maintenance(subject, years):
    """VACUUM and ANALYZE of the whole table, then removing the oldest full year both ways (ms)."""
    table = subject.table
    out = {}
    for schema in (PLAIN, YEARLY):
        out[f"VACUUM (ANALYZE), nothing to do ({schema})"] = timed(f'VACUUM (ANALYZE) {schema}."{table}"')
        out[f"ANALYZE ({schema})"] = timed(f'ANALYZE {schema}."{table}"')
    current = years[-1]
    out[f"VACUUM (ANALYZE) of the {current} partition alone"] = timed(f'VACUUM (ANALYZE) {YEARLY}."{table}_y{current}"')
    old = years[1]  # the first is a month or two of the shifted copy; the second is whole
    lower, upper = year_bounds(subject, old)
    column = subject.date_column
    run(f"SET search_path = {PLAIN}, public")
    plan = "\n".join(row[0] for row in run(
        f'EXPLAIN (ANALYZE, BUFFERS) DELETE FROM "{table}" WHERE "{column}" >= {lower} AND "{column}" < {upper}'))
    run("SET search_path = public")
    deleted = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
    say(f"\nDELETE of {old} from the plain copy:\n{plan}")
    out[f"DELETE {old} (plain)"] = float(deleted)
    out[f"VACUUM after the DELETE (plain): reclaims {old}, every index scanned"] = timed(f'VACUUM {PLAIN}."{table}"')
    out[f"DETACH PARTITION {old}"] = timed(f'ALTER TABLE {YEARLY}."{table}" DETACH PARTITION {YEARLY}."{table}_y{old}"')
    out[f"DROP TABLE of the detached {old}"] = timed(f'DROP TABLE {YEARLY}."{table}_y{old}"')
    say(f"\nmaintenance of {table} ({load()}):")
    for name, ms in out.items():
        say(f"  {name}: {ms:.0f} ms")
    return out


def summary(subject, results, size, chores):
    (plain_table, plain_indexes, rows), (yearly_table, yearly_indexes, partitions) = size
    say(f"\n| {subject.table} at 2× ({rows} rows) | plain | by year ({partitions} partitions) | plain cold-ish | by year cold-ish |")
    say("|---|---|---|---|---|")
    for row in results:
        plain, yearly = row[PLAIN], row[YEARLY]
        say(f"| {row['name']} | {plain['median']:.2f} ms | {yearly['median']:.2f} ms "
            f"(planning {yearly['planning']:.2f}, {yearly['partitions']} partitions read) "
            f"| {plain['cold']:.2f} | {yearly['cold']:.2f} |")
        say(f"|   buffers | {plain['buffers']} | {yearly['buffers']} | | |")
    say(f"| size: table + indexes | {plain_table / 2**20:.0f} + {plain_indexes / 2**20:.0f} MB "
        f"| {yearly_table / 2**20:.0f} + {yearly_indexes / 2**20:.0f} MB | | |")
    for name, ms in chores.items():
        say(f"| {name} | {ms:.0f} ms | | | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--without-search-indexes", action="store_true",
                        help="skip the free-text bigram GIN indexes (the slowest to build; no query here reads them)")
    parser.add_argument("--keep", action="store_true", help="leave the two schemas for a later look")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    commit = shell("git", "rev-parse", "--short", "HEAD")
    say(f"partitioning by year: database {connection.settings_dict['NAME']}, commit {commit}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    say(run("SELECT version()")[0][0])
    say(shell("df", "-h", "/"))
    say(shell("uptime"))
    run(f"DROP SCHEMA IF EXISTS {PLAIN} CASCADE")
    run(f"DROP SCHEMA IF EXISTS {YEARLY} CASCADE")
    run(f"CREATE SCHEMA {PLAIN}")
    run(f"CREATE SCHEMA {YEARLY}")
    try:
        # Bulk load as the generator does; the year bounds and the shift are local (Asia/Shanghai).
        run("SET synchronous_commit = off")
        run("SET maintenance_work_mem = '256MB'")
        run(f"SET TimeZone = '{ZONE}'")
        built = {subject.table: build(subject, not args.without_search_indexes) for subject in SUBJECTS}
        connection.close()  # back to the application's session settings (UTC, its jit=off)
        say(f"\nbuilt ({load()}, {disk()})")
        say(shell("df", "-h", "/"))
        reports = []
        for subject in SUBJECTS:
            last = run(f'SELECT max("{subject.date_column}") FROM public."{subject.table}"')[0][0]
            last = last.date() if hasattr(last, "date") else last
            month = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)  # the last whole month
            queries = app_queries(subject, month, last.year - 1)
            size = sizes(subject)
            results = measure(subject, queries, args.repeat)
            chores = maintenance(subject, built[subject.table])
            reports.append((subject, results, size, chores))
        say(f"\n## Summary ({load()})")
        say(shell("uptime"))
        for report in reports:
            summary(*report)
    finally:
        if not args.keep:
            run(f"DROP SCHEMA IF EXISTS {PLAIN} CASCADE")
            run(f"DROP SCHEMA IF EXISTS {YEARLY} CASCADE")
            say(f"\nschemas {PLAIN} and {YEARLY} dropped ({disk()})")


if __name__ == "__main__":
    main()
