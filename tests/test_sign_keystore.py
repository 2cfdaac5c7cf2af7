"""The signing key store on SQLite and PostgreSQL: set/replace/list/delete, audited, secrets only by reference;
which keys sign a document is decided in one place."""
from __future__ import annotations

import pytest

from service.register import audit
from service.sign import keystore
from service.sign.errors import KeyNotConfigured, SignError
from service.sign.keys import KeySpec


def test_set_replace_list_delete(engine):
    spec = KeySpec("pkcs12", p12_path="/keys/huan.p12", secret_env="HUAN_P12_PASSWORD", image_path="/img/huan.png")
    keystore.set_key(engine, "signer", "truong-duc-huan", spec, actor="cli:admin")
    token = KeySpec("pkcs11", pkcs11_module="/usr/lib/vnpt-ca.so", token_label="VNPT", key_label="so-ldtbxh",
                    secret_file="/run/secrets/pin", image_path="/img/dau.png", image_width_mm=36)
    keystore.set_key(engine, "agency", "LĐTBXH", token, actor="cli:admin")
    assert keystore.get_key(engine, "signer", "truong-duc-huan") == spec
    assert keystore.get_key(engine, "agency", "LĐTBXH") == token
    replaced = KeySpec("pkcs12", p12_path="/keys/huan-2025.p12", secret_file="/run/secrets/huan")
    keystore.set_key(engine, "signer", "truong-duc-huan", replaced, actor="cli:admin")
    assert keystore.get_key(engine, "signer", "truong-duc-huan") == replaced
    rows = [keystore.row_dict(r) for r in keystore.list_keys(engine)]
    assert [(r["owner_kind"], r["owner_id"], r["kind"]) for r in rows] == [
        ("agency", "LĐTBXH", "pkcs11"), ("signer", "truong-duc-huan", "pkcs12")]
    assert rows[1]["secret_env"] is None and rows[1]["secret_file"] == "/run/secrets/huan"
    assert [e.action for e in audit.events(engine)] == ["signing-key-set"] * 3
    assert keystore.delete_key(engine, "signer", "truong-duc-huan", actor="cli:admin")
    assert not keystore.delete_key(engine, "signer", "truong-duc-huan", actor="cli:admin")
    with pytest.raises(KeyNotConfigured) as err:
        keystore.get_key(engine, "signer", "truong-duc-huan")
    assert err.value.field == "signer_key"


def test_incomplete_configurations_are_refused(engine):
    with pytest.raises(SignError) as err:
        keystore.set_key(engine, "signer", "x", KeySpec("pkcs11", pkcs11_module="/m.so", token_label="T"), actor="a")
    assert err.value.field == "key_label"
    with pytest.raises(SignError) as err:
        keystore.set_key(engine, "signer", "x", KeySpec("pkcs12", p12_path="/k", secret_file="/f", secret_env="E"),
                         actor="a")
    assert err.value.field == "secret_env"
    with pytest.raises(SignError) as err:
        keystore.set_key(engine, "mayor", "x", KeySpec("pkcs12", p12_path="/k"), actor="a")
    assert err.value.field == "owner_kind"
    assert keystore.list_keys(engine) == []


def test_owners_for_document(plan_doc):
    doc = dict(plan_doc)
    with pytest.raises(KeyNotConfigured) as err:
        keystore.owners_for_document(doc)
    assert err.value.field == "signer_key"
    assert keystore.owners_for_document(doc, signer_key="huan") == ("huan", "LĐTBXH")
    doc["signer"] = {**doc["signer"], "id": "truong-duc-huan"}
    doc["issuer"] = {**doc["issuer"], "code": "sldtbxh-bg"}
    assert keystore.owners_for_document(doc) == ("truong-duc-huan", "sldtbxh-bg")
    assert keystore.owners_for_document(doc, signer_key="x", agency_key="y") == ("x", "y")
    copy = {**doc, "copy": {"issuer": {"name": "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "abbr": "UBND"}}}
    assert keystore.owners_for_document(copy) == (None, "UBND")
