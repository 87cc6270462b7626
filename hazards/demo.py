"""A year of hazard work in the four brigades of the articles, in their proportions (DOMAIN.md §7):
东阿 253 sight-distance intersections all fixed, 90 schools surveyed, high-risk enterprises 35 → 3,
4712 key vehicles and 2430 key drivers cleared; 高新区 272 sight-distance hazards fixed with 180
flashing lights, 210 sentinels, 36 red crescents and 15 markets moved; hazards in every state,
some overdue. Volumes scale with `scale`; a second run changes nothing.

What the clerks would have done in the software also comes in through the app's own operations:
photos before and after rectification (every rectified hazard has its evidence), the black-spot
refresh over accidents that cluster (one suggestion confirmed, one dismissed), and this week's
key vehicle and driver lists imported from a CSV file as the detachment sends them."""

import csv
import io
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from brigades.records import identifiers
from brigades.choices import Role
from brigades.demo import demo_brigades, person_name
from brigades.demo_images import road_scene, save_demo_file
from brigades.models import Officer, Squadron, Town, User

from . import operations, rules
from .choices import (
    OPEN_FOR_RECTIFICATION,
    NOTICE_NUMBER_WORDS,
    SUPERVISION_NOTICE_KINDS,
    AccidentSeverity,
    DeliveryMethod,
    DriverProblem,
    EnterpriseKind,
    HazardAction,
    HazardLevel,
    HazardSource,
    HazardStatus,
    ImportKind,
    KeyItemStatus,
    NoticeKind,
    PhotoStage,
    PlateType,
    ReinspectionResult,
    RiskLevel,
    SupervisionKind,
    SupervisionLevel,
    VehicleProblem,
    VehicleType,
)
from .models import (
    Accident,
    AccidentCause,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    HazardMeasure,
    HazardPhoto,
    HazardTransition,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    MeasureKind,
    Notice,
    NoticeCounter,
    Reinspection,
    ResponsibleParty,
    SupervisionAction,
    SupervisionListing,
    SupervisionProgress,
)

SIGHT, SCHOOL, MARKET, BLACK_SPOT = "平交路口通视距离不足", "校园周边", "马路市场 / 占道经营", "事故多发点段"
OTHER_CATEGORIES = ["交通标志缺失或不规范", "交通标线缺失或不清", "护栏缺失或损坏", "照明不足", "急弯陡坡"]
ROADS = ["S258线", "G309线", "X035线", "东阿大道", "振兴路", "湖南路", "黄河路", "韩集路", "许营路", "顾官屯大街", "铜城路", "姚寨路"]

# brigade code: (sight-distance hazards, all fixed?), school hazards, markets, other hazards, measures {kind: total}
PLAN = {
    "dea": (253, True, 90, 6, 60, {"“第一盏灯”": 23, "爆闪警示灯": 120, "凸面镜": 60, "交通标志": 80}),
    "gxq": (272, True, 30, 15, 50, {"爆闪警示灯": 180, "平安哨兵（支路哨兵）": 210, "右转停车红月牙标线": 36, "马路市场迁移或取缔": 15}),
    "zs2": (80, False, 25, 8, 60, {"修剪通视三角区树木": 168, "停车泊位": 150, "爆闪警示灯": 50}),
    "dcf": (120, False, 40, 10, 70, {"爆闪警示灯": 90, "交通标线": 60}),
}
CENTRES = {"gxq": (36.47, 116.05), "zs2": (36.455, 115.985), "dea": (36.335, 116.25), "dcf": (36.44, 115.93)}
ENTERPRISES = {"dea": (45, 35, 3), "gxq": (25, 8, 4), "zs2": (30, 10, 5), "dcf": (35, 12, 6)}  # total, high at start, high now
KEY_ITEMS = {"dea": (4712, 2430), "gxq": (600, 300), "zs2": (500, 260), "dcf": (700, 350)}
# What each brigade's staff decided on the suggested black spots, heaviest first (one left open in
# 东昌府, so the list of suggestions to decide is not empty).
BLACK_SPOT_DECISIONS = {"dea": ("confirm", "dismiss"), "gxq": ("confirm",), "zs2": ("dismiss", "confirm"), "dcf": ()}
DISMISSAL_REASON = "经现场勘查，事故系该路段临时施工占道所致，施工已结束、围挡已拆除，不列为事故多发点段。"
CONFIRMATION_NOTE = "经现场勘查，路口通视条件差、车速快，列为事故多发点段整治。"


