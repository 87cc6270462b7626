"""Pure rules of the hazards domain: no database."""

import math
from datetime import timedelta

from .choices import HazardStatus, PhotoStage

# ---------------------------------------------------------------- deadlines and overdue

DUE_SOON_DAYS = 3


def deadline_state(deadline, today, *, open_for_rectification, due_soon_days=DUE_SOON_DAYS):
    """"overdue", "due_soon" or "" for a hazard or a key item.

    Overdue means past the deadline and still owed (the deadline day itself is still in time);
    due soon means the deadline falls within the next `due_soon_days` days, today included.
    """
    if not open_for_rectification or deadline is None:
        return ""
    if deadline < today:
        return "overdue"
    if deadline <= today + timedelta(days=due_soon_days):
        return "due_soon"
    return ""


def days_to_rectify(found_on, rectified_on):
    """Whole days from the day a hazard was found to the day it was rectified (same day = 0)."""
    return max((rectified_on - found_on).days, 0)


# ---------------------------------------------------------------- coordinates and black spots

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres between two WGS-84 points (haversine formula)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlmb = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def accident_weight(is_fatal, fatal_weight):
    return fatal_weight if is_fatal else 1


def find_black_spots(accidents, *, radius_m, min_weight, fatal_weight=1):
    """Clusters of accidents that make a suggested black spot (事故多发点段).

    `accidents` are (id, latitude, longitude, is_fatal). A cluster is the accidents within
    `radius_m` of a centre accident; its weight counts each accident once, a fatal one
    `fatal_weight` times. Greedily, the heaviest cluster whose weight reaches `min_weight` is taken
    first and its accidents are not used again, so one accident never feeds two suggestions.
    Returns [(centre_id, [member ids], weight)], heaviest first.
    """
    points = {a[0]: a for a in accidents}
    clusters = []
    while points:
        best = None
        for centre in points.values():
            members = [p for p in points.values() if haversine_m(centre[1], centre[2], p[1], p[2]) <= radius_m]
            weight = sum(accident_weight(p[3], fatal_weight) for p in members)
            key = (weight, len(members), -_id_key(centre[0]))
            if best is None or key > best[0]:
                best = (key, centre, members, weight)
        if best is None or best[3] < min_weight:
            break
        _key, centre, members, weight = best
        ids = sorted((p[0] for p in members), key=_id_key)
        clusters.append((centre[0], ids, weight))
        for member_id in ids:
            del points[member_id]
    return clusters


def _id_key(value):
    return value if isinstance(value, (int, float)) else hash(value)


def centroid(points):
    """The mean latitude and longitude of a few nearby points (fine within a few hundred metres)."""
    points = list(points)
    return (sum(float(p[0]) for p in points) / len(points), sum(float(p[1]) for p in points) / len(points))


# ---------------------------------------------------------------- notices


def notice_number(brigade_short_name, year, serial, word=""):
    """The printed number of a notice: 高新区〔2026〕第012号, or with the kind's word 高新区交企〔2026〕第013号."""
    return f"{brigade_short_name}{word}〔{year}〕第{serial:03d}号"


# ---------------------------------------------------------------- photos


def photo_removable(hazard_status, photo_stage):
    """A photo uploaded by mistake may be removed while the hazard is open, except the after photos
    of a hazard awaiting sign-off (the evidence being checked). A signed-off or closed hazard keeps
    every photo as the record of that decision."""
    if hazard_status in (HazardStatus.SIGNED_OFF, HazardStatus.CLOSED):
        return False
    return not (hazard_status == HazardStatus.RECTIFIED and photo_stage == PhotoStage.AFTER)
