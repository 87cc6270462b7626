"""Seed the standard counter business types (the headline figures are keyed on their codes) and the
detachment's default work-order due-time rules. Both stay editable in the admin."""

from django.db import migrations

BUSINESS_TYPES = [
    # code, name, counts recorded, order
    ("motorcycle_exam", "摩托车驾驶证（D本）考试", "exam_with_licence", 10),
    ("car_theory_exam", "汽车类科目一考试", "exam", 20),
    ("ebike_plate", "电动自行车挂牌", "handled", 30),
    ("licence_renewal", "驾驶证换证", "handled", 40),
    ("driver_review", "驾驶人审验", "handled", 50),
    ("vehicle_inspection", "机动车检验", "handled", 60),
    ("other", "其他业务", "handled", 90),
]

# channel, category ("" = every category), hours allowed to reply
DUE_RULES = [
    ("12345", "", 120),
    ("12345", "request", 24),
    ("12345", "complaint", 72),
    ("12123", "", 72),
    ("12123", "consultation", 24),
    ("police_platform", "", 72),
    ("letter", "", 360),
    ("walk_in", "", 72),
]


def seed(apps, schema_editor):
    BusinessType = apps.get_model("services", "BusinessType")
    WorkOrderDueRule = apps.get_model("services", "WorkOrderDueRule")
    for code, name, scheme, order in BUSINESS_TYPES:
        BusinessType.objects.get_or_create(code=code, defaults={"name": name, "count_scheme": scheme, "sort_order": order})
    for channel, category, hours in DUE_RULES:
        WorkOrderDueRule.objects.get_or_create(channel=channel, category=category, defaults={"hours_allowed": hours})


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