def n(count, scale):
    return max(1, round(count * scale))


def weekly_new(total, scale):
    """How many new items this week's list brings (the rest came on the lists of earlier weeks)."""
    return max(1, round(total * scale / 52))


@transaction.atomic
def load(*, scale, rng, stdout):
    brigades = [b for b in demo_brigades() if b.code in PLAN]
    if not brigades:
        return
    today = timezone.localdate()
    if not Hazard.objects.filter(brigade__in=brigades).exists():
        refs = {
            "categories": {c.name: c for c in HazardCategory.objects.all()},
            "parties": list(ResponsibleParty.objects.all()),
            "measures": {m.name: m for m in MeasureKind.objects.all()},
            "causes": list(AccidentCause.objects.all()),
        }
        for brigade in brigades:
            towns = list(Town.objects.filter(brigade=brigade))
            officers = list(Officer.objects.filter(brigade=brigade))
            squadrons = list(Squadron.objects.filter(brigade=brigade, kind="territorial"))
            load_hazards(brigade, towns, officers, refs, scale, rng, today)
            load_accidents(brigade, towns, refs, scale, rng, today)
            load_enterprises(brigade, towns, officers, scale, rng, today)
            load_key_items(brigade, squadrons, officers, scale, rng, today)
            stdout.write(f"  hazards: {brigade.name}")
    # The clerk's work through the app's operations, each step once per brigade. The texts the
    # operations store (descriptions, import verdicts) are in the users' language.
    pictures = {stage: [road_scene(rng, after=stage == PhotoStage.AFTER) for _ in range(6)] for stage in PhotoStage}
    with translation.override("zh-hans"):
        for brigade in brigades:
            clerk = User.objects.filter(brigade=brigade, role=Role.STAFF).order_by("pk").first()
            if clerk is None:
                continue
            if not HazardPhoto.objects.filter(hazard__brigade=brigade).exists():
                load_photos(brigade, clerk, pictures, rng)
            if not BlackSpotSuggestion.objects.filter(brigade=brigade).exists():
                load_black_spots(brigade, clerk, today)
            if not KeyItemImport.objects.filter(brigade=brigade).exists():
                load_weekly_lists(brigade, clerk, scale, rng, today)
            if not Notice.objects.filter(brigade=brigade).exists():
                load_notices(brigade, clerk, rng, today)
            if not SupervisionListing.objects.filter(brigade=brigade).exists():
                load_listings(brigade, clerk, rng, today)


def spread_day(rng, today, earliest=365, latest=0):
    return today - timedelta(days=rng.randint(latest, earliest))


