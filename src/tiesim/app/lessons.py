"""The lesson pages (``experiments/lessons/*.md``) as HTML for the page's Info tab.

Converted on the server with Python-Markdown, so the page needs nothing from the internet.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import markdown

#: Where the lesson pages live in a clone of the repository.
LESSONS = Path(__file__).resolve().parents[3] / "experiments" / "lessons"


def lesson_html(name: str, folder: Path = LESSONS) -> str:
    """The lesson page ``name`` (e.g. ``"complex-trends.md"``) as HTML.

    A missing page (an installed copy of tiesim without the repository's ``experiments/``)
    gives one paragraph saying where to find it, not an error.
    """
    path = folder / name
    if not path.is_file():
        return (
            f"<p>The lesson page <code>experiments/lessons/{escape(name)}</code> is not in this "
            "copy of tiesim; it is in the repository.</p>"
        )
    return markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables"])
