"""One-line texts (names, titles, venues) as people see them, without hidden characters.

Line breaks in a one-line field break e-mail subjects, CSV exports and .ics lines; bidi
overrides (U+202A–U+202E, U+2066–U+2069) make a name read differently from what it is; zero-width
characters make two identical-looking names differ. Pure: no Django import.
"""

from __future__ import annotations

import re

_INVISIBLE = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u2060")
)
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """The text on one line (each run of line breaks becomes a space), invisible marks removed."""
    return _LINE_BREAKS.sub(" ", text.translate(_INVISIBLE)).strip()
