"""Demo organisation: the Liaocheng detachment, the four brigades of the articles and three more,
their squadrons, towns, officers, jurisdiction figures and one user per role.

Every app has a `demo.py` with `load(*, scale, rng, stdout)`; `manage.py load_demo` calls them in
INSTALLED_APPS order. Each must be idempotent: a second run changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .basemap import base_map_load
from .choices import Direction, MapLayerKind, OfficerKind, ReportStatus, Role, ScoringMethod, SquadronKind, TownKind
from .models import (
    Assessment, AssessmentItem, Brigade, BrigadeJurisdiction, Detachment, MapLayer, MonthlyReport, Officer, Squadron, Town, User,
)
from .figures.operations import report_approve
from .figures.periods import add_months

DETACHMENT = "聊城市公安局交巡警支队"

# code, name, short name, population, motor vehicles, towns {town: [管区...]}
BRIGADES = [
    ("gxq", "高新区大队", "高新区", 236_000, 61_000,
     {"韩集乡": ["韩集第一管区", "韩集第二管区"], "顾官屯镇": ["顾官屯东管区", "顾官屯西管区"],
      "许营镇": [], "九州街道": [], "新区街道": []}),
    ("zs2", "直属二大队", "直属二", 420_000, 138_000,
     {"东城街道": [], "柳园街道": [], "湖西街道": [], "古楼街道": [], "新区街道": []}),
    ("dea", "东阿大队", "东阿", 398_000, 112_000,
     {"铜城街道": [], "新城街道": [], "刘集镇": ["刘集第一管区", "刘集第二管区", "刘集第三管区"],
      "牛角店镇": [], "大桥镇": [], "高集镇": [], "姚寨镇": [], "鱼山镇": [], "陈集镇": []}),
    ("dcf", "东昌府大队", "东昌府", 1_160_000, 352_000,
     {"道口铺街道": [], "闫寺街道": [], "凤凰街道": [], "侯营镇": [], "沙镇镇": [],
      "堂邑镇": [], "梁水镇镇": [], "斗虎屯镇": [], "郑家镇": [], "张炉集镇": []}),
    ("cp", "茌平大队", "茌平", 512_000, 158_000, {"振兴街道": [], "信发街道": [], "温陈街道": [], "乐平铺镇": []}),
    ("yg", "阳谷大队", "阳谷", 780_000, 205_000, {"侨润街道": [], "博济桥街道": [], "狮子楼街道": [], "阿城镇": []}),
    ("sx", "莘县大队", "莘县", 1_020_000, 260_000, {"莘州街道": [], "燕塔街道": [], "莘亭街道": [], "张鲁回族镇": []}),
]

SQUADRONS = [
    ("第一中队", SquadronKind.TERRITORIAL),
    ("第二中队", SquadronKind.TERRITORIAL),
    ("第三中队", SquadronKind.TERRITORIAL),
    ("犯罪侦查中队", SquadronKind.CRIME_INVESTIGATION),
    ("法制中队", SquadronKind.LEGAL),
    ("夜间值班中队", SquadronKind.NIGHT_DUTY),
    ("指挥中心", SquadronKind.COMMAND_CENTRE),
    ("车管中队", SquadronKind.VEHICLE_ADMIN),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌",
         "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳", "敏", "静", "丽", "芳", "娜", "婷"]
LEADERS = [("大队长", OfficerKind.POLICE), ("政委", OfficerKind.POLICE), ("副大队长", OfficerKind.POLICE)]
OFFICERS_PER_BRIGADE = 24


def demo_years():
    """The demo's jurisdiction years end with the current one, so `make run` on any day has this
    year's population for the per-10 000 rates (the records are dated back from today too)."""
    this_year = timezone.localdate().year
    return (this_year - 2, this_year - 1, this_year)


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def demo_brigades():
    """The demo brigades in order, for the other apps' demo loaders."""
    return list(Brigade.objects.filter(code__in=[row[0] for row in BRIGADES]).order_by("sort_order"))


@transaction.atomic
def load(*, scale, rng, stdout):
    detachment, _ = Detachment.objects.get_or_create(name=DETACHMENT, defaults={"short_name": "交巡警支队"})
    for order, (code, name, short, population, vehicles, towns) in enumerate(BRIGADES, start=1):
        brigade, _ = Brigade.objects.get_or_create(
            code=code, defaults={"detachment": detachment, "name": name, "short_name": short, "sort_order": order}
        )
        for year in demo_years():
            growth = 1 + 0.01 * (year - demo_years()[0])
            BrigadeJurisdiction.objects.get_or_create(
                brigade=brigade, year=year,
                defaults={"population": int(population * growth), "motor_vehicles": int(vehicles * growth * growth)},
            )
        squadrons = [
            Squadron.objects.get_or_create(brigade=brigade, name=sq_name, defaults={"kind": kind})[0]
            for sq_name, kind in SQUADRONS
        ]
        for town_name, districts in towns.items():
            kind = TownKind.STREET if town_name.endswith("街道") else TownKind.TOWN
            town, _ = Town.objects.get_or_create(brigade=brigade, name=town_name, defaults={"kind": kind})
            for district in districts:
                Town.objects.get_or_create(
                    brigade=brigade, name=district, defaults={"kind": TownKind.DISTRICT, "parent": town}
                )
        load_officers(brigade, squadrons, order, rng)
        load_users(brigade, code)
    load_detachment_users()
    load_assessment()
    load_base_map(stdout)


