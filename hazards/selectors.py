"""Reads of the hazards domain that are more than one filter: list querysets and the figures.

Every figure takes `brigade_ids` (None: every brigade) and a closed day range [start, end], and can
be grouped (`by="town"`, `"category"`...). The metrics in metrics.py compute the same numbers per
brigade and day; tests hold the two together.
"""

import math
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Avg, Case, Count, F, FloatField, IntegerField, Max, Min, Q, Value, When
from django.db.models.functions import Cast, Floor
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.records import spreadsheets
from brigades.selectors import handled_by

from . import rules
from .choices import (
    OPEN_FOR_RECTIFICATION,
    FollowUpStatus,
    HazardStatus,
    ImportKind,
    ImportStatus,
    KeyItemStatus,
    RiskLevel,
)
from .models import (
    EnterpriseRiskChange,
    Hazard,
    KeyItemImport,
    KeyDriver,
    KeyVehicle,
    Notice,
    Reinspection,
    SupervisionAction,
    SupervisionListing,
)
from .operations import key_list_file_bytes, key_list_import_kind

# ---------------------------------------------------------------- lists


def hazard_list(user):
    return Hazard.objects.for_user(user).select_related("brigade", "town", "category", "responsible_party")


def hazard_detail(user):
    return Hazard.objects.for_user(user).select_related(
        "brigade", "town", "category", "responsible_party", "finder", "signed_off_by", "created_by"
    )


def hazard_timeline(hazard):
    return hazard.transitions.select_related("acted_by").order_by("acted_at", "pk")


def hazards_needing_attention(user, today=None):
    """The home panel: the user's overdue hazards and those due within three days, most urgent first."""
    today = today or timezone.localdate()
    base = Hazard.objects.for_user(user).select_related("town", "category")
    overdue = base.overdue(today).order_by("rectification_deadline", "pk")
    due_soon = base.due_soon(today).order_by("rectification_deadline", "pk")
    due_reinspections = Reinspection.objects.for_user(user).filter(done_on__isnull=True, due_on__lte=today)
    return {
        "overdue_count": overdue.count(),
        "due_soon_count": due_soon.count(),
        "overdue": list(overdue[:5]),
        "due_soon": list(due_soon[:5]),
        "reinspections_due": due_reinspections.count(),
    }


# ---------------------------------------------------------------- hazard figures


def _hazards(brigade_ids):
    queryset = Hazard.objects.all()
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return queryset


def _grouped(queryset, by, value):
    """One number, or {group: number} when `by` names a field (town, category, brigade...)."""
    if by is None:
        return queryset.aggregate(value=value)["value"] or 0
    rows = queryset.order_by().values(by).annotate(value=value).values_list(by, "value")
    return {key: total or 0 for key, total in rows}


def hazards_found(start, end, brigade_ids=None, by=None):
    """Hazards found in the period (by found_on), closed-without-rectification ones included."""
    return _grouped(_hazards(brigade_ids).filter(found_on__range=(start, end)), by, Count("pk"))


def hazards_found_counted(start, end, brigade_ids=None, by=None):
    """Hazards found in the period that count towards the rate: closed-without-rectification excluded."""
    queryset = _hazards(brigade_ids).filter(found_on__range=(start, end)).exclude(status=HazardStatus.CLOSED)
    return _grouped(queryset, by, Count("pk"))


def hazards_rectified(start, end, brigade_ids=None, by=None):
    """Hazards rectified in the period (by rectified_on; a reopened hazard loses its date)."""
    return _grouped(_hazards(brigade_ids).filter(rectified_on__range=(start, end)), by, Count("pk"))


def hazards_found_and_rectified(start, end, brigade_ids=None, by=None):
    """Of the hazards found in the period (counted in the rate), those rectified since: the
    numerator of the rectification rate, so that the rate is the share of a period's hazards
    that are fixed and never exceeds 100 %."""
    queryset = (
        _hazards(brigade_ids).filter(found_on__range=(start, end), rectified_on__isnull=False)
        .exclude(status=HazardStatus.CLOSED)
    )
    return _grouped(queryset, by, Count("pk"))


def missed_deadline_hazards(today=None):
    """Hazards whose deadline day has passed without rectification (rectified late included),
    counted on the deadline day: a flow that sums over any period without double counting."""
    today = today or timezone.localdate()
    return (
        Hazard.objects.exclude(status=HazardStatus.CLOSED)
        .filter(rectification_deadline__lt=today)
        .filter(Q(rectified_on__isnull=True) | Q(rectified_on__gt=F("rectification_deadline")))
    )


