"""The pseudonym key: made once with owner-only permissions, never printed or written
into an output, taken from the environment when set, and never silently replaced."""

import datetime as dt
import hashlib
import hmac
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from filemaker import write_csv
from warehouse_state import query

from pipelines.contract.national_id import make
from pipelines.identity import KEY_FILE_NAME

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
STUDENT = make("110101", dt.date(2004, 5, 6), 12, male=False)
COHORT = [
    ["身份证号", "姓名", "省份", "中学", "年级", "学科", "培养高校", "导师编号"],
    [STUDENT, "李四", "北京", "人大附中", "高二", "物理", "北京大学", "M001"],
]


def yingcai_run(input_dir, output_dir, env_key=None):
    env = {k: v for k, v in os.environ.items() if k != "YINGCAI_PSEUDONYM_KEY"}
    if env_key:
        env["YINGCAI_PSEUDONYM_KEY"] = env_key
    return subprocess.run(
        [YINGCAI, "run", "--input", str(input_dir), "--output", str(output_dir)],
        capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture
def delivery(tmp_path):
    write_csv(tmp_path / "in" / "2019" / "cohort.csv", COHORT)
    return tmp_path / "in"


def test_first_run_makes_an_owner_only_key_file_and_never_shows_the_key(delivery, tmp_path):
    out = tmp_path / "out"
    done = yingcai_run(delivery, out)
    assert done.returncode == 0, done.stderr
    key_file = out / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) == 64
    assert key not in done.stdout + done.stderr
    for path in out.rglob("*"):
        if path.is_file() and path != key_file:
            assert key.encode() not in path.read_bytes(), path
    (person_key,) = query(out / "warehouse.duckdb", "SELECT person_key FROM core.persons")[0]
    assert person_key == hmac.new(key.encode(), STUDENT.encode(), hashlib.sha256).hexdigest()


def test_key_from_the_environment_is_used_and_no_key_file_is_made(delivery, tmp_path):
    key = "k" * 40
    done = yingcai_run(delivery, tmp_path / "out", env_key=key)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "out" / KEY_FILE_NAME).exists()
    (person_key,) = query(tmp_path / "out" / "warehouse.duckdb", "SELECT person_key FROM core.persons")[0]
    assert person_key == hmac.new(key.encode(), STUDENT.encode(), hashlib.sha256).hexdigest()


def test_missing_key_file_for_an_existing_warehouse_is_an_error(delivery, tmp_path):
    out = tmp_path / "out"
    assert yingcai_run(delivery, out).returncode == 0
    (out / KEY_FILE_NAME).unlink()
    done = yingcai_run(delivery, out)
    assert done.returncode == 2
    assert "pseudonym key file" in done.stderr and "is missing" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert not (out / KEY_FILE_NAME).exists()  # no silent new key


def test_a_different_key_for_an_existing_warehouse_is_an_error(delivery, tmp_path):
    out = tmp_path / "out"
    assert yingcai_run(delivery, out).returncode == 0
    done = yingcai_run(delivery, out, env_key="x" * 40)
    assert done.returncode == 2
    assert "not the one this warehouse was built with" in done.stderr


def test_person_keys_are_the_hmac_of_each_distinct_id_and_agree_across_calls(monkeypatch):
    import polars as pl

    from pipelines import identity
    from pipelines.identity import PersonKeys

    computed = []
    hmac_of = identity.person_key
    monkeypatch.setattr(identity, "person_key", lambda k, i: computed.append(i) or hmac_of(k, i))
    key = b"a-test-key-of-thirty-two-bytes!!"
    other = make("440106", dt.date(2005, 1, 2), 7, male=True)
    keys = PersonKeys(key)
    first = keys.of(pl.Series([STUDENT, None, STUDENT]))
    second = keys.of(pl.Series([other, STUDENT]))
    expected = {i: hmac.new(key, i.encode(), hashlib.sha256).hexdigest() for i in (STUDENT, other)}
    assert first.rows() == [(STUDENT, expected[STUDENT])]
    assert dict(second.rows()) == expected
    assert sorted(computed) == sorted([STUDENT, other])  # once per ID, across calls
