"""Synthetic data for the benchmarks: the demo data set copied N times over B brigades × Y years.

    createdb -h 127.0.0.1 -U postgres brigades_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench DEBUG=false
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/generate.py --brigades 12 --years 3 --factor 244

PostgreSQL only: every copy is made by the database itself, one `INSERT … SELECT … CROSS JOIN
generate_series(…)` statement per model and chunk of copies, with no row passing through Python.

It knows no domain model by name. What it copies:
- every concrete `BrigadeRecord` model (brigades.figures.rollups.record_models(), the models the rollups count);
- their child rows that a metric reads (a model with a foreign key to a record model whose table
  appears in the SQL of a metric's compute, e.g. an event's materials and target groups), so that
  a figure computed through a join grows with its records. Other children (state transitions, the
  officers of a violation) are not copied: no figure reads them, and they would triple the volume;
- not the audit history (django-simple-history `Historical*` tables): the copies are not edits,
  and no figure reads them. Reference data (users, towns, categories, officers) is shared.

Copy n (1…N) is one consistent "world": every copied row goes to brigade (n div Y) mod B and every
date and datetime field moves back n mod Y whole years (29 February becomes the 28th); N a multiple
of B×Y spreads the copies evenly. Its rows get the ids `original id + n × (max id + 1)`, so a foreign
key from one copied model to another is moved to the same copy (a counter day's counts point at the
copied day). Dateless records (schools, escort posts and shifts, service points, enterprises: no
rollup date) are reference data, not volume: they are copied once per brigade, and the dated copies
point at their brigade's copy. Unique text fields (and one text field of each unique constraint
that has one) get the suffix `~n` (keeping the end of a value too long for it); a nullable number
in a unique constraint (a notice serial) is left empty in copies. Rows that would still break a
unique constraint (one counter day per service point and day, one command-centre day per brigade
and day) are skipped (ON CONFLICT DO NOTHING): such per-day records saturate as in life, and the
rows pointing at a skipped copy (the counts of that counter day) are skipped with it.

Speed: the load runs with `session_replication_role = replica` (no foreign-key triggers: the copies
are derived from consistent rows, and checking millions of keys would dominate the time) and
`synchronous_commit = off`; indexes are maintained as usual, then VACUUM (ANALYZE): a database in
service has its visibility map kept by autovacuum, and without it every "count up to 10 001 of one
brigade's rows" read the table instead of the index (violations, 高新区: 63 → 5 ms). Finally the rollups are
rebuilt (`rollup_rebuild_all`). Not idempotent: run it once on a scratch database.
"""

import argparse
import time

import _setup  # noqa: F401
from django.apps import apps
from django.db import connection, models, transaction

from brigades.models import Brigade, Detachment
from brigades.figures.rollups import record_models, rollup_rebuild_all

# Copies per statement: each statement is its own transaction, so progress is visible and a
# failure loses little.
CHUNK_ROWS = 1_000_000


def bench_brigades(count):
    detachment = Detachment.objects.first() or Detachment.objects.create(name="基准支队")
    brigades = list(Brigade.objects.filter(is_active=True).order_by("pk")[:count])
    for n in range(len(brigades), count):
        brigades.append(Brigade.objects.create(
            detachment=detachment, name=f"基准{n + 1}大队", short_name=f"基准{n + 1}", code=f"bench{n + 1}",
            sort_order=100 + n,
        ))
    return brigades


def is_history(model):
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def tables_read_by_metrics():
    """The tables the registered sum metrics read: each compute runs once over one day, and the
    table names are taken from its SQL."""
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from brigades.figures.registry import registry

    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        for metric in registry.sums():
            list(metric.compute(today, today, None))
    return " ".join(query["sql"] for query in queries.captured_queries)


def models_to_copy():
    """(record models, child models): a child has a foreign key to a record model and is read by a
    metric (an event's materials, its target groups). Children no figure reads (state transitions,
    the officers of a violation) are not copied: they would triple the volume and time for nothing
    the rollups count."""
    records = [m for m in record_models() if not m._meta.proxy]
    record_set = set(records)
    sql = tables_read_by_metrics()
    children = []
    for model in apps.get_models(include_auto_created=True):
        if model in record_set or model._meta.proxy or is_history(model):
            continue
        if q(model._meta.db_table) not in sql:
            continue
        if any(f.is_relation and f.many_to_one and f.related_model in record_set for f in model._meta.concrete_fields):
            children.append(model)
    return records, children


def q(name):
    return connection.ops.quote_name(name)


