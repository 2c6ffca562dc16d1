"""LanguageTool through the real language-tool-python client, against a loopback server."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from lt_server import FakeLanguageTool

from replykit.grammar.languagetool import text_to_send, utf16_to_index
from replykit.text.reply import parse_reply

REPLY = (
    "Subject: He go home\n\nHi Ana,\n\n> He go quoted\nCafé 🎉 He go to the store and "
    "bought a apple. Your refnud is the the best.\n\nBest regards,\nSam\n"
)


@pytest.fixture
def lt():
    with FakeLanguageTool() as server:
        yield server


@pytest.fixture
def reply_file(tmp_path: Path) -> Path:
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    return path


def lint_json(cli, *args: str) -> tuple[int, list[dict]]:
    result = cli("lint", *args, "--format", "json")
    data = json.loads(result.stdout)
    return result.code, [f for file in data["files"] for f in file["findings"]]


def test_grammar_and_spelling_findings_at_exact_positions(cli, lt, reply_file: Path) -> None:
    code, findings = lint_json(cli, str(reply_file), "--languagetool", lt.url, "--no-cache")
    found = [
        (f["rule"], f["line"], f["column"], f["end_column"], f["origin"], f["suggestion"])
        for f in findings
        if f["origin"] != "replykit"
    ]
    assert found == [
        ("grammar", 1, 10, 15, "languagetool:HE_VERB_AGR", "He goes, He went"),
        ("grammar", 6, 8, 13, "languagetool:HE_VERB_AGR", "He goes, He went"),
        ("grammar", 6, 38, 45, "languagetool:EN_A_VS_AN", "an apple"),
        ("spelling", 6, 52, 58, "languagetool:MORFOLOGIK_RULE_EN_US", "refund"),
    ]
    # LanguageTool's repeated word is the built-in finding's: reported once
    assert [f["rule"] for f in findings if f["line"] == 6 and f["column"] == 65] == [
        "repeated-word"
    ]
    assert all(
        f["origin"] == "replykit" for f in findings if f["rule"] not in ("grammar", "spelling")
    )
    assert code == 0
    assert lt.requests[0]["language"] == "en-US"
    assert "He go quoted" not in lt.requests[0]["text"]  # quoted text is not the agent's


def test_acceptance_sentence(cli, lt, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: Your order\n\nHi Ana,\n\nHe go to the store and bought a apple.\n")
    _, findings = lint_json(cli, str(path), "--languagetool", lt.url)
    assert [(f["rule"], f["line"], f["column"]) for f in findings if f["rule"] == "grammar"] == [
        ("grammar", 5, 1),
        ("grammar", 5, 31),
    ]


def test_offsets_map_across_emoji_and_accents() -> None:
    reply = parse_reply("Subject: Ça va 🎉 ok\n\nHi 👋🏽 Zoë,\n> skip\nÉté 🎉 error here\n")
    sent = text_to_send(reply)
    index = sent.text.index("error")
    assert reply.position(sent.to_file(index)) == (5, 7)
    assert utf16_to_index("🎉ab", 3) == 2  # the emoji is two UTF-16 units
    assert utf16_to_index("éab", 2) == 2


def test_team_words_and_customer_names_are_not_spelling_errors(cli, lt, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: Hi\n\nDear Dr. Okafor,\n\nAcmeCloud has your refnud.\n")
    config = tmp_path / "replykit.toml"
    config.write_text('[grammar]\nwords = ["AcmeCloud"]\n')
    _, findings = lint_json(
        cli, str(path), "--languagetool", lt.url, "--config", str(config), "--name", "Okafor"
    )
    assert [f["suggestion"] for f in findings if f["rule"] == "spelling"] == ["refund"]


@pytest.mark.parametrize("mode", ["slow", "500", "garbage"])
def test_unavailable_server_is_one_warning_then_error_when_required(
    cli, lt, tmp_path: Path, mode: str
) -> None:
    lt.mode = mode
    paths = []
    for name in ("a.txt", "b.txt"):
        paths.append(tmp_path / name)
        paths[-1].write_text(
            "Subject: Hi\n\nHi Ana,\n\nThanks. Your order XXX ships.\n\nBest regards,\nSam\n"
        )
    config = tmp_path / "replykit.toml"
    config.write_text("[grammar]\ntimeout = 1.5\n")
    args = [str(p) for p in paths] + [
        "--languagetool",
        lt.url,
        "--config",
        str(config),
        "--no-cache",
    ]
    code, findings = lint_json(cli, *args)
    unavailable = [f for f in findings if f["rule"] == "grammar-unavailable"]
    assert len(unavailable) == 1  # once per run, not per file
    assert unavailable[0]["severity"] == "warning"
    assert [f["rule"] for f in findings if f["rule"] == "placeholder"] == ["placeholder"] * 2
    code, findings = lint_json(cli, *args, "--require-grammar")
    assert [f["severity"] for f in findings if f["rule"] == "grammar-unavailable"] == ["error"]
    assert code == 1


def test_closed_port(cli, reply_file: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli(
        "lint",
        str(reply_file),
        "--languagetool",
        f"http://127.0.0.1:{port}",
        "--format",
        "line",
        "--require-grammar",
    )
    assert result.code == 1
    assert result.stdout.startswith(
        f"{reply_file}:1:1: error: grammar and spelling were not checked: cannot connect to "
        "the LanguageTool server (is it running?)"
    )


def test_cache_answers_an_unchanged_reply(cli, lt, reply_file: Path) -> None:
    first = cli("lint", str(reply_file), "--languagetool", lt.url, "--format", "line")
    assert len(lt.requests) == 1
    second = cli("lint", str(reply_file), "--languagetool", lt.url, "--format", "line")
    assert len(lt.requests) == 1 and second.stdout == first.stdout
    cli("lint", str(reply_file), "--languagetool", lt.url, "--no-cache")
    assert len(lt.requests) == 2


def test_one_request_per_reply_in_a_batch(cli, lt, tmp_path: Path) -> None:
    for index in range(6):
        (tmp_path / f"r{index}.txt").write_text(f"Subject: Hi\n\nHi Ana, reply {index}.\n")
    result = cli("lint", str(tmp_path), "--languagetool", lt.url, "--no-cache")
    assert result.code == 0
    assert sorted(r["text"].split("reply ")[1][0] for r in lt.requests) == list("012345")


def test_server_from_environment_and_config(cli, lt, reply_file: Path, tmp_path: Path) -> None:
    result = cli("lint", str(reply_file), "--format", "line", env={"REPLYKIT_LANGUAGETOOL": lt.url})
    assert "[spelling]" in result.stdout
    config = tmp_path / "replykit.toml"
    config.write_text(
        f'[grammar]\nserver = "{lt.url}"\nlanguage = "en-GB"\n'
        'disabled_rules = ["EN_A_VS_AN"]\npicky = true\n'
    )
    cli("lint", str(reply_file), "--config", str(config), "--no-cache")
    sent = lt.requests[-1]
    assert (sent["language"], sent["disabledRules"], sent["level"]) == (
        "en-GB",
        "EN_A_VS_AN",
        "picky",
    )


def test_off_by_default_with_one_notice_in_human_output(cli, reply_file: Path) -> None:
    rich = cli("lint", str(reply_file), "--format", "rich", "--color", "never").stdout
    assert rich.count("grammar and spelling are off") == 1
    line = cli("lint", str(reply_file), "--format", "line").stdout
    assert "grammar" not in line
