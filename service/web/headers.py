"""The security headers of every response — pages, the API docs, JSON, files, error pages (404 included): one
after_request for the whole app, so no route can be framed, sniffed into another type or leak its address.

Pages load only our own files (the form's preview iframe is `srcdoc`, which inherits the page's policy and is not
subject to frame-ancestors); everything else (JSON, problem+json, .docx/.pdf/.zip) may load nothing at all. A view
that needs another policy (the document preview) sets its own Content-Security-Policy; the rest are fixed."""
from __future__ import annotations

from flask import Flask, Response

PAGE_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
NON_PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def security_headers(resp: Response) -> Response:
    csp = PAGE_CSP if resp.mimetype == "text/html" else NON_PAGE_CSP
    resp.headers.setdefault("Content-Security-Policy", csp)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Referrer-Policy"] = "same-origin"
    return resp


def init_app(app: Flask) -> None:
    app.after_request(security_headers)