def unique_text_fields(model):
    """Fields to suffix with the copy number, and nullable numbers to leave empty, so copies stay unique."""
    suffix, blank = set(), set()
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key and isinstance(field, (models.CharField, models.TextField)):
            suffix.add(field.name)
    groups = [c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    groups += [tuple(g) for g in model._meta.unique_together]
    for names in groups:
        fields = [model._meta.get_field(n) for n in names]
        text = [f for f in fields if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        if text:
            suffix.add(text[0].name)
            continue
        numbers = [f for f in fields if f.null and not f.is_relation and not isinstance(f, models.DateField)]
        if numbers:
            blank.add(numbers[0].name)
    return suffix, blank


class Plan:
    """What is copied where: copy n goes to brigade (n div Y) mod B and Y_back = n mod Y years back.

    A dateless record (a school, an escort post and its shifts, a service point, an enterprise: no
    rollup date) is reference data of a brigade, not a volume that grows with time: it is copied
    once per brigade (copies Y, 2Y, … B×Y, whose brigades are 1, 2, … B mod B), and the dated
    records of copy n point at the copy of their own brigade."""

    def __init__(self, brigade_ids, years, factor, offsets, dateless):
        self.brigade_ids, self.years, self.factor = brigade_ids, years, factor
        self.offsets, self.dateless = offsets, dateless
        self.short = set()  # models some of whose copies were skipped (unique per brigade and day)

    def copies(self, model):
        """(first, last, step) of the copy numbers of a model."""
        if model in self.dateless:
            return self.years, self.years * len(self.brigade_ids), self.years
        return 1, self.factor, 1

    def brigade_index(self, n="g.n"):
        return f"(({n} / {self.years}) % {len(self.brigade_ids)})"

    def copy_of(self, target, n="g.n"):
        """The copy number, in `target`, that copy n of a row points at."""
        if target in self.dateless:
            index = self.brigade_index(n)
            return f"({self.years} * (CASE WHEN {index} = 0 THEN {len(self.brigade_ids)} ELSE {index} END))"
        return n


def select_list(model, plan):
    """The column list, the SELECT expressions that make copy g.n of row o, and the conditions that
    skip a copy whose parent copy was skipped."""
    brigades = "ARRAY[" + ",".join(str(pk) for pk in plan.brigade_ids) + "]::bigint[]"
    brigade_of_copy = f"({brigades})[1 + {plan.brigade_index()}]"
    years_back = f"(g.n % {plan.years})"
    suffix, blank = unique_text_fields(model)
    columns, expressions, conditions = [], [], []
    for field in model._meta.concrete_fields:
        column = f"o.{q(field.column)}"
        if field.primary_key:
            expression = f"{column} + g.n * {plan.offsets[model]}"
        elif field.is_relation and field.related_model is Brigade and field.name == "brigade":
            expression = brigade_of_copy
        elif field.is_relation and field.related_model in plan.offsets:
            target = field.related_model
            expression = f"{column} + {plan.copy_of(target)} * {plan.offsets[target]}"
            if target in plan.short:
                conditions.append(
                    f"({column} IS NULL OR EXISTS (SELECT 1 FROM {q(target._meta.db_table)} p "
                    f"WHERE p.{q(target._meta.pk.column)} = {expression}))"
                )
        elif field.name in blank:
            expression = "NULL"
        elif field.name in suffix:
            # Keep the end of a value that must be cut: codes and plate numbers differ at the end.
            keep = (field.max_length or 10_000) - 1 - len(str(plan.factor))
            # An empty value (no number yet) stays empty: unique constraints leave it out.
            expression = f"CASE WHEN {column} = '' THEN '' ELSE right({column}, {keep}) || '~' || g.n::text END"
        elif isinstance(field, models.DateTimeField):
            expression = f"{column} - make_interval(years => {years_back})"
        elif isinstance(field, models.DateField):
            expression = f"({column} - make_interval(years => {years_back}))::date"
        else:
            expression = column
        columns.append(q(field.column))
        expressions.append(expression)
    return columns, expressions, conditions


def copy_model(model, plan, out):
    table = q(model._meta.db_table)
    pk = q(model._meta.pk.column)
    columns, expressions, conditions = select_list(model, plan)
    originals = model._base_manager.count()
    if not originals:
        return 0
    first_copy, last_copy, step = plan.copies(model)
    copies = len(range(first_copy, last_copy + 1, step))
    per_statement = max(1, CHUNK_ROWS // originals)
    started, made = time.monotonic(), 0
    where = " AND ".join([f"o.{pk} < {plan.offsets[model]}", *conditions])
    for first in range(first_copy, last_copy + 1, step * per_statement):
        last = min(last_copy, first + step * (per_statement - 1))
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {table} o CROSS JOIN generate_series({first}, {last}, {step}) AS g(n) "
            f"WHERE {where} ON CONFLICT DO NOTHING"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(sql)
            made += cursor.rowcount
    if made < originals * copies:
        plan.short.add(model)
    with connection.cursor() as cursor:
        # The sequence continues after the highest copy, so the application can still insert.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT max({pk}) FROM {table}))",
            [model._meta.db_table, model._meta.pk.column],
        )
    skipped = originals * copies - made
    out(f"  {model._meta.label}: {originals} → {originals + made} rows"
        f"{f' ({skipped} copies skipped: unique)' if skipped else ''} ({time.monotonic() - started:.1f} s)")
    return made


def parents_first(models_):
    """The models ordered so that each comes after the copied models it points at."""
    ordered, left = [], list(models_)
    while left:
        ready = [m for m in left if not any(
            f.is_relation and f.many_to_one and f.related_model in left and f.related_model is not m
            for f in m._meta.concrete_fields
        )] or left[:1]
        ordered += ready
        left = [m for m in left if m not in ready]
    return ordered


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brigades", type=int, default=12)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10, help="copies of the demo data set")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the rollup rebuild at the end")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/generate.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    started = time.monotonic()
    brigade_ids = [b.pk for b in bench_brigades(args.brigades)]
    records, children = models_to_copy()
    offsets = {}
    for model in records + children:
        top = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
        offsets[model] = top + 1
    dateless = {m for m in records if not m.all_rollup_date_fields()}
    plan = Plan(brigade_ids, args.years, args.factor, offsets, dateless)
    total = 0
    print(f"copying {len(records)} record models ({len(dateless)} dateless: once per brigade) "
          f"and {len(children)} child models × {args.factor}")
    for model in parents_first(records) + children:
        total += copy_model(model, plan, print)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print(f"{total} rows copied in {time.monotonic() - started:.1f} s (with VACUUM ANALYZE)")
    if args.no_rebuild:
        return
    started = time.monotonic()
    rows = rollup_rebuild_all(progress=lambda m: print(f"  {m}"))
    print(f"rollup rebuild: {rows} rows in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
