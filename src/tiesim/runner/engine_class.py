"""Which class builds a run's model: a built-in engine, an entry point, or your own class.

A config's ``engine`` names the class (README, "Your own model"):

* ``mesa`` (:class:`tiesim.model.WeakTiesModel`) or ``array`` (:class:`tiesim.engines.ArrayModel`);
* ``package.module:Class`` or ``package.module.Class``: a class importable by that name — from
  an installed package, or from a folder on ``PYTHONPATH``;
* any other plain name: the entry point of that name in the group :data:`ENTRY_POINT_GROUP`,
  which an installed package declares (``[project.entry-points."tiesim.engines"]``).

The class is built as the built-in engines are, ``cls(graph, jobs, trends, ties,
networking=..., rng=seed)``, and must have the :class:`Engine` methods.  Every process that runs
a model (worker processes, Dask workers) imports the class by name: it is never pickled.
:func:`engine_class` raises :class:`~tiesim.errors.ConfigError` naming the field, the rule and
the value when the name cannot be used, so ``tiesim validate`` and ``tiesim run`` refuse it
before anything runs (:func:`tiesim.runner.preflight.check_engines`).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from tiesim.errors import ConfigError, shorten, shown

#: The entry point group a package uses to offer engines by name.
ENTRY_POINT_GROUP = "tiesim.engines"
#: The built-in engines: name → (module, class).
BUILT_IN = {"mesa": ("tiesim.model", "WeakTiesModel"), "array": ("tiesim.engines", "ArrayModel")}
#: The arguments every engine class is built with (as ``make_model`` passes them).
CONSTRUCTOR = "(graph, jobs, trends, ties, *, networking, rng)"


class Engine(Protocol):
    """What the runner needs of a model, whichever class implements it."""

    def step(self) -> None:
        """Advance one step."""

    def metrics(self) -> pd.DataFrame:
        """Per-step metrics table."""

    def hires(self) -> pd.DataFrame:
        """Hire records."""

    def trend_items(self) -> pd.DataFrame:
        """Trend-item table."""

    def tie_table(self) -> pd.DataFrame:
        """Tie events (formed, promoted, demoted, dissolved, removed)."""

    def agent_table(self, hires: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per agent at the end of the run (``hires``: its hire records, if made)."""


#: The methods an engine class must have: those of :class:`Engine`.
ENGINE_METHODS = tuple(
    name for name, value in vars(Engine).items() if callable(value) and not name.startswith("_")
)


def engine_class(name: str) -> type[Engine]:
    """The class a config's ``engine`` names, imported and checked.

    Raises
    ------
    ConfigError
        If the name is unknown, its module cannot be imported, it is not a class, the class
        lacks an :class:`Engine` method, or its constructor cannot take :data:`CONSTRUCTOR`;
        the message names the field, the rule and the value.

    Examples
    --------
    >>> engine_class("array").__name__
    'ArrayModel'
    """
    cls = _find(name)[0]
    _check(name, cls)
    return cls


def is_built_in(name: str) -> bool:
    """Whether ``name`` is one of tiesim's own engines (``mesa``, ``array``)."""
    return name in BUILT_IN


def built_on(cls: type) -> str | None:
    """The built-in engine ``cls`` is (or extends): ``"mesa"``, ``"array"`` or None."""
    for name, built_in in _loaded_built_ins():
        if issubclass(cls, built_in):
            return name
    return None


def engine_source(name: str) -> dict[str, Any] | None:
    """Where the class ``name`` comes from, for provenance; None for a built-in engine.

    ``class`` (``module:QualifiedName``), ``file`` (its module's file), ``sha256`` (of that
    file, as read now) and ``distribution`` (``"package version"`` for an entry point, else
    None).  Only the class's own module file is hashed, not what it imports.  A built-in
    engine's class named by its path (``tiesim.model:WeakTiesModel``) counts as built in.
    """
    if is_built_in(name):
        return None
    cls, entry_point = _find(name)
    if any(cls is built_in for _, built_in in _loaded_built_ins()):  # named by its path
        return None
    module = sys.modules.get(cls.__module__)
    path = getattr(module, "__file__", None)
    digest = None
    if path is not None:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            digest = None
    dist = getattr(entry_point, "dist", None)
    return {
        "class": f"{cls.__module__}:{cls.__qualname__}",
        "file": path,
        "sha256": digest,
        "distribution": f"{dist.name} {dist.version}" if dist is not None else None,
    }


