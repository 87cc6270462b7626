"""Demo outreach data: a year of publicity events (with materials, target groups and officers),
media articles, schools with their escort posts and shifts, and the duty log, for the four brigades
of the articles, in their proportions (直属二: 29 themed events, 6 volunteer services, 23 lectures,
30 000 reflective stickers, 50 000 leaflets, 60 articles; 高新区: 星空护学 evening posts; 东阿:
10 护学岗 and 电摩警示教育会), with photos of some events. Idempotent: a brigade that already has the
records is left alone.
"""

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from brigades.demo import demo_brigades
from brigades.demo_images import event_scene, save_demo_file
from brigades.models import Officer
from enforcement.models import Operation

from .choices import EventKind, OutletKind, SchoolKind, ShiftPeriod, Staffing, VenueKind
from .models import (
    EscortDutyLog, EscortPost, EscortShift, Event, EventMaterial, EventPhoto, Material, MediaArticle, School, TargetGroup,
)

# Events a year by kind, materials a year, articles a year, and the schools with escort posts.
PROFILES = {
    "zs2": {
        "events": {EventKind.THEMED: 29, EventKind.VOLUNTEER: 6, EventKind.LECTURE: 23, EventKind.WARNING_MEETING: 2},
        "materials": {"reflective_sticker": 30_000, "leaflet": 50_000, "poster": 600, "helmet": 120},
        "articles": 60,
        "schools": ["东城实验小学", "柳园中学", "湖西实验学校", "古楼小学", "新区实验小学"],
        "evening_schools": [],
    },
    "gxq": {
        "events": {EventKind.THEMED: 24, EventKind.VOLUNTEER: 5, EventKind.LECTURE: 30, EventKind.WARNING_MEETING: 3},
        "materials": {"reflective_sticker": 20_000, "leaflet": 40_000, "poster": 400, "helmet": 200},
        "articles": 45,
        "schools": ["高新区文轩中学", "高新区实验中学", "华育中学", "韩集中心小学", "顾官屯中学", "许营小学"],
        # 星空护学: the evening dismissal of the boarding middle schools.
        "evening_schools": ["高新区文轩中学", "高新区实验中学", "华育中学"],
    },
    "dea": {
        "events": {EventKind.THEMED: 20, EventKind.VOLUNTEER: 4, EventKind.LECTURE: 18, EventKind.WARNING_MEETING: 6},
        "materials": {"reflective_sticker": 15_000, "leaflet": 30_000, "poster": 300, "helmet": 500},
        "articles": 35,
        "schools": ["铜城中学", "新城小学", "刘集中学", "牛角店小学", "大桥中学", "高集小学", "姚寨中学", "鱼山小学",
                    "陈集小学", "东阿县实验高中"],
        "evening_schools": [],
    },
    "dcf": {
        "events": {EventKind.THEMED: 26, EventKind.VOLUNTEER: 8, EventKind.LECTURE: 20, EventKind.WARNING_MEETING: 2},
        "materials": {"reflective_sticker": 25_000, "leaflet": 45_000, "poster": 500, "helmet": 150},
        "articles": 40,
        "schools": ["道口铺中学", "闫寺小学", "凤凰中学", "侯营小学", "沙镇中学", "堂邑小学"],
        "evening_schools": [],
    },
}

