"""``replykit lsp`` driven as VS Code drives it with the shipped extension
(examples/editors/vscode/replykit-lsp), short of VS Code itself, which cannot be installed
here: tests/vscode_client/client.mjs speaks to the server through the npm packages VS
Code's language client is built on (vscode-languageclient 9.0.1 uses
vscode-languageserver-protocol 3.17.5 and vscode-jsonrpc 8.2.0, pinned in
tests/vscode_client/package-lock.json), and replays what the extension makes VS Code send.

The extension itself runs: client.mjs calls extension.js's ``activate`` with a stand-in
for VS Code's ``vscode`` module (settings.json below over the defaults the extension's
package.json contributes) and keeps the real vscode-languageclient ``LanguageClient`` it
makes, stopped short of ``start``: its server command, ``initializationOptions``,
``synchronize.configurationSection`` and document selector drive the session.

Where the initialize request comes from: tests/vscode_client/initialize.json holds the
``capabilities`` that vscode-languageclient 9.0.1 itself computes for that client (its
``BaseLanguageClient.computeClientCapabilities``, every built-in feature's
``fillClientCapabilities`` in lib/common/*.js; ``node client.mjs capabilities`` prints them,
and a test below checks the file against it), plus the request's other fields as
lib/common/client.js fills them (clientInfo from ``vscode.env.appName`` and
``vscode.version``, locale, trace "off"; processId, rootPath, rootUri and workspaceFolders
at run time). So the server is offered ``general.positionEncodings: ["utf-16"]``,
snippets, markdown hover and ``publishDiagnostics.versionSupport: false``, as VS Code 1.82
and later offer them; a real VS Code 1.57 trace (REditorSupport/languageserver pull request
439) has the same shape. The settings reach the server as VS Code gives them: the whole
``replykit`` section (every contributed setting, null where unset) as
``initializationOptions``, as the answer to ``workspace/configuration`` and in the
``workspace/didChangeConfiguration`` push, here over a settings.json of
``{"replykit.grammar": "off"}``.

Install the client with ``cd tests/vscode_client && npm ci --no-audit --no-fund``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_lsp import LINE, REPLY, span, units

CLIENT = Path(__file__).resolve().parent / "vscode_client"
INSTALL = "cd tests/vscode_client && npm ci --no-audit --no-fund"
PACKAGES = ("vscode-jsonrpc", "vscode-languageserver-protocol", "vscode-languageclient")
SETTINGS = {"replykit.grammar": "off"}  # the user's settings.json

EMOJI_AT = units("Café crème ", "utf-16")
BANG_AT = units(LINE[: LINE.index("!!")], "utf-16")
LINE_END = units(LINE, "utf-16")


def expected_diagnostics() -> list[dict[str, Any]]:
    return [
        {
            "range": span(4, EMOJI_AT, EMOJI_AT + 2),  # 😀 is two UTF-16 code units
            "severity": 2,
            "code": "RK301",
            "source": "replykit",
            "message": "emoji or emoticon '😀' (suggestion: say it in words)",
            "data": {"rule": "emoji", "origin": "replykit"},
        },
        {
            "range": span(4, BANG_AT, BANG_AT + 2),
            "severity": 2,
            "code": "RK203",
            "source": "replykit",
            "message": (
                "'!!' reads as shouting or over-excitement (suggestion: use one ! or a full stop)"
            ),
            "data": {"rule": "punctuation-run", "origin": "replykit"},
        },
    ]


def node() -> str:
    """node with the client's packages installed, else a skip (a failure under CI)."""
    found = shutil.which("node")
    if found is None or shutil.which("npm") is None:
        message = f"node or npm missing (apt-get install nodejs npm), then: {INSTALL}"
    elif not all((CLIENT / "node_modules" / name).is_dir() for name in PACKAGES):
        message = f"tests/vscode_client/node_modules missing; install with: {INSTALL}"
    else:
        return found
    if os.environ.get("CI"):
        pytest.fail(message + " (.ci/install-tools should have run it)")
    pytest.skip(message)


def isolated_env(tmp: Path) -> dict[str, str]:
    """What conftest's ``isolated`` fixture sets, for a server started once per module."""
    env = {
        **os.environ,
        "REPLYKIT_CONFIG_HOME": str(tmp / "home" / "config"),
        "REPLYKIT_CACHE_DIR": str(tmp / "cache"),
        "REPLYKIT_STATE_DIR": str(tmp / "state"),
        "REPLYKIT_PYTHON": sys.executable,  # runs the command "replykit" as -m replykit
    }
    for name in ("REPLYKIT_LANGUAGETOOL", "NO_COLOR"):
        env.pop(name, None)
    return env