def load_hazards(brigade, towns, officers, refs, scale, rng, today):
    sight, all_fixed, school, markets, other, measure_totals = PLAN[brigade.code]
    lat0, lon0 = CENTRES[brigade.code]
    plan = (
        [(SIGHT, "fixed" if all_fixed else None)] * n(sight, scale)
        + [(SCHOOL, "fixed" if brigade.code == "dea" else None)] * n(school, scale)
        + [(MARKET, "fixed")] * n(markets, scale)
        + [(rng.choice(OTHER_CATEGORIES), None) for _ in range(n(other, scale))]
    )
    hazards, serials = [], {}
    for category_name, fate in plan:
        found_on = spread_day(rng, today, 360, 1)
        status = HazardStatus.SIGNED_OFF if fate == "fixed" else rng.choices(
            list(HazardStatus), weights=[8, 10, 14, 8, 50, 10])[0]
        hazard = Hazard(
            brigade=brigade, town=rng.choice(towns), road=rng.choice(ROADS),
            place=f"{rng.choice(['与', '近', ''])}{rng.choice(ROADS)}交叉口" if category_name == SIGHT else f"{rng.randint(1, 99)}号附近",
            latitude=round(lat0 + rng.uniform(-0.08, 0.08), 6), longitude=round(lon0 + rng.uniform(-0.1, 0.1), 6),
            category=refs["categories"][category_name], level=rng.choices(list(HazardLevel), weights=[80, 17, 3])[0],
            source=HazardSource.SCHOOL_SURVEY if category_name == SCHOOL else rng.choice(list(HazardSource)),
            found_on=found_on, finder=rng.choice(officers) if officers else None,
            description=f"{category_name}：{rng.choice(['视线被树木遮挡', '缺少警示标志', '路口无减速设施', '占道经营影响通行', '夜间照明不足'])}",
            is_supervised=rng.random() < 0.05, status=status,
        )
        if status != HazardStatus.REPORTED and status != HazardStatus.CLOSED:
            issued = min(found_on + timedelta(days=rng.randint(0, 3)), today)
            serials[issued.year] = serials.get(issued.year, 0) + 1
            hazard.responsible_party = rng.choice(refs["parties"])
            hazard.notice_year, hazard.notice_serial, hazard.notice_issued_on = issued.year, serials[issued.year], issued
            hazard.notice_number = rules.notice_number(brigade.short_name, issued.year, serials[issued.year])
            # Some of the open ones are left past their deadline: the overdue list is never empty.
            hazard.rectification_deadline = issued + timedelta(days=rng.choice((7, 15, 30, 30, 60)))
        if status in (HazardStatus.RECTIFIED, HazardStatus.SIGNED_OFF):
            hazard.rectified_on = min(hazard.rectification_deadline - timedelta(days=rng.randint(-5, 10)), today)
            hazard.rectified_on = max(hazard.rectified_on, hazard.notice_issued_on)
            hazard.rectification_note = "已按整改通知书要求完成整改"
        if status == HazardStatus.SIGNED_OFF:
            hazard.signed_off_on = min(hazard.rectified_on + timedelta(days=rng.randint(0, 7)), today)
        if status == HazardStatus.CLOSED:
            hazard.closed_on = min(found_on + timedelta(days=rng.randint(0, 10)), today)
            hazard.closure_reason = rng.choice(["not_a_hazard", "duplicate", "not_our_jurisdiction"])
            hazard.closure_note = "经核实予以关闭"
        hazards.append(hazard)
    hazards = bulk_create_with_history(hazards, Hazard, batch_size=500)
    hazards = list(Hazard.objects.filter(brigade=brigade).order_by("pk"))
    for year, last in serials.items():
        NoticeCounter.objects.update_or_create(brigade=brigade, year=year, defaults={"last_serial": last})
    transitions, reinspections, measures = [], [], []
    for hazard in hazards:
        transitions += lifecycle(hazard)
        if hazard.signed_off_on:
            due = hazard.signed_off_on + timedelta(days=30)
            done = due <= today and rng.random() < 0.8
            reinspections.append(Reinspection(
                hazard=hazard, due_on=due, done_on=due if done else None,
                result=ReinspectionResult.CONFIRMED if done else "", note="回头看无反弹" if done else "",
            ))
    # The measures of the articles, spread over the fixed hazards of the matching category.
    fixed = [h for h in hazards if h.rectified_on]
    for kind_name, amount in measure_totals.items():
        kind = refs["measures"].get(kind_name)
        remaining = n(amount, scale)
        while kind and fixed and remaining > 0:
            hazard = rng.choice(fixed)
            quantity = min(remaining, rng.randint(1, 4))
            measures.append(HazardMeasure(hazard=hazard, kind=kind, planned_quantity=quantity, done_quantity=quantity, done_on=hazard.rectified_on))
            remaining -= quantity
    HazardTransition.objects.bulk_create(transitions, batch_size=1000)
    bulk_create_with_history(reinspections, Reinspection, batch_size=500)
    bulk_create_with_history(measures, HazardMeasure, batch_size=500)


