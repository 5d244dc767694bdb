"""Access control beyond the URL matrix: losing a membership takes effect at the next request;
the responsible-office and working-group roles reach only their own objects; no form or
serializer can be mass-assigned."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from datetime import timedelta
from pathlib import Path

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import teilhabe
from conftest import login
from teilhabe.core.models import FieldOfAction, Membership, OrgUnit

ROOT = Path(teilhabe.__file__).resolve().parent


# --- removal from a municipality -------------------------------------------------------------


def _home(world) -> str:
    return reverse("core:home", args=[world.municipality.ars])


@pytest.mark.parametrize("role", ["admin", "editor", "reader", "office", "working_group"])
@pytest.mark.parametrize("how", ["deleted", "deactivated", "expired"])
def test_a_removed_member_loses_access_at_the_next_request(world, role, how):
    user = world.users[role]
    client = login(Client(), user)
    pages = [
        _home(world),
        reverse("core:field_list", args=[world.municipality.ars]),
        reverse("core:area_detail", args=[world.municipality.ars, world.area.pk]),
    ]
    assert all(client.get(url).status_code == 200 for url in pages)
    membership = Membership.objects.get(user=user, municipality=world.municipality)
    if how == "deleted":
        membership.delete()
    elif how == "deactivated":
        membership.is_active = False
        membership.save()
    else:
        membership.valid_until = timezone.localdate() - timedelta(days=1)
        membership.save()
    # Same session, next request: the municipality no longer exists for this person.
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    assert client.get(reverse("core:account")).status_code == 200  # still logged in


def test_a_deactivated_account_is_logged_out_at_the_next_request(world):
    user = world.users["editor"]
    client = login(Client(), user)
    assert client.get(_home(world)).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(_home(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_the_member_toggle_of_the_admin_page_takes_effect_at_once(world):
    reader = login(Client(), world.users["reader"])
    assert reader.get(_home(world)).status_code == 200
    membership = Membership.objects.get(user=world.users["reader"], municipality=world.municipality)
    admin = login(Client(), world.users["admin"])
    response = admin.post(
        reverse("core:member_toggle", args=[world.municipality.ars, membership.pk])
    )
    assert response.status_code == 302
    assert reader.get(_home(world)).status_code == 404


# --- own objects of the responsible office and the working group -------------------------------


@pytest.fixture
def ownership(world):
    """For the office (org unit "51 Jugendamt") and the working group (field "Sprache"): an
    object of their own and one of a neighbour, in every part that has such objects."""
    from teilhabe.concept.tests.factories import measure
    from teilhabe.council.models import SignOff
    from teilhabe.council.tests.helpers import paper
    from teilhabe.inventory.models import Actor, Offer
    from teilhabe.participation.models import Event, WorkingGroup

    m = world.municipality
    other_unit = OrgUnit.objects.create(municipality=m, name="Gesundheitsamt", short_name="53")
    other_field = FieldOfAction.objects.create(municipality=m, name="Gesundheit", position=2)
    own_actor = Actor.objects.create(
        municipality=m, name="Jugendamt", kind="amt", org_unit=world.org_unit
    )
    other_actor = Actor.objects.create(
        municipality=m, name="Gesundheitsamt", kind="amt", org_unit=other_unit
    )
    p = paper(m)
    own_group = WorkingGroup.objects.create(
        municipality=m, name="AG Sprache", field_of_action=world.field
    )
    other_group = WorkingGroup.objects.create(
        municipality=m, name="AG Gesundheit", field_of_action=other_field
    )
    return {
        "measure": (
            measure(world, number="JA-1"),
            measure(world, number="GA-1", lead_unit=other_unit),
        ),
        "offer": (
            Offer.objects.create(
                municipality=m, actor=own_actor, title="Elterncafé", form="gruppe"
            ),
            Offer.objects.create(
                municipality=m, actor=other_actor, title="Impfberatung", form="gruppe"
            ),
        ),
        "signoff": (
            SignOff.objects.create(paper=p, org_unit=world.org_unit),
            SignOff.objects.create(paper=p, org_unit=other_unit),
        ),
        "group": (own_group, other_group),
        "event": (
            Event.objects.create(
                municipality=m,
                title="AG-Sitzung Sprache",
                kind="working_group",
                working_group=own_group,
                date=timezone.localdate(),
            ),
            Event.objects.create(
                municipality=m,
                title="AG-Sitzung Gesundheit",
                kind="working_group",
                working_group=other_group,
                date=timezone.localdate(),
            ),
        ),
    }


# (role, URL name, which object, how the URL's arguments follow from the object)
OWN_OBJECT_PAGES = [
    ("office", "implementation:measure_report", "measure", lambda o: {"pk": o.pk}),
    ("office", "implementation:milestone_create", "measure", lambda o: {"pk": o.pk}),
    ("office", "inventory:offer_edit", "offer", lambda o: {"pk": o.pk}),
    ("office", "inventory:usage_create", "offer", lambda o: {"offer_pk": o.pk}),
    ("office", "council:signoff_decide", "signoff", lambda o: {"pk": o.pk}),
    ("working_group", "participation:group_edit", "group", lambda o: {"kind": "ag", "pk": o.pk}),
    ("working_group", "participation:member_add", "group", lambda o: {"kind": "ag", "pk": o.pk}),
    ("working_group", "participation:event_edit", "event", lambda o: {"pk": o.pk}),
]


@pytest.mark.parametrize(
    ("role", "name", "kind", "kwargs"),
    OWN_OBJECT_PAGES,
    ids=[f"{r[0]}-{r[1]}" for r in OWN_OBJECT_PAGES],
)
def test_office_and_working_group_reach_only_their_own_objects(
    world, ownership, role, name, kind, kwargs
):
    own, other = ownership[kind]
    client = login(Client(), world.users[role])
    ars = {"ars": world.municipality.ars}
    assert client.get(reverse(name, kwargs=ars | kwargs(own))).status_code == 200
    assert client.get(reverse(name, kwargs=ars | kwargs(other))).status_code == 403
    # A write to the neighbour's object is refused as well, and changes nothing.
    before = type(other).objects.filter(pk=other.pk).values().get()
    assert client.post(reverse(name, kwargs=ars | kwargs(other)), {}).status_code == 403
    assert type(other).objects.filter(pk=other.pk).values().get() == before
    # Another municipality's object with the same role: 404, never 403.
    foreign = login(Client(), world.users["foreign"])
    url = reverse(name, kwargs={"ars": world.other.ars} | kwargs(own))
    assert foreign.get(url).status_code == 404


# --- mass assignment -------------------------------------------------------------------------


def _project_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="teilhabe."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts or "management" in parts:
            continue
        names.append(info.name)
    return names


def _project_classes(base: type) -> list[type]:
    found: dict[str, type] = {}
    for name in _project_modules():
        module = importlib.import_module(name)
        for _attr, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, base) and obj.__module__.startswith("teilhabe."):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def _declared_meta(cls: type) -> tuple[object, object]:
    meta = getattr(cls, "Meta", None)
    return getattr(meta, "fields", None), getattr(meta, "exclude", None)


def test_no_model_form_takes_all_fields_or_excludes():
    model_forms = _project_classes(forms.ModelForm)
    assert len(model_forms) >= 20, "the walk found the project's forms"
    bad = []
    for cls in model_forms:
        fields, exclude = _declared_meta(cls)
        if fields == forms.ALL_FIELDS or exclude or (cls._meta.model and not fields):
            bad.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not bad, f"forms without an explicit list of fields: {bad}"


def test_model_formsets_list_their_fields():
    from django.forms.models import BaseModelFormSet

    bad = []
    for cls in _project_classes(BaseModelFormSet):
        form = getattr(cls, "form", None)
        if form is None or not hasattr(form, "_meta") or form._meta.model is None:
            continue  # an abstract base
        if form._meta.fields in (None, forms.ALL_FIELDS) or form._meta.exclude:
            bad.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not bad, bad


def test_no_serializer_takes_all_fields_or_excludes():
    from rest_framework import serializers

    bad = []
    for cls in _project_classes(serializers.ModelSerializer):
        meta = getattr(cls, "Meta", None)
        if meta is None:
            continue  # an abstract base without a model
        fields, exclude = _declared_meta(cls)
        if fields in (None, serializers.ALL_FIELDS) or exclude:
            bad.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not bad, f"serializers without an explicit list of fields: {bad}"


FACTORIES = {"modelform_factory", "modelformset_factory", "inlineformset_factory"}


def test_no_form_factory_call_or_meta_in_the_source_opens_all_fields():
    """Forms built at run time and classes the import walk cannot see: read the source."""
    bad = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in FACTORIES:
                    keywords = {k.arg: k.value for k in node.keywords}
                    fields = keywords.get("fields")
                    if (
                        "exclude" in keywords
                        or fields is None
                        or (isinstance(fields, ast.Constant) and fields.value == "__all__")
                    ):
                        bad.append(where)
            if isinstance(node, ast.ClassDef) and node.name == "Meta":
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign):
                        targets = {t.id for t in stmt.targets if isinstance(t, ast.Name)}
                        if "exclude" in targets and "tests" not in path.parts:
                            bad.append(where)
                        if (
                            "fields" in targets
                            and isinstance(stmt.value, ast.Constant)
                            and stmt.value.value == "__all__"
                        ):
                            bad.append(where)
    assert not bad, f"all fields or exclude at: {bad}"
