"""The set-up a fresh machine runs: `make system` (scripts/system.sh) and the gunicorn configuration."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from service.config import ConfigError, server_settings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system.sh"


def _listed() -> list[str]:
    lines = (ROOT / "scripts" / "system-packages.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [str(SCRIPT), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def test_dry_run_lists_nothing_once_make_system_has_run():
    """`make test` runs `make system` first, so on this machine every listed package is installed."""
    res = _run("--dry-run")
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    for pkg in ("libreoffice-writer-nogui", "python3-uno", "chromium", "poppler-utils"):
        assert pkg in _listed()


def test_dry_run_lists_exactly_the_missing_packages(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("# a comment line\nbash   # installed everywhere\nvanban-no-such-package-a\n\n"
                       "coreutils\nvanban-no-such-package-b # needed by nobody\n", encoding="utf-8")
    res = _run("--dry-run", env={"VANBAN_SYSTEM_PACKAGES": str(listing)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["vanban-no-such-package-a", "vanban-no-such-package-b"]


def test_all_present_is_silent_and_installs_nothing(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("bash\ncoreutils\n", encoding="utf-8")
    res = _run(env={"VANBAN_SYSTEM_PACKAGES": str(listing)})
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_without_root_or_sudo_it_names_the_missing_packages_and_fails():
    """As an unprivileged user (root drops to `nobody` for the test) the script cannot install: it says what to run."""
    with tempfile.TemporaryDirectory() as tmp:  # not under pytest's 0700 tmp folder, so `nobody` can read it
        script_dir = Path(tmp) / "scripts"
        script_dir.mkdir()
        shutil.copy(SCRIPT, script_dir / "system.sh")
        listing = script_dir / "system-packages.txt"
        listing.write_text("bash\nvanban-no-such-package\n", encoding="utf-8")
        for p in (Path(tmp), script_dir, script_dir / "system.sh", listing):
            p.chmod(0o755)
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] if os.geteuid() == 0 else []
        res = subprocess.run([*drop, str(script_dir / "system.sh")], capture_output=True, text=True, timeout=60,
                             env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    assert res.returncode == 1, res.stderr
    assert "vanban-no-such-package" in res.stderr and "apt-get install" in res.stderr
    assert "bash" not in res.stderr.split("apt-get install", 1)[1]


def test_server_settings_default_leave_room_for_the_longest_pdf_request():
    s = server_settings({})
    assert s["workers"] == 2 and s["bind"] == "0.0.0.0:8000"
    assert s["timeout"] > 60 + 60 and s["graceful_timeout"] > 0
    assert s["max_requests"] > 0 and 0 < s["max_requests_jitter"] < s["max_requests"]
    env = {"WEB_CONCURRENCY": "5", "PORT": "9000", "VANBAN_WORKER_TIMEOUT": "200"}
    assert (server_settings(env)["workers"], server_settings(env)["bind"], server_settings(env)["timeout"]) == (
        5, "0.0.0.0:9000", 200)


@pytest.mark.parametrize("env", [{"VANBAN_PDF_TIMEOUT": "100"},  # 60 s start + 100 s > 150 s
                                 {"VANBAN_WORKER_TIMEOUT": "100"},
                                 {"VANBAN_PDF_TIMEOUT": "20", "VANBAN_PDF_START_TIMEOUT": "20",
                                  "VANBAN_WORKER_TIMEOUT": "40"}])
def test_a_worker_timeout_that_would_cut_a_pdf_short_is_refused(env):
    with pytest.raises(ConfigError, match="VANBAN_WORKER_TIMEOUT"):
        server_settings(env)


def test_bad_numbers_name_their_variable():
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY"):
        server_settings({"WEB_CONCURRENCY": "two"})


def test_gunicorn_config_stops_the_server_with_the_reason():
    env = {**os.environ, "VANBAN_PDF_TIMEOUT": "300"}
    res = subprocess.run([sys.executable, "-c", "import service.web.gunicorn_conf"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert res.returncode == 2
    assert "VANBAN_WORKER_TIMEOUT" in res.stderr and "504" in res.stderr


def test_procfile_and_serve_use_the_gunicorn_config():
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    assert "-c python:service.web.gunicorn_conf" in procfile
    env = {**os.environ, "VANBAN_PDF_TIMEOUT": "300"}
    res = subprocess.run([sys.executable, "-m", "service", "serve", "--port", "1"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert res.returncode != 0 and "VANBAN_WORKER_TIMEOUT" in res.stderr
