"""Test helper: write a changed copy of a template, as a clerk restyling it in Word would."""
import io
import os
import zipfile
from pathlib import Path


def build_variant(path: Path, old: str, new: str) -> None:
    data = Path(path).read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/document.xml":
                blob = blob.replace(old.encode(), new.encode())
            zf.writestr(info.filename, blob)
    Path(path).write_bytes(out.getvalue())
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even within one tick