VENUES = {
    VenueKind.COMMUNITY: ["花园社区", "星光社区", "建设社区", "幸福里社区", "向阳社区"],
    VenueKind.VILLAGE: ["王庄村", "李楼村", "前屯村", "后营村", "张集村"],
    VenueKind.ENTERPRISE: ["极兔快递分拨中心", "顺丰速运营业部", "美团外卖站点", "鲁西化工运输公司", "城际客运公司"],
    VenueKind.OTHER: ["人民广场", "汽车站", "车管所大厅"],
    VenueKind.ONLINE: ["抖音直播间"],
}
KIND_VENUES = {
    EventKind.LECTURE: [VenueKind.SCHOOL, VenueKind.SCHOOL, VenueKind.ENTERPRISE, VenueKind.COMMUNITY, VenueKind.VILLAGE],
    EventKind.THEMED: [VenueKind.COMMUNITY, VenueKind.VILLAGE, VenueKind.SCHOOL, VenueKind.ENTERPRISE, VenueKind.OTHER, VenueKind.ONLINE],
    EventKind.VOLUNTEER: [VenueKind.COMMUNITY, VenueKind.OTHER, VenueKind.VILLAGE],
    EventKind.WARNING_MEETING: [VenueKind.SCHOOL, VenueKind.OTHER],
}
VENUE_GROUPS = {
    VenueKind.SCHOOL: ["students_parents"],
    VenueKind.COMMUNITY: ["ebike_riders", "general_public"],
    VenueKind.VILLAGE: ["rural_elderly_children", "ebike_riders"],
    VenueKind.ENTERPRISE: ["delivery_riders", "key_drivers", "enterprise_staff"],
    VenueKind.OTHER: ["general_public", "ebike_riders"],
    VenueKind.ONLINE: ["general_public"],
}
TITLES = {
    EventKind.LECTURE: "交通安全知识宣讲",
    EventKind.THEMED: "“一盔一带”主题宣传",
    EventKind.VOLUNTEER: "文明交通志愿服务",
    EventKind.WARNING_MEETING: "电摩炸街警示教育会",
}
AUDIENCE = {
    EventKind.LECTURE: (60, 450), EventKind.THEMED: (120, 900), EventKind.VOLUNTEER: (40, 260), EventKind.WARNING_MEETING: (20, 90),
}
# Themes of events that are not an enforcement operation (those are linked to the operation).
THEMES = ["", "", "", "", "全国交通安全日", "安全生产月", "文明交通进万家"]
# Share of the events held while an operation of the brigade runs that belong to it.
OPERATION_SHARE = 0.6
OUTLETS = [
    (OutletKind.WECHAT, "聊城交警"), (OutletKind.WECHAT, "聊城交警"), (OutletKind.WECHAT, "平安聊城"),
    (OutletKind.NEWSPAPER, "聊城日报"), (OutletKind.NEWSPAPER, "齐鲁晚报"), (OutletKind.VIDEO, "聊城交警抖音号"),
    (OutletKind.WEBSITE, "聊城新闻网"),
]
# (period, start, end): morning arrival and afternoon dismissal; 星空护学 in the evening.
DAY_SLOTS = [(ShiftPeriod.MORNING_ARRIVAL, time(7, 10), time(7, 50)), (ShiftPeriod.EVENING_DISMISSAL, time(17, 0), time(17, 40))]
EVENING_SLOT = (ShiftPeriod.EVENING_DISMISSAL, time(20, 40), time(21, 20))


def scaled(n, scale):
    return max(1, round(n * scale))


