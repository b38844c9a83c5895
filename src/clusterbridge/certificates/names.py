"""The holder's name in their own script, as it goes on a certificate."""

from __future__ import annotations

import re

from clusterbridge.directory.models import Person

# Arabic, its supplement and extended blocks, and the presentation forms.
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


def arabic_name(person: Person) -> str:
    """The person's name in Arabic script if they gave one (their profile's Arabic-script name
    first), else empty: never transliterated."""
    for name in (person.arabic_name, person.full_name, person.alternate_name):
        if is_arabic(name):
            return name.strip()
    return ""
