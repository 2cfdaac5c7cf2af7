"""Keys and levels: a timestamp from a loopback TSA (PAdES B-T, falling back from B-LT without revocation data,
and to B-B when the TSA is down), a key on a SoftHSM2 PKCS#11 token initialised here, and the CLI
(`vanban sign key set/list`, `vanban sign` with a configured or a direct key, `vanban verify` exit codes)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sign_support import key_specs, pki, seed_pdf, serve_tsa, softhsm_token, store_certificate, where  # noqa: F401
from service.sign import roles, settings
from service.sign.keys import KeySpec, open_signer
from service.sign.pades import Options
from service.sign.verify import verify


ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def tsa(pki):
    url, server = serve_tsa(pki.ca)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.libreoffice
@pytest.mark.slow
def test_timestamped_signature_from_loopback_tsa(pki, seed_pdf, tsa):
    roots = settings.load_trust_roots(pki.trust_dir)
    _, agency = key_specs(pki)
    with open_signer(agency) as key:
        signed = roles.sign_text(seed_pdf, key, first_line="15/KH-LĐTBXH", signing_time=NOW,
                                 options=Options(tsa_url=tsa, trust_roots=roots, long_term=True))
    # the test CA publishes no revocation data: B-LT cannot be reached, B-T is, and the report says why
    assert signed.level == "B-T"
    assert any(n.startswith("B-LT") for n in signed.notes)
    report = verify(signed.data, roots)
    assert report.ok, report.as_dict()
    ts = report.signatures[0].timestamp
    assert ts is not None and ts.endswith("+07:00")
    stamped = dt.datetime.fromisoformat(ts)
    assert abs((stamped - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 300


@pytest.mark.libreoffice
@pytest.mark.slow
def test_tsa_down_falls_back_to_b_b(pki, seed_pdf):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _, agency = key_specs(pki)
    with open_signer(agency) as key:
        signed = roles.sign_text(seed_pdf, key, first_line="x", signing_time=NOW,
                                 options=Options(tsa_url=f"http://127.0.0.1:{port}/", tsa_timeout=2))
    assert signed.level == "B-B" and any(n.startswith("B-T") for n in signed.notes)
    assert verify(signed.data, settings.load_trust_roots(pki.trust_dir)).ok


@pytest.mark.libreoffice
@pytest.mark.slow
def test_pkcs11_key_on_softhsm_token(pki, seed_pdf, where, tmp_path, monkeypatch):
    module, env = softhsm_token(tmp_path, pki.signer, pin="1234")
    monkeypatch.setenv("SOFTHSM2_CONF", env["SOFTHSM2_CONF"])
    monkeypatch.setenv("VB_TEST_TOKEN_PIN", "1234")
    store_certificate(module, "vanban", "1234", "signer", pki.signer)
    spec = KeySpec("pkcs11", pkcs11_module=module, token_label="vanban", key_label="signer",
                   secret_env="VB_TEST_TOKEN_PIN", image_path=str(pki.signature_png))
    with open_signer(spec) as key:
        first = roles.sign_signer(seed_pdf, key, spec, where, signing_time=NOW, options=Options())
    _, agency = key_specs(pki)
    with open_signer(agency) as key:
        second = roles.sign_agency(first.data, key, agency, where, signing_time=NOW, options=Options())
    report = verify(second.data, settings.load_trust_roots(pki.trust_dir))
    assert report.ok, report.as_dict()
    assert "Trương Đức Huấn" in report.signatures[0].signer
    assert first.certificate.sha256 == report.signatures[0].certificate["sha256"]

    from service.sign.errors import KeyUnavailable

    monkeypatch.setenv("VB_TEST_TOKEN_PIN", "0000")
    with pytest.raises(KeyUnavailable) as err, open_signer(spec):
        pass
    assert err.value.field == "token_label"


def test_wrong_p12_password_is_a_clear_error(pki, tmp_path):
    from service.sign.errors import KeyUnavailable

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope")
    with pytest.raises(KeyUnavailable) as err, open_signer(KeySpec("pkcs12", p12_path=str(pki.signer_p12),
                                                                   secret_file=str(wrong))):
        pass
    assert "PKCS#12" in err.value.message_en and err.value.field == "p12_path"


def vanban(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_cli_keys_sign_and_verify(pki, seed_pdf, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
           "VANBAN_DATA_DIR": str(tmp_path), "VB_AGENCY_PW": "test-password"}
    env.pop("VANBAN_TSA_URL", None)
    env.pop("VANBAN_TRUST_DIR", None)
    src = tmp_path / "kh.pdf"
    src.write_bytes(seed_pdf)
    r = vanban("sign", "key", "set", "signer", "truong-duc-huan", "--p12", str(pki.signer_p12),
               "--password-file", str(pki.password_file), "--image", str(pki.signature_png), env=env)
    assert r.returncode == 0, r.stderr
    r = vanban("sign", "key", "set", "agency", "LĐTBXH", "--p12", str(pki.agency_p12), "--password-env",
               "VB_AGENCY_PW", "--image", str(pki.seal_png), "--name", "Sở Lao động - Thương binh và Xã hội", env=env)
    assert r.returncode == 0, r.stderr
    listed = vanban("sign", "key", "list", env=env)
    assert "truong-duc-huan" in listed.stdout and "$VB_AGENCY_PW" in listed.stdout
    assert "test-password" not in listed.stdout

    # the agency may not sign first (Art. 5)
    early = vanban("sign", str(src), "--as", "agency", "--agency", "LĐTBXH", "-o", str(tmp_path / "x.pdf"), env=env)
    assert early.returncode == 2 and "Art. 5" in early.stderr and not (tmp_path / "x.pdf").exists()

    one = tmp_path / "1.pdf"
    r = vanban("sign", str(src), "--as", "signer", "--signer", "truong-duc-huan", "-o", str(one), env=env)
    assert r.returncode == 0, r.stderr
    two = tmp_path / "2.pdf"
    r = vanban("sign", str(one), "--as", "agency", "--p12", str(pki.agency_p12), "--password-file",
               str(pki.password_file), "-o", str(two), env=env)  # a key given directly, no image: text appearance
    assert r.returncode == 0, r.stderr

    ok = vanban("verify", str(two), "--trust", str(pki.trust_dir), env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.count("OK") == 2 and "hợp lệ" in ok.stdout and "valid" in ok.stdout
    untrusted = vanban("verify", str(two), env=env)
    assert untrusted.returncode == 1 and "trust root" in untrusted.stdout
    damaged = tmp_path / "3.pdf"
    data = bytearray(two.read_bytes())
    data[data.index(b"stream", 2000) + 40] ^= 1
    damaged.write_bytes(bytes(data))
    bad = vanban("verify", str(damaged), "--trust", str(pki.trust_dir), env=env)
    assert bad.returncode == 1 and "changed after signing" in bad.stdout
    missing = vanban("sign", str(src), "--as", "signer", "--signer", "nobody", "-o", str(tmp_path / "y.pdf"), env=env)
    assert missing.returncode == 2 and "signer_key" in missing.stderr


@pytest.mark.libreoffice
@pytest.mark.slow
def test_container_larger_than_the_reserved_room_is_signed_again(pki, seed_pdf, monkeypatch):
    from service.sign import pades

    monkeypatch.setattr(pades, "RESERVED_BYTES", 256)  # far too small for a CMS with two certificates
    _, agency = key_specs(pki)
    with open_signer(agency) as key:
        signed = roles.sign_text(seed_pdf, key, first_line="x", signing_time=NOW, options=Options())
    assert signed.level == "B-B" and verify(signed.data, settings.load_trust_roots(pki.trust_dir)).ok


@pytest.mark.libreoffice
@pytest.mark.slow
def test_cli_issue_sign(pki, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'i.db'}",
           "VANBAN_DATA_DIR": str(tmp_path), "VANBAN_STORE_DIR": str(tmp_path / "store")}
    env.pop("VANBAN_TSA_URL", None)
    for kind, owner, p12, image in (("signer", "truong-duc-huan", pki.signer_p12, pki.signature_png),
                                    ("agency", "LĐTBXH", pki.agency_p12, pki.seal_png)):
        r = vanban("sign", "key", "set", kind, owner, "--p12", str(p12), "--password-file", str(pki.password_file),
                   "--image", str(image), env=env)
        assert r.returncode == 0, r.stderr
    no_key = vanban("issue", str(ROOT / "fixtures" / "ke-hoach-2024.json"), "--sign", env=env)
    assert no_key.returncode == 2 and "signer_key" in no_key.stderr
    out = tmp_path / "kh.pdf"
    r = vanban("issue", str(ROOT / "fixtures" / "ke-hoach-2024.json"), "--sign", "--signer-key", "truong-duc-huan",
               "-o", str(out), env=env)
    assert r.returncode == 0, r.stderr
    assert "Số: 01/KH-LĐTBXH" in r.stdout and "B-B" in r.stdout
    assert vanban("verify", str(out), "--trust", str(pki.trust_dir), env=env).returncode == 0


@pytest.mark.libreoffice
@pytest.mark.slow
def test_cli_signatures_are_audited(pki, seed_pdf, tmp_path):
    from service.register import audit
    from service.register.db import make_engine

    db = tmp_path / "a.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{db}", "VANBAN_DATA_DIR": str(tmp_path)}
    env.pop("VANBAN_TSA_URL", None)
    src = tmp_path / "kh.pdf"
    src.write_bytes(seed_pdf)
    out = tmp_path / "one.pdf"
    r = vanban("sign", str(src), "--as", "signer", "--p12", str(pki.signer_p12), "--password-file",
               str(pki.password_file), "--image", str(pki.signature_png), "-o", str(out), env=env)
    assert r.returncode == 0, r.stderr
    events = audit.events(make_engine(f"sqlite:///{db}"), action="sign")
    assert len(events) == 1
    detail = events[0].detail
    assert detail["role"] == "signer" and detail["file"] == "one.pdf" and detail["owner"] == "p12:signer.p12"
    assert detail["document_sha256"] == __import__("hashlib").sha256(out.read_bytes()).hexdigest()
    assert "Trương Đức Huấn" in detail["certificate"]["subject"] and len(detail["certificate"]["sha256"]) == 64
