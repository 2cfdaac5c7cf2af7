"""Schemathesis reads /api/v1/openapi.json and throws generated requests at every operation through WSGI, with all
of its checks: beyond "never a 5xx", every answer is a documented status with a documented content type and body,
schema-valid requests are accepted and schema-invalid ones refused, unsupported methods answer 405 with `Allow`,
and secured operations refuse a request without credentials.

Requests carry a drafter token (so the batch operations are exercised, not only their 401). Examples per operation
are bounded so the whole file stays well under a minute.
"""
import atexit
import shutil
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, NegativeDataRejectionConfig

from service import convert
from service.register import auth
from service.rollforward import own_year
from service.web.register_state import state
from service.web.app import create_app

pytestmark = pytest.mark.slow  # about 40 s: every operation, batches included, through all checks

_DATA = tempfile.mkdtemp(prefix="vanban-schemathesis-")  # the app is built at import: schemathesis needs it then
atexit.register(shutil.rmtree, _DATA, ignore_errors=True)
app = create_app({"DATA_DIR": _DATA, "DATABASE_URL": f"sqlite:///{_DATA}/v.db", "TESTING": True,
                  "BATCH_MAX_ROWS": 50})
TOKEN = auth.create_token(state(app).engine, "drafter", "schemathesis")
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
# The example phase sends every type's example; fuzzing adds bounded generated requests. The coverage phase
# (one request per schema keyword boundary) would send thousands of documents through these large schemas.
schema.config.phases.update(phases=["examples", "fuzzing"])
# A body over VANBAN_MAX_BODY_BYTES is refused with 413, which is as much a refusal as a 422.
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"])

load_all_checks()
CHECKS_ALL = list(CHECKS.get_all())
# A file's content is beyond what a schema can say: a generated "spreadsheet" or ".docx" is random bytes, which the
# service rightly refuses (422 naming the table or the file). For uploads, every check but that one applies.
UPLOADS = ("multipart/form-data", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
CHECKS_UPLOAD = [check for check in CHECKS_ALL if check.__name__ != "positive_data_acceptance"]


@pytest.fixture(scope="module", autouse=True)
def _converter():
    convert.shutdown()
    yield
    convert.shutdown()


DOCUMENT_BODIES = ("/api/v1/documents", "/api/v1/validate", "/api/v1/preview", "/api/v1/documents/issue")


def filter_body(ctx, body) -> bool:
    """Rules no JSON Schema can state, so such bodies are not generated (every other body is): a document's
    `agency` must name a profile stored in this instance's database; a given `symbol` must name the document's
    own type and its issuer's abbreviation (service/rules/symbols.py: a relation between fields); roll-forward
    refuses a new year equal to the document's own (from_year, else its date's), a comparison of two values."""
    path = getattr(ctx.operation, "path", None)
    if isinstance(body, dict) and path in DOCUMENT_BODIES and ("agency" in body or body.get("symbol")):
        return False
    if path != "/api/v1/roll-forward" or not isinstance(body, dict):
        return True
    year, from_year, document = body.get("year"), body.get("from_year"), body.get("document")
    if not isinstance(year, (int, float)) or not isinstance(document, dict):
        return True
    try:
        own = own_year(document, from_year if isinstance(from_year, (int, float)) else None)
    except (ValueError, TypeError):
        return True
    return year != own


@schema.hooks.apply(filter_body)
@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case):
    checks = CHECKS_UPLOAD if case.media_type in UPLOADS else CHECKS_ALL
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)
