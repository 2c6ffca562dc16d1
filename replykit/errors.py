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
    """A template variable with no value: never rendered as blank."""

    def __init__(self, snippet_id: str, variable: str, sources: str) -> None:
        self.snippet_id = snippet_id
        self.variable = variable
        table = variable.split(".", 1)[0]
        if table in ("agent", "company"):
            hint = f"set it under [{table}] in your config; 'replykit init' writes one"
        else:
            hint = f"add it to a --context file or pass --set {variable}=VALUE, or use -i"
        super().__init__(f"{snippet_id} needs {variable} (not in {sources})", hint=hint)


class OutputError(ReplykitError):
    """A write that was refused or failed; nothing was overwritten."""
