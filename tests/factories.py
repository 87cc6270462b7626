"""Factories of the organisation. Each app keeps its own in tests/<app>/factories.py.

Convention the URL walk relies on: every factory of a brigade-scoped model accepts `brigade=`.
"""

import factory
from django.conf import settings

from brigades.choices import OfficerKind, Role, SquadronKind, TownKind
from brigades.models import Brigade, BrigadeJurisdiction, Detachment, ExportJob, Officer, Squadron, Town, User


class DetachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detachment
        django_get_or_create = ("name",)

    name = "聊城市公安局交巡警支队"


class BrigadeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brigade

    detachment = factory.SubFactory(DetachmentFactory)
    name = factory.Sequence(lambda n: f"测试{n}大队")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    code = factory.Sequence(lambda n: f"b{n}")


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrigadeJurisdiction

    brigade = factory.SubFactory(BrigadeFactory)
    year = 2026
    population = 400_000
    motor_vehicles = 120_000


class SquadronFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Squadron

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"第{n}中队")
    kind = SquadronKind.TERRITORIAL


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"测试{n}镇")
    kind = TownKind.TOWN


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    brigade = factory.SubFactory(BrigadeFactory)
    squadron = factory.SubFactory(SquadronFactory, brigade=factory.SelfAttribute("..brigade"))
    name = factory.Sequence(lambda n: f"警员{n}")
    kind = OfficerKind.POLICE
    badge_number = factory.Sequence(lambda n: f"{100000 + n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    brigade = factory.SubFactory(BrigadeFactory)
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "test-pass-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ExportJobFactory(factory.django.DjangoModelFactory):
    """A background export, owned by a user of `brigade`."""

    class Meta:
        model = ExportJob

    class Params:
        brigade = factory.SubFactory(BrigadeFactory)

    user = factory.SubFactory(UserFactory, brigade=factory.SelfAttribute("..brigade"))
    list_name = "enforcement:violation_list"
    title = "违法记录"
    export_format = "xlsx"


def demo_password():
    return settings.DEMO_PASSWORD


def _picture(image_format):
    from PIL import Image

    from brigades.records.photos import image_bytes

    return image_bytes(Image.new("RGB", (8, 6), (200, 30, 35)), image_format)


#: Real (tiny) pictures: the photo check reads them with Pillow.
JPEG_BYTES = _picture("JPEG")
PNG_BYTES = _picture("PNG")
