"""How search reads Persian words: a light stemmer, stop words, typo spellings, codes, sizes.

Pure functions over `persian.search_key` output (ZWNJ already removed, Arabic letters
and digits folded). The stemmer is our own handful of suffix rules rather than hazm or
parsivar (docs/search-and-catalogue.md says why): it only strips what a shop's titles
meet, and only leaves a stem that begins the word, so a stem can be matched as the
start of a word in the index.
"""

from __future__ import annotations

import itertools
import re

from marketplace.text.persian import normalize, search_key

# Too common to narrow a search; dropped unless they are all the query has.
STOP_WORDS = frozenset({
    "و", "با", "از", "به", "در", "برای", "را", "که", "یا", "این", "آن", "اون", "یک", "ی",
    "the", "and", "of", "a", "for", "with",
})

# Suffixes in the order tried, with the shortest stem each may leave (in letters).
# Plurals ها/های/ان/ات, comparative تر/ترین, adjectival/indefinite/ezafe ی (and یی after
# alef). ZWNJ was removed by search_key, so کیف‌ها arrives as کیفها.
_SUFFIXES = (
    ("هایی", 2), ("های", 2), ("ها", 2), ("ترین", 4), ("تر", 4), ("یی", 3), ("ان", 4),
    ("ات", 4), ("ی", 3),
)
# Words whose ending only looks like a suffix: قالی is not قال + ی.
_KEEP = frozenset({
    "قالی", "صندلی", "ماهی", "سینی", "روسری", "کرسی", "بازی", "انگشتر", "دفتر", "کبوتر",
    "بستر", "چتر", "کتان", "گلدان", "ایران", "باران", "جان", "نان", "لیوان", "زمستان",
    "تابستان", "استکان", "قلمدان", "شمعدان", "سبزیجات",
})

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPO_MIN_LETTERS = 4

_CODE = re.compile(r"^ry ?0*(\d{1,9})$")
_SIZE = re.compile(r"(\d{2,3})\s*[×xX*✕]\s*(\d{2,3})")


def stem(word: str) -> str:
    """The word without the shop's common suffixes (at most two: کیفهای → کیف)."""
    for _ in range(2):
        if word in _KEEP:
            return word
        for suffix, shortest in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
                word = word[: -len(suffix)]
                break
        else:
            return word
    return word


def typo_spellings(word: str) -> set[str]:
    """Every spelling one letter away (wrong, missing, extra or swapped): the candidates a
    vocabulary lookup narrows to real words. Empty for words shorter than four letters."""
    if len(word) < TYPO_MIN_LETTERS or not word.isalpha():
        return set()
    letters = LATIN_LETTERS if word.isascii() else PERSIAN_LETTERS
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def item_code(query: str | None) -> str | None:
    """The product code a query names (RY-000110, ry000110, RY-۰۰۰۱۱۰), else None."""
    match = _CODE.match(search_key((query or "")[:40]))
    return f"RY-{int(match.group(1)):06d}" if match else None


def sizes(query: str) -> tuple[list[tuple[int, int]], str]:
    """Width × length pairs written in the query (۱۲۰×۱۸۰), and the query without them."""
    text = normalize(query, multiline=False)
    found = [(int(a), int(b)) for a, b in _SIZE.findall(text)]
    return found, _SIZE.sub(" ", text)


def title_keys(title: str) -> tuple[str, str]:
    """`search_title` and `search_stems` for a title: its words plus each pair of
    neighbours joined (زیر لیوانی → زیرلیوانی, so a query typed joined finds it), and the
    stems of its words; both space-padded, so `LIKE '% word %'` finds a whole word."""
    words = search_key(title).split()
    pairs = [a + b for a, b in itertools.pairwise(words)]
    return (f" {' '.join(words + pairs)} ", f" {' '.join(stem(w) for w in words)} ")
