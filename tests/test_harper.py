"""Harper, the built-in offline engine: exact positions, plain-text masking, names and
dialects, where it is on by default, certain fixes, and a platform it cannot load on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, SNIPPETS

from replykit.library.snippets import Library

# Subject and body with accents and emoji before the errors; errors also in quoted text,
# the signature, a URL and a placeholder, which are not the agent's prose.
REPLY = (
    "Subject: Café 🎉 an test\n"
    "\n"
    "Hi Zoë 👋🏽,\n"
    "\n"
    "Thanks for you're patience. Your refund is on it's way, you will recieve it soon.\n"
    "See https://help.example.com/recieve/xyz789 or write to recieve@example.com.\n"
    "\n"
    "> He go to the store and recieve an test.\n"
    "\n"
    "Best regards,\n"
    "Sam Rivera\n"
    "Acme Cloud, recieve dept\n"
)


def lint_json(cli, *args: str) -> tuple[int, list[dict]]:
    result = cli("lint", *args, "--format", "json")
    data = json.loads(result.stdout)
    return result.code, [f for file in data["files"] for f in file["findings"]]


def grammar_rows(findings: list[dict]) -> list[tuple]:
    return [
        (f["rule"], f["line"], f["column"], f["end_column"], f["origin"], f["suggestion"])
        for f in findings
        if f["rule"] in ("grammar", "spelling", "grammar-unavailable")
    ]


@pytest.fixture
def reply_file(tmp_path: Path) -> Path:
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    return path


def test_findings_at_exact_positions_across_accents_and_emoji(cli, reply_file: Path) -> None:
    _, findings = lint_json(cli, str(reply_file), "--grammar", "harper")
    assert grammar_rows(findings) == [
        ("grammar", 1, 17, 19, "harper:AnA", "a"),
        ("grammar", 5, 12, 18, "harper:PronounContraction", "your"),
        ("grammar", 5, 47, 51, "harper:ItsPossessive", "its"),
        ("spelling", 5, 66, 73, "harper:SpellCheck", "receive, relieve, recipe"),
    ]
    lines = REPLY.split("\n")
    assert lines[0][16:18] == "an" and lines[4][11:17] == "you're"
    assert lines[4][46:50] == "it's" and lines[4][65:72] == "recieve"


def test_single_reply_is_opt_in_with_one_notice(cli, reply_file: Path) -> None:
    """Editor keys lint one reply: a second of load on every key press is opt-in."""
    _, findings = lint_json(cli, str(reply_file))
    assert grammar_rows(findings) == []
    rich = cli("lint", str(reply_file), "--format", "rich", "--color", "never").stdout
    assert rich.count("grammar and spelling are off") == 1
    assert "--grammar harper" in rich


def test_config_turns_it_on_for_one_reply_and_off_for_a_batch(
    cli, reply_file: Path, tmp_path: Path
) -> None:
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\nengine = "harper"\n')
    _, findings = lint_json(cli, str(reply_file), "--config", str(config))
    assert len(grammar_rows(findings)) == 4
    (tmp_path / "second.txt").write_text("Subject: Hi\n\nThis is an test.\n")
    _, findings = lint_json(cli, str(tmp_path))  # a folder: on by default
    assert [r[4] for r in grammar_rows(findings)].count("harper:AnA") == 2
    config.write_text('[grammar]\nengine = "off"\n')
    result = cli("lint", str(tmp_path), "--config", str(config), "--format", "rich")
    assert "grammar" not in result.stdout
    _, findings = lint_json(cli, str(tmp_path), "--grammar", "off")
    assert grammar_rows(findings) == []


def test_bad_engine_in_config_is_one_error_line(cli, reply_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\nengine = "grammarly"\n')
    result = cli("lint", str(reply_file), "--config", str(config))
    assert result.code == 2
    assert result.stderr == (
        f'error: {config}: \'grammar.engine\' must be one of "harper", "languagetool", '
        "\"off\", not 'grammarly'\n"
    )


def test_names_team_words_and_dictionary_are_words(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "Subject: Your Zephyrix export\n\nDear Ms. Okafor-Silva,\n\n"
        "I am Sam Rivera from Brightwave. Zephyrix and Qorvane sync with Flumbr now.\n"
    )
    dictionary = tmp_path / "team-words.txt"
    dictionary.write_text("# product names\nZephyrix\nQorvane  # the sync service\n")
    config = tmp_path / "team.toml"
    config.write_text(
        '[agent]\nname = "Sam Rivera"\n[company]\nname = "Brightwave"\n'
        '[grammar]\nengine = "harper"\nwords = ["Flumbr"]\ndictionary = "team-words.txt"\n'
    )
    _, findings = lint_json(cli, str(path), "--config", str(config), "--name", "Okafor-Silva")
    assert grammar_rows(findings) == []
    _, findings = lint_json(cli, str(path), "--grammar", "harper")
    assert [r[4] for r in grammar_rows(findings)] == [
        "harper:SpellCheck",  # Zephyrix (Okafor-Silva is greeted: a name even without --name)
        "harper:OrthographicConsistency",  # Sam: "canonical spelling is all-caps"
        "harper:SpellCheck",  # Brightwave
        "harper:SpellCheck",  # Zephyrix
        "harper:SpellCheck",  # Qorvane
        "harper:SpellCheck",  # Flumbr
    ]


def test_a_dictionary_is_read_only_when_an_engine_runs(
    cli, reply_file: Path, tmp_path: Path
) -> None:
    """Grammar off (the default for one reply, or the config's engine): the team
    dictionary is neither opened nor an error when it is missing."""
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\ndictionary = "nope.txt"\n')
    assert cli("lint", str(reply_file), "--config", str(config)).stderr == ""
    config.write_text('[grammar]\nengine = "off"\ndictionary = "nope.txt"\n')
    assert cli("lint", str(reply_file), "--config", str(config)).stderr == ""


def test_missing_dictionary_names_the_config(cli, reply_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\ndictionary = "nope.txt"\n')
    result = cli("lint", str(reply_file), "--config", str(config), "--grammar", "harper")
    assert result.code == 2
    assert result.stderr.startswith(f"error: {config}: grammar.dictionary ")
    assert "nope.txt: no such dictionary" in result.stderr


@pytest.mark.parametrize(
    ("language", "flagged"),
    [("en-US", ["colour", "realise"]), ("en-GB", ["center"]), ("en-CA", ["realise", "center"])],
)
def test_dialect_follows_language(cli, tmp_path: Path, language: str, flagged: list[str]) -> None:
    path = tmp_path / "r.txt"
    text = "Subject: Hi\n\nThe colour is right. I realise the center is open.\n"
    path.write_text(text)
    config = tmp_path / "team.toml"
    config.write_text(f'[grammar]\nlanguage = "{language}"\n')
    _, findings = lint_json(cli, str(path), "--config", str(config), "--grammar", "harper")
    line = text.split("\n")[2]
    words = [
        line[f["column"] - 1 : f["end_column"] - 1] for f in findings if f["rule"] == "spelling"
    ]
    assert words == flagged


def test_disabled_and_enabled_rules(cli, reply_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\ndisabled_rules = ["SpellCheck", "AnA"]\n')
    _, findings = lint_json(cli, str(reply_file), "--config", str(config), "--grammar", "harper")
    assert [r[4] for r in grammar_rows(findings)] == [
        "harper:PronounContraction",
        "harper:ItsPossessive",
    ]
    path = tmp_path / "r.txt"
    path.write_text("Subject: Hi\n\nHi Ana,\n\nthanks for writing... We fixed it.\n")
    _, findings = lint_json(cli, str(path), "--grammar", "harper")
    assert grammar_rows(findings) == []  # plain-text email: these rules are off
    config.write_text(
        '[grammar]\nenabled_rules = ["SentenceCapitalization", "UseEllipsisCharacter"]\n'
    )
    _, findings = lint_json(cli, str(path), "--config", str(config), "--grammar", "harper")
    assert [r[4] for r in grammar_rows(findings)] == [
        "harper:SentenceCapitalization",
        "harper:UseEllipsisCharacter",
    ]


def test_the_greeted_name_is_a_name_for_both_engines(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: Hi\n\nDear Dr. Okafor,\n\nOkafor, your refnud is on its way.\n")
    _, findings = lint_json(cli, str(path), "--grammar", "harper")
    assert [(f["line"], f["column"], f["origin"]) for f in findings if f["rule"] == "spelling"] == [
        (5, 14, "harper:SpellCheck")
    ]
    from lt_server import FakeLanguageTool

    with FakeLanguageTool() as lt:
        _, findings = lint_json(cli, str(path), "--languagetool", lt.url, "--no-cache")
    assert [
        (f["line"], f["column"], f["suggestion"]) for f in findings if f["rule"] == "spelling"
    ] == [(5, 14, "refund")]


def test_a_finding_a_built_in_rule_made_is_reported_once(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: Hi\n\nHi Ana,\n\nIt ships on the the Monday, btw.\n")
    _, findings = lint_json(cli, str(path), "--grammar", "harper")
    assert [(f["rule"], f["column"]) for f in findings if f["line"] == 5][1:] == [
        ("repeated-word", 16),
        ("slang", 29),
    ]


def test_fix_applies_only_certain_grammar_fixes(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    before = (
        "Subject: Hi\n\nHi Ana,\n\nThis is an test of a export. Thanks for you're patience, "
        "i know it took long.\n\nBest regards,\nSam\n"
    )
    path.write_text(before)
    result = cli("lint", "--fix", str(path), "--grammar", "harper")
    assert result.stderr == f"fixed 3 problems in {path}\n"
    assert path.read_text() == before.replace("an test of a export", "a test of an export").replace(
        ", i know", ", I know"
    )
    path.write_text(before)
    cli("lint", "--fix", str(path))  # one reply: Harper is opt-in, so no grammar fix
    assert path.read_text() == before


def test_draft_is_checked_by_default(cli, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "typo.txt").write_text(
        '+++\ntitle = "T"\nsubject = "Your refund"\n[example]\n'
        'customer = { first_name = "Siobhan" }\n+++\nHi {{ customer.first_name }},\n\n'
        "Thanks for writing. You will recieve it on Monday.\n\nBest regards,\nSam\n"
    )
    result = cli("draft", "typo", "--example", "-L", str(lib))
    assert result.code == 0
    assert result.stderr == (
        "draft:typo:5:30: warning: Did you mean to spell `recieve` this way? "
        "(suggestion: receive, relieve, recipe) [spelling]\n"
    )
    assert cli("draft", "typo", "--example", "-L", str(lib), "--grammar", "off").stderr == ""


def test_check_reports_grammar_at_the_snippet_line(cli, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "typo.txt").write_text(
        '+++\ntitle = "T"\nsubject = "Your refund"\n[example]\n'
        'customer = { first_name = "Siobhan" }\n+++\nHi {{ customer.first_name }},\n\n'
        "Thanks for writing. You will recieve it on Monday.\n\nBest regards,\nSam\n"
    )
    result = cli("check", str(lib), "--format", "line")
    assert result.stdout == (
        f"{lib / 'typo.txt'}:9:30: warning: Did you mean to spell `recieve` this way? "
        "(suggestion: receive, relieve, recipe) [spelling]\n"
    )
    data = json.loads(cli("check", str(lib), "--format", "json").stdout)
    assert [f["origin"] for f in data["files"][0]["findings"]] == ["harper:SpellCheck"]
    assert cli("check", str(lib), "--grammar", "off", "--format", "line").stdout == ""


def test_shipped_library_has_no_grammar_finding(cli) -> None:
    result = cli("check", "--format", "json")
    data = json.loads(result.stdout)
    assert [f for file in data["files"] for f in file["findings"]] == []
    for snippet_id in Library([SNIPPETS]).ids:
        result = cli("draft", snippet_id, "--example", "--config", str(EXAMPLE_CONFIG))
        assert (result.code, result.stderr) == (0, ""), snippet_id


def test_engine_that_cannot_load_is_one_notice(sh, tmp_path: Path, reply_file: Path) -> None:
    """A platform with no working wheel: the real program, with a harper that fails."""
    broken = tmp_path / "site" / "harper"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text('raise ImportError("no Harper build for this platform")\n')
    (tmp_path / "b.txt").write_text("Subject: Hi\n\nThis is an test.\n")
    env = {"PYTHONPATH": str(tmp_path / "site") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = sh("lint", str(tmp_path), "--format", "line", env=env)
    unavailable = [line for line in result.stdout.splitlines() if "not checked" in line]
    assert unavailable == [
        f"{tmp_path / 'b.txt'}:1:1: warning: grammar and spelling were not checked: the Harper "
        "engine cannot be loaded (ImportError: no Harper build for this platform) "
        "(suggestion: reinstall replykit (pip install --force-reinstall harper-py), or "
        'choose [grammar] engine = "languagetool" or "off") [grammar-unavailable]'
    ]
    assert result.code == 0 and "Traceback" not in result.stderr
    result = sh("lint", str(tmp_path), "--require-grammar", "--format", "line", env=env)
    assert result.code == 1 and ": error: grammar and spelling were not checked" in result.stdout
    result = sh("draft", "refund-issued", "--example", "--config", str(EXAMPLE_CONFIG), env=env)
    assert result.code == 0 and "Traceback" not in result.stderr
    assert result.stderr.count("grammar and spelling were not checked") == 1


def test_unknown_enabled_rule_is_one_error_line(cli, reply_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('[grammar]\nenabled_rules = ["UseTitleCasing"]\n')
    result = cli("lint", str(reply_file), "--config", str(config), "--grammar", "harper")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {config}: unknown Harper rule 'UseTitleCasing' in grammar.enabled_rules "
        "(did you mean UseTitleCase?)\n"
    )


def test_pathological_text_is_not_read_as_words(sh, tmp_path: Path) -> None:
    """A 100,000-letter 'word' made Harper ask for 30 GB and abort the process; runs of
    41+ characters without a space are masked and a reply is read up to 20,000 characters."""
    (tmp_path / "long-word.txt").write_text("Subject: Logs\n\nHi Ana,\n\n" + "a" * 100_000 + "\n")
    (tmp_path / "huge.txt").write_text("Subject: Logs\n\n" + "We fixed it. " * 80_000)
    (tmp_path / "typo.txt").write_text("Subject: Hi\n\nThis is an test.\n")
    result = sh("lint", str(tmp_path), "--format", "json", timeout=120)
    assert result.code == 0, result.stderr
    findings = {
        Path(file["path"]).name: [
            f["origin"] for f in file["findings"] if f["origin"] != "replykit"
        ]
        for file in json.loads(result.stdout)["files"]
    }
    assert findings == {"huge.txt": [], "long-word.txt": [], "typo.txt": ["harper:AnA"]}
