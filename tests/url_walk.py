"""Discovers every named HTML page and API endpoint of the project, with the model behind it,
so that the scoping tests cover new URLs without being told about them.

How a URL is built: `pk` is the primary key of the view's model; any other `<name>_pk` kwarg is
read from that object's `<name>_id` (so `/hazards/<hazard_pk>/photos/<pk>/` needs a Photo with
`hazard_id`). Views must declare their model (`model` or `queryset`) for the walk to see them.
"""

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import factory
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.list import MultipleObjectMixin

from brigades.records.api.scoping import ReferenceDataViewSet

SKIP_NAMESPACES = {"admin"}
SKIP_NAMES = {
    "home", "login", "logout", "set_language",
    "api:schema", "api:docs", "api:redoc", "api:token", "api:api-root",
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    kwargs: tuple
    model: type | None
    methods: tuple
    is_api: bool
    is_list: bool

    def __str__(self):
        return self.name


def _describe(pattern, name):
    callback = pattern.callback
    kwargs = tuple(pattern.pattern.regex.groupindex)
    view_cls = getattr(callback, "cls", None)
    if view_cls is not None:  # DRF
        queryset = getattr(view_cls, "queryset", None)
        model = queryset.model if queryset is not None else None
        actions = getattr(callback, "actions", None) or {}
        allowed = set(view_cls.http_method_names)
        methods = tuple(m for m in actions if m in allowed) or tuple(
            m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_cls, m) and m in allowed
        )
        return Endpoint(name, kwargs, model, methods, True, actions.get("get") == "list")
    view_cls = getattr(callback, "view_class", None)
    if view_cls is None:
        return Endpoint(name, kwargs, None, ("get",), False, False)
    model = getattr(view_cls, "model", None)
    if model is None and getattr(view_cls, "queryset", None) is not None:
        model = view_cls.queryset.model
    methods = tuple(m for m in ("get", "post") if hasattr(view_cls, m))
    return Endpoint(name, kwargs, model, methods, False, issubclass(view_cls, MultipleObjectMixin))


def _walk(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIP_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            if name in SKIP_NAMES or "format" in pattern.pattern.regex.groupindex:
                continue
            if issubclass(getattr(pattern.callback, "cls", object), ReferenceDataViewSet):
                continue  # reference data: the same for every brigade, read by all, written by none
            yield _describe(pattern, name)


def endpoints():
    seen = {}
    for endpoint in _walk(get_resolver().url_patterns, ""):
        seen.setdefault((endpoint.name, endpoint.kwargs), endpoint)
    return sorted(seen.values(), key=lambda e: e.name)


def factories_by_model():
    """Every DjangoModelFactory in tests/factories.py and tests/<app>/factories.py, by model."""
    tests_dir = Path(__file__).parent
    modules = ["tests.factories"] + [
        f"tests.{path.parent.name}.factories" for path in sorted(tests_dir.glob("*/factories.py"))
    ]
    found = {}
    for module_name in modules:
        module = import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and value.__module__ == module_name
            ):
                model = value._meta.get_model_class()
                # Prefer the factory named after the model when there are several.
                if model not in found or value.__name__ == f"{model.__name__}Factory":
                    found[model] = value
    return found


def url_kwargs(endpoint, obj):
    kwargs = {}
    for name in endpoint.kwargs:
        if name == "pk":
            kwargs[name] = obj.pk
        elif name.endswith("_pk"):
            kwargs[name] = getattr(obj, f"{name[:-3]}_id")
        else:
            raise AssertionError(f"{endpoint}: the walk cannot build URL kwarg {name!r}; name it pk or <fk>_pk")
    return kwargs
