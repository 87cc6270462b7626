"""The violation kinds of DOMAIN.md, in Chinese, each with the stable code the rules look for.
Admins may rename them or add others; the codes of the first five must not change."""

from django.db import migrations

KINDS = [
    # code, name, measured by, order
    ("drink_driving", "饮酒驾驶", "alcohol", 10),
    ("drunk_driving", "醉酒驾驶", "alcohol", 11),
    ("overcrowding", "超员", "passengers", 20),
    ("overloading", "超载/超限超载", "load_mass", 21),
    ("no_helmet", "未戴安全头盔", "none", 30),
    ("no_seat_belt", "未系安全带", "none", 31),
    ("no_reflective_vest", "未穿反光衣", "none", 32),
    ("plate_licence", "涉牌涉证", "none", 40),
    ("non_motor", "非机动车违法", "none", 41),
    ("street_racing", "飙车炸街", "none", 42),
    ("speeding", "超速", "none", 50),
    ("fatigue", "疲劳驾驶", "none", 51),
    ("checkpoint_running", "闯卡", "none", 52),
    ("pedestrian", "行人违法", "none", 60),
    ("wrong_way", "逆行", "none", 61),
    ("red_light", "闯红灯", "none", 62),
    ("other", "其他", "none", 99),
]


def seed(apps, schema_editor):
    ViolationKind = apps.get_model("enforcement", "ViolationKind")
    for code, name, measurement, order in KINDS:
        ViolationKind.objects.update_or_create(
            code=code, defaults={"name": name, "measurement": measurement, "sort_order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("enforcement", "ViolationKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
