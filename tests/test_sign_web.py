"""The clerk's "Ký số và ban hành" on the form: the button appears only with configured keys, issuing signs
the numbered PDF (signer, then agency), the register page offers the signed PDF, which verifies."""
from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from sign_support import key_specs, pki  # noqa: F401  (fixture)
from service.sign import keystore, settings
from service.sign.verify import verify
from service.web.register_state import state
from test_register_web import form_pairs, login, make_app, page, text_of

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def test_clerk_signs_and_issues_from_the_form(tmp_path, pki):
    app = make_app(tmp_path, REGISTER_CLOCK=lambda: dt.datetime.now(dt.timezone.utc))
    client = app.test_client()
    login(client)
    form = client.get("/form/ke_hoach?example=1")
    assert not page(form).xpath('//button[@value="issue-signed"]'), "no keys configured: no signing button"

    signer, agency = key_specs(pki)
    engine = state(app).engine
    keystore.set_key(engine, "signer", "truong-duc-huan", signer, actor="test")
    keystore.set_key(engine, "agency", "LĐTBXH", agency, actor="test")
    form = client.get("/form/ke_hoach?example=1")
    button = page(form).xpath('//button[@value="issue-signed"]')
    assert button and button[0].get("formaction") == "/form/ke_hoach/ky-so-ban-hanh"
    assert button[0].text == "Ký số và ban hành"
    pairs = [(k, v) for k, v in form_pairs(form) if k != "_signer_key"] + [("_signer_key", "truong-duc-huan")]

    r = client.post("/form/ke_hoach/ky-so-ban-hanh", data=MultiDict([*pairs, ("_action", "issue-signed")]),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 303, text_of(r)
    shown = client.get(r.headers["Location"])
    assert "đã ký số" in text_of(shown)
    link = page(shown).xpath('//a[contains(., ".pdf đã ký số")]/@href')[0]
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    report = verify(pdf.data, settings.load_trust_roots(pki.trust_dir))
    assert report.ok and len(report.signatures) == 2

    # a double submit of the same form load returns the same signed document, no second number
    again = client.post("/form/ke_hoach/ky-so-ban-hanh", data=MultiDict([*pairs, ("_action", "issue-signed")]),
                        content_type="application/x-www-form-urlencoded")
    assert again.headers["Location"] == r.headers["Location"]


def test_missing_signer_key_is_explained_on_the_form(tmp_path, pki):
    app = make_app(tmp_path)
    client = app.test_client()
    login(client)
    _, agency = key_specs(pki)
    keystore.set_key(state(app).engine, "agency", "LĐTBXH", agency, actor="test")
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    r = client.post("/form/ke_hoach/ky-so-ban-hanh", data=MultiDict([*pairs, ("_action", "issue-signed")]),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 409 and "Chưa ký số và ban hành được" in text_of(r) and "signer_key" in text_of(r)
