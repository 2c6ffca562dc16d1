"""``replykit lsp``: the language server. ``python -m replykit lsp`` and the console script
start it before typer is imported (see replykit/__main__.py); this command is what
``replykit --help`` lists and what runs when typer dispatches anyway."""

from typing import Annotated

import typer


def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help="Talk over stdin and stdout (the only transport; accepted as editors pass it).",
            show_default=False,
        ),
    ] = False,
) -> None:
    """Run the language server over stdio: live checks, fixes and snippets in editors."""
    from replykit.lsp import run

    raise typer.Exit(run())