def lifecycle(hazard):
    def at(day):
        return timezone.make_aware(datetime.combine(day, time(9, 30)))

    steps = [HazardTransition(hazard=hazard, action=HazardAction.REPORT, from_status="", to_status=HazardStatus.REPORTED, acted_at=at(hazard.found_on))]
    if hazard.status == HazardStatus.CLOSED:
        steps.append(HazardTransition(hazard=hazard, action=HazardAction.CLOSE, from_status=HazardStatus.REPORTED, to_status=HazardStatus.CLOSED, note=hazard.closure_note, acted_at=at(hazard.closed_on)))
        return steps
    if hazard.notice_issued_on:
        steps.append(HazardTransition(hazard=hazard, action=HazardAction.ASSIGN, from_status=HazardStatus.REPORTED, to_status=HazardStatus.ASSIGNED, acted_at=at(hazard.notice_issued_on)))
    if hazard.status in (HazardStatus.RECTIFYING, HazardStatus.RECTIFIED, HazardStatus.SIGNED_OFF):
        steps.append(HazardTransition(hazard=hazard, action=HazardAction.START, from_status=HazardStatus.ASSIGNED, to_status=HazardStatus.RECTIFYING, acted_at=at(hazard.notice_issued_on)))
    if hazard.rectified_on:
        steps.append(HazardTransition(hazard=hazard, action=HazardAction.RECTIFY, from_status=HazardStatus.RECTIFYING, to_status=HazardStatus.RECTIFIED, note=hazard.rectification_note, acted_at=at(hazard.rectified_on)))
    if hazard.signed_off_on:
        steps.append(HazardTransition(hazard=hazard, action=HazardAction.SIGN_OFF, from_status=HazardStatus.RECTIFIED, to_status=HazardStatus.SIGNED_OFF, acted_at=at(hazard.signed_off_on)))
    return steps


def load_accidents(brigade, towns, refs, scale, rng, today):
    lat0, lon0 = CENTRES[brigade.code]
    # A few places where accidents cluster (a blind junction, a village entrance on a trunk road):
    # three to five accidents each within ~40 m, well inside the policy's black-spot radius, so the
    # black-spot refresh finds them. Every brigade has at least one, whatever the scale.
    clustered = []
    for _ in range(max(1, round(3 * scale))):
        lat, lon = lat0 + rng.uniform(-0.05, 0.05), lon0 + rng.uniform(-0.05, 0.05)
        spot = (rng.choice(towns), rng.choice(ROADS), f"{rng.randint(1, 99)}公里处")
        clustered += [(lat + rng.uniform(-0.0003, 0.0003), lon + rng.uniform(-0.0003, 0.0003), spot) for _ in range(rng.randint(3, 5))]
    accidents = []
    for i in range(max(n(80, scale), len(clustered))):
        if i < len(clustered):
            lat, lon, (town, road, place) = clustered[i]
        else:
            lat, lon = lat0 + rng.uniform(-0.08, 0.08), lon0 + rng.uniform(-0.1, 0.1)
            town, road, place = rng.choice(towns), rng.choice(ROADS), f"{rng.randint(1, 99)}公里处"
        severity = rng.choices(list(AccidentSeverity), weights=[55, 35, 10])[0]
        day = spread_day(rng, today, 360, 1)
        accidents.append(Accident(
            brigade=brigade, town=town, road=road, place=place,
            occurred_at=timezone.make_aware(datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)))),
            latitude=round(lat, 6), longitude=round(lon, 6), severity=severity,
            deaths=rng.choice((1, 1, 1, 2)) if severity == AccidentSeverity.FATAL else 0,
            injuries=rng.randint(1, 3) if severity == AccidentSeverity.INJURY else rng.randint(0, 1) if severity == AccidentSeverity.FATAL else 0,
            vehicle_types=rng.choice(["重型货车、电动自行车", "小型客车、行人", "电动自行车", "小型客车、小型客车", "摩托车"]),
            main_cause=rng.choice(refs["causes"]) if refs["causes"] else None,
            is_reviewed=severity == AccidentSeverity.FATAL,
            review_findings="复盘发现路口通视不良，已列为隐患点" if severity == AccidentSeverity.FATAL else "",
        ))
    bulk_create_with_history(accidents, Accident, batch_size=500)


def credit_code_for(brigade_index, number):
    first17 = f"913715{brigade_index:02d}MA{number:07d}"
    return first17 + identifiers.credit_code_check_character(first17)


