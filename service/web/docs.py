"""`GET /api/docs`: the API described for people, rendered on the server from the OpenAPI document itself.

Every operation, parameter and response shown comes from service.web.openapi, so the page cannot list an
endpoint the specification lacks; the only text added here are the curl lines to copy.
"""
from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request

from service.rules.types import TYPES
from service.web import catalog
from service.web.openapi import openapi_for

bp = Blueprint("docs", __name__)

EXAMPLE_TYPE = "ke_hoach"
# curl lines per operationId; {base} is this server's address as the reader sees it.
_NEXT = " \\\n    "  # a shell line continuation, so long commands read (and copy) line by line
JSON_BODY = "-H 'Content-Type: application/json' --data-binary @ke-hoach.json"
AUTH = "-H \"Authorization: Bearer $VANBAN_TOKEN\""
CURL = {
    "listTypes": ["curl -s {base}/api/v1/types"],
    "getType": ["curl -s {base}/api/v1/types/ke_hoach"],
    "getTypeSchema": ["curl -s {base}/api/v1/types/ke_hoach/schema -o ke_hoach.schema.json"],
    "getTypeExample": ["curl -s {base}/api/v1/types/ke_hoach/example -o ke-hoach.json"],
    "createDocument": [
        _NEXT.join(["curl -s -X POST {base}/api/v1/documents", JSON_BODY, "-OJ"]),
        _NEXT.join(["curl -s -X POST '{base}/api/v1/documents?format=pdf'", JSON_BODY, "-o ke-hoach.pdf"]),
        _NEXT.join(["curl -s {base}/api/v1/types/ke_hoach/example |",
                    "curl -s -X POST {base}/api/v1/documents -H 'Content-Type: application/json'",
                    "-H 'Accept: application/pdf' --data-binary @- -o ke-hoach.pdf"]),
    ],
    "validateDocument": [_NEXT.join(["curl -s -X POST {base}/api/v1/validate", JSON_BODY])],
    "previewDocument": [_NEXT.join(["curl -s -X POST {base}/api/v1/preview", JSON_BODY, "-o xem-truoc.html"])],
    "getOpenApi": ["curl -s {base}/api/v1/openapi.json -o openapi.json"],
    "rollForward": [_NEXT.join(["jq '{{document: ., year: 2025}}' ke-hoach.json |",
                                "curl -s -X POST {base}/api/v1/roll-forward -H 'Content-Type: application/json'",
                                "--data-binary @- -o ke-hoach-2025.json"])],
    "checkDocx": [_NEXT.join(["curl -s -X POST {base}/api/v1/check", "-F file=@van-ban.docx"])],
    "createBatch": [
        _NEXT.join(["curl -s -X POST {base}/api/v1/batches", AUTH,
                    "-H 'Content-Type: application/json' --data-binary @lo.json -D - "
                    "# {{\"base\": {{…}}, \"rows\": [{{…}}, …]}}"]),
        _NEXT.join(["curl -s -X POST {base}/api/v1/batches", AUTH,
                    "-F base=@ke-hoach-2025.json -F table=@don-vi.xlsx -F format=docx"]),
    ],
    "listBatches": [_NEXT.join(["curl -s {base}/api/v1/batches", AUTH])],
    "getBatch": [_NEXT.join(["curl -s {base}/api/v1/batches/$ID", AUTH])],
    "cancelBatch": [_NEXT.join(["curl -s -X DELETE {base}/api/v1/batches/$ID", AUTH])],
    "downloadBatch": [_NEXT.join(["curl -s {base}/api/v1/batches/$ID/download", AUTH, "-o lo.zip"])],
    "importDocument": [_NEXT.join(["curl -s -X POST {base}/api/v1/import", "-F file=@van-ban-cu.docx"])],
    "listAgencies": [_NEXT.join(["curl -s {base}/api/v1/agencies", AUTH])],
    "getAgency": [_NEXT.join(["curl -s {base}/api/v1/agencies/sldtbxh-bg", AUTH])],
    "addAgency": [_NEXT.join(["curl -s -X POST {base}/api/v1/agencies", AUTH,
                              "-H 'Content-Type: application/json' --data-binary @fixtures/agency/sldtbxh-bg.json"])],
    "putAgency": [_NEXT.join(["curl -s -X PUT {base}/api/v1/agencies/sldtbxh-bg", AUTH,
                              "-H 'Content-Type: application/json' --data-binary @fixtures/agency/sldtbxh-bg.json"])],
    "issueDocument": [_NEXT.join(["curl -s -X POST {base}/api/v1/documents/issue", AUTH,
                                  "-H 'Idempotency-Key: ke-hoach-2024-01'", JSON_BODY])],
    "searchRegister": [_NEXT.join(["curl -s '{base}/api/v1/register?year=2024&q=truong+duc+huan'", AUTH])],
    "exportRegister": [_NEXT.join(["curl -s '{base}/api/v1/register/export?year=2024&format=xlsx'", AUTH,
                                   "-o so-di-2024.xlsx"])],
    "getEntry": [_NEXT.join(["curl -s {base}/api/v1/register/1", AUTH])],
    "getEntryFile": [_NEXT.join(["curl -s {base}/api/v1/register/1/file", AUTH, "-OJ"])],
    "voidEntry": [_NEXT.join(["curl -s -X POST {base}/api/v1/register/1/void", AUTH,
                              "-H 'Content-Type: application/json' -d '{{\"reason\": \"Sai nơi nhận\"}}'"])],
    "recordDelivery": [_NEXT.join(["curl -s -X POST {base}/api/v1/register/1/delivery", AUTH,
                                   "-H 'Content-Type: application/json'",
                                   "-d '{{\"date_sent\": \"2024-02-06\", \"received_by\": \"Nguyễn Thị Lan\"}}'"])],
}


def _resolve(spec: dict, obj: dict) -> dict:
    ref = obj.get("$ref") if isinstance(obj, dict) else None
    if not ref:
        return obj
    node = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def operations(spec: dict, base: str) -> list[dict]:
    """One entry per operation of the spec: method, path, text, parameters, body media types, responses, curl."""
    out = []
    for path, methods in spec["paths"].items():
        shared = methods.get("parameters", [])  # path-level parameters apply to every method
        for method, op in methods.items():
            if method == "parameters":
                continue
            responses = []
            for code, resp in op.get("responses", {}).items():
                resp = _resolve(spec, resp)
                responses.append({"code": code, "description": resp.get("description", ""),
                                  "media": list(resp.get("content", {}))})
            body = op.get("requestBody")
            out.append({
                "id": op["operationId"], "method": method.upper(), "path": path,
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "parameters": shared + op.get("parameters", []),
                "body": list(body["content"]) if body else [],
                "responses": responses,
                "curl": [line.format(base=base) for line in CURL.get(op["operationId"], [])],
            })
    return out


@bp.get("/api/docs")
def api_docs():
    spec = openapi_for(current_app.config)
    base = request.host_url.rstrip("/")
    example = json.dumps(catalog.example(EXAMPLE_TYPE), ensure_ascii=False, indent=2)
    problem_example = spec["components"]["responses"]["Invalid"]["content"]["application/problem+json"]["example"]
    return render_template("docs.html", spec=spec, ops=operations(spec, base), base=base,
                           types=[catalog.summary(t) for t in TYPES.values()], example=example,
                           problem_example=json.dumps(problem_example, ensure_ascii=False, indent=2))
