"""``replykit init`` and ``replykit context new``: files an agent starts from."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from replykit.cli.options import (
    ConfigOpt,
    ForceOpt,
    LibraryOpt,
    complete_snippet_id,
    handle_errors,
)
from replykit.errors import ReplykitError

context_app = typer.Typer(help="Customer context files.", no_args_is_help=True)


@handle_errors
def init(
    path: Annotated[
        Path | None,
        typer.Option(
            "--path", help="Where to write [default: the user config file].", show_default=False
        ),
    ] = None,
    agent_name: Annotated[str | None, typer.Option("--agent-name", show_default=False)] = None,
    agent_role: Annotated[str | None, typer.Option("--agent-role", show_default=False)] = None,
    agent_email: Annotated[str | None, typer.Option("--agent-email", show_default=False)] = None,
    company_name: Annotated[str | None, typer.Option("--company-name", show_default=False)] = None,
    support_url: Annotated[str | None, typer.Option("--support-url", show_default=False)] = None,
    force: ForceOpt = False,
) -> None:
    """Write a starter config with your agent and company details."""
    from replykit.config import starter_config, user_config_path
    from replykit.io.files import atomic_write
    from replykit.reporters import one_line

    target = path or user_config_path()
    if target.suffix != ".toml":
        raise ReplykitError(
            f"a config file is TOML, not {target.suffix or 'a file without an extension'}",
            path=target,
            hint="name it with .toml, e.g. replykit.toml",
        )
    if target.exists() and not force:
        raise ReplykitError(
            "already exists; nothing was written",
            path=target,
            hint="edit it, or pass --force to replace it",
        )
    asking = sys.stdin.isatty()

    def value(given: str | None, label: str, default: str) -> str:
        if given is not None:
            return given
        if asking:
            sys.stderr.write(f"{label} [{default}]: ")
            sys.stderr.flush()
            answer = sys.stdin.readline().strip()
            return answer or default
        return default

    text = starter_config(
        agent_name=value(agent_name, "Your name", "Your Name"),
        agent_role=value(agent_role, "Your role", "Customer Support"),
        agent_email=value(agent_email, "Your email", "support@example.com"),
        company_name=value(company_name, "Company name", "Example Inc."),
        support_url=value(support_url, "Help centre URL", "https://help.example.com"),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    written = atomic_write(target, text, force=force)
    sys.stderr.write(f"wrote {one_line(_written(target, written))}\n")


@context_app.command("new")
@handle_errors
def context_new(
    path: Annotated[Path, typer.Argument(help="The context file to create (.toml or .json).")],
    for_snippet: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="Write exactly the fields this snippet uses.",
            autocompletion=complete_snippet_id,
            show_default=False,
        ),
    ] = None,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write a customer context skeleton to fill in."""
    from replykit.io.files import atomic_write
    from replykit.library.context import skeleton, skeleton_text
    from replykit.reporters import one_line

    fields = None
    if for_snippet:
        from replykit import service

        lib = service.open_library(library, service.load_settings(config))
        fields = service.context_fields(for_snippet, lib)
    written = atomic_write(path, skeleton_text(path, skeleton(fields)), force=force)
    sys.stderr.write(f"wrote {one_line(_written(path, written))}\n")


def _written(asked: Path, written: Path) -> str:
    """The path asked for, and the file really written when a link led elsewhere."""
    if written == Path(asked):
        return str(asked)
    return f"{written} (through the link {asked})"
