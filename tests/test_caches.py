"""The start-up caches: they may save time, never change a result."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from replykit import fileio, regexcache

SAMPLES = [
    "Hi Ana,\n\nThanks for writing!!! We're SO sorry ... the refund (A-1) is done.",
    "Subject: RE: Fwd: re:  Your order   A-1 ,ok?!\n\n1. Open Settings\n- then click Save",
    "café naïve  coöperate — ÉMILE’s O’Brien don't 'bout",
    "",
]

PATTERNS = [
    (r"(?<![\w-])[A-Z][A-Z'’]+(?![\w-])", 0),
    (r"(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE),
    (r"(?P<word>[\w'’-]+)(?P<gap>\s*)", 0),
    (r"^\s*(?:\d+[.)]|[-*•])\s", re.MULTILINE),
    (r"[!?]{2,}|\.{4,}|,{2,}|…{2,}|[.…][!?]+|[!?]+[.…]", 0),
    (r"(?<=\S)  +(?=\S)", 0),
    (r"a.b", re.DOTALL | re.VERBOSE),
]


def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPLYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(regexcache, "_table", None)
    return tmp_path / "cache"


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_cached_regex_behaves_as_re_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int
) -> None:
    _isolated_cache(tmp_path, monkeypatch)
    expected = re.compile(pattern, flags)
    first = regexcache.compile(pattern, flags)  # assembled, then saved
    monkeypatch.setattr(regexcache, "_table", None)
    second = regexcache.compile(pattern, flags)  # read back from the file
    assert (pattern, int(flags)) in regexcache.cached_entries()
    for compiled in (first, second):
        assert compiled.pattern == expected.pattern
        assert compiled.flags == expected.flags
        assert compiled.groups == expected.groups
        assert compiled.groupindex == expected.groupindex
        for sample in SAMPLES:
            assert [m.span() for m in compiled.finditer(sample)] == [
                m.span() for m in expected.finditer(sample)
            ]
            assert compiled.sub("#", sample) == expected.sub("#", sample)


def test_a_damaged_regex_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _isolated_cache(tmp_path, monkeypatch)
    regexcache.compile(r"\d+")
    (cache_file,) = cache.glob("regex-*.marshal")
    cache_file.write_bytes(b"\x00not marshal")
    monkeypatch.setattr(regexcache, "_table", None)
    assert regexcache.compile(r"\d+").findall("a1b22") == ["1", "22"]


def test_a_bad_pattern_raises_as_re_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated_cache(tmp_path, monkeypatch)
    with pytest.raises(re.error):
        regexcache.compile(r"(unclosed")
    assert regexcache.cached_entries() == {}


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _isolated_cache(tmp_path, monkeypatch)
    monkeypatch.setenv("REPLYKIT_NO_REGEX_CACHE", "1")
    assert regexcache.compile(r"x+").findall("axxbx") == ["xx", "x"]
    assert not cache.exists()


def test_a_second_process_reads_the_rules_patterns_from_the_cache(tmp_path: Path) -> None:
    """The first run fills the cache; the next run assembles nothing."""
    code = (
        "import replykit.rules, replykit.regexcache as r\n"
        "replykit.rules.all_rules()\n"
        "print(len(r.cached_entries()))\n"
    )
    env = {"REPLYKIT_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    probe = (
        "import replykit.regexcache as r\n"
        "calls = []\n"
        "real = r.assemble\n"
        "r.assemble = lambda *a: calls.append(a) or real(*a)\n"
        "import replykit.rules\n"
        "replykit.rules.all_rules()\n"
        "print(len(calls))\n"
    )
    run = [sys.executable, "-c"]
    filled = subprocess.run([*run, code], env=env, capture_output=True, text=True, check=True)
    assert int(filled.stdout) >= 20
    again = subprocess.run([*run, probe], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "0"


def test_toml_parse_is_reused_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "customer.toml"
    path.write_text('name = "Ana"\n', encoding="utf-8")
    assert fileio.load_toml(path) == {"name": "Ana"}
    cached = fileio._toml_cache_file(path)
    assert cached.is_file()
    path.write_text('name = "Bea"\n', encoding="utf-8")  # same length, new text
    assert fileio.load_toml(path) == {"name": "Bea"}
    path.write_text('name = "Bea\n', encoding="utf-8")
    with pytest.raises(fileio.InputError, match=r"customer\.toml"):
        fileio.load_toml(path)


def test_toml_with_dates_is_parsed_every_time(tmp_path: Path) -> None:
    """Dates do not marshal: such a file is simply not cached."""
    path = tmp_path / "ticket.toml"
    path.write_text("opened = 2026-11-02\n", encoding="utf-8")
    first = fileio.load_toml(path)
    assert str(first["opened"]) == "2026-11-02"
    assert fileio.load_toml(path) == first
    assert not fileio._toml_cache_file(path).exists()
