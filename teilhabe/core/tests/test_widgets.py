"""The joined-options selects render the same markup as Django's, faster; the form templates
see them as "select"/"selectmultiple"."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.test.html import parse_html

from teilhabe.core import widgets
from teilhabe.core.models import Area


def _both(choices, value, attrs):
    light = widgets.SelectMultiple(attrs={"size": 3}, choices=choices)
    plain = forms.SelectMultiple(attrs={"size": 3}, choices=choices)
    return (
        parse_html(light.render("areas", value, attrs)),
        parse_html(plain.render("areas", value, attrs)),
    )


def test_same_markup_as_django_with_escaping_and_selection():
    choices = [(1, "A <b>"), (2, "B & C"), ("3", 'x"y')]
    light, plain = _both(choices, [2, "3"], {"id": "id_areas", "required": True})
    assert light == plain


def test_same_markup_for_model_choices_of_a_bound_form(world):
    class AreaForm(forms.Form):
        areas = forms.ModelMultipleChoiceField(
            queryset=Area.objects.filter(municipality=world.municipality).order_by("key"),
            widget=widgets.SelectMultiple(attrs={"size": 3}),
        )

    form = AreaForm(data={"areas": [str(world.area.pk)]})
    html = str(form["areas"])
    plain_widget = forms.SelectMultiple(attrs={"size": 3}, choices=form.fields["areas"].choices)
    plain = form["areas"].as_widget(widget=plain_widget)
    assert parse_html(html) == parse_html(plain)
    assert f'<option value="{world.area.pk}" selected>' in html


def test_grouped_choices_use_djangos_rendering():
    choices = [("Köln", [(1, "Altstadt"), (2, "Deutz")])]
    light, plain = _both(choices, [1], {"id": "id_areas"})
    assert light == plain


def test_form_templates_see_them_as_djangos_selects(world):
    class Choices(forms.Form):
        one = forms.ChoiceField(choices=[(1, "a")], widget=widgets.Select)
        many = forms.MultipleChoiceField(choices=[(1, "a")], widget=widgets.SelectMultiple)

    form = Choices()
    assert form["one"].widget_type == "select"
    assert form["many"].widget_type == "selectmultiple"


def test_choices_from_rows_render_the_same_options_and_still_validate(world):
    Area.objects.create(
        municipality=world.other, key="999", name="Fremd <Gebiet>", kind="stadtteil"
    )

    class ByName(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return obj.name

    class AreaForm(forms.Form):
        area = ByName(
            queryset=Area.objects.filter(municipality=world.municipality).order_by("key"),
            widget=widgets.Select,
        )

    plain = AreaForm()
    light = AreaForm()
    widgets.choices_from_rows(light.fields["area"], "name")
    assert list(light.fields["area"].choices) == [
        ("", "---------"),
        *((a.pk, a.name) for a in plain.fields["area"].queryset),
    ]
    # The widget reads the rows too: plain keys, no model instances behind them.
    rows = light["area"].field.widget.choices
    assert not any(isinstance(value, ModelChoiceIteratorValue) for value, _label in rows)
    assert parse_html(str(light["area"])) == parse_html(str(plain["area"]))
    foreign = Area.objects.get(municipality=world.other)
    bound = AreaForm(data={"area": str(foreign.pk)})
    widgets.choices_from_rows(bound.fields["area"], "name")
    assert not bound.is_valid() and "area" in bound.errors  # the queryset still decides
