"""Signing benchmark (issue [sign]): the seed plan rendered to a 3-page PDF, signed with a PKCS#12 key (key
opened, signature block found in the text layer, PAdES B-B with the blue image) and verified (chain to the test
root, integrity, changes after signing).

Prints human lines, then `bench sign sign_ms=… verify_ms=… sign_both_ms=… pages=…` as its last line (medians).
Targets: sign < 150 ms, verify < 100 ms. Keys are made here with `cryptography` (never a real key)."""
from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sign_support import key_specs, make_pki  # noqa: E402
from service.convert import Converter, PdfSettings  # noqa: E402
from service.render import render_docx  # noqa: E402
from service.sign import locate, roles, settings  # noqa: E402
from service.sign.keys import open_signer  # noqa: E402
from service.sign.pades import Options  # noqa: E402
from service.sign.verify import verify  # noqa: E402

RUNS = 20


def main() -> None:
    doc = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        conv = Converter(PdfSettings(workers=1, timeout=60, runtime_dir=str(Path(scratch) / "rt")))
        try:
            pdf = conv.to_pdf(render_docx(doc))
        finally:
            conv.shutdown()
        pages = len(set(ln.page for ln in locate.read_lines(pdf)[0]))
        pki = make_pki(Path(scratch) / "pki")
        signer_spec, agency_spec = key_specs(pki)
        roots = settings.load_trust_roots(pki.trust_dir)
        where = roles.Where(*locate.expected_lines(doc))
        options = Options()
        sign_ms, both_ms, verify_ms = [], [], []
        signed = b""
        for i in range(RUNS + 2):
            now = dt.datetime.now(dt.timezone.utc)
            t0 = time.perf_counter()
            with open_signer(signer_spec) as key:
                first = roles.sign_signer(pdf, key, signer_spec, where, signing_time=now, options=options)
            t1 = time.perf_counter()
            with open_signer(agency_spec) as key:
                second = roles.sign_agency(first.data, key, agency_spec, where, signing_time=now, options=options)
            t2 = time.perf_counter()
            report = verify(second.data, roots)
            t3 = time.perf_counter()
            assert report.ok, report.as_dict()
            if i >= 2:  # the first runs load fonts and modules
                sign_ms.append((t1 - t0) * 1000)
                both_ms.append((t2 - t0) * 1000)
                verify_ms.append((t3 - t2) * 1000)
            signed = second.data
        print(f"seed plan: {pages} pages, {len(pdf)} bytes; signed (signer + agency) {len(signed)} bytes")
        print(f"signer signature p50 {statistics.median(sign_ms):.1f} ms (target < 150), "
              f"both {statistics.median(both_ms):.1f} ms; verify 2 signatures p50 "
              f"{statistics.median(verify_ms):.1f} ms (target < 100)")
        print(f"bench sign sign_ms={statistics.median(sign_ms):.1f} verify_ms={statistics.median(verify_ms):.1f} "
              f"sign_both_ms={statistics.median(both_ms):.1f} pages={pages}")


if __name__ == "__main__":
    main()
