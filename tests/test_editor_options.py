"""The lint options editors rely on: --columns for the line format, --stdin-filename."""

from __future__ import annotations

from pathlib import Path

import pytest

from replykit.reporters.line import convert_column

REPLY = (
    "Subject: Your order\n\nHi Ana,\n\n"
    "Olá, café résumé 😀 your order XXX ships on Friday.\n"
    "Total:\t€49, refund comes soon!!\n\nBest regards,\nSam\n"
)


@pytest.mark.parametrize(
    ("unit", "columns"),
    [
        ("character", ["3:1", "5:18", "5:31", "6:30"]),
        # á é é é are 2 bytes, the emoji 4; the tab and € (3 bytes) come before the !!.
        ("byte", ["3:1", "5:22", "5:38", "6:32"]),
        # the emoji is a surrogate pair: 2 UTF-16 units.
        ("utf-16", ["3:1", "5:18", "5:32", "6:30"]),
    ],
)
def test_line_format_counts_columns_in_the_unit_asked(sh, unit: str, columns: list[str]) -> None:
    result = sh("lint", "--format", "line", "--columns", unit, "-", input=REPLY)
    assert result.code == 1, result
    assert [
        line.split(":", 3)[1] + ":" + line.split(":", 3)[2] for line in result.stdout.splitlines()
    ] == columns


def test_columns_default_to_characters(sh) -> None:
    plain = sh("lint", "--format", "line", "-", input=REPLY)
    explicit = sh("lint", "--format", "line", "--columns", "character", "-", input=REPLY)
    assert plain.stdout == explicit.stdout and "<stdin>:5:31: error" in plain.stdout


def test_unknown_column_unit_is_a_usage_error(sh) -> None:
    result = sh("lint", "--columns", "screen", "-", input=REPLY)
    assert result.code == 2 and "screen" in result.stderr


def test_convert_column_past_the_end_of_the_line() -> None:
    """A finding at the line end (after the last character) still converts."""
    assert convert_column("café", 5, "byte") == 6
    assert convert_column("café", 7, "byte") == 8
    assert convert_column("😀", 2, "utf-16") == 3


def test_json_gives_end_positions(sh) -> None:
    import json

    result = sh("lint", "--format", "json", "-", input=REPLY)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    placeholder = next(f for f in findings if f["rule"] == "placeholder")
    assert (placeholder["line"], placeholder["column"]) == (5, 31)
    assert (placeholder["end_line"], placeholder["end_column"]) == (5, 34)


def test_stdin_filename_names_the_findings_and_finds_the_config(sh, tmp_path: Path) -> None:
    project = tmp_path / "team"
    (project / "drafts").mkdir(parents=True)
    (project / "replykit.toml").write_text('[lint]\ndisable = ["placeholder"]\n')
    name = str(project / "drafts" / "unsaved.txt")  # need not exist: an editor's new buffer
    result = sh(
        "lint", "--format", "line", "--stdin-filename", name, "-", input=REPLY, cwd=tmp_path
    )
    assert result.code == 0, result
    assert result.stdout.splitlines()[0].startswith(f"{name}:3:1: suggestion:")
    assert "[placeholder]" not in result.stdout
    # Without it, the working folder's (no) config applies and stdin is <stdin>.
    result = sh("lint", "--format", "line", "-", input=REPLY, cwd=tmp_path)
    assert result.code == 1 and "<stdin>:5:31: error" in result.stdout


def test_stdin_filename_names_an_input_error_too(sh, tmp_path: Path) -> None:
    name = str(tmp_path / "draft.txt")
    result = sh("lint", "--stdin-filename", name, "-", input=b"Subject: x\n\n\xff\xfe\n")
    assert result.code == 2
    assert result.stderr == f"error: {name}:3:1: is not valid UTF-8 (save the file as UTF-8)\n"
