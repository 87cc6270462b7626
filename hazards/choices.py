"""Choices of the hazards domain. A status enum sits beside its table of allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    DANGEROUS_GOODS = "dangerous_goods", _("Dangerous-goods transport")
    PASSENGER = "passenger", _("Passenger transport")
    FREIGHT = "freight", _("Freight transport")
    KEY_VEHICLE_USER = "key_vehicle_user", _("Key vehicle-using unit")
    CONSTRUCTION = "construction", _("Construction / muck transport")
    SCHOOL_BUS = "school_bus", _("School bus operator")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


# ---------------------------------------------------------------- road hazard points


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General")  # 一般
    MAJOR = "major", _("Major")  # 较大
    SERIOUS = "serious", _("Serious")  # 重大


class HazardSource(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    HOTLINE = "hotline", _("Hotline")
    SCHOOL_SURVEY = "school_survey", _("School survey")
    ACCIDENT_REVIEW = "accident_review", _("Accident review")
    INSPECTION = "inspection", _("Inspection")
    HIGHER_NOTICE = "higher_notice", _("Higher-level notice")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSIGNED = "assigned", _("Assigned")
    RECTIFYING = "rectifying", _("Rectifying")
    RECTIFIED = "rectified", _("Rectified")
    SIGNED_OFF = "signed_off", _("Signed off")
    CLOSED = "closed", _("Closed without rectification")


class HazardAction(models.TextChoices):
    REPORT = "report", _("Report")
    ASSIGN = "assign", _("Assign and issue notice")
    START = "start", _("Start rectification")
    RECTIFY = "rectify", _("Mark rectified")
    RETURN = "return", _("Return for more work")
    SIGN_OFF = "sign_off", _("Sign off")
    CLOSE = "close", _("Close without rectification")
    REOPEN = "reopen", _("Reopen after re-inspection")


# (action, from) -> to. Anything absent is refused. A re-inspection relapse reopens a signed-off
# hazard into rectification; a closed hazard stays closed (a new report is a new hazard).
HAZARD_TRANSITIONS = {
    (HazardAction.ASSIGN, HazardStatus.REPORTED): HazardStatus.ASSIGNED,
    (HazardAction.START, HazardStatus.ASSIGNED): HazardStatus.RECTIFYING,
    (HazardAction.RECTIFY, HazardStatus.ASSIGNED): HazardStatus.RECTIFIED,
    (HazardAction.RECTIFY, HazardStatus.RECTIFYING): HazardStatus.RECTIFIED,
    (HazardAction.RETURN, HazardStatus.RECTIFIED): HazardStatus.RECTIFYING,
    (HazardAction.SIGN_OFF, HazardStatus.RECTIFIED): HazardStatus.SIGNED_OFF,
    (HazardAction.CLOSE, HazardStatus.REPORTED): HazardStatus.CLOSED,
    (HazardAction.CLOSE, HazardStatus.ASSIGNED): HazardStatus.CLOSED,
    (HazardAction.CLOSE, HazardStatus.RECTIFYING): HazardStatus.CLOSED,
    (HazardAction.REOPEN, HazardStatus.SIGNED_OFF): HazardStatus.RECTIFYING,
}

# Statuses in which the responsible party still owes a rectification (so a deadline can be missed).
OPEN_FOR_RECTIFICATION = (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING)


def allowed_hazard_actions(status):
    return [action for (action, source) in HAZARD_TRANSITIONS if source == status]


class ClosureReason(models.TextChoices):
    NOT_A_HAZARD = "not_a_hazard", _("Not a hazard")
    DUPLICATE = "duplicate", _("Duplicate of another hazard")
    NOT_OUR_JURISDICTION = "not_our_jurisdiction", _("Not our jurisdiction")


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("Before rectification")
    AFTER = "after", _("After rectification")


class ReinspectionResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Rectification holds")
    RELAPSED = "relapsed", _("Relapsed: reopen")


# ---------------------------------------------------------------- accidents and black spots


class AccidentSeverity(models.TextChoices):
    PROPERTY = "property", _("Property damage only")
    INJURY = "injury", _("Injury")
    FATAL = "fatal", _("Fatal")


class BlackSpotStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed as hazard")
    DISMISSED = "dismissed", _("Dismissed")


# ---------------------------------------------------------------- enterprise supervision


class SupervisionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    INTERVIEW = "interview", _("Interview")  # 约谈
    NOTICE = "notice", _("Rectification notice")
    WARNING = "warning", _("Warning")
    EXPOSURE = "exposure", _("Public exposure")
    JOINT_PUNISHMENT = "joint_punishment", _("Joint punishment")


class FollowUpStatus(models.TextChoices):
    NONE = "none", _("No follow-up")
    OPEN = "open", _("Being followed")
    DONE = "done", _("Done")


# ---------------------------------------------------------------- key vehicles and drivers


class PlateType(models.TextChoices):
    """号牌种类, the codes of GA 24.7 used in every vehicle administration spreadsheet."""

    LARGE = "01", _("Large vehicle plate")  # 大型汽车
    SMALL = "02", _("Small vehicle plate")  # 小型汽车
    COACH = "16", _("Coach plate")  # 教练汽车
    TRAILER = "15", _("Trailer plate")  # 挂车
    MOTORCYCLE = "07", _("Ordinary motorcycle plate")  # 普通摩托车
    MOPED = "08", _("Light motorcycle plate")  # 轻便摩托车
    LOW_SPEED = "13", _("Low-speed vehicle plate")  # 低速车
    NEW_ENERGY_SMALL = "52", _("Small new-energy plate")
    NEW_ENERGY_LARGE = "51", _("Large new-energy plate")


class VehicleType(models.TextChoices):
    HEAVY_TRUCK = "heavy_truck", _("Heavy truck")
    MEDIUM_TRUCK = "medium_truck", _("Medium truck")
    LIGHT_TRUCK = "light_truck", _("Light truck")
    TRACTOR = "tractor", _("Semi-trailer tractor")
    TRAILER = "trailer", _("Trailer")
    DANGEROUS_GOODS = "dangerous_goods", _("Dangerous-goods vehicle")
    LARGE_BUS = "large_bus", _("Large bus")
    MEDIUM_BUS = "medium_bus", _("Medium bus")
    SMALL_CAR = "small_car", _("Small passenger car")
    SCHOOL_BUS = "school_bus", _("School bus")
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    LOW_SPEED = "low_speed", _("Low-speed truck")


class VehicleProblem(models.TextChoices):
    OVERDUE_INSPECTION = "overdue_inspection", _("Overdue for inspection")  # 逾期未检验
    OVERDUE_SCRAPPING = "overdue_scrapping", _("Overdue for scrapping")  # 达到报废标准未报废


class DriverProblem(models.TextChoices):
    OVERDUE_REVIEW = "overdue_review", _("Overdue for review")  # 到期未审验
    OVERDUE_RENEWAL = "overdue_renewal", _("Overdue for licence renewal")  # 逾期未换证
    FULL_POINTS = "full_points", _("Full points not cleared")  # 满分未学习
    SERIOUS_RECORD = "serious_record", _("Serious violation or accident record")


class KeyItemStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Handed to a squadron")
    CLEARED = "cleared", _("Cleared")


class KeyItemAction(models.TextChoices):
    ASSIGN = "assign", _("Hand to a squadron")
    CLEAR = "clear", _("Clear")
    REOPEN = "reopen", _("Back on the list")


KEY_ITEM_TRANSITIONS = {
    (KeyItemAction.ASSIGN, KeyItemStatus.RECEIVED): KeyItemStatus.ASSIGNED,
    (KeyItemAction.ASSIGN, KeyItemStatus.ASSIGNED): KeyItemStatus.ASSIGNED,
    (KeyItemAction.CLEAR, KeyItemStatus.RECEIVED): KeyItemStatus.CLEARED,
    (KeyItemAction.CLEAR, KeyItemStatus.ASSIGNED): KeyItemStatus.CLEARED,
    # A cleared item that comes back on next week's list is open again.
    (KeyItemAction.REOPEN, KeyItemStatus.CLEARED): KeyItemStatus.RECEIVED,
}


class VehicleClearance(models.TextChoices):
    INSPECTED = "inspected", _("Inspected")
    SCRAPPED = "scrapped", _("Scrapped")
    DEREGISTERED = "deregistered", _("Deregistered (lost)")  # 灭失
    OTHER = "other", _("Other")


class DriverClearance(models.TextChoices):
    REVIEWED = "reviewed", _("Reviewed")
    RENEWED = "renewed", _("Licence renewed")
    STUDIED = "studied", _("Full-points study completed")
    REVOKED = "revoked", _("Licence cancelled or revoked")
    OTHER = "other", _("Other")


class ImportKind(models.TextChoices):
    VEHICLES = "vehicles", _("Key vehicles")
    DRIVERS = "drivers", _("Key drivers")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    CONFIRMED = "confirmed", _("Imported")


# ---------------------------------------------------------------- notices and their delivery


class NoticeKind(models.TextChoices):
    """The documents a brigade issues and serves; each kind has its own word in the number."""

    HAZARD_RECTIFICATION = "hazard_rectification", _("Hazard rectification notice")  # 隐患整改通知书
    ENTERPRISE_NOTICE = "enterprise_notice", _("Enterprise supervision notice")  # 企业隐患整改通知书
    INTERVIEW_RECORD = "interview_record", _("Interview record")  # 约谈记录


# The word each kind carries in its number (东阿交企〔2026〕第012号); one serial per brigade and year
# runs across the kinds, so a number is never given twice in a brigade's year. Hazard notices keep
# the number they have always had (东阿〔2026〕第012号).
NOTICE_NUMBER_WORDS = {
    NoticeKind.HAZARD_RECTIFICATION: "",
    NoticeKind.ENTERPRISE_NOTICE: "交企",
    NoticeKind.INTERVIEW_RECORD: "交谈",
}

# Supervision actions that are served on the enterprise as a numbered document.
SUPERVISION_NOTICE_KINDS = {
    SupervisionKind.NOTICE: NoticeKind.ENTERPRISE_NOTICE,
    SupervisionKind.INTERVIEW: NoticeKind.INTERVIEW_RECORD,
}


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")  # 直接送达
    POST = "post", _("By post")  # 邮寄送达
    ELECTRONIC = "electronic", _("Electronically")  # 电子送达


# ---------------------------------------------------------------- 挂牌督办


class SupervisionLevel(models.TextChoices):
    """Who lists a hazard for supervision (挂牌督办), from the brigade up to the city."""

    BRIGADE = "brigade", _("Brigade")  # 大队
    DETACHMENT = "detachment", _("Detachment")  # 支队
    COUNTY = "county", _("County / district")  # 县/区
    CITY = "city", _("City")  # 市
