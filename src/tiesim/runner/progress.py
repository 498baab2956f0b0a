"""Progress reporting: a tqdm bar on stderr (runs done / total, rate and ETA) or a callback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ProgressLike = bool | Callable[[int, int], None] | None


@contextmanager
def progress_reporter(
    progress: ProgressLike, total: int, done: int, name: str
) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per finished run.

    ``progress`` is True for a tqdm bar on stderr, a callable ``progress(done, total)``, or
    None / False for silence.  ``done`` runs were already finished before this call (resume).
    """
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            initial=done,
            desc=name,
            unit="run",
            file=sys.stderr,
            dynamic_ncols=True,
            smoothing=0.05,
        )
        try:
            yield lambda: bar.update(1)
        finally:
            bar.close()
        return
    count = [done]

    def advance() -> None:
        count[0] += 1
        if callable(progress):
            progress(count[0], total)

    yield advance
