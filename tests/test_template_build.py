"""The committed template is exactly what templates/build.py makes: a clerk's restyle is reproducible."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_committed_template_equals_a_fresh_build(tmp_path):
    out = tmp_path / "van-ban.docx"
    subprocess.run([sys.executable, str(ROOT / "templates" / "build.py"), str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    assert out.read_bytes() == (ROOT / "templates" / "van-ban.docx").read_bytes(), \
        "templates/van-ban.docx is stale: run `make templates` and commit it"
