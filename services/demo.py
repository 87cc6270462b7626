"""Demo data of the services app: a year of counter tallies, hotline work orders, fast-processed
accidents, command-centre days, permits and relief fund advances for the four brigades of the
articles, in their proportions (直属二: 7500 motorcycle exams, 6300 licences, 2400 theory exams,
6067 work orders all replied, 98.5 % satisfied, 15300 calls; 东阿: 1562 hotline requests, 99 %
satisfied, 1168 fast-processed accidents in half a year, 4 self-service machines, 7 inspection stations).

Volumes scale with `scale`; daily records cover the last max(14, 365 × scale) days (the whole year at
scale 1). Bulk-created with their history; each part is skipped for a brigade that already has it,
so a second run changes nothing.
"""

from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from brigades.demo import demo_brigades
from brigades.models import User
from hazards.models import Accident, Enterprise

from . import operations, rules
from .choices import (
    AccidentChannel,
    CountScheme,
    LiabilityOutcome,
    PermitStatus,
    PermitVehicleType,
    RecoverySource,
    Satisfaction,
    ServicePointKind,
    WorkOrderCategory,
    WorkOrderChannel,
    WorkOrderStatus,
)
from .models import (
    BusinessType,
    CommandCentreDay,
    CounterCount,
    CounterDay,
    FastAccident,
    Permit,
    PermitTransition,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
    WorkOrderDueRule,
    WorkOrderTransition,
)

# Yearly volumes per brigade (scale 1). 直属二 and 东阿 from the articles; 高新区 and 东昌府 estimated
# from their population and vehicles.
PROFILES = {
    "zs2": {
        "business": {"motorcycle_exam": (7500, 0.853, 0.975), "car_theory_exam": (2400, 0.78, 0),
                     "ebike_plate": 10400, "licence_renewal": 2600, "driver_review": 1900, "vehicle_inspection": 9000},
        "inspection_stations": 2, "self_service_machines": 3, "self_exam_machines": 2,
        "work_orders": 6067, "satisfied": 0.985, "all_replied": True,
        "fast_accidents": 1500, "online_share": 0.78,
        "calls": {"consultation_calls": 5215, "help_calls": 140, "complaint_calls": 1300, "congestion_reports": 3900,
                  "accident_reports": 2700, "other_calls": 2045},
        "patient_escorts": 38, "people_helped": 140, "bad_weather_responses": 21, "video_patrols": 1000,
        "bulletins_issued": 79, "permits": 320, "relief": 30,
    },
    "dea": {
        "business": {"motorcycle_exam": (3600, 0.86, 0.98), "car_theory_exam": (1500, 0.8, 0),
                     "ebike_plate": 6800, "licence_renewal": 1500, "driver_review": 1200, "vehicle_inspection": 16000},
        "inspection_stations": 7, "self_service_machines": 4, "self_exam_machines": 5,
        "work_orders": 1562, "satisfied": 0.99, "all_replied": False,
        "fast_accidents": 2336, "online_share": 0.88,
        "calls": {"consultation_calls": 2900, "help_calls": 90, "complaint_calls": 500, "congestion_reports": 1200,
                  "accident_reports": 1800, "other_calls": 900},
        "patient_escorts": 22, "people_helped": 80, "bad_weather_responses": 15, "video_patrols": 600,
        "bulletins_issued": 40, "permits": 180, "relief": 18,
    },
    "gxq": {
        "business": {"motorcycle_exam": (2500, 0.84, 0.98), "car_theory_exam": (1100, 0.77, 0),
                     "ebike_plate": 5200, "licence_renewal": 900, "driver_review": 700, "vehicle_inspection": 4000},
        "inspection_stations": 2, "self_service_machines": 2, "self_exam_machines": 1,
        "work_orders": 1900, "satisfied": 0.975, "all_replied": False,
        "fast_accidents": 900, "online_share": 0.7,
        "calls": {"consultation_calls": 2100, "help_calls": 70, "complaint_calls": 450, "congestion_reports": 1500,
                  "accident_reports": 1100, "other_calls": 800},
        "patient_escorts": 15, "people_helped": 60, "bad_weather_responses": 12, "video_patrols": 500,
        "bulletins_issued": 30, "permits": 260, "relief": 12,
    },
    "dcf": {
        "business": {"motorcycle_exam": (9800, 0.85, 0.985), "car_theory_exam": (4600, 0.79, 0),
                     "ebike_plate": 21000, "licence_renewal": 5200, "driver_review": 4100, "vehicle_inspection": 30000},
        "inspection_stations": 4, "self_service_machines": 6, "self_exam_machines": 4,
        "work_orders": 5200, "satisfied": 0.98, "all_replied": False,
        "fast_accidents": 3000, "online_share": 0.8,
        "calls": {"consultation_calls": 7800, "help_calls": 210, "complaint_calls": 2000, "congestion_reports": 6500,
                  "accident_reports": 4300, "other_calls": 3100},
        "patient_escorts": 45, "people_helped": 210, "bad_weather_responses": 24, "video_patrols": 1400,
        "bulletins_issued": 90, "permits": 520, "relief": 45,
    },
}

