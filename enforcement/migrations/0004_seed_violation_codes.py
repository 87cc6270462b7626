"""The common violation codes (违法行为代码) with the article they break, the fine range, the points
(道路交通安全违法行为记分管理办法, 2022) and the licence measure. Reference data: an administrator
keeps the table in step with the province's current code list (codes and fines vary by province)."""

from django.db import migrations

NONE, SUSPENDED, REVOKED = "none", "suspended", "revoked"
LAW = "《道路交通安全法》"

CODES = [
    # code, description, kind code, legal basis, fine from, fine up to, points, licence, criminal, commercial, order
    ("17110", "饮酒后驾驶机动车", "drink_driving", f"{LAW}第91条第1款", 1000, 2000, 12, SUSPENDED, False, False, 10),
    ("17120", "醉酒后驾驶机动车", "drunk_driving", f"{LAW}第91条第2款；《刑法》第133条之一", 0, 0, 12, REVOKED, True, False, 11),
    ("17130", "饮酒后驾驶营运机动车", "drink_driving", f"{LAW}第91条第3款", 5000, 5000, 12, REVOKED, False, True, 12),
    ("17140", "醉酒后驾驶营运机动车", "drunk_driving", f"{LAW}第91条第4款；《刑法》第133条之一", 0, 0, 12, REVOKED, True, True, 13),
    ("16010", "驾驶营运客车载人超过核定人数20%以上", "overcrowding", f"{LAW}第49条、第92条第1款", 500, 2000, 12, NONE, False, True, 20),
    ("16020", "驾驶营运客车载人超过核定人数未达20%", "overcrowding", f"{LAW}第49条、第92条第1款", 200, 500, 6, NONE, False, True, 21),
    ("16030", "驾驶其他载客汽车载人超过核定人数20%以上", "overcrowding", f"{LAW}第49条、第92条第1款", 500, 2000, 6, NONE, False, False, 22),
    ("16040", "驾驶其他载客汽车载人超过核定人数未达20%", "overcrowding", f"{LAW}第49条、第92条第1款", 200, 500, 3, NONE, False, False, 23),
    ("16050", "驾驶载货汽车载物超过最大允许总质量50%以上", "overloading", f"{LAW}第48条、第92条第2款", 500, 2000, 12, NONE, False, False, 30),
    ("16060", "驾驶载货汽车载物超过最大允许总质量30%以上未达50%", "overloading", f"{LAW}第48条、第92条第2款", 500, 2000, 6, NONE, False, False, 31),
    ("16070", "驾驶载货汽车载物超过最大允许总质量未达30%", "overloading", f"{LAW}第48条、第92条第2款", 200, 500, 1, NONE, False, False, 32),
    ("13040", "驾驶摩托车不戴安全头盔", "no_helmet", f"{LAW}第51条、第90条", 20, 200, 1, NONE, False, False, 40),
    ("20020", "驾驶电动自行车不按规定佩戴安全头盔", "no_helmet", f"{LAW}第89条；《山东省电动自行车管理办法》", 5, 50, 0, NONE, False, False, 41),
    ("60110", "驾驶人未按规定使用安全带", "no_seat_belt", f"{LAW}第51条、第90条", 20, 200, 1, NONE, False, False, 50),
    ("16250", "驾驶机动车违反道路交通信号灯通行", "red_light", f"{LAW}第38条、第90条", 20, 200, 6, NONE, False, False, 60),
    ("13010", "驾驶机动车逆向行驶", "wrong_way", f"{LAW}第35条、第90条", 20, 200, 3, NONE, False, False, 61),
    ("20030", "驾驶非机动车逆向行驶", "wrong_way", f"{LAW}第35条、第89条", 5, 50, 0, NONE, False, False, 62),
    ("50010", "驾驶未悬挂机动车号牌的机动车", "plate_licence", f"{LAW}第11条、第95条第1款", 20, 200, 9, NONE, False, False, 70),
    ("50020", "故意遮挡、污损机动车号牌", "plate_licence", f"{LAW}第11条、第95条第2款", 200, 2000, 9, NONE, False, False, 71),
    ("50030", "使用伪造、变造的机动车号牌", "plate_licence", f"{LAW}第96条第1款", 2000, 5000, 12, NONE, False, False, 72),
    ("50040", "未取得机动车驾驶证驾驶机动车", "plate_licence", f"{LAW}第19条、第99条第1款第1项", 200, 2000, 0, NONE, False, False, 73),
]


def seed(apps, schema_editor):
    ViolationKind = apps.get_model("enforcement", "ViolationKind")
    ViolationCode = apps.get_model("enforcement", "ViolationCode")
    kinds = {kind.code: kind for kind in ViolationKind.objects.all()}
    for code, description, kind, basis, fine_min, fine_max, points, licence, criminal, commercial, order in CODES:
        if kind not in kinds:
            continue
        ViolationCode.objects.update_or_create(code=code, defaults={
            "description": description, "kind": kinds[kind], "legal_basis": basis, "fine_min": fine_min,
            "fine_max": fine_max, "points": points, "licence_action": licence, "is_criminal": criminal,
            "commercial_vehicle": commercial, "sort_order": order,
        })


def unseed(apps, schema_editor):
    apps.get_model("enforcement", "ViolationCode").objects.filter(code__in=[c[0] for c in CODES]).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0003_violation_codes")]

    operations = [migrations.RunPython(seed, unseed)]
