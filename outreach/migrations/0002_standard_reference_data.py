"""The standard materials and target groups: metrics.py registers a figure for each of these codes."""

from django.db import migrations

# Copied, not imported: a migration must not change when choices.py does.
MATERIALS = [
    ("leaflet", "宣传资料", "copy"),
    ("reflective_sticker", "反光贴", "sheet"),
    ("helmet", "安全头盔", "piece"),
    ("poster", "宣传海报", "sheet"),
    ("reflective_vest", "反光背心", "piece"),
]
TARGET_GROUPS = [
    ("ebike_riders", "电动车骑乘人员"),
    ("key_drivers", "重点驾驶人"),
    ("delivery_riders", "快递外卖骑手"),
    ("rural_elderly_children", "农村“一老一小”"),
    ("students_parents", "学生及家长"),
    ("enterprise_staff", "企业职工"),
    ("teen_riders_parents", "违法青少年及家长"),
    ("general_public", "社会公众"),
]


def create(apps, schema_editor):
    Material = apps.get_model("outreach", "Material")
    TargetGroup = apps.get_model("outreach", "TargetGroup")
    for order, (code, name, unit) in enumerate(MATERIALS, start=1):
        Material.objects.get_or_create(code=code, defaults={"name": name, "unit": unit, "sort_order": order})
    for order, (code, name) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
