"""Batches `--issue --sign`: every row numbered, rendered to PDF, signed by the signer and the agency; the zip
holds the signed PDFs (the issued files, byte for byte); a bad row fails alone; a rerun gets
the same signed bytes back."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sign_support import key_specs, make_pki
from test_batch_helpers import base_doc, csv_bytes, grown_rows, report_rows, zip_members
from service import store
from service.batch import BatchOptions, IssueTarget, read_table, run_batch
from service.register.db import make_engine, upgrade
from service.register.models import Entry
from service.sign import keystore, settings
from service.sign.verify import verify

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def test_batch_issue_and_sign(tmp_path):
    pki = make_pki(tmp_path / "pki")
    url = f"sqlite:///{tmp_path / 'register.db'}"
    upgrade(url)
    engine = make_engine(url)
    signer, agency = key_specs(pki)
    keystore.set_key(engine, "signer", "giam-doc", signer, actor="test")
    base = base_doc()
    abbr = base["issuer"]["abbr"]
    keystore.set_key(engine, "agency", abbr, agency, actor="test")
    rows = [r for r in grown_rows(24) if not r["issuer.name"]][:3]
    rows[1]["signer.name"] = "(trống)"  # an invalid row fails alone, without a number
    table = read_table(csv_bytes(rows), "units.csv")
    target = IssueTarget(engine=engine, store_root=tmp_path / "store", actor="test:batch",
                         issue_date=dt.datetime.now(dt.timezone.utc).date(), sign=True, signer_key="giam-doc")
    out = tmp_path / "out.zip"
    result = run_batch(base, table, out, BatchOptions(formats=("pdf",), issue=target))
    assert result.succeeded == 2 and len(result.failed) == 1
    assert result.failed[0].errors[0]["path"] == "signer.name"
    members = zip_members(out)
    pdfs = {name: data for name, data in members.items() if name.endswith(".pdf")}
    assert len(pdfs) == 2
    with Session(engine) as session:
        issued = list(session.scalars(select(Entry).order_by(Entry.number)))
    assert [e.electronic for e in issued] == [True, True]
    stored = {store.read(target.store_root, e.sha256) for e in issued}
    assert set(pdfs.values()) == stored
    roots = settings.load_trust_roots(pki.trust_dir)
    for data in pdfs.values():
        report = verify(data, roots)
        assert report.ok and len(report.signatures) == 2
    assert [r["status"] for r in report_rows(members)] == ["ok", "error", "ok"]

    again = run_batch(base, table, tmp_path / "again.zip", BatchOptions(formats=("pdf",), issue=target))
    again_pdfs = {n: d for n, d in zip_members(tmp_path / "again.zip").items() if n.endswith(".pdf")}
    assert again.succeeded == 2 and again_pdfs == pdfs  # the same signed bytes, no new numbers
    with Session(engine) as session:
        assert len(list(session.scalars(select(Entry)))) == 2

    keystore.delete_key(engine, "agency", abbr, actor="test")  # no agency key: every new row is refused
    target_new = IssueTarget(engine=engine, store_root=tmp_path / "store", actor="test:batch",
                             issue_date=target.issue_date, sign=True, signer_key="giam-doc")
    refused = run_batch(base, read_table(csv_bytes(rows[:1] + rows[2:]), "u2.csv"), tmp_path / "none.zip",
                        BatchOptions(formats=("pdf",), pattern="x-{stt}", issue=target_new))
    assert refused.succeeded == 0 and refused.failed[0].errors[0]["path"] == "agency_key"


def test_clerk_signs_and_issues_a_batch_from_the_page(tmp_path):
    from csrf_client import CsrfClient
    from test_batch_web_issue import login, upload, wait_done
    from service.register import auth
    from service.register.entries import search
    from service.web.register_state import state
    from service.web.app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}"})
    app.test_client_class = CsrfClient
    engine = state(app).engine
    auth.create_user(engine, "van.thu", "mat-khau-van-thu", "clerk")
    pki = make_pki(tmp_path / "pki")
    signer, agency = key_specs(pki)
    keystore.set_key(engine, "signer", "giam-doc", signer, actor="test")
    keystore.set_key(engine, "agency", base_doc()["issuer"]["abbr"], agency, actor="test")
    client = app.test_client()
    login(client, "van.thu")
    job_url = upload(client)
    page = client.get(job_url).text
    assert 'name="sign"' in page and '<option value="giam-doc">' in page
    r = client.post(f"{job_url}/start", data={"issue": "1", "sign": "1", "_signer_key": "giam-doc"})
    assert r.status_code == 303
    status = wait_done(client, job_url)
    assert (status["state"], status["ok"], status["failed"]) == ("done", 3, 0), status
    issued = search(engine).entries
    assert len(issued) == 3 and all(e.electronic and e.media_type == "application/pdf" for e in issued)
    path = tmp_path / "dl.zip"
    path.write_bytes(client.get(status["download"]).data)
    pdfs = [d for n, d in zip_members(path).items() if n.endswith(".pdf")]
    assert len(pdfs) == 3
    roots = settings.load_trust_roots(pki.trust_dir)
    assert all(verify(d, roots).ok for d in pdfs)
