from .rules import may_read_security_log


def security(request):
    user = getattr(request, "user", None)
    return {"may_read_security_log": bool(user is not None and may_read_security_log(user))}