def load_enterprises(brigade, towns, officers, scale, rng, today):
    total, high_start, high_now = ENTERPRISES[brigade.code]
    total, high_start, high_now = n(total, scale), n(high_start, scale), n(high_now, scale)
    high_now = min(high_now, high_start)
    index = brigade.sort_order
    kinds = [EnterpriseKind.DANGEROUS_GOODS, EnterpriseKind.PASSENGER, EnterpriseKind.FREIGHT, EnterpriseKind.KEY_VEHICLE_USER]
    year_ago = today - timedelta(days=365)
    enterprises, start_levels = [], []
    for i in range(total):
        start = RiskLevel.HIGH if i < high_start else rng.choice([RiskLevel.MEDIUM, RiskLevel.LOW])
        now = start if i < high_now or start != RiskLevel.HIGH else rng.choice([RiskLevel.MEDIUM, RiskLevel.LOW])
        enterprises.append(Enterprise(
            brigade=brigade, name=f"{brigade.short_name}{rng.choice(['顺达', '通运', '安泰', '鲁西', '华通', '聚力'])}{rng.choice(['物流', '运输', '危化品运输', '客运'])}有限公司{i + 1:02d}",
            credit_code=credit_code_for(index, i + 1), kind=rng.choice(kinds), town=rng.choice(towns),
            contact_person=person_name(rng), contact_phone=f"13{rng.randint(0, 999_999_999):09d}",
            risk_level=now, vehicle_count=rng.randint(3, 120),
        ))
        start_levels.append(start)
    enterprises = bulk_create_with_history(enterprises, Enterprise, batch_size=500)
    enterprises = list(Enterprise.objects.filter(brigade=brigade).order_by("pk"))
    changes, actions = [], []
    for enterprise, start in zip(enterprises, start_levels):
        changes.append(EnterpriseRiskChange(brigade=brigade, enterprise=enterprise, from_level="", to_level=start, changed_on=year_ago, reason="年初评估"))
        if enterprise.risk_level != start:
            # The fall from 35 to 3 happens month after month through the year.
            changes.append(EnterpriseRiskChange(
                brigade=brigade, enterprise=enterprise, from_level=start, to_level=enterprise.risk_level,
                changed_on=spread_day(rng, today, 330, 5), reason="月度风险评估：隐患整改到位",
            ))
    bulk_create_with_history(changes, EnterpriseRiskChange, batch_size=500)
    interviews, notices = (10, 210) if brigade.code == "dea" else (6, 40)
    for kind, count in ((SupervisionKind.INTERVIEW, interviews), (SupervisionKind.NOTICE, notices), (SupervisionKind.INSPECTION, 60), (SupervisionKind.WARNING, 5)):
        for _ in range(n(count, scale)):
            acted_on = spread_day(rng, today, 360, 0)
            deadline = acted_on + timedelta(days=15) if kind == SupervisionKind.NOTICE else None
            done = deadline is not None and (deadline < today - timedelta(days=3) or rng.random() < 0.5) and rng.random() < 0.9
            actions.append(SupervisionAction(
                brigade=brigade, enterprise=rng.choice(enterprises), kind=kind, acted_on=acted_on,
                outcome=rng.choice(["检查车辆及台账，发现问题已当场反馈", "约谈企业负责人，督促落实主体责任", "下达隐患整改通知书"]),
                deadline=deadline, follow_up_status="done" if done else ("open" if deadline else "none"),
                done_on=min(deadline, today) if done else None, done_note="已整改完毕" if done else "",
            ))
    bulk_create_with_history(actions, SupervisionAction, batch_size=500)


