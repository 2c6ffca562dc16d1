"""``replykit snippets ...`` and ``replykit rules``: what is in the library and the linter."""

import sys
from typing import Annotated

import typer

from replykit.cli.options import (
    Color,
    ColorOpt,
    ConfigOpt,
    LibraryOpt,
    ListFormat,
    ListFormatOpt,
    SnippetArg,
    handle_errors,
)

snippets_app = typer.Typer(help="List, show and search the snippet library.", no_args_is_help=True)


@handle_errors
def rules(fmt: ListFormatOpt = ListFormat.table, color: ColorOpt = Color.auto) -> None:
    """List every lint rule: name, code, default severity, what it checks, examples."""
    from replykit.service import rules_catalogue

    items = rules_catalogue()
    if fmt is ListFormat.json:
        import json

        sys.stdout.write(json.dumps(items, indent=2) + "\n")
        return
    from rich.table import Table

    from replykit.cli.output import make_console

    table = Table(show_lines=True)
    for column in ("code", "rule", "severity", "checks", "bad", "good"):
        table.add_column(column, overflow="fold")
    for r in items:
        table.add_row(r["code"], r["name"], r["severity"], r["summary"], r["bad"], r["good"])
    make_console(color).print(table)


@snippets_app.command("list")
@handle_errors
def snippets_list(
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", help="Only with this tag (any case; repeatable).", show_default=False
        ),
    ] = None,
    fmt: ListFormatOpt = ListFormat.table,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """List snippets: id, title, tags, tone."""
    from replykit.service import load_settings, open_library

    items = open_library(library, load_settings(config)).all()
    if tag:
        from replykit.library.snippets import with_tags

        items = with_tags(items, tag)
    _print_snippets(items, fmt, color)


def _print_snippets(items: list, fmt: ListFormat, color: Color) -> None:
    if fmt is ListFormat.json:
        import json

        sys.stdout.write(
            json.dumps([s.to_dict() for s in items], indent=2, ensure_ascii=True) + "\n"
        )
        return
    from replykit.reporters import one_line, safe

    if not sys.stdout.isatty() and color is not Color.always:
        for s in items:
            fields = [s.id, s.title, ",".join(s.tags), s.tone]
            sys.stdout.write("\t".join(one_line(f).replace("\t", "\\t") for f in fields) + "\n")
        return
    from rich.table import Table

    from replykit.cli.output import make_console

    table = Table()
    for column in ("id", "title", "tags", "tone"):
        table.add_column(column)
    for s in items:
        table.add_row(safe(s.id), safe(s.title), safe(", ".join(s.tags)), s.tone)
    make_console(color).print(table)


@snippets_app.command("show")
@handle_errors
def snippets_show(
    snippet: SnippetArg,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print a snippet's file: front matter and body."""
    from replykit.io.files import read_text
    from replykit.reporters import one_line, safe
    from replykit.service import load_settings, open_library

    item = open_library(library, load_settings(config)).load(snippet)
    sys.stdout.write(f"# {one_line(item.id)} ({one_line(str(item.path))})\n")
    sys.stdout.write(safe(read_text(item.path, what="snippet")))


@snippets_app.command("search")
@handle_errors
def snippets_search(
    words: Annotated[list[str], typer.Argument(help="Words to look for.")],
    fmt: ListFormatOpt = ListFormat.table,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Ranked search over id, title, tags, description and body; any word matches, snippets
    matching every word come first."""
    from replykit.errors import ReplykitError
    from replykit.library.snippets import search
    from replykit.service import load_settings, open_library

    ranked = search(open_library(library, load_settings(config)).all(), words)
    if not ranked:
        raise ReplykitError(
            f"no snippet matches {' '.join(words)!r}",
            hint="try fewer words, or 'replykit snippets list'",
        )
    _print_snippets([s for _, s in ranked], fmt, color)
