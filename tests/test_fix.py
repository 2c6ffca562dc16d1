"""lint --fix: only certain fixes, only the fixed spans change, every other byte is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

ACCEPTANCE = "Great news!!! It arrives on the the Thursday."


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_acceptance_sentence_keeps_every_other_byte(cli, tmp_path: Path, newline: str) -> None:
    before = newline.join(
        ["Subject: Delivery", "", "Hi Ana,", "", ACCEPTANCE, "", "Best regards,", "Sam", ""]
    )
    path = tmp_path / "r.txt"
    path.write_bytes(before.encode())
    path.chmod(0o600)
    result = cli("lint", "--fix", str(path), "--format", "line")
    assert result.stderr == f"fixed 2 problems in {path}\n"
    assert (
        path.read_bytes()
        == before.replace(ACCEPTANCE, "Great news! It arrives on the Thursday.").encode()
    )
    assert path.stat().st_mode & 0o777 == 0o600


def test_fix_keeps_a_byte_order_mark(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xef\xbb\xbfSubject: Hi\n\nHi Ana,\n\nThanks  a lot !\n")
    cli("lint", "--fix", str(path))
    assert path.read_bytes() == b"\xef\xbb\xbfSubject: Hi\n\nHi Ana,\n\nThanks a lot!\n"


def test_safe_word_replacements_only(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    text = (
        "Subject: Hi\n\nDear Customer,\n\nI'm gonna utilize [Customer Name] and leverage "
        "XXX. Unfortunately, sorry for any inconvenience.\n"
    )
    path.write_text(text)
    cli("lint", "--fix", str(path))
    assert path.read_text() == text.replace("gonna", "going to").replace("utilize", "use")


def test_diff_changes_nothing(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(f"Subject: Hi\n\n{ACCEPTANCE}\n")
    result = cli("lint", "--fix", "--diff", str(path))
    assert result.code == 0
    assert result.stdout == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,3 +1,3 @@\n Subject: Hi\n \n"
        f"-{ACCEPTANCE}\n+Great news! It arrives on the Thursday.\n"
    )
    assert path.read_text() == f"Subject: Hi\n\n{ACCEPTANCE}\n"


def test_fix_stdin_prints_the_fixed_text(cli) -> None:
    result = cli("lint", "--fix", "-", input=f"Subject: Hi\n\n{ACCEPTANCE}\n")
    assert result.code == 0
    assert result.stdout == "Subject: Hi\n\nGreat news! It arrives on the Thursday.\n"


def test_fix_reports_what_is_left(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: Hi\n\nHi Ana,\n\nYour order XXX ships!!\n\nBest regards,\nSam\n")
    result = cli("lint", "--fix", str(path), "--format", "line", "--min-severity", "warning")
    assert result.code == 1
    assert path.read_text().endswith("Your order XXX ships!\n\nBest regards,\nSam\n")
    assert result.stdout == (
        f"{path}:5:12: error: unfilled placeholder 'XXX' (suggestion: "
        "replace it with the real value before sending) [placeholder]\n"
    )
