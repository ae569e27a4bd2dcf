"""Showing results: the matched words marked, and a piece of a long description."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from marketplace.text.persian import search_key

_WORD = re.compile(r"[\w\u200c\u0654]+")


@functools.lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    """search_key of one word, remembered: a results page shows some 500 words drawn from
    a small vocabulary, and normalising each was half the time of rendering it."""
    return search_key(word)


def highlight(value: str | None, terms: Sequence[str]) -> Markup:
    """`value` escaped, with the words that match a term (or start with one) in <mark>.

    Words are compared by their search key, so a title typed with Arabic kaf is
    highlighted for a query typed with Persian kaf.
    """
    value = value or ""
    if not terms:
        return escape(value)
    out: list[Markup] = []
    last = 0
    for match in _WORD.finditer(value):
        key = _word_key(match.group())
        if key and any(key.startswith(t) or t in key for t in terms):
            out.append(escape(value[last : match.start()]))
            out.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


def excerpt(value: str | None, terms: Sequence[str], width: int = 160) -> str:
    """A short piece of a long text, around the first word that matches a term."""
    value = value or ""
    if len(value) <= width:
        return value
    start = 0
    for match in _WORD.finditer(value):
        key = _word_key(match.group())
        if key and any(t in key for t in terms):
            start = max(0, match.start() - width // 3)
            break
    piece = value[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(value) else "")
