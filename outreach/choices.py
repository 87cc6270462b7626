from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    """Where an event is held: the "进校园、进社区、进企业、进村庄" of the articles, and the rest."""

    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community")
    ENTERPRISE = "enterprise", _("Enterprise")
    VILLAGE = "village", _("Village")
    FAMILY = "family", _("Family")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    THEMED = "themed", _("Themed publicity")
    LECTURE = "lecture", _("Safety lecture")
    WARNING_MEETING = "warning_meeting", _("Warning-education meeting")
    VOLUNTEER = "volunteer", _("Volunteer service")
    MEDIA_CAMPAIGN = "media_campaign", _("Media campaign")
    OTHER = "other", _("Other")


class MaterialUnit(models.TextChoices):
    """How a material is counted. Countable units take whole numbers only (half a helmet is a typo)."""

    PIECE = "piece", _("piece")
    SHEET = "sheet", _("sheet")
    COPY = "copy", _("copy")
    SET = "set", _("set")
    BOX = "box", _("box")
    KILOGRAM = "kg", _("kilogram")
    METRE = "m", _("metre")


# Units whose quantities must be whole numbers; see rules.quantity_error.
COUNTED_UNITS = frozenset({MaterialUnit.PIECE, MaterialUnit.SHEET, MaterialUnit.COPY, MaterialUnit.SET, MaterialUnit.BOX})


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    WECHAT = "wechat", _("WeChat official account")
    VIDEO = "video", _("Video account")
    WEBSITE = "website", _("Website")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    OTHER = "other", _("Other")


class SchoolKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    MIDDLE = "middle", _("Middle school")
    HIGH = "high", _("High school")
    VOCATIONAL = "vocational", _("Vocational school")
    OTHER = "other", _("Other")


class ShiftPeriod(models.TextChoices):
    MORNING_ARRIVAL = "morning", _("Morning arrival")
    NOON = "noon", _("Noon")
    EVENING_DISMISSAL = "evening", _("Evening dismissal")


class Weekday(models.TextChoices):
    """ISO weekday numbers, as `date.isoweekday()` gives them."""

    MONDAY = "1", _("Mon")
    TUESDAY = "2", _("Tue")
    WEDNESDAY = "3", _("Wed")
    THURSDAY = "4", _("Thu")
    FRIDAY = "5", _("Fri")
    SATURDAY = "6", _("Sat")
    SUNDAY = "7", _("Sun")


SCHOOL_DAYS = "12345"


class Staffing(models.TextChoices):
    STAFFED = "staffed", _("Staffed")
    UNSTAFFED = "unstaffed", _("Unstaffed")


class CoverageState(models.TextChoices):
    """Today's state of one scheduled shift on the coverage page."""

    COVERED = "covered", _("Covered")
    UNSTAFFED = "unstaffed", _("Unstaffed")
    PENDING = "pending", _("Not yet recorded")
    MISSED = "missed", _("Ended, not recorded")


# The reference rows created by migration 0002; metrics.py registers a figure for each code,
# so these codes are stable (administrators may rename, not recode, them).
STANDARD_MATERIALS = [
    # code, Chinese name, unit
    ("leaflet", "宣传资料", MaterialUnit.COPY),
    ("reflective_sticker", "反光贴", MaterialUnit.SHEET),
    ("helmet", "安全头盔", MaterialUnit.PIECE),
    ("poster", "宣传海报", MaterialUnit.SHEET),
    ("reflective_vest", "反光背心", MaterialUnit.PIECE),
]

STANDARD_TARGET_GROUPS = [
    ("ebike_riders", "电动车骑乘人员"),
    ("key_drivers", "重点驾驶人"),
    ("delivery_riders", "快递外卖骑手"),
    ("rural_elderly_children", "农村“一老一小”"),
    ("students_parents", "学生及家长"),
    ("enterprise_staff", "企业职工"),
    ("teen_riders_parents", "违法青少年及家长"),
    ("general_public", "社会公众"),
]
