"""A year of enforcement for the demo brigades, in the proportions of the articles:
高新区 665 drink/drunk-driving and 752 overcrowding/overload cases; 东阿 258 overloaded trucks
(41 "百吨王" among the 95 at 100%+), 52 with panels cut, about 1400 t unloaded, 126 street-racing
motorbikes seized, helmet rate first in the city; 直属二 51 checkpoint runners referred;
东昌府 city-area helmet rate ≥ 90%. Operations with checkpoints and patrols, monthly helmet
surveys by town / 管区, and the detachment's helmet survey policy. Idempotent: a brigade that already
has cases is left alone.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from brigades.records import identifiers
from brigades.demo import demo_brigades, person_name
from brigades.models import Officer, Squadron, Town, User

from . import rules
from .choices import (
    ALCOHOL_CODES,
    DeploymentKind,
    Disposition,
    KindCode,
    LicenceAction,
    OperationKind,
    PlateType,
    VehicleType,
)
from .models import DEFAULT_MIN_RIDERS_SEEN, Deployment, HelmetObservation, HelmetSurveyPolicy, Operation, Violation, ViolationKind
from .operations import alcohol_code

# Yearly cases by brigade code: {kind code: count}. Kinds with a measurement get readings.
CASES = {
    "gxq": {"alcohol": 665, KindCode.OVERCROWDING: 400, KindCode.OVERLOADING: 352, "no_helmet": 420,
            "no_seat_belt": 260, "plate_licence": 180, "non_motor": 150, KindCode.STREET_RACING: 30, "speeding": 120},
    "zs2": {"alcohol": 420, KindCode.OVERCROWDING: 90, KindCode.OVERLOADING: 60, "no_helmet": 600,
            "checkpoint_running": 51, "red_light": 300, "wrong_way": 260, "pedestrian": 140, "plate_licence": 120},
    "dea": {"alcohol": 310, KindCode.OVERCROWDING: 70, "trucks": 258, KindCode.STREET_RACING: 126,
            "no_helmet": 380, "fatigue": 60, "plate_licence": 140},
    "dcf": {"alcohol": 520, KindCode.OVERCROWDING: 160, KindCode.OVERLOADING: 180, "no_helmet": 700,
            "no_reflective_vest": 120, "wrong_way": 240, "red_light": 260, KindCode.STREET_RACING: 40},
}
# 东阿's 258 trucks (the article): 95 at 100%+ (41 of them "百吨王"), 163 below; 52 panels cut; 1400 t.
DEA_TRUCKS = {"total": 258, "double": 95, "hundred_tonne": 41, "panels_cut": 52, "tonnes_unloaded": 1400}

# Helmet-wearing rate around which each brigade's observations are drawn: (streets, towns/管区).
HELMET_RATES = {"gxq": (0.88, 0.78), "zs2": (0.86, 0.82), "dea": (0.96, 0.94), "dcf": (0.93, 0.84)}

OPERATIONS = [
    # name, kind, start (days ago), length (days), kinds it collects, goal_cases
    ("夏季治安打击整治“百日行动”", OperationKind.HUNDRED_DAY, 180, 100, ("alcohol", KindCode.STREET_RACING), 300),
    ("夜查酒驾集中整治", OperationKind.NIGHT_ALCOHOL, 300, 60, ("alcohol",), 120),
    ("“一盔一带（一反光衣）”安全守护行动", OperationKind.HELMET_BELT, 240, 90, ("no_helmet", "no_seat_belt",
                                                                           "no_reflective_vest"), 400),
    ("冬季夜查酒驾", OperationKind.NIGHT_ALCOHOL, 40, 60, ("alcohol",), 80),
]
BRIGADE_OPERATIONS = {
    "dea": [("国省道超限超载专项整治", OperationKind.OVER_LIMIT, 330, 300, ("trucks", KindCode.OVERCROWDING), 250),
            ("电摩炸街专项整治", OperationKind.STREET_RACING, 200, 150, (KindCode.STREET_RACING,), 100)],
    "gxq": [("超员超载集中整治", OperationKind.OVER_LIMIT, 270, 120, (KindCode.OVERCROWDING, KindCode.OVERLOADING), 300)],
}
ROADS = ["G309国道", "S254省道", "东昌路", "花园路", "湖南路", "建设路", "光岳路", "柳园路", "刘集路口", "城区转盘"]
REGIONS = ["371502", "371521", "371524", "371525", "371581", "371526"]
SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


@transaction.atomic
def load(*, scale, rng, stdout):
    today = timezone.localdate()
    kinds = {k.code: k for k in ViolationKind.objects.all()}
    # The alcohol cases name their code (违法行为代码), as the form and the quick entry do.
    codes = {code: alcohol_code(kind) for code, kind in kinds.items() if code in ALCOHOL_CODES}
    if not kinds:
        stdout.write("  no violation kinds: run the migrations first")
        return
    for brigade in demo_brigades():
        if brigade.code not in CASES or Violation.objects.filter(brigade=brigade).exists():
            continue
        context = BrigadeContext(brigade, rng)
        context.alcohol_codes = codes
        operations = load_operations(context, today, scale)
        count = load_cases(context, kinds, operations, today, scale)
        observations = load_helmet_surveys(context, today, scale)
        stdout.write(f"  {brigade.short_name}: {count} cases, {len(operations)} operations, "
                     f"{observations} helmet observations")
    load_detachment_operation(today)
    load_helmet_survey_policy()


def load_helmet_survey_policy():
    """The detachment's ranking rule as its administrator set it in the admin: a unit with fewer
    than 100 riders counted in the period is not ranked (one thin count would swing its rate)."""
    brigades = demo_brigades()
    if not brigades or HelmetSurveyPolicy.objects.filter(detachment=brigades[0].detachment).exists():
        return
    policy = HelmetSurveyPolicy(detachment=brigades[0].detachment, min_riders_seen=DEFAULT_MIN_RIDERS_SEEN)
    policy._history_user = User.objects.filter(username="admin").first()
    policy.save()


class BrigadeContext:
    def __init__(self, brigade, rng):
        self.brigade = brigade
        self.rng = rng
        self.officers = list(Officer.objects.filter(brigade=brigade, is_active=True))
        self.squadrons = list(Squadron.objects.filter(brigade=brigade, kind__in=("territorial", "night_duty")))
        self.towns = list(Town.objects.filter(brigade=brigade))
        self.clerk = User.objects.filter(brigade=brigade, role="staff").first()

    def some_officers(self, n=2):
        return self.rng.sample(self.officers, min(n, len(self.officers))) if self.officers else []


def load_operations(context, today, scale):
    brigade, rng = context.brigade, context.rng
    rows = OPERATIONS + BRIGADE_OPERATIONS.get(brigade.code, [])
    operations = []
    for name, kind, days_ago, length, collects, goal in rows:
        start = today - datetime.timedelta(days=days_ago)
        operation = Operation.objects.create(
            brigade=brigade, created_by=context.clerk, name=name, kind=kind, start_date=start,
            end_date=min(start + datetime.timedelta(days=length), today + datetime.timedelta(days=20)),
            lead=context.officers[0] if context.officers else None, goal_cases=max(1, round(goal * scale)),
            description="大队班子成员带队，定点设卡与流动执法相结合。",
        )
        operation.collects = collects
        deployments = []
        for _ in range(max(2, round(length / 7 * scale))):
            day = start + datetime.timedelta(days=rng.randrange(max(1, min(length, (today - start).days + 1))))
            night = kind in (OperationKind.NIGHT_ALCOHOL, OperationKind.HUNDRED_DAY, OperationKind.OVER_LIMIT)
            deployments.append(Deployment(
                brigade=brigade, operation=operation, created_by=context.clerk, date=day,
                kind=DeploymentKind.CHECKPOINT if rng.random() < 0.7 else DeploymentKind.PATROL,
                place=f"{rng.choice(ROADS)}{rng.choice(['卡点', '路口', '检查站'])}",
                town=rng.choice(context.towns) if context.towns else None,
                start_time=datetime.time(21 if night else 7, 0), end_time=datetime.time(2 if night else 10, 0),
                vehicles_deployed=rng.randint(1, 4),
            ))
        deployments = bulk_create_with_history(deployments, Deployment, batch_size=500)
        through = [Deployment.officers.through(deployment_id=d.pk, officer_id=o.pk)
                   for d in deployments for o in context.some_officers(rng.randint(2, 5))]
        Deployment.officers.through.objects.bulk_create(through, ignore_conflicts=True)
        operation.deployment_list = deployments
        operations.append(operation)
    return operations


def load_detachment_operation(today):
    """One detachment-wide campaign, organised by the first demo brigade, seen by all."""
    brigades = demo_brigades()
    if not brigades or Operation.objects.filter(is_detachment_wide=True, brigade=brigades[0]).exists():
        return
    Operation.objects.create(
        brigade=brigades[0], name="全市夏夜酒驾醉驾统一行动", kind=OperationKind.SUMMER_CAMPAIGN,
        start_date=today - datetime.timedelta(days=150), end_date=today - datetime.timedelta(days=90),
        is_detachment_wide=True, goal_alcohol_cases=400,
    )


def random_day(rng, today, summer_weight=True):
    """A day of the last year, somewhat more often in summer (the campaigns' season)."""
    while True:
        day = today - datetime.timedelta(days=rng.randrange(365))
        if not summer_weight or day.month in (6, 7, 8, 9) or rng.random() < 0.7:
            return day


def plate(rng, large=False):
    return "鲁P" + "".join(rng.choice(SERIAL) for _ in range(5)) if not large else "鲁P" + f"{rng.randrange(10000):04d}挂"


def id_number(rng):
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + identifiers.id_check_character(first17)


def load_cases(context, kinds, operations, today, scale):
    brigade, rng = context.brigade, context.rng
    plan = CASES[brigade.code]
    cases = []
    for key, yearly in plan.items():
        for index in range(round(yearly * scale)):
            case = make_case(context, kinds, key, index, round(yearly * scale), today)
            attach_operation(case, key, operations, rng)
            cases.append(case)
    cases = bulk_create_with_history(cases, Violation, batch_size=500, default_user=context.clerk)
    through = [Violation.officers.through(violation_id=c.pk, officer_id=o.pk)
               for c in cases for o in context.some_officers(2)]
    Violation.officers.through.objects.bulk_create(through, batch_size=1000, ignore_conflicts=True)
    return len(cases)


def make_case(context, kinds, key, index, total, today):
    rng = context.rng
    case = Violation(
        brigade=context.brigade, created_by=context.clerk, date=random_day(rng, today),
        time=datetime.time(rng.randrange(24), rng.randrange(60)),
        squadron=rng.choice(context.squadrons) if context.squadrons else None,
        town=rng.choice(context.towns) if context.towns else None, road=rng.choice(ROADS),
        plate=plate(rng), plate_type=PlateType.SMALL_CAR, vehicle_type=VehicleType.CAR,
        driver_name=person_name(rng), driver_id_number=id_number(rng) if rng.random() < 0.8 else "",
        disposition=Disposition.PENALTY, fine_amount=Decimal(rng.choice((50, 100, 200))), points=rng.choice((0, 1, 3)),
    )
    if key == "alcohol":
        case.time = datetime.time(rng.choice((20, 21, 22, 23, 0, 1, 2)), rng.randrange(60))
        drunk = rng.random() < 0.22
        case.breath_alcohol = Decimal(rng.uniform(0.37, 1.6) if drunk else rng.uniform(0.092, 0.36)).quantize(Decimal("0.001"))
        if drunk:
            case.blood_alcohol = (rules.breath_to_bac(case.breath_alcohol) - Decimal(rng.uniform(0, 15))).quantize(Decimal("0.1"))
            case.blood_alcohol = max(case.blood_alcohol, Decimal(80))
        assessment = rules.assess_alcohol(blood=case.blood_alcohol, breath=case.breath_alcohol)
        case.kind, case.bac = kinds[assessment.kind_code], assessment.bac
        case.violation_code = context.alcohol_codes.get(assessment.kind_code)
        if assessment.criminal_referral:
            case.disposition, case.fine_amount, case.points = Disposition.CRIMINAL_REFERRAL, Decimal(0), 12
            case.licence_action, case.vehicle_detained = LicenceAction.REVOKED, True
        else:
            case.fine_amount, case.points, case.licence_action = Decimal(rng.choice((1000, 1500, 2000))), 12, LicenceAction.SUSPENDED
            case.vehicle_detained = rng.random() < 0.5
    elif key in ("trucks", KindCode.OVERLOADING):
        truck(case, kinds, rng, index, total if key == "trucks" else None)
    elif key == KindCode.OVERCROWDING:
        case.kind, case.vehicle_type = kinds[key], rng.choice((VehicleType.MINIBUS, VehicleType.BUS, VehicleType.MINIBUS))
        seats = 7 if case.vehicle_type == VehicleType.MINIBUS else rng.choice((19, 35, 45))
        case.rated_load, case.actual_load = Decimal(seats), Decimal(seats + max(1, round(seats * rng.uniform(0.1, 0.8))))
        apply_overload(case)
        case.fine_amount, case.points = Decimal(rng.choice((200, 500, 1000))), rng.choice((3, 6, 12))
    elif key == KindCode.STREET_RACING:
        case.kind, case.vehicle_type, case.plate_type = kinds[key], VehicleType.MOTORCYCLE, PlateType.MOTORCYCLE
        case.vehicle_detained = True
        case.time = datetime.time(rng.choice((21, 22, 23, 0)), rng.randrange(60))
    elif key == "checkpoint_running":
        case.kind, case.disposition, case.fine_amount, case.points = kinds[key], Disposition.CRIMINAL_REFERRAL, 0, 0
    else:
        case.kind = kinds[key]
        if key in ("no_helmet", "non_motor", "wrong_way", "red_light"):
            case.vehicle_type, case.plate_type, case.plate = VehicleType.E_BIKE, PlateType.NONE, ""
            case.driver_id_number = ""
        if key == "pedestrian":
            case.vehicle_type, case.plate_type, case.plate = VehicleType.PEDESTRIAN, PlateType.NONE, ""
        if rng.random() < 0.3:
            case.disposition = rng.choice((Disposition.WARNING, Disposition.EDUCATION))
            case.fine_amount, case.points = Decimal(0), 0
    return case


def truck(case, kinds, rng, index, total):
    """东阿's trucks follow the article exactly (by index); others are drawn at random."""
    case.kind, case.vehicle_type, case.plate_type = kinds[KindCode.OVERLOADING], VehicleType.HEAVY_TRUCK, PlateType.LARGE_CAR
    case.plate = plate(rng)
    rated = Decimal(rng.choice((18, 25, 31, 32)))
    if total:
        share = lambda n: round(n * total / DEA_TRUCKS["total"])  # noqa: E731
        hundred, double, cut = share(DEA_TRUCKS["hundred_tonne"]), share(DEA_TRUCKS["double"]), share(DEA_TRUCKS["panels_cut"])
        if index < double:
            factor = Decimal(rng.uniform(2.05, 2.9))
        else:
            factor = Decimal(rng.uniform(1.05, 1.95))
        actual = (rated * factor).quantize(Decimal("0.1"))
        tare = Decimal(rng.uniform(14, 18)).quantize(Decimal("0.1"))
        if index < hundred:
            rated, actual = Decimal(31), Decimal(rng.uniform(85, 95)).quantize(Decimal("0.1"))
        case.gross_mass = max(actual + tare, Decimal(100) if index < hundred else Decimal(0))
        if index >= hundred and case.gross_mass >= 100:
            case.gross_mass = Decimal("99.5")
            actual = min(actual, case.gross_mass - tare)
            if actual <= rated:
                actual = rated + 1
        step = max(1, total // max(cut, 1))
        case.panels_cut = cut > 0 and index % step == 0 and index // step < cut
        case.tonnes_unloaded = (Decimal(DEA_TRUCKS["tonnes_unloaded"]) / DEA_TRUCKS["total"]).quantize(Decimal("0.01"))
    else:
        actual = (rated * Decimal(rng.uniform(1.05, 1.9))).quantize(Decimal("0.1"))
        case.gross_mass = actual + Decimal(15)
        case.tonnes_unloaded = (actual - rated).quantize(Decimal("0.1")) if rng.random() < 0.4 else None
    case.rated_load, case.actual_load = rated, actual
    if case.tonnes_unloaded and case.tonnes_unloaded > actual:
        case.tonnes_unloaded = actual
    apply_overload(case)
    case.vehicle_detained = True
    case.fine_amount, case.points = Decimal(rng.choice((500, 1000, 2000))), rng.choice((3, 6, 12))


def apply_overload(case):
    result = rules.assess_overload(measurement=case.kind.measurement, rated=case.rated_load, actual=case.actual_load,
                                   gross=case.gross_mass)
    case.overload_percent, case.overload_band, case.hundred_tonne = result.percent, result.band, result.hundred_tonne


def attach_operation(case, key, operations, rng):
    for operation in operations:
        if key in operation.collects and operation.start_date <= case.date <= operation.end_date and rng.random() < 0.85:
            case.operation = operation
            same_day = [d for d in operation.deployment_list if d.date == case.date]
            if same_day:
                case.deployment = rng.choice(same_day)
            return


def load_helmet_surveys(context, today, scale):
    brigade, rng = context.brigade, context.rng
    street_rate, town_rate = HELMET_RATES[brigade.code]
    units = [t for t in context.towns if not t.districts.exists()]  # survey 管区 where a town has them
    observations = []
    month_start = today.replace(day=1)
    for months_ago in range(12):
        if months_ago:
            month_start = (month_start - datetime.timedelta(days=1)).replace(day=1)
        improvement = (11 - months_ago) * 0.004  # the rate creeps up over the year
        for position, town in enumerate(units):
            base = street_rate if town.name.endswith("街道") else town_rate
            unit_rate = min(0.99, base + improvement + (position % 5 - 2) * 0.02)
            visits = max(1, round(3 * scale)) if position % 7 != 6 else 1  # some units are thinly surveyed
            for _ in range(visits):
                day = month_start + datetime.timedelta(days=rng.randrange(27))
                if day > today:
                    continue
                seen = rng.randint(25, 45) if position % 7 == 6 else rng.randint(60, 160)
                wearing = min(seen, max(0, round(seen * rng.gauss(unit_rate, 0.02))))
                observations.append(HelmetObservation(
                    brigade=brigade, created_by=context.clerk, town=town, date=day,
                    place=f"{town.name}{rng.choice(['主路口', '集市路口', '学校门口', '村口'])}",
                    start_time=datetime.time(7, 0), end_time=datetime.time(8, 0),
                    observer=rng.choice(context.officers) if context.officers else None,
                    riders_seen=seen, riders_wearing=wearing,
                ))
    bulk_create_with_history(observations, HelmetObservation, batch_size=500, default_user=context.clerk)
    return len(observations)
