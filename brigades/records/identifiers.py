"""The numbers people and vehicles carry, checked once for every app: mainland plate numbers,
resident identity numbers (which are also driving-licence numbers) and unified social credit codes.

Pure functions, no database. The checksums come from python-stdnum (`stdnum.cn.ric`,
`stdnum.cn.uscc`); the plate formats are GA 36-2018's, which no library covers.
Each `*_problem` function returns why a value is refused (translated) or None; each `validate_*`
raises a Django ValidationError, for model field validators and forms.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# --- Plates ------------------------------------------------------------------------------------

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_P = f"[{PROVINCES}]"
_SERIAL = "[A-HJ-NP-Z0-9]"  # GA 36: serial letters never use I or O (they read as 1 and 0)
PLATE_PATTERNS = {
    # 鲁P12345, 鲁PA123B: province, issuing-authority letter, five serial characters.
    "ordinary": re.compile(rf"^{_P}[A-Z]{_SERIAL}{{5}}$"),
    # 鲁P1234挂 (trailer), 鲁P1234学 (driving school), 鲁P1234警 (police), 粤Z1234港 / 粤Z1234澳
    # (cross-border vehicles registered in Guangdong), 沪A1234领 (consulate): four serial
    # characters and the suffix.
    "suffixed": re.compile(rf"^{_P}[A-Z]{_SERIAL}{{4}}[挂学警港澳领]$"),
    # GA 36-2018 small new-energy: D/A/B/C/E (electric) or F/G/H/J/K (hybrid), then a letter or
    # digit, then four digits: 鲁PD12345, 鲁PDA1234.
    "new_energy_small": re.compile(rf"^{_P}[A-Z][A-HJK]{_SERIAL}\d{{4}}$"),
    # GA 36-2018 large new-energy: five digits then D or F: 鲁P12345D.
    "new_energy_large": re.compile(rf"^{_P}[A-Z]\d{{5}}[DF]$"),
    # Embassy plates: 使 and six digits (the mission's three and the vehicle's three).
    "embassy": re.compile(r"^使\d{6}$"),
}


def normalize_plate(value):
    """Upper case, without the spaces, dots and dashes clerks and lists put between the parts
    (鲁P·12345, 鲁 P 12345, 鲁P-12345)."""
    return re.sub(r"[\s·.\-•]", "", str(value or "")).upper()


def plate_format(value):
    """Which accepted format a plate number has (a key of PLATE_PATTERNS), or None.

    Not accepted: military and armed-police plates (not ours to book) and temporary paper plates;
    such a vehicle is recorded with plate type "No plate" and the number in the note.
    """
    plate = normalize_plate(value)
    for name, pattern in PLATE_PATTERNS.items():
        if pattern.match(plate):
            return name
    return None


def is_valid_plate(value):
    return plate_format(value) is not None


def plate_problem(value):
    if is_valid_plate(value):
        return None
    return _("%(plate)s is not a Chinese plate number (e.g. 鲁P12345, 鲁PD12345, 鲁P1234挂).") % {"plate": value}


def validate_plate(value):
    problem = plate_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_plate")


# --- Resident identity numbers (also the driving-licence number) -------------------------------

#: Nobody alive and driving was born before this year; a birth date before it is a typing error.
EARLIEST_BIRTH_YEAR = 1900


def normalize_id_number(value):
    return ric.compact(str(value or ""))


def id_check_character(first17):
    """The GB 11643 (ISO 7064 MOD 11-2) check character of 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def id_number_problem(value, *, today=None):
    """Why an 18-character citizen ID number (GB 11643-1999) is invalid, or None: the shape, the
    birth date (a real day, not in the future) and the check character. The region code is not
    looked up: cards issued before a county was renamed or merged stay valid for years."""
    number = normalize_id_number(value)
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number):
        return _("An ID number has 17 digits and a final digit or X (18 characters).")
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        return _("The birth date in this ID number does not exist.")
    if born > (today or timezone.localdate()) or born.year < EARLIEST_BIRTH_YEAR:
        return _("The birth date in this ID number is impossible.")
    if ric.calc_check_digit(number) != number[17]:
        return _("The check digit of this ID number is wrong: check the number.")
    return None


def is_valid_id_number(value, *, today=None):
    return id_number_problem(value, today=today) is None


def validate_id_number(value):
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_id_number")


#: A driving-licence number is the holder's resident identity number (公安部令第162号 第13条).
licence_number_problem = id_number_problem
is_valid_licence_number = is_valid_id_number


def validate_licence_number(value):
    problem = licence_number_problem(value)
    if problem:
        raise ValidationError(
            _("%(value)s is not a valid licence number: %(problem)s") % {"value": value, "problem": problem},
            code="invalid_licence_number",
        )


# --- Unified social credit codes (GB 32100-2015) -------------------------------------------------


def normalize_credit_code(value):
    return uscc.compact(str(value or ""))


def credit_code_check_character(first17):
    return uscc.calc_check_digit(first17.upper())


def is_valid_credit_code(value):
    """18 characters of the GB 32100 alphabet (no I, O, S, V, Z) with a correct check character."""
    return isinstance(value, str) and uscc.is_valid(value)


def credit_code_problem(value):
    if is_valid_credit_code(value):
        return None
    return _("%(value)s is not a valid unified social credit code (18 characters, check character wrong).") % {
        "value": value}


def validate_credit_code(value):
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_credit_code")