@transaction.atomic
def load(*, scale, rng, stdout):
    today = timezone.localdate()
    materials = {m.code: m for m in Material.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    for brigade in demo_brigades():
        profile = PROFILES.get(brigade.code)
        if profile is None:
            continue
        officers = list(Officer.objects.filter(brigade=brigade, is_active=True).order_by("pk"))
        if not officers:
            continue
        schools = load_schools(brigade, profile, rng)
        if not Event.objects.filter(brigade=brigade).exists():
            load_events(brigade, profile, schools, officers, materials, groups, today, scale, rng)
        if not EventPhoto.objects.filter(event__brigade=brigade).exists():
            load_event_photos(brigade, today, rng)
        if not MediaArticle.objects.filter(brigade=brigade).exists():
            load_articles(brigade, profile, today, scale, rng)
        if not EscortPost.objects.filter(brigade=brigade).exists():
            load_escort(brigade, profile, schools, officers, today, scale, rng)
    stdout.write(f"  outreach: {Event.objects.count()} events, {MediaArticle.objects.count()} articles, "
                 f"{EscortDutyLog.objects.count()} escort duty logs")


def load_schools(brigade, profile, rng):
    existing = {s.name: s for s in School.objects.filter(brigade=brigade)}
    towns = list(brigade.towns.filter(parent__isnull=True))
    new = []
    for name in profile["schools"]:
        if name in existing:
            continue
        kind = SchoolKind.PRIMARY if name.endswith("小学") else SchoolKind.HIGH if "高中" in name else SchoolKind.MIDDLE
        town = next((t for t in towns if t.name[:2] in name), rng.choice(towns) if towns else None)
        new.append(School(brigade=brigade, name=name, kind=kind, town=town, address=f"{town.name if town else ''}{name[:2]}路{rng.randint(1, 300)}号",
                          pupils=rng.randint(400, 1200) if kind == SchoolKind.PRIMARY else rng.randint(900, 3200)))
    bulk_create_with_history(new, School)
    return list(School.objects.filter(brigade=brigade).order_by("pk"))


def split(total, parts, rng):
    """`total` split into `parts` whole numbers in round hundreds where possible, summing exactly."""
    if parts <= 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    amounts = [int(w * scale) // 100 * 100 if total >= parts * 100 else int(w * scale) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def load_events(brigade, profile, schools, officers, materials, groups, today, scale, rng):
    # enforcement's demo ran first (INSTALLED_APPS order): the operations the brigade takes part in.
    operations = list(Operation.objects.for_brigades([brigade.pk]).order_by("pk"))
    events = []
    for kind, per_year in profile["events"].items():
        for _ in range(scaled(per_year, scale)):
            day = today - timedelta(days=rng.randint(0, 364))
            events.append(make_event(brigade, kind, day, schools, rng, operations))
    # A few planned ahead: the calendar's upcoming events (not in the year's figures).
    for offset in (3, 9, 16):
        kind = rng.choice([EventKind.LECTURE, EventKind.THEMED])
        event = make_event(brigade, kind, today + timedelta(days=offset), schools, rng, operations)
        event.audience = 0
        events.append(event)
    events = bulk_create_with_history(events, Event)

    past = [e for e in events if e.date <= today]
    rows = []
    for code, yearly in profile["materials"].items():
        if code not in materials:
            continue
        # Stickers and helmets go to riders (themed, volunteer); leaflets and posters everywhere.
        eligible = [e for e in past if code in ("leaflet", "poster") or e.event_kind in (EventKind.THEMED, EventKind.VOLUNTEER)] or past
        chosen = rng.sample(eligible, k=max(1, len(eligible) * 3 // 4))
        for event, amount in zip(chosen, split(scaled(yearly, scale), len(chosen), rng)):
            if amount > 0:
                rows.append(EventMaterial(event=event, material=materials[code], quantity=amount))
    bulk_create_with_history(rows, EventMaterial)

    group_links, officer_links = [], []
    GroupLink, OfficerLink = Event.target_groups.through, Event.officers.through
    for event in events:
        for code in rng.sample(VENUE_GROUPS[event.venue_kind], k=min(2, len(VENUE_GROUPS[event.venue_kind]))):
            if code in groups:
                group_links.append(GroupLink(event_id=event.pk, targetgroup_id=groups[code].pk))
        if event.event_kind == EventKind.WARNING_MEETING and "teen_riders_parents" in groups:
            group_links.append(GroupLink(event_id=event.pk, targetgroup_id=groups["teen_riders_parents"].pk))
        for officer in rng.sample(officers, k=min(len(officers), rng.randint(2, 4))):
            officer_links.append(OfficerLink(event_id=event.pk, officer_id=officer.pk))
    GroupLink.objects.bulk_create(group_links, ignore_conflicts=True)
    OfficerLink.objects.bulk_create(officer_links, ignore_conflicts=True)


def make_event(brigade, kind, day, schools, rng, operations=()):
    running = [op for op in operations if op.start_date <= day <= op.end_date]
    operation = rng.choice(running) if running and rng.random() < OPERATION_SHARE else None
    venue_kind = rng.choice(KIND_VENUES[kind])
    school = rng.choice(schools) if venue_kind == VenueKind.SCHOOL and schools else None
    if venue_kind == VenueKind.SCHOOL and school is None:
        venue_kind = VenueKind.COMMUNITY
    venue_name = "" if school else rng.choice(VENUES[venue_kind])
    place = school.name if school else venue_name
    low, high = AUDIENCE[kind]
    return Event(
        brigade=brigade, date=day, start_time=time(rng.choice((9, 10, 14, 15, 19)), rng.choice((0, 30))),
        title=f"{place}{TITLES[kind]}", event_kind=kind, venue_kind=venue_kind, school=school, venue_name=venue_name,
        town=school.town if school else None, audience=rng.randint(low, high), operation=operation,
        campaign="" if operation else rng.choice(THEMES),
        summary=f"民辅警结合典型事故案例，向{place}群众讲解交通安全知识，发放宣传资料。",
    )


PHOTO_CAPTIONS = ["活动现场", "民警讲解交通安全知识", "发放宣传资料", "群众签名承诺文明出行", "为群众佩戴安全头盔"]


def load_event_photos(brigade, today, rng):
    """One to three photos of about a third of the past events (always the latest), as the
    publicity staff attach them: small real pictures drawn for the demo."""
    past = list(Event.objects.filter(brigade=brigade, date__lte=today).order_by("date", "pk"))
    pictures = [event_scene(rng) for _ in range(4)]
    photos = []
    for position, event in enumerate(past):
        if position != len(past) - 1 and rng.random() >= 0.3:
            continue
        for number, caption in enumerate(rng.sample(PHOTO_CAPTIONS, k=rng.randint(1, 3)), start=1):
            photo = EventPhoto(event=event, caption=caption)
            save_demo_file(photo.file, f"IMG_{event.date:%Y%m%d}_{number:02d}.png", rng.choice(pictures))
            photos.append(photo)
    bulk_create_with_history(photos, EventPhoto)


def load_articles(brigade, profile, today, scale, rng):
    events = list(Event.objects.filter(brigade=brigade, date__lte=today).order_by("date"))
    articles = []
    for _ in range(scaled(profile["articles"], scale)):
        kind, outlet = rng.choice(OUTLETS)
        event = rng.choice(events) if events and rng.random() < 0.4 else None
        day = min(today, event.date + timedelta(days=rng.randint(0, 3))) if event else today - timedelta(days=rng.randint(0, 364))
        subject = event.title if event else rng.choice(["夜查酒驾", "隐患排查整治", "救助群众", "星空护学", "便民服务措施"])
        articles.append(MediaArticle(
            brigade=brigade, title=f"{brigade.short_name}交警：{subject}", outlet_kind=kind, outlet_name=outlet,
            published_on=day, url=f"https://news.example.cn/{brigade.code}/{rng.randint(10_000, 99_999)}",
            subject=subject, event=event, reach=rng.randint(800, 30_000) if kind != OutletKind.NEWSPAPER else None,
        ))
    bulk_create_with_history(articles, MediaArticle)


def school_year_ranges(today):
    """This year's escort shifts pause over the summer holidays: (from, until) ranges of the past year."""
    year = today.year if today >= date(today.year, 9, 1) else today.year - 1
    summer_start, autumn = date(year, 7, 10), date(year, 9, 1)
    first = today - timedelta(days=364)
    ranges = []
    if first <= summer_start:
        ranges.append((first, summer_start))
    ranges.append((max(first, autumn), None))
    return ranges


def load_escort(brigade, profile, schools, officers, today, scale, rng):
    posts = bulk_create_with_history([
        EscortPost(brigade=brigade, school=school,
                   name="星空护学岗" if school.name in profile["evening_schools"] else "校门口护学岗",
                   location=f"{school.name}正门") for school in schools
    ], EscortPost)
    slots = {}
    for post in posts:
        evening = post.name == "星空护学岗"
        slots[post.pk] = [DAY_SLOTS[0], EVENING_SLOT] if evening else list(DAY_SLOTS)
    # Officers assigned round-robin per time slot, so no officer is booked twice at one time.
    per_shift = 2 if len(officers) >= 2 * len(posts) else 1
    shifts, assignments = [], []
    cursor = {}
    for post in posts:
        for period, starts, ends in slots[post.pk]:
            index = cursor.get((starts, ends), 0)
            team = [officers[(index + i) % len(officers)] for i in range(per_shift)]
            cursor[(starts, ends)] = index + per_shift
            for active_from, active_until in school_year_ranges(today):
                shifts.append(EscortShift(brigade=brigade, post=post, period=period, weekdays="12345", starts_at=starts,
                                          ends_at=ends, active_from=active_from, active_until=active_until))
                assignments.append(team)
    shifts = bulk_create_with_history(shifts, EscortShift)
    ShiftOfficer = EscortShift.officers.through
    ShiftOfficer.objects.bulk_create([
        ShiftOfficer(escortshift_id=shift.pk, officer_id=officer.pk) for shift, team in zip(shifts, assignments) for officer in team
    ])

    # The duty log up to yesterday (today is left for the "all staffed" click), 3% unstaffed.
    first_day = today - timedelta(days=scaled(364, scale))
    logs, teams = [], []
    for shift, team in zip(shifts, assignments):
        day = max(first_day, shift.active_from)
        last = min(today - timedelta(days=1), shift.active_until or today)
        while day <= last:
            if shift.runs_on(day):
                unstaffed = rng.random() < 0.03
                logs.append(EscortDutyLog(
                    brigade=brigade, shift=shift, date=day, staffing=Staffing.UNSTAFFED if unstaffed else Staffing.STAFFED,
                    incident=rng.random() < 0.01, congestion=rng.random() < 0.05,
                    note="警力抽调执行安保任务" if unstaffed else "",
                ))
                teams.append([] if unstaffed else team)
            day += timedelta(days=1)
    logs = bulk_create_with_history(logs, EscortDutyLog, batch_size=2000)
    LogOfficer = EscortDutyLog.officers.through
    LogOfficer.objects.bulk_create([
        LogOfficer(escortdutylog_id=log.pk, officer_id=officer.pk) for log, team in zip(logs, teams) for officer in team
    ], batch_size=5000)
