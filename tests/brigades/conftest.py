import pytest

from brigades.figures.registry import registry

from .rollup_metrics import enterprise_metrics_list


@pytest.fixture
def enterprise_metrics():
    """The test metrics, registered for one test and unregistered afterwards."""
    with registry.temporarily(*enterprise_metrics_list()) as metrics:
        yield metrics
