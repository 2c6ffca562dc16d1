"""One error hierarchy: every failure a user can cause is a ReplykitError.

The CLI turns each into a single ``error: ...`` line and exit code 2, so no traceback
ever reaches a support agent.
"""

from __future__ import annotations

from pathlib import Path


class ReplykitError(Exception):
    """A problem with the user's input or set-up: one line, exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """``path:line:column: message (hint)``, the shape editors and people both read."""
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(ReplykitError):
    """A file or stream that cannot be read as what it should be."""


class ConfigError(ReplykitError):
    """A bad config file, key or value."""


class SnippetError(ReplykitError):
    """A snippet that cannot be found, parsed or rendered."""


class MissingValueError(SnippetError):
    """Template variables with no value: never rendered as blank. All are named at once."""

    def __init__(self, snippet_id: str, variables: str | list[str], sources: str) -> None:
        names = [variables] if isinstance(variables, str) else list(variables)
        self.snippet_id = snippet_id
        self.variables = names
        self.variable = names[0]
        tables = {name.split(".", 1)[0] for name in names}
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if tables <= {"agent", "company"}:
            where = " and ".join(f"[{t}]" for t in sorted(tables))
            hint = f"set {'it' if len(names) == 1 else 'them'} under {where} in your config; "
            hint += "'replykit init' writes one"
        else:
            sets = " ".join(f"--set {name}=VALUE" for name in names)
            hint = f"add {'it' if len(names) == 1 else 'them'} to a --context file or pass {sets}"
            hint += ", or use -i"
        super().__init__(f"{snippet_id} needs {listed} (not in {sources})", hint=hint)


class OutputError(ReplykitError):
    """A write that was refused or failed; nothing was overwritten."""
