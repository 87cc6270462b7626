"""Factories of outreach records; every factory of a scoped model accepts `brigade=`."""

import datetime

import factory

from hazards.models import Enterprise
from brigades.records.identifiers import credit_code_check_character
from outreach.choices import EventKind, OutletKind, ShiftPeriod, Staffing, VenueKind
from outreach.models import (
    EscortDutyLog,
    EscortPost,
    EscortShift,
    Event,
    EventMaterial,
    EventPhoto,
    Material,
    MediaArticle,
    School,
    TargetGroup,
)

from ..factories import BrigadeFactory

# The smallest valid JPEG signature is enough: photos are recognised by their first bytes.
from ..factories import JPEG_BYTES  # noqa: F401  (re-exported: real pictures, the photo check reads them)


def credit_code(n):
    first17 = f"91371500{n:09d}"
    return first17 + credit_code_check_character(first17)


class _EnterpriseFactory(factory.django.DjangoModelFactory):
    """A venue for enterprise events; the hazards app owns the real EnterpriseFactory."""

    class Meta:
        model = Enterprise

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"测试物流公司{n}")
    credit_code = factory.Sequence(credit_code)
    kind = "freight"


def material(code):
    """The standard materials come from migration 0002."""
    return Material.objects.get(code=code)


def target_group(code):
    return TargetGroup.objects.get(code=code)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"material-{n}")
    name = factory.Sequence(lambda n: f"物资{n}")
    unit = "piece"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"实验中学{n}")
    address = "湖南路1号"
    pupils = 1200


class EscortPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscortPost

    brigade = factory.SubFactory(BrigadeFactory)
    school = factory.SubFactory(SchoolFactory, brigade=factory.SelfAttribute("..brigade"))
    name = factory.Sequence(lambda n: f"{n}号门")


class EscortShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscortShift
        skip_postgeneration_save = True

    brigade = factory.SubFactory(BrigadeFactory)
    post = factory.SubFactory(EscortPostFactory, brigade=factory.SelfAttribute("..brigade"))
    period = ShiftPeriod.EVENING_DISMISSAL
    weekdays = "12345"
    starts_at = datetime.time(20, 40)
    ends_at = datetime.time(21, 20)
    active_from = datetime.date(2026, 9, 1)
    active_until = None

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.officers.set(extracted)


class EscortDutyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscortDutyLog
        skip_postgeneration_save = True

    brigade = factory.SubFactory(BrigadeFactory)
    shift = factory.SubFactory(EscortShiftFactory, brigade=factory.SelfAttribute("..brigade"))
    date = datetime.date(2026, 11, 20)  # a Friday
    staffing = Staffing.STAFFED

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.officers.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    brigade = factory.SubFactory(BrigadeFactory)
    title = factory.Sequence(lambda n: f"交通安全进社区宣传{n}")
    date = datetime.date(2026, 11, 10)
    event_kind = EventKind.THEMED
    venue_kind = VenueKind.COMMUNITY
    venue_name = "东城街道花园社区"
    audience = 120

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)


class EventMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventMaterial

    class Params:
        brigade = factory.SubFactory(BrigadeFactory)

    event = factory.SubFactory(EventFactory, brigade=factory.SelfAttribute("..brigade"))
    material = factory.LazyFunction(lambda: material("leaflet"))
    quantity = 500


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    class Params:
        brigade = factory.SubFactory(BrigadeFactory)

    event = factory.SubFactory(EventFactory, brigade=factory.SelfAttribute("..brigade"))
    file = factory.django.FileField(filename="scene.jpg", data=JPEG_BYTES)
    caption = "活动现场"


class MediaArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaArticle

    brigade = factory.SubFactory(BrigadeFactory)
    title = factory.Sequence(lambda n: f"交警进校园宣传报道{n}")
    outlet_kind = OutletKind.WECHAT
    outlet_name = "聊城交警"
    published_on = datetime.date(2026, 11, 12)
    url = "https://example.com/a"
    reach = 3000
