"""Seed the reference data with the terms of DOMAIN.md; an administrator extends them in the admin."""

from django.db import migrations

CATEGORIES = [
    ("平交路口通视距离不足", False),
    ("校园周边", False),
    ("马路市场 / 占道经营", False),
    ("事故多发点段", True),
    ("交通标志缺失或不规范", False),
    ("交通标线缺失或不清", False),
    ("护栏缺失或损坏", False),
    ("照明不足", False),
    ("急弯陡坡", False),
    ("其他", False),
]
PARTIES = ["镇（街道）", "管区", "交通运输局", "公路局", "住建局", "城管局", "园林处", "教体局", "学校", "企业", "村委会", "其他"]
MEASURES = [
    ("爆闪警示灯", "盏"), ("平安哨兵（支路哨兵）", "处"), ("右转停车红月牙标线", "处"), ("大型货车右转待停区", "处"),
    ("“第一盏灯”", "盏"), ("凸面镜", "面"), ("修剪通视三角区树木", "棵"), ("交通标志", "块"), ("交通标线", "处"),
    ("护栏", "米"), ("停车泊位", "个"), ("减速带", "条"), ("马路市场迁移或取缔", "处"), ("清理占道经营", "起"),
]
CAUSES = ["未按规定让行", "超速行驶", "酒后驾驶", "疲劳驾驶", "逆行", "闯红灯", "违法占道", "操作不当", "车辆故障", "其他"]


def seed(apps, schema_editor):
    HazardCategory = apps.get_model("hazards", "HazardCategory")
    ResponsibleParty = apps.get_model("hazards", "ResponsibleParty")
    MeasureKind = apps.get_model("hazards", "MeasureKind")
    AccidentCause = apps.get_model("hazards", "AccidentCause")
    HazardPolicy = apps.get_model("hazards", "HazardPolicy")
    for order, (name, black_spot) in enumerate(CATEGORIES, start=1):
        HazardCategory.objects.get_or_create(name=name, defaults={"sort_order": order * 10, "is_black_spot": black_spot})
    for order, name in enumerate(PARTIES, start=1):
        ResponsibleParty.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    for order, (name, unit) in enumerate(MEASURES, start=1):
        MeasureKind.objects.get_or_create(name=name, defaults={"sort_order": order * 10, "unit": unit})
    for order, name in enumerate(CAUSES, start=1):
        AccidentCause.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    if not HazardPolicy.objects.filter(brigade__isnull=True).exists():
        HazardPolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("hazards", "0002_hazards_accidents_key_items")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
