"""Reading YAML for configs and ``--set`` values: ``yaml.safe_load`` with limits.

:class:`ConfigLoader` is a :class:`yaml.SafeLoader` that also refuses what a config never needs
and what could make reading it hang, exhaust memory or depend on chance:

* nesting deeper than :data:`MAX_DEPTH` lists and mappings (the composer would otherwise
  recurse until Python's recursion limit);
* aliases (``*name``) that expand the document beyond :data:`MAX_VALUES` values, or refer to a
  value that contains them (an "alias bomb" of a few hundred bytes can stand for billions of
  values);
* a key written twice in one mapping (YAML keeps the last one silently);
* tags other than the plain ones: strings, numbers, booleans, null, lists and mappings (and
  ``<<`` merge keys).  ``!!binary``, ``!!set``, ``!!omap``, ``!!timestamp`` and custom tags
  are refused; a set would make the order of a sweep depend on Python's hash seed.

Unquoted dates (``2024-05-01``) and ``=`` read as plain strings.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tiesim.errors import ConfigError, shorten, shown

MAX_DEPTH = 32
MAX_VALUES = 100_000

_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge")
)


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML document breaks one of the loader's limits (depth, size, keys, tags)."""


class ConfigLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with bounded nesting and aliases, unique keys and plain tags only."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (
            _TAG + "timestamp", _TAG + "value")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }  # fmt: skip

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """Compose one node, refusing nesting deeper than :data:`MAX_DEPTH`."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLLimitError(
                    problem=f"lists and mappings nest more than {MAX_DEPTH} deep",
                    problem_mark=self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_data(self) -> Any:
        """The document's value, once its composed nodes have passed :func:`check_nodes`."""
        node = self.get_single_node()
        if node is None:
            return None
        check_nodes(node)
        return self.construct_document(node)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """A mapping, refusing a key written twice (merged ``<<`` keys may be overridden)."""
        if isinstance(node, MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == _TAG + "merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:  # an unhashable key: the base class refuses it
                    continue
                if duplicate:
                    raise YAMLLimitError(
                        problem=f"key {shown(key)} appears twice in one mapping",
                        problem_mark=key_node.start_mark,
                    )
        return super().construct_mapping(node, deep)


def check_nodes(root: Node) -> None:
    """Refuse non-plain tags, recursive aliases and documents of over :data:`MAX_VALUES` values.

    Nodes an alias repeats are counted each time they appear (as the loaded value will hold
    them), but visited once, so the check takes time in proportion to the text.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YAMLLimitError(
                problem="an alias refers to a list or mapping that contains it",
                problem_mark=node.start_mark,
            )
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace(_TAG, "!!")
            raise YAMLLimitError(
                problem=f"tag {shorten(tag, 40)} is not allowed (a config holds only strings, "
                f"numbers, booleans, null, lists and mappings)",
                problem_mark=node.start_mark,
            )
        total = 1
        if isinstance(node, SequenceNode | MappingNode):
            open_nodes.add(key)
            children = node.value if isinstance(node, SequenceNode) else sum(node.value, ())
            total += sum(size(child) for child in children)
            open_nodes.discard(key)
        elif not isinstance(node, ScalarNode):  # pragma: no cover - no other node kinds
            raise TypeError(node)
        sizes[key] = total
        return total

    total = size(root)
    if total > max(MAX_VALUES, len(sizes)):
        raise YAMLLimitError(
            problem=f"aliases (*name) expand it to {total:.3g} values, more than the "
            f"{MAX_VALUES:,} allowed",
            problem_mark=root.start_mark,
        )


def parse_yaml(text: str, source: str) -> Any:
    r"""Parse ``text`` with :class:`ConfigLoader`; any problem is one :class:`ConfigError` line.

    ``source`` names the text in the message, e.g. ``"config file 'c.yaml'"``.

    Examples
    --------
    >>> parse_yaml("grid: {jobs.job_loss: [0.01, 0.02]}", "example")
    {'grid': {'jobs.job_loss': [0.01, 0.02]}}
    >>> parse_yaml("a: 1\na: 2", "example")
    Traceback (most recent call last):
    ...
    tiesim.errors.ConfigError: example is refused at line 2: key 'a' appears twice in one mapping
    """
    loader = None
    try:
        loader = ConfigLoader(text)  # the reader refuses control characters already here
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        if isinstance(exc, YAMLLimitError):
            raise ConfigError(f"{source} is refused{where}: {exc.problem}") from None
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None)
        reason = f" ({shorten(problem)})" if isinstance(problem, str) and problem else ""
        raise ConfigError(f"{source} is not valid YAML{where}{reason}") from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the composer shallow
        raise ConfigError(f"{source} is not valid YAML: it nests too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
