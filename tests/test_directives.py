"""``{# replykit: disable ... #}`` comments: honoured by lint and --fix, invisible to rules."""

from __future__ import annotations

from pathlib import Path

REPLY = """Subject: Your refund

Hi Ana,

Your refund is done!! It is the the best news. {# replykit: disable-line punctuation-run #}
Wow!! Thanks for your patience.

Best regards,
Sam
"""


def lines_of(result) -> list[str]:
    return [line.split(": ", 1)[1] for line in result.stdout.splitlines()]


def test_disable_line_and_file_comments(cli, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    result = cli("lint", "--format", "line", str(reply))
    assert [line.split(":", 3)[1:3] for line in result.stdout.splitlines()] == [
        ["5", "32"],
        ["6", "4"],
    ]
    assert "[repeated-word]" in result.stdout.splitlines()[0]
    assert "[punctuation-run]" in result.stdout.splitlines()[1]  # line 6 is not covered

    reply.write_text(REPLY + "{# replykit: disable repeated-word, punctuation-run #}\n")
    assert cli("lint", "--format", "line", str(reply)).stdout == ""


def test_comments_are_masked_from_every_rule(cli, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    text = (
        "Subject: Your refund\n\nHi Ana,\n\nThanks for waiting. It is done.  {# note #}"
        "\n\nBest regards,\nSam\n"
    )
    reply.write_text(text, encoding="utf-8")
    assert "[spacing]" in cli("lint", "--format", "line", str(reply)).stdout  # "done.  {#"
    reply.write_text(text.replace("{# note #}", "{# replykit: disable-line emoji #}"))
    assert cli("lint", "--format", "line", str(reply)).stdout == ""


def test_fix_leaves_disabled_findings_alone(cli, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    cli("lint", "--fix", str(reply))
    fixed = reply.read_text(encoding="utf-8").splitlines()
    assert fixed[4] == (
        "Your refund is done!! It is the best news. {# replykit: disable-line punctuation-run #}"
    )
    assert fixed[5] == "Wow! Thanks for your patience."