CHANNEL_WEIGHTS = [
    (WorkOrderChannel.HOTLINE_12345, 60), (WorkOrderChannel.APP_12123, 25), (WorkOrderChannel.POLICE_PLATFORM, 8),
    (WorkOrderChannel.WALK_IN, 5), (WorkOrderChannel.LETTER, 2),
]
CATEGORY_SUBJECTS = {
    WorkOrderCategory.CONSULTATION: ["咨询摩托车D本考试预约", "咨询驾驶证换证材料", "咨询电动自行车挂牌流程", "咨询违法处理地点",
                                     "咨询车辆年检时间"],
    WorkOrderCategory.COMPLAINT: ["反映路口信号灯配时不合理", "投诉占道停车无人管理", "反映货车夜间超速", "投诉电摩炸街扰民"],
    WorkOrderCategory.REQUEST: ["车辆被堵无法驶出求助", "事故快处操作求助", "驾驶证遗失补领求助"],
    WorkOrderCategory.REPORT: ["举报渣土车沿途撒漏", "举报面包车超员", "举报酒后驾车"],
    WorkOrderCategory.SUGGESTION: ["建议学校门口增设护学岗", "建议路口施划停止线", "建议增设减速带"],
}
CATEGORY_WEIGHTS = [(WorkOrderCategory.CONSULTATION, 45), (WorkOrderCategory.COMPLAINT, 25),
                    (WorkOrderCategory.REQUEST, 12), (WorkOrderCategory.REPORT, 10), (WorkOrderCategory.SUGGESTION, 8)]
PLACES = ["东昌路与柳园路口", "振兴路与新华路口", "湖南路", "建设路与花园路口", "铜城街道府前街", "新城街道阿胶街", "黄河路",
          "站前街", "东外环与光岳路口", "南环路"]
ROUTES = ["湖南路—东昌路—建设路", "东外环—南环路", "黄河路—振兴路（夜间）", "工业园区内部道路", "阿胶街—府前街—东阿大道"]


def weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def spread(rng, total, days):
    """`total` units spread over `days` days at random: a Counter {day index: units}."""
    return Counter(rng.choices(range(days), k=max(0, total)))


