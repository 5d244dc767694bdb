"""A transparent German keyword matcher: which field of action does a contribution concern?

Each field of action has a list of keywords (editable by staff). Keywords and the words of a
contribution are reduced to their stems with the Snowball stemmer for German, and compound
words are matched by their parts ("Sprachkursangebot" contains the stem of "Sprachkurs"). The
field with the most matched keywords is suggested, together with the words that matched, so
staff see why, and confirm or change it. Near-duplicates are found with a token-set ratio over
the stemmed words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_STOPWORD_TEXT = """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei
    bin bis bist da damit dann das dass dem den der des dich die dies diese diesem diesen dieser
    dir doch dort du durch ein eine einem einen einer eines er es für gibt hat hatte haben ich
    ihr im in ist ja jede jeder kann kein keine mehr mein mich mir mit muss nach nicht noch nur
    ob oder ohne sehr sich sie sind so soll sollen sollte über um und uns unser viel vom von vor
    war was weil wenn wer wie wir wird wo zu zum zur zwischen gut gerne mal"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Starting keywords for the fields of the catalogue (staff extend them per municipality).
DEFAULT_KEYWORDS: dict[str, str] = {
    "Sprache": "Sprache, Sprachkurs, Deutschkurs, Deutsch, Integrationskurs, Sprachförderung, "
    "Dolmetscher, Sprachmittlung, übersetzen, Sprachcafé, Mehrsprachigkeit, Alphabetisierung",
    "Bildung": "Schule, Kita, Bildung, Lernen, Hausaufgaben, Nachhilfe, Ausbildung, Lehrer, "
    "Elternarbeit, Kindergarten, Studium, Weiterbildung",
    "Arbeit und Qualifizierung": "Arbeit, Job, Beruf, Arbeitsplatz, Anerkennung, Abschluss, "
    "Qualifizierung, Jobcenter, Praktikum, Arbeitgeber, Bewerbung, Arbeitserlaubnis",
    "Gesundheit": "Gesundheit, Arzt, Ärztin, Krankenhaus, Pflege, Therapie, psychisch, Trauma, "
    "Krankenversicherung, Vorsorge, Hebamme",
    "Wohnen": "Wohnung, Wohnen, Miete, Vermieter, Wohnraum, Nachbarschaft, Unterkunft, "
    "Wohnungssuche, Quartier, Nachbarn",
    "Freizeit und Sport": "Sport, Verein, Freizeit, Fußball, Schwimmen, Spielplatz, "
    "Jugendzentrum, Treffpunkt, Begegnung",
    "Kultur": "Kultur, Fest, Musik, Theater, Bibliothek, Museum, Kunst, Feiertag",
    "Politische Partizipation": "Integrationsrat, Beirat, Wahl, wählen, Mitbestimmung, "
    "Beteiligung, Einbürgerung, Politik, mitreden",
    "Soziales": "Beratung, Familie, Senioren, Armut, Sozialberatung, Kinderbetreuung, Hilfe",
    "Ehrenamt": "Ehrenamt, ehrenamtlich, Pate, Patenschaft, Freiwillige, Migrantenorganisation, "
    "engagieren",
    "Interkulturelle Öffnung der Verwaltung": "Amt, Behörde, Verwaltung, Ausländerbehörde, "
    "Termin, Formular, Antrag, Wartezeit, Bürgerbüro, mehrsprachig",
    "Abbau von Diskriminierung": "Diskriminierung, Rassismus, benachteiligt, Vorurteil, "
    "Beleidigung, Antidiskriminierung, ausgegrenzt",
}

_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS and len(w) > 2]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


@dataclass
class Suggestion:
    field_id: int | None
    score: int = 0
    # Word in the contribution → keyword it matched.
    matches: list[tuple[str, str]] = field(default_factory=list)

    @property
    def explanation(self) -> list[str]:
        return [f"{word} → {keyword}" for word, keyword in self.matches]


@dataclass(frozen=True)
class Keyword:
    field_id: int
    keyword: str
    stem: str


def compile_keywords(pairs: Iterable[tuple[int, str]]) -> list[Keyword]:
    """``pairs`` of (field id, comma-separated keywords) → stemmed keywords."""
    out = []
    for field_id, text in pairs:
        for raw in text.split(","):
            keyword = raw.strip()
            if keyword:
                out.append(Keyword(field_id, keyword, stem(keyword)))
    return out


def suggest(text: str, keywords: list[Keyword]) -> Suggestion:
    """The field of action whose keywords occur most often in ``text`` (ties: first field)."""
    scores: dict[int, Suggestion] = {}
    for word in words(text):
        word_stem = stem(word)
        lowered = word.lower()
        # Exact stem first; else the longest keyword stem inside a compound word (min. 4 letters).
        hit = next((kw for kw in keywords if kw.stem == word_stem), None)
        if hit is None:
            inside = [kw for kw in keywords if len(kw.stem) >= 4 and kw.stem in lowered]
            hit = max(inside, key=lambda kw: len(kw.stem), default=None)
        if hit is None:
            continue
        entry = scores.setdefault(hit.field_id, Suggestion(hit.field_id))
        if (word, hit.keyword) not in entry.matches:
            entry.matches.append((word, hit.keyword))
            entry.score += 1
    if not scores:
        return Suggestion(None)
    return max(scores.values(), key=lambda s: s.score)


def similarity(a: str, b: str) -> float:
    """0–100: how alike two contributions are, after stemming (word order ignored)."""
    return fuzz.token_set_ratio(" ".join(stems(a)), " ".join(stems(b)))


DUPLICATE_THRESHOLD = 80.0
