"""The pseudonym key: made once with owner-only permissions, never printed or written
into an output, taken from the environment when set, and never silently replaced.

The key's rules are tested on the functions that hold them (load_key, warehouse_key,
years_to_run's check, PersonKeys); one real `yingcai run` shows the key file a first run
makes and the person_keys it writes, and the command-line refusals reuse its output."""

import datetime as dt
import hashlib
import hmac
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import KEYED_STUDENT
from warehouse_state import query

from pipelines.contract.national_id import make
from pipelines.identity import (
    KEY_ENVIRONMENT_VARIABLE,
    KEY_FILE_NAME,
    PseudonymKeyError,
    key_check,
    load_key,
)
from pipelines.paths import Paths
from pipelines.preflight import UserError, years_to_run
from pipelines.restricted.pseudonym_key_check import warehouse_key

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
STUDENT = KEYED_STUDENT


def hmac_hex(key: str, national_id: str) -> str:
    return hmac.new(key.encode(), national_id.encode(), hashlib.sha256).hexdigest()


def yingcai_run(input_dir, output_dir, env_key=None):
    env = {k: v for k, v in os.environ.items() if k != KEY_ENVIRONMENT_VARIABLE}
    if env_key:
        env[KEY_ENVIRONMENT_VARIABLE] = env_key
    return subprocess.run(
        [YINGCAI, "run", "--input", str(input_dir), "--output", str(output_dir)],
        capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture
def no_environment_key(monkeypatch):
    monkeypatch.delenv(KEY_ENVIRONMENT_VARIABLE, raising=False)


# --- the functions ------------------------------------------------------------------------

def test_a_new_output_gets_an_owner_only_key_file_that_later_calls_read(tmp_path, no_environment_key):
    key = load_key(tmp_path / "out", warehouse_has_people=False)
    key_file = tmp_path / "out" / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text() == key.decode() + "\n" and len(key) == 64
    assert load_key(tmp_path / "out", warehouse_has_people=True) == key
    assert sorted(os.listdir(tmp_path / "out")) == [KEY_FILE_NAME]  # no temporary left


def test_the_environment_key_is_used_and_no_key_file_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENVIRONMENT_VARIABLE, "k" * 40)
    assert load_key(tmp_path, warehouse_has_people=True) == b"k" * 40
    assert not (tmp_path / KEY_FILE_NAME).exists()
    monkeypatch.setenv(KEY_ENVIRONMENT_VARIABLE, "k" * 31)
    with pytest.raises(PseudonymKeyError, match="shorter than 32 characters"):
        load_key(tmp_path, warehouse_has_people=False)


def test_a_missing_key_file_for_a_warehouse_with_people_is_refused(tmp_path, no_environment_key):
    with pytest.raises(PseudonymKeyError, match="is missing"):
        load_key(tmp_path, warehouse_has_people=True)
    assert not (tmp_path / KEY_FILE_NAME).exists()  # no silent new key


def test_a_key_file_left_empty_before_anyone_was_keyed_is_replaced_by_a_whole_key(tmp_path, no_environment_key):
    (tmp_path / KEY_FILE_NAME).write_bytes(b"")
    key = load_key(tmp_path, warehouse_has_people=False)
    assert len(key) == 64 and (tmp_path / KEY_FILE_NAME).read_bytes() == key + b"\n"
    assert sorted(os.listdir(tmp_path)) == [KEY_FILE_NAME]


def test_a_key_file_found_empty_after_people_were_keyed_is_refused(tmp_path, no_environment_key):
    (tmp_path / KEY_FILE_NAME).write_bytes(b"")
    with pytest.raises(PseudonymKeyError, match="is damaged .* restore it"):
        load_key(tmp_path, warehouse_has_people=True)
    assert (tmp_path / KEY_FILE_NAME).read_bytes() == b""  # never silently replaced


def test_the_warehouse_keeps_a_check_value_and_refuses_another_key(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENVIRONMENT_VARIABLE, "a" * 40)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA restricted")
        assert warehouse_key(con, tmp_path) == b"a" * 40
        assert con.execute("SELECT check_value FROM restricted.pseudonym_key_check").fetchall() == [
            (key_check(b"a" * 40),)
        ]
        assert warehouse_key(con, tmp_path) == b"a" * 40
        monkeypatch.setenv(KEY_ENVIRONMENT_VARIABLE, "b" * 40)
        with pytest.raises(PseudonymKeyError, match="not the one this warehouse was built with"):
            warehouse_key(con, tmp_path)


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


# --- one real run, and the refusals before a run over its output --------------------------

@pytest.fixture(scope="module")
def first_run(command_line_run):
    """The session's command-line run (conftest.py): a first run without
    YINGCAI_PSEUDONYM_KEY over a delivery with one student."""
    return command_line_run.root, command_line_run.done


def test_first_run_makes_an_owner_only_key_file_and_never_shows_the_key(first_run):
    root, done = first_run
    out = root / "out"
    key_file = out / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) == 64
    assert key not in done.stdout + done.stderr
    for path in out.rglob("*"):
        if path.is_file() and path != key_file:
            assert key.encode() not in path.read_bytes(), path
    assert query(out / "warehouse.duckdb", "SELECT person_key FROM core.persons") == [(hmac_hex(key, STUDENT),)]


def test_a_run_with_a_different_key_is_refused_in_one_line(first_run, tmp_path):
    root, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    done = yingcai_run(root / "in", out, env_key="x" * 40)
    assert done.returncode == 2
    assert "not the one this warehouse was built with" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_missing_or_damaged_key_file_refuses_the_run_before_it_starts(first_run, tmp_path, no_environment_key):
    root, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    paths = Paths(input_dir=str(root / "in"), output_dir=str(out))
    assert years_to_run(paths) == [2019]
    (out / KEY_FILE_NAME).unlink()
    with pytest.raises(UserError, match="pseudonym key file .* is missing"):
        years_to_run(paths)
    assert not (out / KEY_FILE_NAME).exists()  # no silent new key
    (out / KEY_FILE_NAME).write_bytes(b"")
    with pytest.raises(UserError, match="is damaged"):
        years_to_run(paths)
    assert (out / KEY_FILE_NAME).read_bytes() == b""
