"""Reading and checking configs: YAML files, dotted overrides, one-line error messages."""

from __future__ import annotations

import copy
import difflib
import os
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from tiesim.config.experiment import ENGINE_RULE, ExperimentConfig
from tiesim.config.graphs import GRAPH_KINDS
from tiesim.config.limits import check_limits
from tiesim.config.yaml_loader import parse_yaml
from tiesim.errors import ConfigError, TiesimError, shorten, shown
from tiesim.files import shown_path, user_path

MAX_MESSAGE = 300  # characters of one violation's text (several are joined by "; ")


def set_dotted(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``data[a][b][c] = value`` for ``path = "a.b.c"``, creating missing sections.

    Under ``sweep.grid.`` the rest of the path is one key (a swept dotted path), so
    ``sweep.grid.jobs.job_loss=[0.01, 0.02]`` sweeps ``jobs.job_loss``.  Unknown names are
    caught afterwards by validation, which names the field.  A number steps into a list
    that is already there: ``graph.layers.2.contact_rate`` is the third layer's contact rate.
    """
    keys = path.split(".")
    if keys[:2] == ["sweep", "grid"] and len(keys) > 3:
        keys = [*keys[:2], ".".join(keys[2:])]
    node: Any = data
    for depth, key in enumerate(keys[:-1]):
        if isinstance(node, list):
            node = node[_list_index(path, keys[:depth], key, len(node))]
        else:
            node = node.setdefault(key, {})
        if not isinstance(node, dict | list):
            raise ConfigError(
                f"config field '{shorten(path)}' does not exist ('{shorten(key)}' is not a section)"
            )
    if isinstance(node, list):
        node[_list_index(path, keys[:-1], keys[-1], len(node))] = value
    else:
        node[keys[-1]] = value


def _list_index(path: str, parents: list[str], key: str, length: int) -> int:
    """``key`` as an index into a list of ``length`` items, or a one-line ConfigError."""
    if not (key.isdigit() and int(key) < length):
        raise ConfigError(
            f"config field '{shorten(path)}' does not exist: '{shorten('.'.join(parents))}' is a "
            f"list of {length} item(s), numbered 0 to {length - 1} (got {shown(key)})"
        )
    return int(key)


def _field(loc: tuple[Any, ...]) -> tuple[str, bool]:
    """Dotted field name from a pydantic location, and whether it passed a union member."""
    parts, union = [], False
    for i, part in enumerate(loc):
        text = str(part)
        if text.endswith(("Config", "Spec")) or text.startswith("list["):
            union = True
        elif i == 1 and loc[0] == "graph" and text in GRAPH_KINDS:
            continue
        elif text == "[key]":  # a mapping's key was refused: name the mapping, not the key
            parts.pop()
        else:
            parts.append(text)
    return ".".join(parts) or "config", union


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The config sections an annotation can hold (through unions, lists and ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _known_fields(loc: tuple[Any, ...]) -> list[str]:
    """The fields of the section an error's location ``loc`` ends in (``[]``: unknown)."""
    sections: list[type[BaseModel]] = [ExperimentConfig]
    for part in loc[:-1]:
        if isinstance(part, int):  # an item of a list: the list's sections already
            continue
        inner = [
            m
            for s in sections
            if part in s.model_fields
            for m in _models(s.model_fields[part].annotation)
        ]
        chosen = [s for s in sections if s.__name__ == part or part in _kinds(s)]
        sections = inner or chosen  # a field, or the member of a union pydantic names
        if not sections:
            return []
    return sorted({name for s in sections for name in s.model_fields})


def _kinds(section: type[BaseModel]) -> tuple[Any, ...]:
    """The values a section's ``kind`` field takes (a graph kind: ``Literal["community"]``)."""
    field = section.model_fields.get("kind")
    return typing.get_args(field.annotation) if field is not None else ()


def _describe(error: dict[str, Any]) -> str:
    """One violation in words, its field name and value shortened to a bounded length."""
    return shorten(_describe_in_full(error), MAX_MESSAGE)


def _describe_in_full(error: dict[str, Any]) -> str:
    field, union = _field(error["loc"])
    field = shorten(field)
    kind, ctx = error["type"], error.get("ctx", {})
    got = error.get("input")
    if union and field.startswith("sweep.grid."):
        return (
            f"config field '{field}' must be a list of values or a mapping "
            f"{{start, stop, num}} with num >= 2"
        )
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(error["loc"][-1]), _known_fields(error["loc"]), n=1)
        hint = f": did you mean '{near[0]}'?" if near else ""
        return (
            f"config field '{field}' is not a known field (remove it or check its spelling{hint})"
        )
    if kind == "missing":
        return f"config field '{field}' is required"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return (
            f"config field '{field}.kind' must be one of {', '.join(GRAPH_KINDS)} "
            f"(got {shown(got.get('kind') if isinstance(got, dict) else got)})"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    rules = {
        "greater_than_equal": ">= {ge}",
        "less_than_equal": "<= {le}",
        "greater_than": "> {gt}",
        "less_than": "< {lt}",
        "int_parsing_size": "a whole number of at most 19 digits",
        "too_short": "a list of at least {min_length} item(s)",
        "too_long": "a list of at most {max_length} items",
    }
    if kind == "string_pattern_mismatch" and field == "name":
        return (
            f"config field 'name' must start with a letter or digit and hold only letters, "
            f"digits, '_', '.' and '-' (got {shown(got)})"
        )
    if field == "engine" and kind.startswith("string_"):
        return f"config field 'engine' must be {ENGINE_RULE} (got {shown(got)})"
    message = error["msg"]
    rule = rules.get(kind, "").format(**ctx) if kind in rules else message[:1].lower() + message[1:]
    rule = rule.removeprefix("input should be ").removeprefix("value should be ")
    return f"config field '{field}' must be {rule} (got {shown(got)})"


def validate_config(data: Any) -> ExperimentConfig:
    """Check a parsed config (a mapping) and return it frozen, or raise :class:`ConfigError`.

    All violations are reported in one line, separated by ``;``.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"config must be a mapping of fields, got {type(data).__name__}")
    try:
        config = ExperimentConfig.model_validate(copy.deepcopy(data))
    except ValidationError as exc:
        messages = dict.fromkeys(_describe(e) for e in exc.errors())  # ordered, no repeats
        raise ConfigError("; ".join(messages)) from None
    check_limits(config)
    return config


def load_config(
    path: str | os.PathLike[str], overrides: dict[str, Any] | None = None
) -> ExperimentConfig:
    """Read a YAML config, apply dotted overrides, and validate it.

    The file is read with :class:`~tiesim.config.yaml_loader.ConfigLoader` (``yaml.safe_load``
    with limits on nesting, aliases, duplicate keys and tags); ``~`` in ``path`` is expanded.
    """
    try:
        path = user_path(path, "config file")
    except TiesimError as exc:
        raise ConfigError(str(exc)) from None
    where = f"config file {shown_path(path)}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where} does not exist") from None
    except NotADirectoryError:
        raise ConfigError(f"{where} does not exist (a folder on its path is a file)") from None
    except OSError as exc:
        raise ConfigError(f"{where} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where} is not UTF-8 text (byte {exc.start})") from None
    data = parse_yaml(text, where)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must hold a mapping of fields at the top level")
    for key, value in (overrides or {}).items():
        set_dotted(data, key, value)
    return validate_config(data)