def hazards_overdue_now(brigade_ids=None, by=None, today=None):
    """The stock of overdue hazards today (past deadline, still owed): the number on the home page."""
    return _grouped(_hazards(brigade_ids).overdue(today), by, Count("pk"))


def days_to_rectify_total(start, end, brigade_ids=None, by=None):
    """Total days from found to rectified of the hazards rectified in the period."""
    queryset = _hazards(brigade_ids).filter(rectified_on__range=(start, end))
    if by is None:
        return sum((r - f).days for f, r in queryset.values_list("found_on", "rectified_on"))
    totals = {}
    for key, found, rectified in queryset.values_list(by, "found_on", "rectified_on"):
        totals[key] = totals.get(key, 0) + (rectified - found).days
    return totals


def rectification_rate(start, end, brigade_ids=None):
    """Of the hazards found in the period (closed-without-rectification excluded), the percentage
    rectified by now; None when nothing was found. Both counts are on the found day, so a later
    rectification raises the rate of the period the hazard was found in (as "1170 hazards found,
    100 % fixed" is read), and the rate never exceeds 100 %."""
    found = hazards_found_counted(start, end, brigade_ids)
    if not found:
        return None
    return round(100 * hazards_found_and_rectified(start, end, brigade_ids) / found, 1)


def average_days_to_rectify(start, end, brigade_ids=None):
    count = hazards_rectified(start, end, brigade_ids)
    if not count:
        return None
    return round(days_to_rectify_total(start, end, brigade_ids) / count, 1)


def hazard_status_counts(user):
    rows = Hazard.objects.for_user(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


# ---------------------------------------------------------------- accidents


def deaths_per_10k(deaths, population):
    """万人死亡率: deaths per 10 000 people of the jurisdiction's population."""
    if not population:
        return None
    return round(deaths * 10_000 / population, 2)


# ---------------------------------------------------------------- enterprises


def high_risk_change(start, end, brigade_ids=None):
    """Net change in the number of high-risk enterprises over the period (+1 became high, −1 left high)."""
    queryset = EnterpriseRiskChange.objects.filter(changed_on__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    became = queryset.filter(to_level=RiskLevel.HIGH).exclude(from_level=RiskLevel.HIGH).count()
    left = queryset.filter(from_level=RiskLevel.HIGH).exclude(to_level=RiskLevel.HIGH).count()
    return became - left


def high_risk_count_on(day, brigade_ids=None):
    """Number of high-risk enterprises at the end of `day`, rebuilt from the changes (a stock)."""
    return high_risk_change(datetime(2000, 1, 1).date(), day, brigade_ids)


def high_risk_series(start, end, brigade_ids=None, step_days=30):
    """[(day, high-risk count)] from start to end: the '35 → 3' line a leader reads."""
    series = []
    day = start
    while day < end:
        series.append((day, high_risk_count_on(day, brigade_ids)))
        day += timedelta(days=step_days)
    series.append((end, high_risk_count_on(end, brigade_ids)))
    return series


def supervision_actions(start, end, brigade_ids=None, by=None):
    queryset = SupervisionAction.objects.filter(acted_on__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return _grouped(queryset, by, Count("pk"))


# ---------------------------------------------------------------- key vehicles and drivers


def missed_time_limit(items, today=None):
    """Items whose time limit passed before they were cleared (cleared late included), counted on the limit day."""
    today = today or timezone.localdate()
    return items.filter(handle_by__lt=today).filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=F("handle_by")))


def key_items_by_squadron(user, model):
    """Per squadron and officer: open, overdue, cleared (the 分片包干 table)."""
    today = timezone.localdate()
    return (
        model.objects.for_user(user)
        .order_by()
        .values("squadron__name", "officer__name")
        .annotate(
            open=Count("pk", filter=~Q(status=KeyItemStatus.CLEARED)),
            overdue=Count("pk", filter=~Q(status=KeyItemStatus.CLEARED) & Q(handle_by__lt=today)),
            cleared=Count("pk", filter=Q(status=KeyItemStatus.CLEARED)),
        )
        .order_by("squadron__name", "officer__name")
    )


# ---------------------------------------------------------------- the map

# A cluster cell is about 64 screen pixels wide at any zoom (256-pixel tiles: 360° / 2^zoom per tile).
CELL_DEGREES_AT_ZOOM_0 = 90.0
# From this zoom on (a street) every hazard is its own marker.
NO_CLUSTERS_FROM_ZOOM = 17
DEFAULT_ZOOM = 9


def _cells(query):
    """The clusters' rows. On PostgreSQL the planner cannot guess how few cells 50 000 hazards fall
    into (it expects one per hazard), so it sorted them on disk (4 MB work_mem) instead of hashing
    them: with room for the hash table, and without parallel workers (their start costs more than
    this read of one small index), the detachment's whole map went from ~190 to ~115 ms at a load
    of 9 (bench/README.md)."""
    if connections[query.db].vendor != "postgresql":
        return list(query)
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '32MB'; SET LOCAL max_parallel_workers_per_gather = 0; {sql}", params)
        return cursor.fetchall()


def map_features(hazards, *, bbox=None, zoom=None, today=None):
    """The hazards of a map view as GeoJSON features, clustered on the server: the view is cut into
    cells of about 64 pixels, a cell holding one hazard gives that hazard (title, link, status), a
    cell holding more gives one cluster point (count, how many overdue, at their mean position).
    So the answer is bounded by the size of the screen, not by the number of hazards (300 000
    for the detachment): one aggregate query over the view's hazards, one for the single ones.

    `bbox` is (west, south, east, north) in degrees; None: everything in `hazards`."""
    today = today or timezone.localdate()
    zoom = DEFAULT_ZOOM if zoom is None else max(0, min(int(zoom), 20))
    hazards = hazards.filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        west, south, east, north = bbox
        hazards = hazards.filter(latitude__range=(south, north), longitude__range=(west, east))
    overdue = Q(status__in=OPEN_FOR_RECTIFICATION, rectification_deadline__lt=today)
    if zoom >= NO_CLUSTERS_FROM_ZOOM:
        cells, single_ids = [], None
    else:
        cell = CELL_DEGREES_AT_ZOOM_0 / 2 ** zoom
        cells = _cells(
            hazards.order_by()
            .annotate(gx=Floor(Cast("longitude", FloatField()) / cell), gy=Floor(Cast("latitude", FloatField()) / cell))
            .values("gx", "gy")
            .annotate(n=Count("pk"), late=Count("pk", filter=overdue), lat=Avg("latitude"), lon=Avg("longitude"), first=Min("pk"))
            .values_list("n", "late", "lat", "lon", "first")
        )
        single_ids = [first for n, _late, _lat, _lon, first in cells if n == 1]
    singles = hazards if single_ids is None else Hazard.objects.filter(pk__in=single_ids)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
            "properties": {"cluster": True, "count": n, "overdue": late},
        }
        for n, late, lat, lon, _first in cells if n > 1
    ]
    for hazard in singles.select_related("brigade", "category").order_by("pk")[:MAX_SINGLE_MARKERS]:
        features.append({
            "type": "Feature",
            # GeoJSON puts the longitude first.
            "geometry": {"type": "Point", "coordinates": [float(hazard.longitude), float(hazard.latitude)]},
            "properties": {
                "title": f"{hazard.brigade.short_name or hazard.brigade.name} · {hazard}",
                "url": hazard.get_absolute_url(), "status": hazard.get_status_display(),
                "category": str(hazard.category), "state": hazard.deadline_state or hazard.status,
                "overdue": hazard.is_overdue,
            },
        })
    return {"type": "FeatureCollection", "zoom": zoom, "features": features}


