"""replykit draft: golden renders, values and their precedence, layering, errors, output."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import (
    EXAMPLE_CONFIG,
    EXAMPLES,
    SNIPPETS,
    installed_command,
    require_tool,
    run_on_pty,
)

from replykit.library.snippets import Library

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "today=2026-03-02"  # a Monday: time frames in the goldens are fixed
ALL_IDS = Library([SNIPPETS]).ids


def golden_name(snippet_id: str) -> str:
    return snippet_id.replace("/", "__") + ".txt"


@pytest.mark.parametrize("snippet_id", ALL_IDS)
def test_every_shipped_snippet_renders_its_example_exactly(cli, snippet_id: str) -> None:
    result = cli(
        "draft",
        snippet_id,
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "--set",
        TODAY,
        "--no-lint",
    )
    assert result.code == 0, result
    golden = GOLDEN / golden_name(snippet_id)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_at_least_twenty_snippets_ship() -> None:
    assert len(ALL_IDS) >= 20


def test_draft_for_example_customer(cli) -> None:
    result = cli(
        "draft",
        "billing/refund-issued",
        "--context",
        str(EXAMPLES / "customers" / "ana.toml"),
        "--config",
        str(EXAMPLE_CONFIG),
    )
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: Your refund for order A-1042\n\nHi Ana,\n\nThanks for your patience. I have "
        "refunded $49.00 for order A-1042 to your original payment method.\n\nYour bank will "
        "show it within five to ten working days. If it is not there by then, reply to this "
        "email and I will chase it for you.\n\nThank you for using Acme Cloud.\n\n"
        "Best regards,\nSam Rivera\nCustomer Support, Acme Cloud\nsam@example.com\n"
    )
    assert result.stderr == ""


def test_title_and_last_name_make_a_formal_greeting(cli) -> None:
    result = cli(
        "draft",
        "refund-refused",
        "--context",
        str(EXAMPLES / "customers" / "ana.toml"),
        "--set",
        "customer.title=Ms.",
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
    )
    assert result.stdout.split("\n")[2] == "Dear Ms. Silva,"


def test_json_context_from_a_help_desk_export(cli) -> None:
    result = cli(
        "draft",
        "product/feature-request",
        "--context",
        str(EXAMPLES / "customers" / "lee.json"),
        "--config",
        str(EXAMPLE_CONFIG),
    )
    assert result.code == 0, result
    assert result.stdout.startswith("Subject: Thanks for your idea about dark mode\n\nHi Min,\n")


def test_missing_value_is_one_line_and_exit_2(cli) -> None:
    result = cli(
        "draft",
        "billing/refund-issued",
        "--context",
        str(EXAMPLES / "customers" / "okafor.toml"),
        "--config",
        str(EXAMPLE_CONFIG),
    )
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: billing/refund-issued needs order.id and order.amount (not in okafor.toml, "
        "config or --set) (add them to a --context file or pass --set order.id=VALUE "
        "--set order.amount=VALUE, or use -i)\n"
    )


def test_empty_value_counts_as_missing(cli, tmp_path: Path) -> None:
    ctx = tmp_path / "c.toml"
    ctx.write_text('[customer]\nfirst_name = ""\n[order]\nid = "1"\namount = "$1"\n')
    result = cli("draft", "refund-issued", "-c", str(ctx), "--config", str(EXAMPLE_CONFIG))
    assert result.code == 2
    assert "needs customer.first_name (not in c.toml, config or --set)" in result.stderr


def test_missing_agent_without_config_names_config(cli) -> None:
    result = cli("draft", "refund-issued", "--context", str(EXAMPLES / "customers" / "ana.toml"))
    assert result.code == 2
    assert result.stderr == (
        "error: billing/refund-issued needs company.name and agent.name (not in ana.toml, "
        "a config file or --set) (set them under [agent] and [company] in your config; "
        "'replykit init' writes one)\n"
    )


def test_example_is_self_contained_from_any_folder(sh, tmp_path: Path) -> None:
    """No config and a folder far from the checkout: the library's example values fill in."""
    result = sh("draft", "billing/refund-issued", "--example", "--set", TODAY, cwd=tmp_path)
    assert result.code == 0, result
    golden = (GOLDEN / "billing__refund-issued.txt").read_text(encoding="utf-8")
    assert result.stdout == golden
    assert result.stderr == ""


