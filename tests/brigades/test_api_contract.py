"""The API keeps its contract: schemathesis reads the live schema (/api/schema/, behind login) and sends
every operation generated requests as a brigade's staff user with a token, over seeded records of every
kind; every answer must be no server error, a documented status code, of the documented content type,
with the documented headers and a body that matches the documented schema.

Bounded and repeatable: a few examples per operation, no deadline, derandomised (the same requests on
every run), no example database. Selected alone with `pytest -m api_contract`; part of `make test`.
"""

import collections

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from brigades.choices import Role
from config.wsgi import application

from ..factories import UserFactory
from ..url_walk import factories_by_model

pytestmark = [pytest.mark.api_contract, pytest.mark.django_db]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 3


def seed_records(brigade):
    """One record of every kind in the caller's brigade (and so its brigade's squadrons, towns...)."""
    made = []
    for model, model_factory in factories_by_model().items():
        takes_brigade = "brigade" in model_factory._meta.declarations or any(
            f.name == "brigade" for f in model._meta.get_fields())
        made.append(model_factory(brigade=brigade) if takes_brigade else model_factory())
    return made


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes database connections at the end of each request (Django's test client
    unhooks that too): the test's transaction, and the records seeded in it, must survive."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def contract_token(wsgi_keeps_the_test_connection, brigade_a, brigade_b):
    user = UserFactory(username="api_contract", brigade=brigade_a, role=Role.STAFF)
    seed_records(brigade_a)
    _, token = AuthToken.objects.create(user=user)
    return user, token


def model_of(path):
    """The model behind an API path such as /api/hazards/{id}/assign/ (its viewset's queryset)."""
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    queryset = getattr(view_class, "queryset", None)
    return getattr(queryset, "model", None)


def aim_at_a_real_record(case, user):
    """Point the case at a record the caller may see, and (for an edit) send its current version,
    so that the successful answers are checked too, not only 404s and 409s."""
    model = model_of(case.operation.path)
    if model is None or "id" not in (case.path_parameters or {}):
        return
    manager = model._default_manager
    records = manager.for_user(user) if hasattr(manager, "for_user") else manager.all()
    record = records.order_by("pk").first()
    if record is None:
        return
    case.path_parameters["id"] = record.pk
    if case.method in ("PUT", "PATCH") and isinstance(case.body, dict) and hasattr(record, "version"):
        case.body["version"] = record.version


def run_contract(user, token):
    """{(operation, failure kind): first message} for every failure schemathesis finds."""
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)
    failures = {}
    operations = 0

    def record(failure, case, response):
        key = (case.operation.label, type(failure).__name__)
        failures.setdefault(key, f"{failure.title}: {failure.message[:300]} "
                                 f"[{case.method} {case.formatted_path} {case.query or ''} {str(case.body)[:200]} -> "
                                 f"{response.status_code} {response.text[:300]}]")

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
            verbosity=hypothesis.Verbosity.quiet,
        )
        @given(case=operation.as_strategy(), real=st.booleans())
        def check(case, real):
            sent = headers
            if case.operation.path.startswith("/api/token/logout"):
                # Logging out revokes the token: each logout spends a token of its own.
                sent = {"Authorization": f"Token {AuthToken.objects.create(user=user)[1]}"}
            if real:
                aim_at_a_real_record(case, user)
            response = case.call(headers=sent)
            try:
                case.validate_response(response, checks=CHECKS, headers=sent)
            except FailureGroup as group:
                for failure in group.exceptions:
                    record(failure, case, response)
            except Failure as failure:
                record(failure, case, response)

        check()
    return operations, failures


def test_every_operation_keeps_the_documented_contract(contract_token):
    operations, failures = run_contract(*contract_token)
    by_kind = collections.Counter(kind for _, kind in failures)
    report = "\n".join(f"{label} {kind}: {message}" for (label, kind), message in sorted(failures.items()))
    print(f"{operations} operations; failing (operation, kind) pairs by kind: {dict(by_kind)}")
    assert operations > 100
    assert not failures, report
