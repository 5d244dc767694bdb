"""Results kept until the data they were computed from changes, and the view helpers."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError

from teilhabe.core import caching
from teilhabe.core.http import form_errors


def test_kept_result_lasts_until_the_stamp_changes(monkeypatch):
    cache.clear()
    stamps = {"value": "1-1"}
    monkeypatch.setattr(caching, "_stamp", lambda ids: stamps["value"])
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert caching.kept_until_changed("test", [1], compute) == 1
    assert caching.kept_until_changed("test", [1], compute) == 1
    stamps["value"] = "1-2"
    assert caching.kept_until_changed("test", [1], compute) == 2


def test_without_a_stamp_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(caching, "_stamp", None)
    calls = []
    for _round in range(2):
        caching.kept_until_changed("test", [1], lambda: calls.append(1))
    assert len(calls) == 2


class _NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_the_form_fields_or_above_it():
    form = _NameForm({"name": "x"})
    assert form.is_valid()
    form_errors(form, ValidationError({"name": "Taken.", "other": "Elsewhere."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Elsewhere."]
    form = _NameForm({"name": "x"})
    form.is_valid()
    form_errors(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]
