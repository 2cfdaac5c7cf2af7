"""The data dir is the service's alone: folders 0700, files 0600 from their creation (the secret key and the SQLite
database included, even under a permissive umask); job.json names the register instead of holding its URL;
uploads, jobs and roll-forward files go after the retention period (`vanban gc`, and a sweep at most once an hour);
anonymous uploads share a disk quota (507 naming the limit)."""
from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrf_client import CsrfClient
from test_batch_helpers import BASE_PATH, csv_bytes, grown_rows
from service.batch import jobs, retention, rollfiles
from service.cli import cli
from service.register import auth
from service.register.db import make_engine, upgrade
from service.register.issue import issue
from service.web.register_state import state
from service.store.private import create_private, write_private
from service.web.app import create_app

SEED = BASE_PATH.parent.parent / "ke-hoach-2024.json"
PASSWORD = "mat-khau-dung-10"
OLD = 8 * 86400  # older than the default 7 days


def make_app(data_dir: Path, **extra):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{data_dir / 'vanban.db'}", **extra})
    app.test_client_class = CsrfClient
    return app


@pytest.fixture
def permissive_umask():
    """What a careless shell or service manager gives the process; the service must not depend on it."""
    before = os.umask(0)
    yield
    os.umask(before)


def table_bytes(rows: int = 3) -> bytes:
    table = [r for r in grown_rows(24) if not r["issuer.name"]][:rows]
    return csv_bytes(table)


def upload(client, table: bytes | None = None):
    return client.post("/batch/", data={"base": (io.BytesIO(BASE_PATH.read_bytes()), "ke-hoach-2025.json"),
                                        "table": (io.BytesIO(table or table_bytes()), "units.csv")},
                       content_type="multipart/form-data")


def modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        out[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return out


def test_everything_in_the_data_dir_is_private(tmp_path, permissive_umask):
    data = tmp_path / "var"
    app = make_app(data)
    auth.create_user(state(app).engine, "van.thu", PASSWORD, "clerk")
    client = app.test_client()
    assert client.post("/login", data={"username": "van.thu", "password": PASSWORD}).status_code == 303
    job_url = upload(client).headers["Location"]
    assert client.post(f"{job_url}/start", data={"issue": "1"}).status_code == 303
    deadline = time.monotonic() + 120
    while client.get(f"{job_url}/status").get_json()["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.get(f"{job_url}/download").status_code == 200
    page = client.post("/batch/roll-forward", data={"document": (io.BytesIO(SEED.read_bytes()), "kh.json"),
                                                    "year": "2025"}, content_type="multipart/form-data")
    assert page.status_code == 200

    found = modes(data)
    names = set(found)
    assert {"secret_key", "vanban.db", "batches", "roll-forward", "store"} <= {n.split("/")[0] for n in names}
    assert any(n.endswith(".zip") for n in names) and any(n.endswith("job.json") for n in names)
    assert any(n.startswith("store/") and len(n.rsplit("/", 1)[-1]) == 64 for n in names)  # issued documents
    for name, mode in found.items():
        path = data / name
        assert mode == (0o700 if path.is_dir() else 0o600), f"{name}: {oct(mode)}"


def test_the_secret_key_and_database_are_0600_from_creation(tmp_path, permissive_umask):
    """No moment where another account could read them: created with the mode, not chmod'ed afterwards."""
    target = tmp_path / "secret"
    assert create_private(target, b"s3cret") and target.read_bytes() == b"s3cret"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not create_private(target, b"other") and target.read_bytes() == b"s3cret"  # never overwritten
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]  # no temporary file left

    url = f"sqlite:///{tmp_path / 'db' / 'v.db'}"
    upgrade(url)  # Alembic creates the database first
    engine = make_engine(url)
    issue(engine, tmp_path / "store", {**__import__("json").loads(SEED.read_text()), "date": "2024-02"}, actor="t")
    engine.dispose()
    for name in os.listdir(tmp_path / "db"):
        assert stat.S_IMODE(os.stat(tmp_path / "db" / name).st_mode) == 0o600, name
    assert stat.S_IMODE(os.stat(tmp_path / "db").st_mode) == 0o700

    written = tmp_path / "w.json"
    write_private(written, b"{}")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_an_older_installation_is_tightened_at_start(tmp_path):
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    (data / "secret_key").write_text("a" * 64)
    os.chmod(data / "secret_key", 0o644)
    (data / "vanban.db").touch()
    os.chmod(data / "vanban.db", 0o644)
    app = make_app(data)
    state(app)  # the register opens its database
    assert app.config["SECRET_KEY"] == "a" * 64
    for name, mode in (("", 0o700), ("secret_key", 0o600), ("vanban.db", 0o600)):
        assert stat.S_IMODE(os.stat(data / name).st_mode) == mode, name


def test_job_json_names_the_register_never_its_url(tmp_path):
    secret_url = "postgresql+psycopg://vanban:mat-khau-csdl@db.local/vanban"
    job_id = jobs.create_job(tmp_path, table=table_bytes(), table_name="units.csv", base=BASE_PATH.read_bytes(),
                             base_name="ke-hoach-2025.json", owner={"principal": "user:van.thu", "agency": None})
    path = jobs.job_dir(tmp_path, job_id)
    jobs.request_issue(path, actor="user:van.thu")
    text = (path / "job.json").read_text()
    assert "mat-khau-csdl" not in text and "sqlite" not in text and "postgresql" not in text
    assert jobs.job_info(path)["issue"] == {"actor": "user:van.thu", "register": jobs.REGISTER_REF,
                                                   "agencies": None}  # the issuing clerk works for every agency
    # the worker finds the register in its own settings
    env = {"DATABASE_URL": secret_url, "VANBAN_DATA_DIR": str(tmp_path), "VANBAN_STORE_DIR": str(tmp_path / "st")}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        found = jobs.configured_register()
    assert found == jobs.RegisterLocation(secret_url, (tmp_path / "st").resolve())


def age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(p, (when, when))


def test_vanban_gc_removes_what_outlived_the_retention(tmp_path, monkeypatch):
    owner = {"principal": "anon:x", "agency": None}
    old_job = jobs.create_job(tmp_path, table=table_bytes(), table_name="units.csv", base=BASE_PATH.read_bytes(),
                              base_name="b.json", owner=owner)
    new_job = jobs.create_job(tmp_path, table=table_bytes(), table_name="units.csv", base=BASE_PATH.read_bytes(),
                              base_name="b.json", owner=owner)
    old_file = rollfiles.save(tmp_path, {"type": "ke_hoach"}, owner)
    new_file = rollfiles.save(tmp_path, {"type": "ke_hoach"}, owner)
    age(jobs.job_dir(tmp_path, old_job), OLD)
    age(rollfiles.roll_dir(tmp_path) / f"{old_file}.json", OLD)
    store = tmp_path / "store" / "ab"
    store.mkdir(parents=True)
    (store / "issued").write_bytes(b"x")
    age(store, 400 * 86400)  # issued documents are records: never the sweep's

    monkeypatch.setenv("VANBAN_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["gc"])
    assert result.exit_code == 0, result.output
    assert "Đã xóa 1 lô văn bản và 1 tệp bản năm sau" in result.output
    with pytest.raises(KeyError):
        jobs.job_dir(tmp_path, old_job)
    with pytest.raises(KeyError):
        rollfiles.load(tmp_path, old_file)
    assert jobs.job_dir(tmp_path, new_job) and rollfiles.load(tmp_path, new_file)
    assert (store / "issued").exists()

    monkeypatch.setenv("VANBAN_RETENTION_DAYS", "0")  # configurable: nothing is kept
    assert "Đã xóa 1 lô văn bản và 1 tệp bản năm sau" in CliRunner().invoke(cli, ["gc"]).output
    assert "Đã xóa 0 lô" in CliRunner().invoke(cli, ["gc", "--days", "3"]).output


def test_a_running_job_is_never_swept(tmp_path):
    job_id = jobs.create_job(tmp_path, table=table_bytes(), table_name="units.csv", base=BASE_PATH.read_bytes(),
                             base_name="b.json", owner={"principal": "anon:x", "agency": None})
    path = jobs.job_dir(tmp_path, job_id)
    age(path, OLD)
    os.utime(path / "state.json")  # its worker just wrote its progress
    assert retention.sweep(tmp_path, max_age_days=7).jobs == 0 and path.exists()


def test_the_service_sweeps_by_itself_at_most_once_an_hour(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    first = upload(client).headers["Location"]
    age(jobs.job_dir(tmp_path, first.rsplit("/", 1)[1]), OLD)
    assert client.get(first).status_code == 200  # the sweep of the first upload ran before it existed
    upload(client)  # within the hour: no sweep
    assert client.get(first).status_code == 200
    age(tmp_path / retention.MARKER, 2 * 3600)
    upload(client)  # an hour later: the old job goes
    assert client.get(first).status_code == 404


def test_anonymous_uploads_share_a_disk_quota(tmp_path):
    table = table_bytes(3)
    app = make_app(tmp_path, ANON_QUOTA_BYTES=2 * len(table) + 2 * len(BASE_PATH.read_bytes()) + 4096)
    auth.create_user(state(app).engine, "soan.thao", PASSWORD, "drafter")
    first, second = app.test_client(), app.test_client()  # two anonymous browsers count together
    assert upload(first, table).status_code == 303
    assert upload(second, table).status_code == 303
    refused = upload(first, table)
    assert refused.status_code == 507
    limit_mb = f"{app.config['ANON_QUOTA_BYTES'] / 1024 / 1024:g} MB"
    assert "Dung lượng dành cho người dùng chưa đăng nhập đã hết" in refused.text and limit_mb in refused.text
    assert len(list((tmp_path / "batches").iterdir())) == 2  # nothing of the refused upload was stored
    roll = first.post("/batch/roll-forward", data={"document": (io.BytesIO(SEED.read_bytes()), "kh.json"),
                                                   "year": "2025"}, content_type="multipart/form-data")
    assert roll.status_code == 507

    staff = app.test_client()  # logged-in staff are not counted against it
    assert staff.post("/login", data={"username": "soan.thao", "password": PASSWORD}).status_code == 303
    assert upload(staff, table).status_code == 303