def engine_sources(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{class: engine_source(name)}`` for the classes of your own among ``names``."""
    sources = (engine_source(name) for name in set(names))
    return {source["class"]: source for source in sources if source is not None}


def _find(name: str) -> tuple[Any, metadata.EntryPoint | None]:
    """The object ``name`` refers to, and the entry point it came from (if one)."""
    if is_built_in(name):
        return _built_in(name), None
    if ":" not in name and "." not in name:
        entry_point = _entry_point(name)
        try:
            return entry_point.load(), entry_point
        except Exception as exc:  # any failure of the package's code is the same to a user
            raise _refused(
                name,
                "name a class that can be imported",
                f"entry point {entry_point.value!r}: {_reason(exc)}",
            ) from None
    module_name, _, attribute = name.partition(":") if ":" in name else name.rpartition(".")
    module = _import(name, module_name)
    found: Any = module
    for part in attribute.split("."):
        if not hasattr(found, part):
            raise _refused(
                name,
                "name a class that can be imported",
                f"module {module_name!r} has no {attribute!r}",
            )
        found = getattr(found, part)
    return found, None


def _import(name: str, module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and f"{module_name}.".startswith(f"{exc.name}."):
            raise _refused(
                name,
                "name a class that can be imported",
                f"no module named {exc.name!r}; install it, or add the folder that holds it "
                f"to PYTHONPATH",
            ) from None
        raise _refused(
            name, "name a class that can be imported", f"importing {module_name!r}: {_reason(exc)}"
        ) from None
    except Exception as exc:  # the module's own code raised
        raise _refused(
            name, "name a class that can be imported", f"importing {module_name!r}: {_reason(exc)}"
        ) from None


def _entry_point(name: str) -> metadata.EntryPoint:
    found = metadata.entry_points(group=ENTRY_POINT_GROUP)
    for entry_point in found:
        if entry_point.name == name:
            return entry_point
    offered = ", ".join(sorted({e.name for e in found})) or "none"
    raise _refused(
        name,
        f"be mesa, array, a class as 'package.module:Class', or the name of an entry point "
        f"in group {ENTRY_POINT_GROUP}",
        f"no installed package offers one named {shorten(name, 60)!r} (installed: "
        f"{shorten(offered, 120)})",
    )


def _check(name: str, found: Any) -> None:
    """Refuse what is not a class with the :class:`Engine` methods and constructor."""
    if not isinstance(found, type):
        raise _refused(name, "name a class", f"it is {_kind(found)}")
    if inspect.isabstract(found) or getattr(found, "_is_protocol", False):
        raise _refused(name, "name a class that can be built", f"{found.__qualname__} is abstract")
    missing = [m for m in ENGINE_METHODS if not callable(getattr(found, m, None))]
    if missing:
        raise _refused(
            name,
            f"name a class with the Engine methods {', '.join(ENGINE_METHODS)}",
            f"{found.__qualname__} lacks {', '.join(missing)}",
        )
    try:
        signature = inspect.signature(found)
    except (TypeError, ValueError):  # no signature to read (a C type): let the run tell
        return
    try:
        signature.bind(None, None, None, None, networking=None, rng=None)
    except TypeError as exc:
        raise _refused(
            name,
            f"name a class built as cls{CONSTRUCTOR}",
            f"{found.__qualname__}{signature} cannot take them ({exc})",
        ) from None


def _built_in(name: str) -> type:
    module, attribute = BUILT_IN[name]
    return getattr(importlib.import_module(module), attribute)


def _loaded_built_ins() -> list[tuple[str, type]]:
    """The built-in engine classes already imported (a class that extends one imported it)."""
    found = []
    for name, (module, attribute) in BUILT_IN.items():
        if module in sys.modules:
            found.append((name, getattr(sys.modules[module], attribute)))
    return found


def _refused(name: str, rule: str, why: str) -> ConfigError:
    why = shorten(why, 240)
    return ConfigError(f"config field 'engine' must {rule} (got {shown(name)}): {why}")


def _reason(exc: BaseException) -> str:
    """The exception in one line: its type and message (a syntax error's file and line)."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _kind(value: Any) -> str:
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return "a function"
    if inspect.ismodule(value):
        return "a module"
    return f"a {type(value).__name__} object"