# The demo's offline base map: synthetic outlines of the demo towns and a few main roads
# (brigades/demo_map/generate.py), so `make run` shows roads and boundaries with no internet.
DEMO_MAP = Path(__file__).resolve().parent / "demo_map"
DEMO_LAYERS = [("城镇边界（示意）", MapLayerKind.BOUNDARIES, "towns.geojson"), ("主要道路（示意）", MapLayerKind.ROADS, "roads.geojson")]


def load_base_map(stdout):
    """Loads each demo layer once; a layer already there (the demo's, or one an admin loaded under
    that name) is left alone, so a second run changes nothing."""
    for name, kind, filename in DEMO_LAYERS:
        if MapLayer.objects.filter(name=name).exists():
            continue
        layer, _ = base_map_load(name=name, kind=kind, raw=(DEMO_MAP / filename).read_bytes(), source=filename, synthetic=True)
        stdout.write(f"base map: {layer.name} ({layer.features.count()})")


# The county assessment named three figures (万人死亡率, helmet-wearing rate, hazard rectification);
# the detachment adds hotline satisfaction and drink-driving enforcement.
ASSESSMENT_ITEMS = [
    ("brigades.deaths_per_10k", 30, Direction.LOWER, ScoringMethod.RANK, None),
    ("enforcement.helmet_rate", 25, Direction.HIGHER, ScoringMethod.TARGET, 90),
    ("hazards.rectification_rate", 25, Direction.HIGHER, ScoringMethod.TARGET, 95),
    ("services.workorder_satisfaction_rate", 10, Direction.HIGHER, ScoringMethod.TARGET, 95),
    ("enforcement.alcohol_cases", 10, Direction.HIGHER, ScoringMethod.RANK, None),
]


def load_assessment():
    assessment, _created = Assessment.objects.get_or_create(
        name="交通安全综合考核", defaults={"description": "县区考核三项指标（万人死亡率、头盔佩戴率、隐患整改率）加支队重点工作。"}
    )
    for metric, weight, direction, method, target in ASSESSMENT_ITEMS:
        # A demo loaded before satisfaction was scored against its target follows; an item already
        # as declared is not saved again (a second run changes nothing, not even the history).
        wanted = {"weight": weight, "direction": direction, "method": method, "target": target}
        item = AssessmentItem.objects.filter(assessment=assessment, metric=metric).first()
        if item is None:
            AssessmentItem.objects.create(assessment=assessment, metric=metric, **wanted)
        elif any(getattr(item, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(item, name, value)
            item.save()


def load_officers(brigade, squadrons, order, rng):
    if brigade.officers.exists():
        return
    territorial = [s for s in squadrons if s.kind == SquadronKind.TERRITORIAL]
    for n in range(OFFICERS_PER_BRIGADE):
        if n < len(LEADERS):
            position, kind, squadron = LEADERS[n][0], LEADERS[n][1], None
        else:
            kind = OfficerKind.POLICE if n % 3 else OfficerKind.AUXILIARY
            squadron = territorial[n % len(territorial)] if n % 4 else rng.choice(squadrons)
            position = ""
        Officer.objects.create(
            brigade=brigade, squadron=squadron, name=person_name(rng), kind=kind, position=position,
            badge_number=f"{order:02d}{n + 1:04d}" if kind == OfficerKind.POLICE else f"F{order:02d}{n + 1:04d}",
            phone=f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}",
        )


def load_users(brigade, code):
    for role, label in ((Role.STAFF, "内勤"), (Role.LEADER, "大队领导")):
        ensure_user(f"{code}_{role}", brigade=brigade, role=role, first_name=f"{brigade.short_name}{label}")


def load_detachment_users():
    ensure_user("zhidui_leader", brigade=None, role=Role.DETACHMENT_LEADER, first_name="支队领导")
    ensure_user("admin", brigade=None, role=Role.ADMIN, first_name="系统管理员", is_staff=True, is_superuser=True)
    ensure_user("auditor", brigade=None, role=Role.AUDITOR, first_name="安全审计员")


def ensure_user(username, **fields):
    if User.objects.filter(username=username).exists():
        return
    user = User(username=username, **fields)
    user.set_password(settings.DEMO_PASSWORD)
    user.save()


def demo_users():
    return User.objects.filter(username__in=["admin", "zhidui_leader", "auditor"] + [
        f"{code}_{role}" for code, *_ in BRIGADES for role in (Role.STAFF, Role.LEADER)
    ]).select_related("brigade").order_by("brigade__sort_order", "username")


def load_reports(*, stdout):
    """Approve the article brigades' monthly reports up to three months ago, as their leaders would
    have: those months are final for the detachment, and locked. Runs after every app's records."""

    today = timezone.localdate()
    last = add_months(today.replace(day=1), -3)
    for code in ("gxq", "zs2", "dea", "dcf"):
        brigade = Brigade.objects.get(code=code)
        leader = User.objects.get(username=f"{code}_{Role.LEADER}")
        done = set(
            MonthlyReport.objects.filter(brigade=brigade, status=ReportStatus.APPROVED).values_list("month", flat=True)
        )
        month = add_months(last, -5)
        while month <= last:
            if month not in done:
                report_approve(brigade_id=brigade.pk, month=month, user=leader, today=today)
            month = add_months(month, 1)