def load_notices(brigade, clerk, rng, today):
    """The notices the demo's hazards and enterprise actions were served with, numbered as the
    operations number them, and their receipts: those older than ten days came back signed within
    three days; of the recent ones some are still out (they are in the clerk's 待办)."""
    notices = []
    for hazard in Hazard.objects.filter(brigade=brigade, notice_serial__isnull=False).select_related("responsible_party"):
        notices.append(Notice(
            brigade=brigade, kind=NoticeKind.HAZARD_RECTIFICATION, year=hazard.notice_year, serial=hazard.notice_serial,
            number=hazard.notice_number, issued_on=hazard.notice_issued_on, hazard=hazard, created_by=clerk,
            addressee=str(hazard.responsible_party or "") + (f"（{hazard.responsible_party_detail}）" if hazard.responsible_party_detail else ""),
        ))
    last = dict(NoticeCounter.objects.filter(brigade=brigade).values_list("year", "last_serial"))
    actions = SupervisionAction.objects.filter(brigade=brigade, kind__in=list(SUPERVISION_NOTICE_KINDS)).select_related("enterprise")
    for action in actions.order_by("acted_on", "pk"):
        year = action.acted_on.year
        last[year] = last.get(year, 0) + 1
        kind = SUPERVISION_NOTICE_KINDS[action.kind]
        notices.append(Notice(
            brigade=brigade, kind=kind, year=year, serial=last[year], issued_on=action.acted_on, supervision_action=action,
            number=rules.notice_number(brigade.short_name, year, last[year], NOTICE_NUMBER_WORDS[kind]),
            addressee=action.enterprise.name, created_by=clerk,
        ))
    for year, serial in last.items():
        NoticeCounter.objects.update_or_create(brigade=brigade, year=year, defaults={"last_serial": serial})
    # The two latest notices old enough to be chased are still out, whatever the scale.
    chased = sorted((n for n in notices if (today - n.issued_on).days >= settings.NOTICE_RECEIPT_DAYS), key=lambda n: n.issued_on)[-2:]
    for notice in notices:
        age = (today - notice.issued_on).days
        if notice in chased:
            continue
        if age > 10 or (age >= 1 and rng.random() < 0.5):
            received_on = min(notice.issued_on + timedelta(days=rng.randint(0, 3)), today)
            notice.received_at = timezone.make_aware(datetime.combine(received_on, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))))
            notice.received_by = person_name(rng)
            notice.delivery_method = rng.choices(list(DeliveryMethod), weights=[80, 12, 8])[0]
            notice.receipt_recorded_by = clerk
    bulk_create_with_history(notices, Notice, batch_size=500, default_user=clerk)


LISTING_UNITS = {
    SupervisionLevel.BRIGADE: "大队事故预防中队", SupervisionLevel.DETACHMENT: "支队事故预防处",
    SupervisionLevel.COUNTY: "县安委会办公室", SupervisionLevel.CITY: "市安委会办公室",
}


def load_listings(brigade, clerk, rng, today):
    """挂牌督办 for the demo's supervised hazards: listed by someone from the brigade to the city, a
    progress report or two, lifted once the hazard was signed off; a few are past their deadline."""
    listings, reports = [], []
    hazards = list(Hazard.objects.filter(brigade=brigade, is_supervised=True).order_by("pk"))
    if not any(h.status in OPEN_FOR_RECTIFICATION for h in hazards):
        # The board is never empty: the longest-overdue open hazard is listed too (or, with none
        # open, the latest signed off, as a lifted listing), whatever the scale.
        extra = (
            Hazard.objects.filter(brigade=brigade, status__in=OPEN_FOR_RECTIFICATION).order_by("rectification_deadline", "pk").first()
            or Hazard.objects.filter(brigade=brigade, signed_off_on__isnull=False).exclude(pk__in=[h.pk for h in hazards]).order_by("-signed_off_on", "pk").first()
        )
        if extra is not None:
            if extra.status in OPEN_FOR_RECTIFICATION:
                Hazard.objects.filter(pk=extra.pk).update(is_supervised=True)
            hazards.append(extra)
    for hazard in hazards:
        level = rng.choice(list(SupervisionLevel))
        listed_on = hazard.notice_issued_on or hazard.found_on
        deadline = max(hazard.rectification_deadline or listed_on + timedelta(days=30), listed_on)
        lifted_on = min(hazard.signed_off_on or hazard.closed_on, today) if (hazard.signed_off_on or hazard.closed_on) else None
        listings.append(SupervisionListing(
            brigade=brigade, hazard=hazard, level=level, supervising_unit=LISTING_UNITS[level], listed_on=listed_on,
            supervision_deadline=deadline, requirements="按期整改到位，每周报告进展", created_by=clerk,
            lifted_on=max(lifted_on, listed_on) if lifted_on else None, lift_note="隐患已整改销号" if lifted_on else "",
        ))
    listings = bulk_create_with_history(listings, SupervisionListing, batch_size=500, default_user=clerk)
    for listing in SupervisionListing.objects.filter(brigade=brigade):
        last_day = listing.lifted_on or today
        for _ in range(rng.randint(1, 2)):
            day = listing.listed_on + timedelta(days=rng.randint(0, max((last_day - listing.listed_on).days, 0)))
            reports.append(SupervisionProgress(listing=listing, reported_on=day, progress=rng.choice(
                ["已协调镇街落实整改资金", "警示标志已设置，正在施工", "已约谈责任单位负责人"]), reported_by=clerk))
    bulk_create_with_history(reports, SupervisionProgress, batch_size=500, default_user=clerk)


