"""Find, read, validate and merge settings.

Layers, later wins: built-in defaults < the user config file < the nearest
``replykit.toml`` from the working directory upward < ``--config FILE`` < flags.
Tables are deep-merged; an unknown key is an error that names the key and the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replykit.errors import ConfigError
from replykit.io.files import load_toml

CONFIG_NAME = "replykit.toml"
APP_NAME = "replykit"

# key -> expected type; a dict value is a nested schema, ``dict`` a free-form table.
SCHEMA: dict[str, Any] = {
    "library": list,
    "agent": dict,
    "company": dict,
    "lint": {
        "disable": list,
        "enable": list,
        "fail_on": str,
        "min_severity": str,
        "tone": str,
        "severity": dict,
        "thresholds": dict,
        "words": dict,
    },
    "grammar": {
        "server": str,
        "path": str,
        "language": str,
        "disabled_rules": list,
        "enabled_categories": list,
        "picky": bool,
        "timeout": (int, float),
        "words": list,
        "required": bool,
        "cache": bool,
        "parallel": int,
    },
}


def user_config_path() -> Path:
    """The per-user config file in the platform's config folder."""
    from replykit.io.paths import user_config_dir

    return user_config_dir() / "config.toml"


def find_project_config(start: Path | None = None) -> Path | None:
    """The nearest ``replykit.toml`` from ``start`` (default: cwd) upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


@dataclass(slots=True)
class Config:
    """Merged settings plus the files they came from (for messages)."""

    data: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def agent(self) -> dict[str, Any]:
        return self.data.get("agent", {})

    @property
    def company(self) -> dict[str, Any]:
        return self.data.get("company", {})

    @property
    def libraries(self) -> list[Path]:
        return [Path(p) for p in self.data.get("library", [])]

    @property
    def lint(self) -> dict[str, Any]:
        return self.data.get("lint", {})

    @property
    def grammar(self) -> dict[str, Any]:
        return self.data.get("grammar", {})

    def describe_sources(self) -> str:
        return ", ".join(p.name for p in self.files) if self.files else "no config file"


def validate(
    data: dict[str, Any], path: Path, schema: dict[str, Any] = SCHEMA, prefix: str = ""
) -> None:
    """Reject unknown keys and wrong types, naming the key and the file."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ConfigError(
                f"unknown config key '{dotted}'", path=path, hint=f"known keys here: {known}"
            )
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"'{dotted}' must be a table", path=path)
            validate(value, path, expected, prefix=f"{dotted}.")
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            names = {
                list: "a list",
                dict: "a table",
                str: "a string",
                bool: "true or false",
                int: "a whole number",
            }
            want = (
                names.get(expected, "a number") if not isinstance(expected, tuple) else "a number"
            )
            raise ConfigError(f"'{dotted}' must be {want}", path=path)


def _resolve_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Paths in a config file are relative to that file's folder."""
    if "library" in data:
        data["library"] = [str((base / Path(p).expanduser()).resolve()) for p in data["library"]]
    words = data.get("lint", {}).get("words", {})
    for name, value in words.items():
        if isinstance(value, str):
            words[name] = str((base / Path(value).expanduser()).resolve())
    grammar = data.get("grammar", {})
    if isinstance(grammar.get("path"), str):
        grammar["path"] = str((base / Path(grammar["path"]).expanduser()).resolve())
    return data


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config_file(path: Path) -> dict[str, Any]:
    data = load_toml(path, what="config file")
    validate(data, path)
    return _resolve_paths(data, path.parent.resolve())


def load_config(explicit: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Merge the user config, the nearest project config and ``--config``."""
    config = Config()
    candidates: list[Path] = []
    user = user_config_path()
    if user.is_file():
        candidates.append(user)
    project = find_project_config(cwd)
    if project is not None and project.resolve() != user.resolve():
        candidates.append(project)
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(
                "config file not found",
                path=path,
                hint="check the --config path, or run replykit init",
            )
        candidates.append(path)
    for path in candidates:
        config.data = deep_merge(config.data, read_config_file(path))
        config.files.append(path)
    return config
