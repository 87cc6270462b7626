"""Synthetic data for the benchmarks: the demo data set copied N times over B brigades × Y years.

    createdb -h 127.0.0.1 -U postgres brigades_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench DEBUG=false
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/generate.py --brigades 12 --years 3 --factor 244

PostgreSQL only: every copy is made by the database itself, one `INSERT … SELECT … CROSS JOIN
generate_series(…)` statement per model and chunk of copies, with no row passing through Python.

It knows no domain model by name. What it copies:
- every concrete `BrigadeRecord` model (brigades.rollups.record_models(), the models the rollups count);
- their child rows: every other model with a foreign key to one of them (transitions, materials of
  an event, many-to-many tables such as the officers of a violation), so that a figure computed
  through a join grows with its records;
- not the audit history (django-simple-history `Historical*` tables): the copies are not edits,
  and no figure reads them. Reference data (users, towns, categories, officers) is shared.

Copy n (1…N) is one consistent "world": every copied row goes to brigade (n div Y) mod B and every
date and datetime field moves back n mod Y whole years (29 February becomes the 28th). Its rows
get the ids `original id + n × (max id + 1)`, so a foreign key from one copied model to another is
moved to the same copy (a counter day's counts point at the copied day, a violation at the copied
operation). Unique text fields (and one text field of each unique constraint that has one) get the
suffix `~n` (keeping the end of a value too long for it); a nullable number in a unique constraint (a notice serial) is left empty in copies.
Rows that would still break a unique constraint (one command-centre day per brigade and day) are
skipped (ON CONFLICT DO NOTHING): such per-day records saturate at one per brigade-day, as in life.

Speed: the load runs with `session_replication_role = replica` (no foreign-key triggers: the copies
are derived from consistent rows, and checking millions of keys would dominate the time) and
`synchronous_commit = off`; indexes are maintained as usual, then ANALYZE. Finally the rollups are
rebuilt (`rollup_rebuild_all`). Not idempotent: run it once on a scratch database.
"""

import argparse
import time

import _setup  # noqa: F401
from django.apps import apps
from django.db import connection, models, transaction

from brigades.models import Brigade, Detachment
from brigades.rollups import record_models, rollup_rebuild_all

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


def models_to_copy():
    """(record models, child models): the children have a foreign key to a record model."""
    records = [m for m in record_models() if not m._meta.proxy]
    record_set = set(records)
    children = []
    for model in apps.get_models(include_auto_created=True):
        if model in record_set or model._meta.proxy or is_history(model):
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


def select_list(model, offsets, brigade_ids, years, factor):
    """The column list and the SELECT expressions that make copy g.n of row o."""
    brigades = "ARRAY[" + ",".join(str(pk) for pk in brigade_ids) + "]::bigint[]"
    brigade_of_copy = f"({brigades})[1 + (g.n / {years}) % {len(brigade_ids)}]"
    years_back = f"(g.n % {years})"
    suffix, blank = unique_text_fields(model)
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        column = f"o.{q(field.column)}"
        if field.primary_key:
            expression = f"{column} + g.n * {offsets[model]}"
        elif field.is_relation and field.related_model is Brigade and field.name == "brigade":
            expression = brigade_of_copy
        elif field.is_relation and field.related_model in offsets:
            expression = f"{column} + g.n * {offsets[field.related_model]}"
        elif field.name in blank:
            expression = "NULL"
        elif field.name in suffix:
            # Keep the end of a value that must be cut: codes and plate numbers differ at the end.
            keep = (field.max_length or 10_000) - 1 - len(str(factor))
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
    return columns, expressions


def copy_model(model, offsets, brigade_ids, years, factor, out):
    table = q(model._meta.db_table)
    pk = q(model._meta.pk.column)
    columns, expressions = select_list(model, offsets, brigade_ids, years, factor)
    originals = model._base_manager.count()
    if not originals:
        return 0
    per_statement = max(1, CHUNK_ROWS // originals)
    started, made = time.monotonic(), 0
    for first in range(1, factor + 1, per_statement):
        last = min(factor, first + per_statement - 1)
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {table} o CROSS JOIN generate_series({first}, {last}) AS g(n) "
            f"WHERE o.{pk} < {offsets[model]} ON CONFLICT DO NOTHING"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(sql)
            made += cursor.rowcount
    with connection.cursor() as cursor:
        # The sequence continues after the highest copy, so the application can still insert.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT max({pk}) FROM {table}))",
            [model._meta.db_table, model._meta.pk.column],
        )
    out(f"  {model._meta.label}: {originals} → {originals + made} rows ({time.monotonic() - started:.1f} s)")
    return made


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
    total = 0
    print(f"copying {len(records)} record models and {len(children)} child models × {args.factor}")
    for model in records + children:
        total += copy_model(model, offsets, brigade_ids, args.years, args.factor, print)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{total} rows copied in {time.monotonic() - started:.1f} s (with ANALYZE)")
    if args.no_rebuild:
        return
    started = time.monotonic()
    rows = rollup_rebuild_all(progress=lambda m: print(f"  {m}"))
    print(f"rollup rebuild: {rows} rows in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
