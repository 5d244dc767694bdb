"""The languages residents can be addressed in: a survey's languages and the languages of the
portal's static texts come from one table.

Code → (name of the language in itself, written right to left). "ls" is Leichte Sprache: German,
written separately and checked (not a machine locale).
"""

from __future__ import annotations

RESIDENT_LANGUAGES: dict[str, tuple[str, bool]] = {
    "de": ("Deutsch", False),
    "ls": ("Leichte Sprache", False),
    "en": ("English", False),
    "tr": ("Türkçe", False),
    "ar": ("العربية", True),
    "uk": ("Українська", False),
    "ru": ("Русский", False),
    "fa": ("فارسی", True),
    "pl": ("Polski", False),
    "ro": ("Română", False),
    "bg": ("Български", False),
    "it": ("Italiano", False),
    "es": ("Español", False),
    "fr": ("Français", False),
    "ku": ("Kurdî", False),
    "ti": ("ትግርኛ", False),
}
