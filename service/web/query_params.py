"""Unknown query parameters on `/api/v1` are refused (400 naming them), from the OpenAPI document itself.

A typo such as `?fromat=pdf` would otherwise be ignored silently and answer a .docx; the document lists every
parameter an operation takes, so anything else is the caller's mistake to hear about.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask, Response, current_app, request

from service.validate import FieldError
from service.web.problems import problem

_CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


@lru_cache(maxsize=4)
def _known(spec_key: tuple) -> dict[tuple[str, str], frozenset[str]]:
    from service.web.openapi import openapi_document

    spec = openapi_document(*spec_key)
    known = {}
    for path, item in spec["paths"].items():
        shared = [p for p in item.get("parameters", []) if p.get("in") == "query"]
        for method, op in item.items():
            if method == "parameters":
                continue
            names = {p["name"] for p in shared + op.get("parameters", []) if p.get("in") == "query"}
            known[(method.upper(), path)] = frozenset(names)
    return known


def _refuse_unknown() -> Response | None:
    rule = request.url_rule
    if rule is None or not rule.rule.startswith("/api/v1/") or not request.args:
        return None
    cfg = current_app.config
    key = (int(cfg.get("BATCH_MAX_ROWS", 2000)), tuple(cfg.get("CALLBACK_ALLOW") or ()))
    method = "GET" if request.method == "HEAD" else request.method
    allowed = _known(key).get((method, _CONVERTER.sub(r"{\1}", rule.rule)))
    if allowed is None:  # not an operation of the document (OPTIONS …): nothing to compare with
        return None
    unknown = sorted(set(request.args) - allowed)
    if not unknown:
        return None
    names = ", ".join(repr(n) for n in unknown)
    return problem(400, f"Tham số không có trong API: {names}", f"unknown query parameter(s): {names}",
                   errors=[FieldError(f"query.{n}", "Tham số không có trong API", "unknown query parameter")
                           for n in unknown])


def init_app(app: Flask) -> None:
    app.before_request(_refuse_unknown)
