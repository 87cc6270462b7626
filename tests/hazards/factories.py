"""Factories of the hazards app. Every factory of a scoped model accepts `brigade=` (the URL walk needs it)."""

import datetime

import factory
from django.utils import timezone

from brigades.records import identifiers
from hazards import rules
from hazards.choices import AccidentSeverity, EnterpriseKind, ImportKind, PlateType, VehicleProblem, VehicleType
from hazards.models import (
    Accident,
    AccidentCause,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    HazardMeasure,
    HazardPhoto,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    MeasureKind,
    Notice,
    Reinspection,
    ResponsibleParty,
    SupervisionAction,
    SupervisionListing,
)

from ..factories import JPEG_BYTES, BrigadeFactory, TownFactory

# Reference data is seeded by a migration, but transactional (browser) tests flush it: get or create.


def category(name="平交路口通视距离不足", **extra):
    return HazardCategory.objects.get_or_create(name=name, defaults=extra)[0]


def black_spot_category():
    return category("事故多发点段", is_black_spot=True)


def party(name="镇（街道）"):
    return ResponsibleParty.objects.get_or_create(name=name)[0]


def measure_kind(name="爆闪警示灯", unit="盏"):
    return MeasureKind.objects.get_or_create(name=name, defaults={"unit": unit})[0]


def cause(name="未按规定让行"):
    return AccidentCause.objects.get_or_create(name=name)[0]


def credit_code(n):
    first17 = f"91371500{n:09d}"
    return first17 + identifiers.credit_code_check_character(first17)


def licence_number(n):
    first17 = f"3715{(n // 1000) % 100:02d}19800101{n % 1000:03d}"
    return first17 + identifiers.id_check_character(first17)


def plate(n):
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"鲁P{letters[(n // 10000) % len(letters)]}{n % 10000:04d}"


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    brigade = factory.SubFactory(BrigadeFactory)
    town = factory.SubFactory(TownFactory, brigade=factory.SelfAttribute("..brigade"))
    road = factory.Sequence(lambda n: f"S{n}线")
    place = factory.Sequence(lambda n: f"与{n}号路交叉口")
    category = factory.LazyFunction(category)
    found_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    description = "路口东北角树木遮挡视线，通视距离不足"


class _ChildOfHazard(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    class Params:
        brigade = None

    hazard = factory.LazyAttribute(lambda o: HazardFactory(brigade=o.brigade) if o.brigade else HazardFactory())


class HazardMeasureFactory(_ChildOfHazard):
    class Meta:
        model = HazardMeasure

    kind = factory.LazyFunction(measure_kind)
    planned_quantity = 2


class HazardPhotoFactory(_ChildOfHazard):
    class Meta:
        model = HazardPhoto

    stage = "before"
    # The smallest JPEG header the upload validator accepts (tests/hazards/conftest.py's JPEG).
    file = factory.django.FileField(filename="before.jpg", data=JPEG_BYTES)


class ReinspectionFactory(_ChildOfHazard):
    class Meta:
        model = Reinspection

    due_on = factory.LazyFunction(timezone.localdate)


class AccidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accident

    brigade = factory.SubFactory(BrigadeFactory)
    town = factory.SubFactory(TownFactory, brigade=factory.SelfAttribute("..brigade"))
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    road = "S258线"
    place = "韩集路口"
    severity = AccidentSeverity.PROPERTY
    main_cause = factory.LazyFunction(cause)


class BlackSpotSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlackSpotSuggestion

    brigade = factory.SubFactory(BrigadeFactory)
    town = factory.SubFactory(TownFactory, brigade=factory.SelfAttribute("..brigade"))
    latitude = "36.456000"
    longitude = "115.985000"
    radius_m = 200
    weight = 3
    road = "S258线"
    place = "韩集路口"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"聊城市第{n}运输有限公司")
    credit_code = factory.Sequence(credit_code)
    kind = EnterpriseKind.FREIGHT


class EnterpriseRiskChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseRiskChange

    brigade = factory.SubFactory(BrigadeFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, brigade=factory.SelfAttribute("..brigade"))
    from_level = ""
    to_level = "medium"


class SupervisionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionAction

    brigade = factory.SubFactory(BrigadeFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, brigade=factory.SelfAttribute("..brigade"))
    kind = "inspection"
    outcome = "检查车辆12台，发现问题2处"


class KeyVehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyVehicle

    brigade = factory.SubFactory(BrigadeFactory)
    plate_number = factory.Sequence(plate)
    plate_type = PlateType.LARGE
    vehicle_type = VehicleType.HEAVY_TRUCK
    owner = "聊城市某物流有限公司"
    problem = VehicleProblem.OVERDUE_INSPECTION
    due_date = datetime.date(2025, 6, 30)


class KeyDriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDriver

    brigade = factory.SubFactory(BrigadeFactory)
    licence_number = factory.Sequence(licence_number)
    name = factory.Sequence(lambda n: f"驾驶人{n}")
    licence_class = "A2"
    problem = "overdue_review"
    due_date = datetime.date(2025, 6, 30)


class KeyItemImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyItemImport

    brigade = factory.SubFactory(BrigadeFactory)
    kind = ImportKind.VEHICLES
    original_name = "list.csv"
    file = factory.django.FileField(data="号牌号码,号牌种类,车辆类型,所有人,问题类型,有效期止\n".encode(), filename="list.csv")


class NoticeFactory(factory.django.DjangoModelFactory):
    """A rectification notice to an enterprise, issued some days ago and not yet received."""

    class Meta:
        model = Notice

    brigade = factory.SubFactory(BrigadeFactory)
    kind = "enterprise_notice"
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    serial = factory.Sequence(lambda n: 900 + n)
    number = factory.LazyAttribute(lambda o: rules.notice_number(o.brigade.short_name, o.year, o.serial, "交企"))
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    addressee = "聊城市某运输有限公司"


class SupervisionListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionListing

    brigade = factory.SubFactory(BrigadeFactory)
    hazard = factory.SubFactory(HazardFactory, brigade=factory.SelfAttribute("..brigade"))
    level = "detachment"
    supervising_unit = "支队事故预防处"
    listed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    supervision_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
