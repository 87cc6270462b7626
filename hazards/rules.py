"""Pure rules of the hazards domain: no database."""

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