# At street level (no clusters) a view still shows at most this many markers.
MAX_SINGLE_MARKERS = 2000


def parse_bbox(text):
    """"west,south,east,north" → four floats, or None when absent or malformed."""
    try:
        west, south, east, north = (float(part) for part in (text or "").split(","))
    except ValueError:
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def key_list_imported_before(batch):
    """Earlier confirmed imports of this very file (same content) into the brigade's weekly list."""
    if batch.status != ImportStatus.PREVIEWED or not batch.file:
        return []
    return list(spreadsheets.previous_imports(
        brigade=batch.brigade, kind=key_list_import_kind(batch), sha256=spreadsheets.content_hash(key_list_file_bytes(batch)),
    ))


# ---------------------------------------------------------------- the user's to-do (待办)
# Each reads one small indexed query: (brigade, status, deadline), (brigade, handle_by), (due_on)...


def _handled(queryset, user, *, officer, squadron, creator=None):
    return handled_by(queryset, user, officer=officer, squadron=squadron, creator=creator)


def todo_hazards(user, today, *, due_soon_days=3):
    """Hazards still owed whose deadline has passed or falls within `due_soon_days`, that the user
    or their squadron handles (the finder's squadron, or the user who entered it), oldest first."""
    queryset = Hazard.objects.for_user(user).open_for_rectification().filter(
        rectification_deadline__lte=today + timedelta(days=due_soon_days)
    )
    queryset = _handled(queryset, user, officer="finder_id", squadron="finder__squadron_id", creator="created_by_id")
    return queryset.select_related("brigade", "town").order_by("rectification_deadline", "pk")