def plate_for(index, number):
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    # An ordinary plate (GA 36): 鲁P, the brigade's letter and four more serial characters.
    return f"鲁P{letters[index % len(letters)]}{letters[(number // 1000) % len(letters)]}{number % 1000:03d}"


def licence_for(index, number):
    first17 = f"3715{index:02d}19{70 + number % 30:02d}0{1 + number % 9}{10 + number % 18:02d}{number % 1000:03d}"
    return first17 + identifiers.id_check_character(first17)


def load_key_items(brigade, squadrons, officers, scale, rng, today):
    vehicles_total, drivers_total = KEY_ITEMS[brigade.code]
    index = brigade.sort_order
    items = {KeyVehicle: [], KeyDriver: []}
    for model, total in ((KeyVehicle, vehicles_total), (KeyDriver, drivers_total)):
        # This week's new items come through the import of this week's list (load_weekly_lists).
        for i in range(max(0, n(total, scale) - weekly_new(total, scale))):
            # Weekly lists all year; most items are cleared, the recent ones are still being handled.
            listed_on = today - timedelta(days=7 * rng.randint(1, 51))
            squadron = rng.choice(squadrons) if squadrons else None
            squad_officers = [o for o in officers if squadron and o.squadron_id == squadron.pk]
            handle_by = listed_on + timedelta(days=rng.choice((14, 21, 30)))
            cleared = handle_by < today - timedelta(days=7) and rng.random() < 0.93 or rng.random() < 0.3
            cleared_on = min(listed_on + timedelta(days=rng.randint(2, 35)), today) if cleared else None
            common = dict(
                brigade=brigade, listed_on=listed_on, squadron=squadron, officer=rng.choice(squad_officers) if squad_officers else None,
                handle_by=handle_by, status=KeyItemStatus.CLEARED if cleared else KeyItemStatus.ASSIGNED, cleared_on=cleared_on,
                due_date=listed_on - timedelta(days=rng.randint(30, 700)),
            )
            if model is KeyVehicle:
                items[model].append(KeyVehicle(
                    plate_number=plate_for(index, i), plate_type=rng.choice([PlateType.LARGE, PlateType.LARGE, PlateType.SMALL, PlateType.TRAILER]),
                    vehicle_type=rng.choice([VehicleType.HEAVY_TRUCK, VehicleType.TRACTOR, VehicleType.MEDIUM_TRUCK, VehicleType.SMALL_CAR, VehicleType.LARGE_BUS]),
                    owner=person_name(rng), problem=rng.choice(list(VehicleProblem)),
                    clearance=rng.choice(["inspected", "inspected", "scrapped", "deregistered"]) if cleared else "", **common,
                ))
            else:
                items[model].append(KeyDriver(
                    licence_number=licence_for(index, i), name=person_name(rng), licence_class=rng.choice(["A2", "B2", "A1", "C1"]),
                    problem=rng.choice(list(DriverProblem)), clearance=rng.choice(["reviewed", "renewed", "studied"]) if cleared else "", **common,
                ))
    for model, objs in items.items():
        bulk_create_with_history(objs, model, batch_size=1000)


def load_photos(brigade, clerk, pictures, rng):
    """Photos as the clerks upload them: a before photo of every fourth hazard when it is found, and
    an after photo of every rectified one (the evidence the app asks for before sign-off)."""
    photos = []
    for position, hazard in enumerate(Hazard.objects.filter(brigade=brigade).order_by("pk")):
        shots = []
        if position % 4 == 0:
            shots.append((PhotoStage.BEFORE, hazard.found_on, f"整改前：{hazard.description.split('：')[-1]}"))
        if hazard.rectified_on:
            shots.append((PhotoStage.AFTER, hazard.rectified_on, "整改后现场"))
        for stage, day, caption in shots:
            photo = HazardPhoto(
                hazard=hazard, stage=stage, caption=caption, uploaded_by=clerk,
                uploaded_at=timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)))),
            )
            save_demo_file(photo.file, f"IMG_{day:%Y%m%d}_{hazard.pk:05d}.png", rng.choice(pictures[stage]))
            photos.append(photo)
    bulk_create_with_history(photos, HazardPhoto, batch_size=500, default_user=clerk)


