"""May this user do ACTION on this record (or on this kind of record)? One answer, written once.

Views (the generic bases and the action view), templates (`{% may "sign_off" object as can_sign %}`),
the API (`RecordPermission`) and operations (`require(...)`) all ask `may` / `require`; nothing else
looks at a role to decide a write.

What a user may *read* stays with `Model.objects.for_user(user)`: a record outside it answers 404
before any question is put here. So an object passed to `may` is already one the user sees; for a
write the record must also be the user's own brigade's (a detachment-level writer's, any brigade's).

Actions are `view`, `add`, `change`, `delete` and the named transitions (`assign`, `sign_off`,
`return`, `clear`, `approve`, `unlock`...). A transition without a rule of its own is a change.
Rules are keyed by the model's label (`hazards.hazard`), so this module imports no domain app.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ..choices import WRITING_ROLES, Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ANY_RECORD = "*"  # `may(user, "add", "*")`: may this user enter records at all (the menus ask this)
READ_ONLY = _("Your role may read these records but not change them.")

_rules = {}


def rule(model_label, *actions, message=None):
    """Register `predicate(user, obj, model)` (obj is None for a question about the model) for the
    actions of one model; `*` as the label for every model."""

    def register(predicate):
        for action in actions:
            _rules[(model_label, action)] = (predicate, message)
        return predicate

    return register


def _label(model):
    return model._meta.label_lower


def _find(model, action):
    for key in ((_label(model), action), ("*", action)):
        if key in _rules:
            return _rules[key]
    if action not in (VIEW, ADD, CHANGE, DELETE):
        return _find(model, CHANGE)
    return None


def may(user, action, target):
    """Whether `user` may do `action` on `target`: a record, or a model class (or its "app.model" label)
    for a question asked before there is a record (may this user add hazards?)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if target == ANY_RECORD:
        predicate, _message = _rules.get(("*", action)) or _rules[("*", CHANGE)]
        return bool(predicate(user, None, None))
    target = _resolve(target)
    model, obj = (target, None) if isinstance(target, type) else (type(target), target)
    predicate, _message = _find(model, action)
    return bool(predicate(user, obj, model))


def require(user, action, target):
    """`may`, or PermissionDenied (403) with the reason in words."""
    if not may(user, action, target):
        if target == ANY_RECORD:
            raise PermissionDenied(READ_ONLY)
        target = _resolve(target)
        _predicate, message = _find(target if isinstance(target, type) else type(target), action)
        raise PermissionDenied(message or READ_ONLY)


def _resolve(target):
    if isinstance(target, str):
        return apps.get_model(target)
    return target


# --------------------------------------------------------------------------- the facts the rules use


def writes_records(user):
    """Staff and administrators enter and edit records; leaders read and approve."""
    return user.is_superuser or user.role in WRITING_ROLES


def is_administrator(user):
    return user.is_superuser or user.role == Role.ADMIN


def record_brigade_id(obj):
    """The brigade a record belongs to: its own `brigade_id`, or its parent's for a child row
    (the queryset's `brigade_lookup`, `hazard__brigade_id`), or the brigade itself."""
    if _label(type(obj)) == "brigades.brigade":
        return obj.pk
    if hasattr(obj, "brigade_id"):
        return obj.brigade_id
    lookup = getattr(type(obj)._default_manager.all(), "brigade_lookup", None)
    if not lookup:
        return None
    value = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
    return value


def own_brigade(user, obj):
    """A record the user may write: their brigade's, or any for detachment-level users."""
    return obj is None or user.brigade_id is None or record_brigade_id(obj) == user.brigade_id


# --------------------------------------------------------------------------- the rules


@rule("*", VIEW)
def _view(user, obj, model):
    return True  # what is seen is for_user's answer


@rule("*", ADD, CHANGE, DELETE)
def _write(user, obj, model):
    return writes_records(user) and own_brigade(user, obj)


def _signs_off(user, obj, model):
    """Leaders sign off (销号); staff only where their brigade allows it (Brigade.staff_may_sign_off)."""
    if user.is_superuser or user.role in (Role.LEADER, Role.DETACHMENT_LEADER, Role.ADMIN):
        return own_brigade(user, obj)
    if user.role != Role.STAFF or not own_brigade(user, obj):
        return False
    return obj is None or obj.brigade.staff_may_sign_off


rule("hazards.hazard", "sign_off", message=_("Only a brigade leader may sign off hazards in this brigade."))(_signs_off)


@rule("hazards.hazard", "return")
def _return_hazard(user, obj, model):
    """Whoever may sign off may refuse to: leaders return a rectification, and so do writers."""
    return _signs_off(user, obj, model) or _write(user, obj, model)


@rule("hazards.hazardphoto", "remove")
def _remove_photo(user, obj, model):
    return _write(user, obj, model)


@rule("enforcement.violation", "import", message=_("Cases are imported by the brigade they belong to."))
def _import_cases(user, obj, model):
    return writes_records(user) and (user.brigade_id is not None or user.is_superuser)


@rule("enforcement.operation", "deploy")
def _deploy(user, obj, model):
    """Every brigade an operation covers staffs its own checkpoints and patrols for it."""
    if not writes_records(user):
        return False
    return obj is None or user.brigade_id is None or obj.covers(user.brigade)


@rule("brigades.brigade", "approve", message=_("Only a leader of this brigade may approve its monthly report."))
def _approve_month(user, obj, model):
    return is_administrator(user) or (user.role == Role.LEADER and own_brigade(user, obj) and user.brigade_id is not None)


@rule("brigades.brigade", "unlock", message=_("Only an administrator may unlock an approved month."))
def _unlock_month(user, obj, model):
    return is_administrator(user)


@rule("brigades.brigade", "write_report_notes")
def _write_report_notes(user, obj, model):
    return is_administrator(user) or (user.brigade_id is not None and own_brigade(user, obj))


@rule("services.reliefadvance", "approve", "refuse",
      message=_("Only a leader of this brigade may approve or refuse a relief fund advance."))
def _approve_relief(user, obj, model):
    """The brigade's leadership signs the request to the fund off (审批); staff record the payment
    and the recoveries (the default write rule)."""
    if is_administrator(user):
        return True
    return user.role == Role.LEADER and user.brigade_id is not None and own_brigade(user, obj)
