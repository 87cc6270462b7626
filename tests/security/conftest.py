import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def now(time_machine):
    """A frozen instant (TOTP codes depend on the clock): the test's own 'now', not a literal date."""
    instant = timezone.now().replace(microsecond=0)
    time_machine.move_to(instant, tick=False)
    return instant


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "detachment_leader"]


def code_for(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def enrolled(db):
    """enrolled(user): the user with a confirmed authenticator, as after enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def enrol(user):
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return enrol


def later(time_machine, seconds=31):
    time_machine.shift(datetime.timedelta(seconds=seconds))