def test_precedence_config_then_contexts_then_set(cli, tmp_path: Path) -> None:
    first = tmp_path / "first.toml"
    first.write_text('[customer]\nfirst_name = "First"\n[order]\nid = "O-1"\namount = "$1"\n')
    second = tmp_path / "second.json"
    second.write_text('{"customer": {"first_name": "Second"}}')
    base = ["draft", "refund-issued", "--config", str(EXAMPLE_CONFIG), "--no-lint"]
    assert "Hi Second," in cli(*base, "-c", str(first), "-c", str(second)).stdout
    assert "Hi First," in cli(*base, "-c", str(second), "-c", str(first)).stdout
    out = cli(
        *base,
        "-c",
        str(first),
        "-c",
        str(second),
        "--set",
        "customer.first_name=Third",
        "--set",
        "agent.name=Kim Lo",
    ).stdout
    assert "Hi Third," in out
    assert "\nKim Lo\n" in out


def test_context_from_stdin(cli) -> None:
    toml = '[customer]\nfirst_name = "Stdin"\n[order]\nid = "9"\namount = "$9"\n'
    result = cli(
        "draft",
        "refund-issued",
        "-c",
        "-",
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
        input=toml,
    )
    assert result.code == 0, result
    assert "Hi Stdin," in result.stdout