def run_session(tmp: Path, settings: dict[str, Any]) -> dict[str, Any]:
    program = node()
    work = tmp / "work"
    work.mkdir()
    reply = work / "Zoë reply.txt"  # VS Code percent-encodes it: Zo%C3%AB%20reply.txt
    reply.write_text(REPLY, encoding="utf-8")
    env = isolated_env(tmp)
    env["REPLYKIT_VSCODE_SETTINGS"] = json.dumps(settings)
    run = subprocess.run(
        [program, str(CLIENT / "client.mjs"), "session", str(work), str(reply)],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=60,
        check=False,
    )
    try:
        out = json.loads(run.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"client.mjs exited {run.returncode}:\n{run.stdout[:3000]}{run.stderr}")
    if run.returncode != 0:  # 1: a protocol error, 2: the 20 s timeout
        problems = "\n".join(out["protocolErrors"])
        pytest.fail(
            f"client.mjs exited {run.returncode}:\n{problems}\n"
            f"server stderr:\n{out['stderr']}\nclient stderr:\n{run.stderr}"
        )
    out["uri"] = reply.as_uri()
    return out


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One editing session (client.mjs): open the reply; hover on the emoji, and a hover
    cancelled at once; code actions on "!!", and those a save asks for; type ";"
    (completion on the trigger character), then "ref" key by key on the empty line below
    and Ctrl+Space; hover again once the server has linted the typing; shutdown and exit.
    Everything the server sent, as one JSON object."""
    return run_session(tmp_path_factory.mktemp("vscode"), SETTINGS)


def test_initialize_json_is_what_vscode_languageclient_sends() -> None:
    program = node()
    run = subprocess.run(
        [program, str(CLIENT / "client.mjs"), "capabilities"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    computed = json.loads(run.stdout)
    sent = json.loads((CLIENT / "initialize.json").read_text(encoding="utf-8"))
    assert sent["capabilities"] == computed
    assert sent["clientInfo"]["name"] == "Visual Studio Code"
    assert computed["general"]["positionEncodings"] == ["utf-16"]
    assert computed["workspace"]["configuration"] is True
    assert computed["textDocument"]["completion"]["completionItem"]["snippetSupport"] is True
    assert computed["textDocument"]["hover"]["contentFormat"] == ["markdown", "plaintext"]
    assert computed["textDocument"]["publishDiagnostics"]["versionSupport"] is False


def test_the_extension_starts_the_server_with_the_settings(session: dict[str, Any]) -> None:
    """What extension.js hands vscode-languageclient: `replykit lsp`, the whole replykit
    section as initializationOptions (contributed defaults, then settings.json) and for
    workspace/configuration, plain-text files, config and context files watched."""
    section = {
        "path": "replykit",
        "tone": None,
        "customerName": None,
        "contextFile": None,
        "disabledRules": [],
        "config": None,
        "grammar": "off",
        "debounceMs": 150,
    }
    assert session["extension"] == {
        "serverOptions": {"command": "replykit", "args": ["lsp"]},
        "initializationOptions": section,
        "configurationSection": "replykit",
        "fileEvents": "**/{replykit.toml,*.toml,*.json}",
        "documentSelector": [
            {"scheme": "file", "language": "plaintext"},
            {"scheme": "untitled", "language": "plaintext"},
        ],
    }
    assert session["serverRequests"][0]["answer"] == [section]


def test_the_first_diagnostics_already_follow_the_settings(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """No flash of a rule the user turned off: the settings reach the server with
    initialize, before the reply opens, not only once VS Code answers its
    workspace/configuration request (that way "grammar": "off" also never loads Harper)."""
    out = run_session(
        tmp_path_factory.mktemp("vscode-disabled"),
        {**SETTINGS, "replykit.disabledRules": ["emoji"]},
    )
    published = [n["params"] for n in out["notifications"]]
    assert published and all(p["diagnostics"] == expected_diagnostics()[1:] for p in published)
    assert out["hover"] is None  # nothing to say about the emoji now


def test_the_session_is_clean_and_exits_0(session: dict[str, Any]) -> None:
    assert session["protocolErrors"] == []
    assert session["exitCode"] == 0 and session["signal"] is None
    assert session["stderr"] == ""
    capabilities = session["initializeResult"]["capabilities"]
    assert capabilities["positionEncoding"] == "utf-16"  # anything else: VS Code stops it
    assert capabilities["textDocumentSync"]["change"] == 2  # incremental, as typed below
    assert capabilities["completionProvider"]["triggerCharacters"] == [";"]
    # The server pulls the section once; VS Code answers with every contributed setting
    # (nulls, and "path", which is the extension's own) and the server takes it silently.
    assert [(r["method"], r["params"]) for r in session["serverRequests"]] == [
        ("workspace/configuration", {"items": [{"section": "replykit"}]})
    ]
    assert session["serverRequests"][0]["answer"][0]["grammar"] == "off"
    assert {n["method"] for n in session["notifications"]} == {"textDocument/publishDiagnostics"}
    assert {n["params"]["uri"] for n in session["notifications"]} == {session["uri"]}


def test_diagnostics_in_utf16_ranges(session: dict[str, Any]) -> None:
    assert (EMOJI_AT, BANG_AT, LINE_END) == (11, 22, 44)
    published = session["diagnostics"]
    assert published["uri"] == session["uri"]
    assert published["version"] == 1
    assert published["diagnostics"] == expected_diagnostics()
    # Typing ";ref" below (versions 2 to 5) changes nothing on line 4.
    after = session["diagnosticsAfterTyping"]
    assert after["version"] == 5
    assert after["diagnostics"] == expected_diagnostics()
    versions = [n["params"]["version"] for n in session["notifications"]]
    assert versions == sorted(versions) and set(versions) <= {1, 2, 3, 4, 5}


def test_code_actions_for_the_double_bang(session: dict[str, Any]) -> None:
    uri = session["uri"]
    actions = session["codeActions"]
    assert [a["title"] for a in actions] == [
        "Replace '!!' with '!' (punctuation-run)",
        "Disable punctuation-run on this line",
        "Disable punctuation-run in this file",
        "Fix all certain problems (1)",
    ]
    fix, on_line, in_file, fix_all = actions
    bang = expected_diagnostics()[1]
    assert fix == {
        "title": "Replace '!!' with '!' (punctuation-run)",
        "kind": "quickfix",
        "isPreferred": True,
        "edit": {"changes": {uri: [{"range": span(4, BANG_AT, BANG_AT + 2), "newText": "!"}]}},
        "diagnostics": [bang],
    }
    assert on_line["edit"] == {
        "changes": {
            uri: [
                {
                    "range": span(4, LINE_END, LINE_END),
                    "newText": " {# replykit: disable-line punctuation-run #}",
                }
            ]
        }
    }
    assert in_file["edit"] == {
        "changes": {
            uri: [{"range": span(8, 0, 0), "newText": "{# replykit: disable punctuation-run #}\n"}]
        }
    }
    assert on_line["kind"] == in_file["kind"] == "quickfix"
    assert on_line["diagnostics"] == in_file["diagnostics"] == [bang]
    assert fix_all["kind"] == "source.fixAll.replykit"
    assert fix_all["edit"] == fix["edit"]
    # "editor.codeActionsOnSave": {"source.fixAll": ...} asks for that kind alone.
    assert session["codeActionsOnSave"] == [fix_all]


def test_snippet_completion_replaces_the_typed_trigger(session: dict[str, Any]) -> None:
    typed = session["completion"]  # Ctrl+Space after ";ref" on line 5
    assert typed["isIncomplete"] is False
    items = {item["label"]: item for item in typed["items"]}
    assert set(items) == {"billing/refund-issued", "billing/refund-refused"}
    item = items["billing/refund-issued"]
    assert item["textEdit"]["range"] == span(5, 0, len(";ref"))  # all of ";ref"
    assert item["insertTextFormat"] == 2  # snippet
    assert item["filterText"] == ";billing/refund-issued"
    # Mid-reply: the body only, with the values no context gives as named tab stops.
    text = item["textEdit"]["newText"]
    assert text.startswith("Hi ${2:customer.first_name},\n\n")
    assert "I have refunded ${3:order.amount} for order ${1:order.id}" in text

    # VS Code asks as soon as ";" (a trigger character) is typed, then filters itself.
    at_trigger = {item["label"]: item for item in session["completionAtTrigger"]["items"]}
    assert set(items) < set(at_trigger)
    for label, item in at_trigger.items():
        assert item["textEdit"]["range"] == span(5, 0, 1), label
        assert item["filterText"] == ";" + label
        assert item["insertTextFormat"] == 2


def test_hover_on_the_emoji_is_markdown(session: dict[str, Any]) -> None:
    # At 11, before the emoji, and at 13, after it (its second half; 12 would split it).
    for hover in (session["hover"], session["hoverAfterTyping"]):
        assert hover["contents"]["kind"] == "markdown"
        value = hover["contents"]["value"]
        assert value.startswith("**emoji** · `RK301` · warning\n\n")
        assert "Bad:\n```text\n" in value and "Good:\n```text\n" in value
    # One hover cancelled as soon as sent: answered anyway, or with RequestCancelled.
    cancelled = session["cancelledHover"]
    assert cancelled == {"result": session["hover"]} or cancelled["error"]["code"] == -32800