def load_black_spots(brigade, clerk, today):
    """Run the black-spot refresh over the demo accidents, then decide as BLACK_SPOT_DECISIONS says."""
    suggestions = operations.black_spots_refresh(brigade=brigade, today=today)
    for decision, suggestion in zip(BLACK_SPOT_DECISIONS.get(brigade.code, ()), suggestions):
        if decision == "confirm":
            operations.black_spot_confirm(suggestion=suggestion, by=clerk, note=CONFIRMATION_NOTE)
        else:
            operations.black_spot_dismiss(suggestion=suggestion, by=clerk, reason=DISMISSAL_REASON)


def label(choice):
    return str(choice.label)


def load_weekly_lists(brigade, clerk, scale, rng, today):
    """This week's key vehicle and key driver lists, as CSV files the detachment sends, previewed and
    confirmed through the import: the new items, a few still-open items listed again (one with a new
    owner, so it is updated), and in two brigades a row with a typo the import rejects."""
    vehicles_total, drivers_total = KEY_ITEMS[brigade.code]
    index = brigade.sort_order
    due = [today - timedelta(days=rng.randint(30, 700)) for _ in range(weekly_new(max(vehicles_total, drivers_total), scale))]

    # Numbered after the items already on file, so this week's new items are new.
    first = KeyVehicle.objects.filter(brigade=brigade).count()
    rows = [["号牌号码", "号牌种类", "车辆类型", "所有人", "问题类型", "有效期止"]]
    for i in range(weekly_new(vehicles_total, scale)):
        rows.append([
            plate_for(index, first + i), label(rng.choice([PlateType.LARGE, PlateType.LARGE, PlateType.SMALL, PlateType.TRAILER])),
            label(rng.choice([VehicleType.HEAVY_TRUCK, VehicleType.TRACTOR, VehicleType.MEDIUM_TRUCK, VehicleType.SMALL_CAR])),
            person_name(rng), label(rng.choice(list(VehicleProblem))), due[i].isoformat(),
        ])
    open_items = KeyVehicle.objects.filter(brigade=brigade, status=KeyItemStatus.ASSIGNED).order_by("listed_on", "pk")[:2]
    for position, vehicle in enumerate(open_items):
        owner = person_name(rng) if position == 1 else vehicle.owner  # sold since the last list
        rows.append([vehicle.plate_number, label(PlateType(vehicle.plate_type)), label(VehicleType(vehicle.vehicle_type)),
                     owner, label(VehicleProblem(vehicle.problem)), vehicle.due_date.isoformat()])
    if brigade.code in ("dea", "zs2"):
        rows.append([plate_for(index, first)[:-2], label(PlateType.LARGE), label(VehicleType.HEAVY_TRUCK),
                     person_name(rng), label(VehicleProblem.OVERDUE_INSPECTION), due[0].isoformat()])
    import_list(brigade, clerk, ImportKind.VEHICLES, f"{brigade.short_name}重点车辆清单{today:%Y%m%d}.csv", rows, today)

    first = KeyDriver.objects.filter(brigade=brigade).count()
    rows = [["驾驶证号", "姓名", "准驾车型", "问题类型", "有效期止"]]
    for i in range(weekly_new(drivers_total, scale)):
        rows.append([licence_for(index, first + i), person_name(rng), rng.choice(["A2", "B2", "A1", "C1"]),
                     label(rng.choice(list(DriverProblem))), due[i].isoformat()])
    for driver in KeyDriver.objects.filter(brigade=brigade, status=KeyItemStatus.ASSIGNED).order_by("listed_on", "pk")[:1]:
        rows.append([driver.licence_number, driver.name, driver.licence_class, label(DriverProblem(driver.problem)), driver.due_date.isoformat()])
    import_list(brigade, clerk, ImportKind.DRIVERS, f"{brigade.short_name}重点驾驶人清单{today:%Y%m%d}.csv", rows, today)


def import_list(brigade, clerk, kind, name, rows, listed_on):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    upload = SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"), content_type="text/csv")
    batch = operations.key_item_import_preview(upload=upload, kind=kind, brigade=brigade, by=clerk, listed_on=listed_on)
    operations.key_item_import_confirm(batch=batch, by=clerk)