def make_library(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SIMPLE = '+++\ntitle = "T"\nsubject = "S {{ x }}"\n[example]\nx = "1"\n+++\n{{ x }} body\n'


def test_library_layering_overrides_snippet_and_partial(cli, tmp_path: Path) -> None:
    team = make_library(
        tmp_path / "team",
        {
            "billing/refund-issued.txt": SIMPLE.replace("body", "team body"),
            "_signature.txt": "Team signature\n",
        },
    )
    mine = make_library(
        tmp_path / "mine", {"billing/refund-issued.txt": SIMPLE.replace("body", "my body")}
    )
    out = cli(
        "draft", "billing/refund-issued", "--example", "-L", str(mine), "-L", str(team), "--no-lint"
    ).stdout
    assert out == "Subject: S 1\n\n1 my body\n"
    # the team's partial overrides the built-in signature for built-in snippets too
    out = cli(
        "draft",
        "welcome",
        "--example",
        "-L",
        str(team),
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
    ).stdout
    assert out.endswith("within one working day.\n\nTeam signature\n")


def test_library_from_config_is_searched_before_builtin(cli, tmp_path: Path) -> None:
    make_library(tmp_path / "lib", {"account/welcome.txt": SIMPLE, "team/check-in.txt": SIMPLE})
    (tmp_path / "replykit.toml").write_text('library = ["lib"]\n')
    args = ["--example", "--config", str(tmp_path / "replykit.toml"), "--no-lint"]
    assert cli("draft", "welcome", *args).stdout == "Subject: S 1\n\n1 body\n"
    result = cli("draft", "check-in", *args)
    assert result.code == 2
    assert result.stderr == (
        "error: snippet id 'check-in' is ambiguous: it could be "
        "account/check-in, team/check-in (use the full id)\n"
    )


def test_unknown_id_suggests_closest(cli) -> None:
    result = cli("draft", "refund-isued", "--example")
    assert result.code == 2
    assert result.stderr.startswith(
        "error: no snippet 'refund-isued' (did you mean billing/refund-issued"
    )


def test_out_refuses_to_overwrite_then_force(cli, tmp_path: Path) -> None:
    target = tmp_path / "reply.txt"
    target.write_text("my own words\n")
    args = [
        "draft",
        "welcome",
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
        "--out",
        str(target),
    ]
    result = cli(*args)
    assert result.code == 2
    assert "already exists; nothing was written (pass --force to replace it)" in result.stderr
    assert target.read_text() == "my own words\n"
    assert cli(*args, "--force").code == 0
    assert target.read_text().startswith("Subject: Welcome to Acme Cloud\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "reply.txt", "work"]


def test_json_output_and_body_only(cli) -> None:
    base = ["draft", "welcome", "--example", "--config", str(EXAMPLE_CONFIG), "--no-lint"]
    data = json.loads(cli(*base, "--format", "json").stdout)
    assert data["snippet"] == "account/welcome"
    assert data["subject"] == "Welcome to Acme Cloud"
    assert data["body"].startswith("Hi Ana,\n\nWelcome to Acme Cloud, and thank you")
    assert cli(*base, "--body-only").stdout == data["body"]


def test_draft_lints_to_stderr_and_keeps_stdout_clean(cli, tmp_path: Path) -> None:
    lib = make_library(
        tmp_path / "lib",
        {
            "shout.txt": (
                '+++\ntitle = "T"\nsubject = "Hello"\n[example]\n+++\nHi Ana,\n\nGREAT news!!\n\n'
                "Best regards,\nSam\n"
            )
        },
    )
    result = cli("draft", "shout", "--example", "-L", str(lib))
    assert result.code == 0
    assert result.stdout == "Subject: Hello\n\nHi Ana,\n\nGREAT news!!\n\nBest regards,\nSam\n"
    assert "draft:shout:5:1: warning: 'GREAT' in capitals reads as shouting" in result.stderr
    assert "[punctuation-run]" in result.stderr


def test_edit_runs_on_the_terminal_and_stdout_stays_the_reply(tmp_path: Path) -> None:
    """A real vim on the pty, stdout redirected to a file: the file gets only the reply."""
    require_tool("vim")
    target = tmp_path / "reply.txt"
    vim = "vim -u NONE -i NONE -N -n -c '%s/Hi Ana,/Hi Ana and Bo,/' -c wq"
    env = {**os.environ, "VISUAL": vim, "TERM": "xterm"}
    args = ["draft", "welcome", "--example", "--set", TODAY, "--edit"]
    with target.open("wb") as handle:
        code, _, err, seen = run_on_pty(args, env, stdout=handle)
    assert code == 0, err
    golden = (GOLDEN / "account__welcome.txt").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == golden.replace("Hi Ana,", "Hi Ana and Bo,")
    assert b"\x1b[" in seen  # vim drew its screen on the terminal, not into the file


def test_edit_lints_what_the_agent_saved(tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/Hi Ana,/Hi [Customer Name],/" "$1"\n')
    editor.chmod(0o755)
    env = {**os.environ, "VISUAL": str(editor)}
    code, out, err, _ = run_on_pty(["draft", "welcome", "--example", "--edit"], env)
    assert code == 1
    assert b"\nHi [Customer Name],\n" in out
    assert b"draft:account/welcome:3:4: error: unfilled placeholder '[Customer Name]'" in err


def test_edit_without_a_terminal_is_a_clear_error(sh, tmp_path: Path) -> None:
    result = subprocess.run(
        [*installed_command(), "draft", "welcome", "--example", "--edit"],
        capture_output=True,
        text=True,
        env={**os.environ, "VISUAL": "true"},
        start_new_session=True,  # no controlling terminal
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: --edit needs a terminal, and this process has none (no /dev/tty) "
        "(run it from a terminal, or drop --edit and edit the output)\n"
    )


def test_context_new_and_init_never_overwrite(cli, tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    assert cli("context", "new", str(target)).code == 0
    assert target.read_text().startswith('[customer]\nfirst_name = ""')
    again = cli("context", "new", str(target))
    assert again.code == 2 and "already exists" in again.stderr
    config = tmp_path / "cfg.toml"
    result = cli(
        "init",
        "--path",
        str(config),
        "--agent-name",
        "Kim Lo",
        "--agent-role",
        "Support",
        "--agent-email",
        "kim@example.com",
        "--company-name",
        "Acme",
        "--support-url",
        "https://help.acme.test",
    )
    assert result.code == 0, result
    assert config.read_text().startswith('[agent]\nname = "Kim Lo"\nrole = "Support"\n')
    assert cli("init", "--path", str(config)).code == 2
    out = cli("draft", "welcome", "--example", "--config", str(config), "--no-lint").stdout
    assert "\nKim Lo\nSupport, Acme\nkim@example.com\n" in out


def test_snippets_list_json_and_tag(cli) -> None:
    data = json.loads(cli("snippets", "list", "--format", "json", "--tag", "refund").stdout)
    assert [d["id"] for d in data] == ["billing/refund-issued", "billing/refund-refused"]
    assert set(data[0]) == {"id", "title", "tags", "tone", "description", "path"}
    assert data[1]["tone"] == "formal"


def test_snippets_search_ranks_password_reset_first(cli) -> None:
    result = cli("snippets", "search", "password")
    assert result.stdout.split("\n")[0].split("\t")[0] == "account/password-reset"


def test_snippets_show(cli) -> None:
    result = cli("snippets", "show", "password-reset")
    assert result.code == 0
    assert 'title = "Password reset"' in result.stdout


def test_installed_console_script_drafts_from_any_folder(sh, tmp_path: Path) -> None:
    result = sh(
        "draft",
        "billing/refund-issued",
        "--context",
        str(EXAMPLES / "customers" / "ana.toml"),
        "--config",
        str(EXAMPLE_CONFIG),
        cwd=tmp_path,
    )
    assert result.code == 0, result
    assert result.stdout.startswith("Subject: Your refund for order A-1042\n\nHi Ana,\n")
    piped = sh("lint", "-", "--format", "line", input=result.stdout, cwd=tmp_path)
    assert piped.code == 0, piped


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "replykit", "snippets", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0
    assert "account/password-reset\tPassword reset" in proc.stdout


def test_interactive_asks_every_missing_field_in_one_pass(tmp_path: Path) -> None:
    ctx = tmp_path / "ana.toml"
    ctx.write_text('[customer]\nfirst_name = "Ana"\n')
    typed = (
        b"\n"  # an empty answer is asked again, nothing is lost
        b"export your contacts\n"
        b"Open Settings.\nChoose Export.\n\n"  # a list: one item per line, an empty line ends
        b"https://help.example.com/export\n"
    )
    args = ["draft", "how-to", "-c", str(ctx), "--config", str(EXAMPLE_CONFIG), "-i", "--no-lint"]
    code, out, err, _ = run_on_pty(args, dict(os.environ), input=typed)
    assert code == 0, err
    assert out.decode() == (
        "Subject: How to export your contacts\n\nHi Ana,\n\nThanks for asking. Here is how to "
        "export your contacts:\n\n1. Open Settings.\n2. Choose Export.\n\nOur help article "
        "shows each step with pictures: https://help.example.com/export\n\nIf you get stuck on "
        "any step, reply to this email and tell me where. I am happy to help.\n\nThank you for "
        "using Acme Cloud.\n\nBest regards,\nSam Rivera\nCustomer Support, Acme Cloud\n"
        "sam@example.com\n"
    )
    questions = err.decode()
    assert questions.startswith("3 values to fill in (Ctrl-D stops and keeps them):\n")
    assert "e.g. Open Settings. / Choose Export. / Pick the CSV format" in questions
    assert questions.count("this cannot be empty") == 1


def test_interactive_stopped_keeps_what_was_typed(tmp_path: Path) -> None:
    ctx = tmp_path / "ana.toml"
    ctx.write_text('[customer]\nfirst_name = "Ana"\n')
    args = ["draft", "how-to", "-c", str(ctx), "--config", str(EXAMPLE_CONFIG), "-i"]
    code, out, err, _ = run_on_pty(args, dict(os.environ), input=b"export your contacts\n\x04")
    assert code == 2
    assert out == b""
    last = err.decode().splitlines()[-1]
    assert last.startswith("error: stopped; your answers are kept in ")
    kept = Path(last.split(" kept in ")[1].split(" ")[0])
    assert kept.read_text() == '[howto]\ntask = "export your contacts"\n'
    kept.unlink()


def test_out_writes_nothing_for_a_broken_reply_unless_forced(sh, tmp_path: Path) -> None:
    target = tmp_path / "reply.txt"
    args = ["draft", "refund-issued", "--example", "--set", "order.id=XXX", "--out", str(target)]
    result = sh(*args)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"error: nothing was written to {target}: the reply has 2 errors "
        "(fix them, or pass --force to hand it over anyway)"
    )
    assert "unfilled placeholder 'XXX'" in result.stderr.splitlines()[0]
    assert not target.exists()
    assert sh(*args, "--no-lint").code == 1  # the guard does not depend on printing findings
    assert not target.exists()
    forced = sh(*args, "--force")
    assert forced.code == 1
    assert target.read_text().startswith("Subject: Your refund for order XXX\n")
