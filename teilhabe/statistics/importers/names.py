"""Areas by name, for tables without a key column, and the total line of the whole
municipality. Pure: the places are handed in, nothing is read from the database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SANKT = re.compile(r"\bst\.\s*")
_PUNCTUATION = re.compile(r"[\s\-‐‑–—/_.,;:()'’\"]+")
# Words a total line starts with ("Insgesamt", "Stadt gesamt", "Summe Stadtbezirke").
# What precedes a municipality's own name ("Stadt Köln", "Landeshauptstadt Düsseldorf").
_TITLE = re.compile(
    r"^(freie und )?(landeshauptstadt|hansestadt|kreisfreie stadt|stadt|gemeinde)\s+"
)
TOTAL_WORDS = ("insgesamt", "gesamt", "summe", "zusammen", "total", "stadt gesamt")


def normalise(name: str) -> str:
    """A name as it is compared: case, umlauts and ß, "St." for "Sankt", hyphens, slashes and
    spaces do not matter ("St.-Georg" = "Sankt Georg", "Mülheim" = "MUELHEIM")."""
    text = name.strip().lower().translate(_UMLAUTS)
    text = _SANKT.sub("sankt ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _PUNCTUATION.sub(" ", text).strip()


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    kind: str
    kind_label: str = ""


@dataclass
class Places:
    """What a table is matched against: the municipality (its name and the keys a total line
    may carry) and its areas."""

    municipality_key: str
    municipality_name: str
    total_keys: set[str] = field(default_factory=set)
    areas: list[Place] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._city = _TITLE.sub("", normalise(self.municipality_name))
        self._by_name: dict[str, list[Place]] = {}
        for area in self.areas:
            self._by_name.setdefault(self._strip_city(normalise(area.name)), []).append(area)

    def _strip_city(self, name: str) -> str:
        """ "Köln-Porz" and "Köln Porz" are Porz (the city's name as a prefix)."""
        if self._city and name.startswith(self._city + " "):
            return name[len(self._city) + 1 :]
        return name

    def is_total(self, name: str, key: str = "") -> bool:
        """A line for the whole municipality: "Insgesamt", "Summe", "Stadt Köln", "Köln" or
        the municipality's key."""
        if key and key.strip() in self.total_keys:
            return True
        text = normalise(name)
        if not text:
            return False
        if text.startswith(TOTAL_WORDS):
            return True
        city = self._city
        return bool(city) and text in (city, f"stadt {city}", f"{city} insgesamt", f"{city} gesamt")

    def matches(self, name: str, level: str = "") -> list[Place]:
        """The areas of the level (any level when empty) that carry this name."""
        found = self._by_name.get(self._strip_city(normalise(name)), [])
        return [p for p in found if not level or p.kind == level]
