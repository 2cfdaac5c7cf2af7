"""Schemathesis reads /api/v1/openapi.json and throws generated requests at every operation through WSGI.

Whatever it sends — valid documents of every type, wrong types, missing fields, odd Unicode — the API answers
with a documented status and content type and a body matching its schema, and never a 5xx. Examples per
operation are bounded so the whole file stays well under a minute.
"""
import atexit
import shutil
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from service import convert
from service.web.app import create_app

pytestmark = [pytest.mark.slow]

_DATA = tempfile.mkdtemp(prefix="vanban-schemathesis-")  # the app is built at import: schemathesis needs it then
atexit.register(shutil.rmtree, _DATA, ignore_errors=True)
app = create_app({"DATA_DIR": _DATA, "DATABASE_URL": f"sqlite:///{_DATA}/v.db", "TESTING": True})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
# The example phase sends every type's example; fuzzing adds bounded generated requests. The coverage phase
# (one request per schema keyword boundary) would send thousands of documents through these large schemas.
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module", autouse=True)
def _converter():
    convert.shutdown()
    yield
    convert.shutdown()


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_and_never_fails_on_the_server(case):
    case.call_and_validate(checks=CHECKS)
