"""What a page shows a person, read with the standard library's HTML parser, and its leaks.

Visible means: text outside <script>/<style>/<template>, and the attributes people see or
hear (title, placeholder, aria-label, alt, and the value of a button-like <input>).
Text inside <code>, <kbd>, <samp>, `data-code`, or an element in another `lang` than the page
(the language switcher's «English» or «فارسی») is exempt: it is a code or a name in its own
script, and screen readers are told so.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SEEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_INPUTS = ("submit", "button", "reset")
HIDDEN_CONTENT = frozenset({"script", "style", "template"})
# What the person typed, shown back for editing: stored as typed (ASCII digits), not interface.
TYPED = frozenset({"textarea"})
CODE_TAGS = frozenset({"code", "kbd", "samp"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})

# Words that are right in Latin letters on a Persian page (brands, units), kept short.
ALLOWED_LATIN = frozenset({"ZarinPal", "cm", "CSV", "JPEG", "PNG", "WebP", "SVG", "QR", "IBAN",
                           "PDF"})
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|/)[\w./?=&%#-]+")
# A code: a token mixing letters and digits, or digits joined by '-' (T-000123, TVTO-7, IR12…).
CODE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9-]{2,}\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ASCII_DIGITS = re.compile(r"[0-9]+")
# Money is shown in Toman, in whole Toman: a Rial amount or a fraction of a Toman is a leak.
MONEY_LEAK = re.compile(r"ریال|Rials?\b|[\d۰-۹][٫.][\d۰-۹]+ (?:تومان|Toman)")
PERSIAN_RUN = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF][\u0600-\u06FF\u200c ]*")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, exempt)
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self.hidden = 0
        self.page_lang = ""

    def _exempt(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        lang = a.get("lang", "")
        if tag == "html":
            self.page_lang = lang[:2]
        other_language = bool(lang) and tag != "html" and lang[:2] != self.page_lang
        exempt = (self._exempt() or tag in CODE_TAGS or tag in TYPED or "data-code" in a
                  or other_language)
        if tag in HIDDEN_CONTENT:
            self.hidden += 1
        if not self.hidden and not exempt:
            for name in SEEN_ATTRIBUTES:
                if a.get(name):
                    self.texts.append((f"<{tag} {name}>", a[name]))
            if tag == "input" and a.get("type") in BUTTON_INPUTS and a.get("value"):
                self.texts.append((f"<{tag} value>", a["value"]))
        if tag not in VOID:
            self.stack.append((tag, exempt))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_CONTENT and self.hidden:
            self.hidden -= 1
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed <p>, <li>, …
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.hidden or self._exempt() or not data.strip():
            return
        where = self.stack[-1][0] if self.stack else "document"
        self.texts.append((f"<{where}>", " ".join(data.split())))


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_texts(html: str) -> list[tuple[str, str]]:
    """(where, text) pairs of everything the page shows or reads aloud."""
    return _read(html).texts


def page_language(html: str) -> str:
    """The `lang` of the page's <html> ("fa", "en"): a printed statement is Persian always."""
    return _read(html).page_lang


def _without_codes(text: str) -> str:
    for pattern in (EMAIL, URL, CODE):
        text = pattern.sub(" ", text)
    return text


def persian_page_leaks(html: str) -> list[str]:
    """Latin words and ASCII digits a Persian page shows, outside codes, e-mails and URLs,
    and money not in whole Toman."""
    leaks = []
    for where, text in visible_texts(html):
        rest = _without_codes(text)
        latin = [w for w in LATIN_WORD.findall(rest) if w not in ALLOWED_LATIN]
        if latin or ASCII_DIGITS.search(rest) or MONEY_LEAK.search(text):
            leaks.append(f"{where} {text[:120]!r}")
    return leaks


def persian_words(text: str) -> set[str]:
    """The Persian words of `text`."""
    return {w for run in PERSIAN_RUN.findall(text) for w in run.split()}


def english_page_leaks(html: str, content_words: set[str]) -> list[str]:
    """Texts of an English page with a Persian word that is not content (stored in the DB),
    or money not in whole Toman."""
    return [f"{where} {text[:120]!r}" for where, text in visible_texts(html)
            if persian_words(text) - content_words or MONEY_LEAK.search(text)]
