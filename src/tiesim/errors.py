"""Exceptions raised by tiesim, and how values are shown in their messages.

Every error a user can cause (a bad config value, a missing file, an unknown option) is a
:class:`TiesimError` whose message says what to change.  The command line turns it into one
line on stderr and exit code 2.  Messages echo the value at fault through :func:`shown` and
:func:`shorten`, which bound the text however large the value is (a YAML alias can make a
value of billions of items: its full ``repr`` must never be built).
"""

from __future__ import annotations

import reprlib
from typing import Any

SHOWN_CHARS = 60


class TiesimError(Exception):
    """A problem the user can fix: bad input, a missing file, an invalid option."""


class ConfigError(TiesimError):
    """A configuration value breaks a rule; the message names the field, the rule and the value."""


class RunsFailedError(TiesimError):
    """Every run of an experiment raised; ``result`` holds the (empty) tables and the failures."""

    def __init__(self, message: str, result: Any) -> None:
        super().__init__(message)
        self.result = result


_REPR = reprlib.Repr(
    maxlevel=3, maxtuple=6, maxlist=6, maxarray=6, maxdict=4, maxset=6, maxfrozenset=6,
    maxdeque=6, maxstring=SHOWN_CHARS, maxlong=40, maxother=SHOWN_CHARS,
)  # fmt: skip


def shown(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, built without the full ``repr``.

    Examples
    --------
    >>> shown(1.5)
    '1.5'
    >>> len(shown(list(range(10**6)))) < 80
    True
    """
    text = _REPR.repr(value)
    return shorten(text, limit)


def shorten(text: str, limit: int = 2 * SHOWN_CHARS) -> str:
    """``text`` unchanged if short, else its start and end around ``...``, one line.

    Examples
    --------
    >>> shorten("a" * 10, 6)
    'aa...a'
    """
    text = text.translate(_ESCAPE_CONTROL)
    if len(text) <= limit:
        return text
    head = (limit - 3 + 1) // 2
    tail = limit - 3 - head
    return text[:head] + "..." + (text[-tail:] if tail else "")


_ESCAPE_CONTROL = {c: repr(chr(c))[1:-1] for c in [*range(32), 127]}