def todo_reinspections(user, today):
    queryset = Reinspection.objects.for_user(user).filter(done_on__isnull=True, due_on__lte=today)
    queryset = _handled(
        queryset, user, officer="hazard__finder_id", squadron="hazard__finder__squadron_id", creator="hazard__created_by_id"
    )
    return queryset.select_related("hazard", "hazard__brigade").order_by("due_on", "pk")


def todo_key_items(user, today):
    """Key vehicles and drivers past their time limit and not cleared: [(model, queryset)]."""
    result = []
    for model in (KeyVehicle, KeyDriver):
        queryset = model.objects.for_user(user).exclude(status=KeyItemStatus.CLEARED).filter(handle_by__lt=today)
        queryset = _handled(queryset, user, officer="officer_id", squadron="squadron_id")
        result.append((model, queryset.select_related("brigade").order_by("handle_by", "pk")))
    return result


def todo_supervision_notices(user, today, *, due_soon_days=3):
    """Enterprise supervision actions being followed whose deadline has passed or is near."""
    return (
        SupervisionAction.objects.for_user(user)
        .filter(follow_up_status=FollowUpStatus.OPEN, deadline__lte=today + timedelta(days=due_soon_days))
        .select_related("brigade", "enterprise")
        .order_by("deadline", "pk")
    )


def todo_notices_without_receipt(user, today, *, after_days=3):
    """Notices issued at least `after_days` days ago whose signed receipt has not come back."""
    return (
        Notice.objects.for_user(user)
        .filter(received_at__isnull=True, issued_on__lte=today - timedelta(days=after_days))
        .select_related("brigade")
        .order_by("issued_on", "serial")
    )


def notice_list(user):
    return Notice.objects.for_user(user).select_related("brigade", "hazard", "supervision_action__enterprise")


def supervision_board(user, today=None):
    """挂牌督办 board: every listing in the user's scope, those in force past their supervision
    deadline first, then the rest in force by deadline, then the lifted ones (newest first)."""
    today = today or timezone.localdate()
    return (
        SupervisionListing.objects.for_user(user)
        .select_related("brigade", "hazard", "hazard__town")
        .annotate(
            board_rank=Case(
                When(lifted_on__isnull=True, supervision_deadline__lt=today, then=Value(0)),
                When(lifted_on__isnull=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            progress_count=Count("progress_reports"),
        )
        .order_by("board_rank", "supervision_deadline", "pk")
    )


def todo_supervision_listings(user, today, *, due_soon_days=3):
    """Listings in force whose supervision deadline has passed or is near."""
    return (
        SupervisionListing.objects.for_user(user).in_force()
        .filter(supervision_deadline__lte=today + timedelta(days=due_soon_days))
        .select_related("brigade", "hazard")
        .order_by("supervision_deadline", "pk")
    )


def key_items_dropped(user, model):
    """Open items of `model` that were not on their brigade's latest imported weekly list (their
    received date is older than that list's): the detachment no longer names them, so the brigade
    checks whether they were cleared elsewhere before closing them."""

    kind = ImportKind.VEHICLES if model is KeyVehicle else ImportKind.DRIVERS
    latest = (
        KeyItemImport.objects.for_user(user).filter(kind=kind, status=ImportStatus.CONFIRMED)
        .order_by().values("brigade_id").annotate(latest=Max("listed_on"))
    )
    condition = Q(pk__in=[])
    for row in latest:
        condition |= Q(brigade_id=row["brigade_id"], listed_on__lt=row["latest"])
    return model.objects.for_user(user).exclude(status=KeyItemStatus.CLEARED).filter(condition)


def open_hazards_near(user, *, latitude, longitude, radius_m=50, exclude_pk=None):
    """Hazards not yet signed off or closed within `radius_m` metres of a point (the duplicate
    warning): a small box on the coordinates first, then the exact distance."""

    if latitude is None or longitude is None:
        return []
    lat, lon = float(latitude), float(longitude)
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    queryset = Hazard.objects.for_user(user).exclude(status__in=(HazardStatus.SIGNED_OFF, HazardStatus.CLOSED)).filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    found = []
    for hazard in queryset[:50]:
        distance = rules.haversine_m(lat, lon, float(hazard.latitude), float(hazard.longitude))
        if distance <= radius_m:
            found.append((hazard, round(distance)))
    return sorted(found, key=lambda pair: pair[1])[:5]


def hazard_possible_duplicates(user, data, *, exclude_pk=None):
    """[(hazard, why)]: an open hazard within about 50 metres is probably the same place reported
    again. Asked by the form and the API alike."""
    near = open_hazards_near(user, latitude=data.get("latitude"), longitude=data.get("longitude"), exclude_pk=exclude_pk)
    return [(hazard, _("open, %(metres)s m away") % {"metres": metres}) for hazard, metres in near]
