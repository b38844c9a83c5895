"""Text normalisation for directory search, the same on every database (pure: no Django).

Names are typed with and without accents ("Mécatronique" / "Mecatronique"), in Latin and Arabic
script, and with the Arabic letter variants keyboards produce (أ إ آ ا, ى ي, ة ه). Both the
stored search text and the query go through `normalise`, so a word-prefix match on the
normalised forms (full text on PostgreSQL, string tests elsewhere) finds what a person would
call the same word.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic short vowels and marks (harakat, shadda, sukun, superscript alef) and the tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0622": "\u0627",  # آ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0649": "\u064a",  # ى → ي
        "\u0629": "\u0647",  # ة → ه
    }
)
_SEPARATORS = re.compile(r"[^\w@]+")


def normalise(text: str) -> str:
    """Lower-case, accent-free, Arabic-variant-free words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    without_marks = _ARABIC_MARKS.sub("", without_accents).translate(_ARABIC_LETTERS)
    return " ".join(_SEPARATORS.sub(" ", without_marks.casefold()).split())


def terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct normalised words of a query, at most `limit` of them (the rest ignored)."""
    seen: dict[str, None] = {}
    for word in normalise(query).split():
        seen.setdefault(word, None)
    return list(seen)[:limit]


def search_text(*parts: str | None) -> str:
    """The text stored for searching: every given field, normalised and joined."""
    return normalise(" ".join(part for part in parts if part))
