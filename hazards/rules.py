"""Pure rules of the hazards domain: no database."""

import math
import re
from datetime import timedelta

from .choices import HazardStatus, PhotoStage

# GB 32100-2015, 法人和其他组织统一社会信用代码编码规则: 18 characters from this alphabet
# (no I, O, S, V, Z); the last is a check character computed from the first 17.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17):
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code):
    """True when `code` is an 18-character unified social credit code with a correct check character."""
    if not isinstance(code, str) or len(code) != 18:
        return False
    code = code.upper()
    if any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return False
    return credit_code_check_character(code[:17]) == code[17]


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


# ---------------------------------------------------------------- plates and licences

# 号牌号码 as printed in the vehicle administration lists: a province character, a letter, then
# five alphanumerics (six for new-energy plates); trailers end in 挂, coaches in 学. I and O are
# never used in the serial (GA 36-2018).
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_RE = re.compile(
    rf"^[{PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{{5,6}}|[A-HJ-NP-Z0-9]{{4}}[挂学警])$"
)


def normalise_plate(value):
    """Upper case without spaces or the dot some lists put after the city letter (鲁P·12345)."""
    return re.sub(r"[\s·•.\-]", "", str(value or "")).upper()


def is_valid_plate(value):
    return bool(PLATE_RE.match(normalise_plate(value)))


# 驾驶证号 is the holder's 18-character resident identity number (GB 11643-1999, ISO 7064 MOD 11-2).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def is_valid_licence_number(value):
    value = str(value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(ch) * w for ch, w in zip(value[:17], ID_WEIGHTS))
    return ID_CHECK[total % 11] == value[17]


def licence_check_character(first17):
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS)) % 11]


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
