"""Synthetic data for the benchmarks: multiply the demo records to N brigades × Y years.

    .venv/bin/python manage.py load_demo            # a year of realistic records per app
    .venv/bin/python bench/generate.py --brigades 12 --years 3 --factor 40

It knows no domain model by name: it clones the rows of every concrete BrigadeRecord model
(apps.get_models + issubclass) with bulk_create, spreading the copies over `--brigades` brigades
(created as 基准N大队 if missing) and `--years` years (every date/datetime field shifted by whole
years), and suffixing unique text fields. Foreign keys to other records keep pointing at the
originals, which is enough for timing aggregates (the rollups count per model). Then it rebuilds the
rollups. Idempotence is not a goal: run it on a scratch database (createdb brigades_bench).
"""

import argparse
import random
import time
from datetime import date, datetime, timedelta

import _setup  # noqa: F401
from django.db import models, transaction

from brigades.models import Brigade, Detachment
from brigades.rollups import record_models, rollup_rebuild_all

BATCH = 5000


def bench_brigades(count):
    detachment = Detachment.objects.first() or Detachment.objects.create(name="基准支队")
    brigades = list(Brigade.objects.order_by("pk")[:count])
    for n in range(len(brigades), count):
        brigades.append(Brigade.objects.create(
            detachment=detachment, name=f"基准{n + 1}大队", short_name=f"基准{n + 1}", code=f"bench{n + 1}", sort_order=100 + n,
        ))
    return brigades


def shift(value, years):
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        try:
            return value.replace(year=value.year - years)
        except ValueError:
            return value.replace(year=value.year - years, day=28)
    return value


def clone_model(model, brigades, years, factor, rng, out):
    originals = list(model._base_manager.all()[:20000])
    if not originals:
        return 0
    date_fields = [f for f in model._meta.concrete_fields if isinstance(f, (models.DateField, models.DateTimeField))]
    unique_text = [f for f in model._meta.concrete_fields if f.unique and isinstance(f, models.CharField) and not f.primary_key]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            unique_text += [model._meta.get_field(n) for n in constraint.fields
                            if isinstance(model._meta.get_field(n), models.CharField)]
    made, copy_no = 0, 0
    target = len(originals) * factor
    started = time.monotonic()
    while made < target:
        batch = []
        for original in originals:
            copy_no += 1
            clone = model(**{f.attname: getattr(original, f.attname) for f in model._meta.concrete_fields if not f.primary_key})
            clone.brigade_id = rng.choice(brigades).pk
            years_back = rng.randrange(years)
            for field in date_fields:
                setattr(clone, field.attname, shift(getattr(clone, field.attname), years_back))
            for field in unique_text:
                value = f"{getattr(clone, field.attname) or ''}{copy_no:x}"
                setattr(clone, field.attname, value[-field.max_length:])
            batch.append(clone)
            if len(batch) >= BATCH or made + len(batch) >= target:
                break
        with transaction.atomic():
            # bulk_create re-stamps auto_now/auto_now_add fields (created_at): metrics count by the
            # records' own date fields, which keep their shifted values. No signals are sent, so
            # the rollups are rebuilt at the end.
            model._base_manager.bulk_create(batch, batch_size=BATCH)
        made += len(batch)
    out(f"  {model._meta.label}: {made} rows in {time.monotonic() - started:.1f} s")
    return made


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brigades", type=int, default=12)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10, help="copies of each demo row")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    brigades = bench_brigades(args.brigades)
    total = 0
    for model in record_models():
        total += clone_model(model, brigades, args.years, args.factor, rng, print)
    print(f"{total} rows cloned; rebuilding rollups")
    started = time.monotonic()
    rows = rollup_rebuild_all(progress=lambda m: print(f"  {m}"))
    print(f"rebuild: {rows} rows in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