def local_dt(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def load(*, scale, rng, stdout):
    today = timezone.localdate()
    days = max(14, round(365 * min(scale, 1)))
    volume = scale * 365 / days  # per-day volume stays realistic when fewer days are loaded
    first_day = today - timedelta(days=days - 1)
    business_types = {bt.code: bt for bt in BusinessType.objects.all()}
    for brigade in demo_brigades():
        profile = PROFILES.get(brigade.code)
        if profile is None:
            continue
        clerk = User.objects.filter(brigade=brigade, role="staff").order_by("pk").first()
        context = dict(brigade=brigade, profile=profile, clerk=clerk, rng=rng, today=today, days=days,
                       first_day=first_day, factor=scale)
        loaded = []
        if not ServicePoint.objects.filter(brigade=brigade).exists():
            load_counter(**context, business_types=business_types, per_day=volume)
            loaded.append("counter")
        if not WorkOrder.objects.filter(brigade=brigade).exists():
            load_work_orders(**context)
            loaded.append("work orders")
        if not FastAccident.objects.filter(brigade=brigade).exists():
            load_fast_accidents(**context)
            loaded.append("accidents")
        if not CommandCentreDay.objects.filter(brigade=brigade).exists():
            load_command_centre(**context, per_day=volume)
            loaded.append("command centre")
        if not Permit.objects.filter(brigade=brigade).exists():
            load_permits(**context)
            loaded.append("permits")
        if not ReliefAdvance.objects.filter(brigade=brigade).exists():
            load_relief(**context)
            loaded.append("relief fund")
        if not ReliefTarget.objects.filter(brigade=brigade).exists():
            load_relief_targets(**context)
            loaded.append("relief fund targets")
        if loaded:
            stdout.write(f"  {brigade.short_name}: {', '.join(loaded)}")


def _scaled(value, factor):
    return max(1, round(value * factor))


# --- Counter business -------------------------------------------------------------------------------------------


def load_counter(*, brigade, profile, clerk, rng, today, days, first_day, factor, business_types, per_day):
    short = brigade.short_name
    points = [
        ServicePoint(brigade=brigade, created_by=clerk, name=f"{short}车管服务站", kind=ServicePointKind.VEHICLE_ADMIN_OFFICE,
                     opening_hours="周一至周日 8:30–17:30，工作日延时至19:00", offers_extended_hours=True,
                     offers_weekend_service=True, self_service_machines=profile["self_service_machines"],
                     self_exam_machines=profile["self_exam_machines"]),
        ServicePoint(brigade=brigade, created_by=clerk, name=f"{short}摩托车考场", kind=ServicePointKind.EXAM_GROUND,
                     opening_hours="周一至周六 8:00–17:00", offers_weekend_service=True),
    ] + [
        ServicePoint(brigade=brigade, created_by=clerk, name=f"{short}机动车检测站{n}", kind=ServicePointKind.INSPECTION_STATION,
                     opening_hours="周一至周日 8:00–18:00", offers_weekend_service=True)
        for n in range(1, profile["inspection_stations"] + 1)
    ]
    office, exam_ground, *stations = bulk_create_with_history(points, ServicePoint, default_user=clerk)
    where = {"motorcycle_exam": [exam_ground], "car_theory_exam": [office], "ebike_plate": [office],
             "licence_renewal": [office], "driver_review": [office], "vehicle_inspection": stations}

    # Units per (point, day index): spread each business's period total over the days the point works.
    cells = {}  # (point, day index) -> {code: values}
    for code, spec in profile["business"].items():
        business_type = business_types.get(code)
        if business_type is None:
            continue
        yearly = spec[0] if isinstance(spec, tuple) else spec
        total = round(yearly * per_day * days / 365)
        targets = where[code]
        for n, units in spread(rng, total, days * len(targets)).items():
            point, index = targets[n % len(targets)], n // len(targets)
            day = first_day + timedelta(days=index)
            # The exam ground rests on Sundays; its candidates sit on the next day.
            if point is exam_ground and day.weekday() == 6:
                index = min(index + 1, days - 1)
            values = cells.setdefault((point, index), {}).setdefault(code, Counter())
            if business_type.count_scheme == CountScheme.HANDLED:
                values["handled"] += units
            else:
                values["sat"] += units
    day_rows, count_rows = [], []
    for (point, index), by_code in sorted(cells.items(), key=lambda item: (item[0][0].pk, item[0][1])):
        day = first_day + timedelta(days=index)
        counter_day = CounterDay(brigade=brigade, created_by=clerk, service_point=point, date=day,
                                 weekend_service=day.weekday() >= 5, extended_hours=point is office and rng.random() < 0.3)
        day_rows.append((counter_day, by_code))
    saved_days = bulk_create_with_history([row[0] for row in day_rows], CounterDay, batch_size=500, default_user=clerk)
    for counter_day, (_unsaved, by_code) in zip(saved_days, day_rows):
        for code, values in by_code.items():
            business_type = business_types[code]
            count = CounterCount(brigade=brigade, created_by=clerk, counter_day=counter_day, business_type=business_type,
                                 date=counter_day.date)
            if business_type.count_scheme == CountScheme.HANDLED:
                count.handled = values["handled"]
            else:
                _yearly, pass_rate, licence_rate = profile["business"][code]
                count.sat = values["sat"]
                count.passed = min(count.sat, round(count.sat * pass_rate + rng.uniform(-0.5, 0.5)))
                if business_type.count_scheme == CountScheme.EXAM_WITH_LICENCE:
                    count.licences_made = min(count.passed, round(count.passed * licence_rate + rng.uniform(-0.3, 0.3)))
            count_rows.append(count)
    bulk_create_with_history(count_rows, CounterCount, batch_size=1000, default_user=clerk)


# --- Hotline work orders ----------------------------------------------------------------------------------------


def load_work_orders(*, brigade, profile, clerk, rng, today, days, first_day, factor):
    due_hours = {}
    for rule in WorkOrderDueRule.objects.all():
        due_hours[(rule.channel, rule.category)] = rule.hours_allowed
    now = timezone.now()
    total = _scaled(profile["work_orders"], factor)
    orders, steps = [], []
    for n in range(total):
        day = first_day + timedelta(days=rng.randrange(days))
        received = local_dt(day, rng.choice((8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 19)), rng.randrange(60))
        if received > now:
            received = now - timedelta(minutes=rng.randrange(30, 600))
        channel = weighted(rng, CHANNEL_WEIGHTS)
        category = weighted(rng, CATEGORY_WEIGHTS)
        hours = due_hours.get((channel, category), due_hours.get((channel, ""), rules.DEFAULT_REPLY_HOURS))
        due = rules.reply_due_at(received, hours)
        order = WorkOrder(
            brigade=brigade, created_by=clerk, channel=channel, number=f"{brigade.code.upper()}{day:%Y%m%d}{n:05d}",
            received_at=received, category=category, subject=rng.choice(CATEGORY_SUBJECTS[category]),
            request="来电人反映：" + rng.choice(CATEGORY_SUBJECTS[category]) + "，请求交警部门处理并答复。",
            caller_name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(("先生", "女士")), due_at=due,
            handler=clerk, status=WorkOrderStatus.RECEIVED,
        )
        age_hours = (now - received).total_seconds() / 3600
        timeline = [("", WorkOrderStatus.RECEIVED, received, "")]
        if age_hours > 2:
            taken = received + timedelta(minutes=rng.randrange(10, 90))
            timeline.append((WorkOrderStatus.RECEIVED, WorkOrderStatus.HANDLING, taken, ""))
            order.status = WorkOrderStatus.HANDLING
            # Most orders are answered well within their time; a few run late, a few are still open.
            reply_after = timedelta(hours=hours * (rng.betavariate(1.6, 6) if rng.random() < 0.97 else rng.uniform(1.0, 1.4)))
            replied = received + max(reply_after, timedelta(minutes=40))
            still_open = not profile["all_replied"] and age_hours < 96 and rng.random() < 0.5
            if profile["all_replied"] and replied >= now:
                replied = max(received + timedelta(minutes=30), now - timedelta(minutes=5))
            if replied < now and not still_open:
                order.status = WorkOrderStatus.REPLIED
                order.reply = "经核查已处理，已电话答复来电人。"
                order.replied_at = replied
                order.reply_minutes = rules.minutes_between(received, replied)
                timeline.append((WorkOrderStatus.HANDLING, WorkOrderStatus.REPLIED, replied, order.reply))
                closed = replied + timedelta(hours=rng.uniform(2, 48))
                if closed < now:
                    order.satisfaction = _satisfaction(rng, profile["satisfied"])
                    if order.satisfaction == Satisfaction.DISSATISFIED:
                        order.follow_up = "已再次联系来电人说明政策并复核处理结果。"
                    order.status = WorkOrderStatus.CLOSED
                    order.closed_at = closed
                    timeline.append((WorkOrderStatus.REPLIED, WorkOrderStatus.CLOSED, closed,
                                     Satisfaction(order.satisfaction).label))
        orders.append(order)
        steps.append(timeline)
    saved = bulk_create_with_history(orders, WorkOrder, batch_size=1000, default_user=clerk)
    WorkOrderTransition.objects.bulk_create([
        WorkOrderTransition(record=order, from_status=from_status, to_status=to_status, by=clerk, at=at, note=note)
        for order, timeline in zip(saved, steps) for from_status, to_status, at, note in timeline
    ], batch_size=2000)


def _satisfaction(rng, satisfied_share):
    if rng.random() < 0.03:
        return Satisfaction.NOT_REACHED
    if rng.random() < satisfied_share:
        return Satisfaction.SATISFIED if rng.random() < 0.9 else Satisfaction.BASICALLY_SATISFIED
    return Satisfaction.DISSATISFIED


# --- Fast-processed accidents -----------------------------------------------------------------------------------


def load_fast_accidents(*, brigade, profile, clerk, rng, today, days, first_day, factor):
    now = timezone.now()
    towns = list(brigade.towns.filter(parent__isnull=True))
    cases = []
    for _ in range(_scaled(profile["fast_accidents"], factor)):
        day = first_day + timedelta(days=rng.randrange(days))
        reported = min(local_dt(day, rng.choice((7, 8, 8, 9, 11, 12, 13, 17, 17, 18, 20)), rng.randrange(60)),
                       now - timedelta(hours=1))
        online = rng.random() < profile["online_share"]
        channel = (AccidentChannel.VIDEO_12123 if rng.random() < 0.85 else AccidentChannel.ONLINE_SELF) if online else (
            AccidentChannel.ON_SITE if rng.random() < 0.7 else AccidentChannel.SERVICE_CENTRE)
        disputed = rng.random() < 0.03
        if disputed:
            outcome, noticed = LiabilityOutcome.DISPUTED, None
        else:
            outcome = (LiabilityOutcome.DETERMINED_ONLINE if channel == AccidentChannel.VIDEO_12123 else
                       LiabilityOutcome.AGREED if channel == AccidentChannel.ONLINE_SELF else
                       LiabilityOutcome.DETERMINED_ON_SITE)
            minutes = rng.lognormvariate(3.1 if online else 3.7, 0.45)
            noticed = reported + timedelta(minutes=max(4, round(minutes)))
        cases.append(FastAccident(
            brigade=brigade, created_by=clerk, reported_at=reported, channel=channel, place=rng.choice(PLACES),
            town=rng.choice(towns) if towns else None, vehicles_involved=2 if rng.random() < 0.92 else 3,
            liability_outcome=outcome, liability_noticed_at=noticed,
            minutes_to_liability=rules.minutes_between(reported, noticed), insurer_notified=not disputed,
            closed_at=noticed + timedelta(minutes=rng.randrange(5, 120)) if noticed else None,
        ))
    bulk_create_with_history(cases, FastAccident, batch_size=1000, default_user=clerk)


# --- Command centre ------------------------------------------------------------------------------------------------


def load_command_centre(*, brigade, profile, clerk, rng, today, days, first_day, factor, per_day):
    fields = {**profile["calls"], **{name: profile[name] for name in (
        "patient_escorts", "people_helped", "bad_weather_responses", "video_patrols", "bulletins_issued")}}
    spreads = {name: spread(rng, round(yearly * per_day * days / 365), days) for name, yearly in fields.items()}
    rows = [
        CommandCentreDay(brigade=brigade, created_by=clerk, date=first_day + timedelta(days=index),
                         **{name: spreads[name][index] for name in fields})
        for index in range(days)
    ]
    bulk_create_with_history(rows, CommandCentreDay, batch_size=500, default_user=clerk)


# --- Permits ---------------------------------------------------------------------------------------------------------


def load_permits(*, brigade, profile, clerk, rng, today, days, first_day, factor):

    enterprises = list(Enterprise.objects.filter(brigade=brigade)[:12])
    permits, steps = [], []
    sequence = Counter()
    for _ in range(_scaled(profile["permits"], factor)):
        applied = first_day + timedelta(days=rng.randrange(days))
        enterprise = rng.choice(enterprises) if enterprises and rng.random() < 0.6 else None
        valid_from = applied + timedelta(days=rng.randrange(1, 5))
        valid_to = valid_from + timedelta(days=rng.choice((30, 60, 90, 90, 180)))
        permit = Permit(
            brigade=brigade, created_by=clerk, applied_on=applied, enterprise=enterprise,
            applicant=enterprise.name if enterprise else f"{brigade.short_name}{rng.choice(('城建', '顺达', '鑫源', '宏运'))}渣土运输有限公司",
            plate_number=f"鲁P{rng.choice('ABCDEFGH')}{rng.randrange(10000, 99999)}",
            vehicle_type=weighted(rng, [(PermitVehicleType.MUCK_TRUCK, 45), (PermitVehicleType.TRUCK, 35),
                                        (PermitVehicleType.WORKS_VEHICLE, 15), (PermitVehicleType.DANGEROUS_GOODS, 5)]),
            routes=rng.choice(ROUTES), valid_from=valid_from, valid_to=valid_to,
            daily_from=time(22, 0) if rng.random() < 0.6 else None, status=PermitStatus.APPLIED,
        )
        if permit.daily_from:
            permit.daily_until = time(6, 0)
        timeline = [("", PermitStatus.APPLIED, local_dt(applied, 9), "")]
        decided = local_dt(applied + timedelta(days=1), 10)
        if (today - applied).days >= 2:
            roll = rng.random()
            if roll < 0.1:
                permit.status, permit.decision_reason = PermitStatus.REFUSED, "通行路线经过学校周边，高峰时段不予通行。"
                timeline.append((PermitStatus.APPLIED, PermitStatus.REFUSED, decided, permit.decision_reason))
            else:
                sequence[decided.year] += 1
                permit.status, permit.approved_at = PermitStatus.APPROVED, decided
                permit.number = f"TXZ-{brigade.code.upper()}-{decided.year}-{sequence[decided.year]:04d}"
                timeline.append((PermitStatus.APPLIED, PermitStatus.APPROVED, decided, ""))
                if roll > 0.95:
                    permit.status, permit.decision_reason = PermitStatus.REVOKED, "车辆沿途撒漏，经查证属实。"
                    timeline.append((PermitStatus.APPROVED, PermitStatus.REVOKED, decided + timedelta(days=10),
                                     permit.decision_reason))
        permits.append(permit)
        steps.append(timeline)
    saved = bulk_create_with_history(permits, Permit, batch_size=500, default_user=clerk)
    PermitTransition.objects.bulk_create([
        PermitTransition(record=permit, from_status=from_status, to_status=to_status, by=clerk, at=at, note=note)
        for permit, timeline in zip(saved, steps) for from_status, to_status, at, note in timeline
    ])


# --- Relief fund ---------------------------------------------------------------------------------------------------------


# 救助基金垫付完成率 (advances paid ÷ the months' targets): 直属二 reports 142 %; the others are estimated.
RELIEF_COMPLETION = {"zs2": 1.42, "dea": 1.1, "gxq": 0.9, "dcf": 1.05}
HOSPITALS = ("聊城市人民医院", "东阿县人民医院", "聊城市第二人民医院", "受害人家属")
INSURERS = ("中国人保财险聊城分公司", "平安财险聊城中心支公司", "太平洋财险聊城中心支公司", "")


def load_relief(*, brigade, profile, clerk, rng, today, days, first_day, factor):
    """Advances through their steps, as the operations write them: each linked to an injury or fatal
    accident of the brigade; the older ones paid, and recovered in whole, in part or not yet (those
    paid long ago and not recovered are the overdue recoveries of 待办); a few refused or still
    awaiting approval. Then the months' targets, set so that the completion rate is the brigade's."""
    leader = User.objects.filter(brigade=brigade, role="leader").order_by("pk").first() or clerk
    accidents = list(
        Accident.objects.filter(brigade=brigade).exclude(severity="property").order_by("occurred_at")
        .values_list("pk", "occurred_at")
    ) or list(Accident.objects.filter(brigade=brigade).order_by("occurred_at").values_list("pk", "occurred_at"))
    # Advances are few: they are spread over a whole year whatever the scale, so that some have been
    # paid and recovered. The first of each brigade is paid long ago and only partly recovered (an
    # overdue recovery in the clerk's 待办), the second fully recovered.
    for n in range(_scaled(profile["relief"], factor)):
        requested_on = today - timedelta(days=300 if n < 2 else rng.randrange(365))
        accident_id = None
        if accidents:
            before = [a for a in accidents if timezone.localdate(a[1]) <= requested_on] or accidents
            accident_id = rng.choice(before[-10:])[0]
        requested = Decimal(rng.randrange(5_000, 150_000, 500))
        advance = operations.relief_request(advance=ReliefAdvance(
            brigade=brigade, accident_id=accident_id, requested_on=requested_on, amount_requested=requested,
            case_reference=f"聊公交认字[{requested_on.year}]{brigade.code.upper()}{n + 1:04d}号",
            beneficiary=rng.choice(HOSPITALS), liable_party=f"肇事驾驶人{rng.choice('王李张刘陈杨赵黄周吴')}某",
            insurer=rng.choice(INSURERS[:-1]) if n < 2 else rng.choice(INSURERS),
        ), by=clerk)
        approved_on = requested_on + timedelta(days=rng.randint(1, 7))
        if approved_on > today or (n >= 2 and rng.random() < 0.05):
            continue  # still awaiting the leader
        if n >= 2 and rng.random() < 0.05:
            operations.relief_refuse(advance=advance, by=leader, day=approved_on, reason="不符合垫付条件（肇事车辆已投保且保险公司已赔付）")
            continue
        approved = requested if rng.random() < 0.7 else (requested * Decimal(rng.uniform(0.6, 0.95))).quantize(Decimal("1"))
        advance = operations.relief_approve(advance=advance, by=leader, amount=approved, day=approved_on)
        paid_on = approved_on + timedelta(days=rng.randint(2, 15))
        if paid_on > today:
            continue
        advance = operations.relief_pay(advance=advance, by=clerk, amount=approved, day=paid_on)
        roll = rng.random()
        shares = {0: (0.3,), 1: (0.5, 1)}.get(n) or ((1,) if roll < 0.45 else (0.3, 0.3) if roll < 0.75 else ())
        day = paid_on
        for share in shares:
            day = day + timedelta(days=rng.randint(20, 120))
            if day > today:
                break
            left = advance.amount_advanced - advance.amount_recovered
            amount = left if share == 1 else min(left, (advance.amount_advanced * Decimal(share)).quantize(Decimal("1")))
            source = RecoverySource.INSURER if advance.insurer and rng.random() < 0.6 else RecoverySource.LIABLE_PARTY
            advance = operations.relief_recover(
                advance=advance, by=clerk, amount=amount, day=day, source=source,
                payer=advance.insurer if source == RecoverySource.INSURER else advance.liable_party,
            )


def load_relief_targets(*, brigade, clerk, today, **_ignored):
    """One target per month of the last year, adding up to the paid advances ÷ the brigade's rate."""
    first_day = today - timedelta(days=364)
    paid = ReliefAdvance.objects.filter(brigade=brigade, advanced_on__range=(first_day, today)).count()
    months = []
    month = first_day.replace(day=1)
    while month <= today:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    total = max(len(months), round(paid / RELIEF_COMPLETION.get(brigade.code, 1.0)))
    base, extra = divmod(total, len(months))
    targets = [
        ReliefTarget(brigade=brigade, created_by=clerk, month=month, advances_target=base + (1 if i < extra else 0),
                     note="救助基金管理中心下达的月度垫付任务")
        for i, month in enumerate(months)
    ]
    bulk_create_with_history([t for t in targets if t.advances_target], ReliefTarget, default_user=clerk)
