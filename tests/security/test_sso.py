"""Single sign-on with OpenID Connect against a small provider on loopback (oidc_provider.py)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import Membership, Role, User
from teilhabe.core.sso import BACKEND_PATH, parse_group_roles
from tests.security import oidc_provider

REFUSED = "nicht überprüft werden konnte"

MAPPING = {
    "koeln-teilhabe-admin": {"ars": "053150000000", "role": "admin"},
    "koeln-teilhabe-redaktion": {"ars": "053150000000", "role": "editor"},
    "koeln-ag-sprache": {"ars": "053150000000", "role": "working_group", "field": "Sprache"},
    "koeln-jugendamt": [{"ars": "053150000000", "role": "office", "org_unit": "51"}],
}


@pytest.fixture
def idp(settings, monkeypatch, world):
    provider, server = oidc_provider.start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND_PATH]
    settings.ROOT_URLCONF = "tests.security.urls_sso"
    settings.TEILHABE_OIDC_GROUP_ROLES = json.dumps(MAPPING)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield provider
    server.shutdown()
    server.server_close()


def _begin(client: Client) -> tuple[str, str]:
    response = client.get(reverse("sso:login"))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    return query["state"][0], query["nonce"][0]


def _sso_login(client: Client, idp, email: str, groups: list[str], **issue):
    state, nonce = _begin(client)
    issue.setdefault("nonce", nonce)
    code = idp.issue_code(email=email, groups=groups, **issue)
    return client.get(reverse("sso:callback"), {"code": code, "state": state})


def _roles(user: User) -> set[tuple[str, str]]:
    return {
        (m.role, str(m.field_of_action or m.org_unit or ""))
        for m in Membership.objects.filter(user=user)
    }


def test_sso_is_off_by_default_no_button_and_no_urls(client, world):
    assert django_settings.TEILHABE_OIDC_ENABLED is False
    assert BACKEND_PATH not in django_settings.AUTHENTICATION_BACKENDS
    with pytest.raises(NoReverseMatch):
        reverse("sso:login")
    assert client.get("/konto/sso/anmelden/").status_code == 404
    assert client.get("/konto/sso/rueckkehr/?code=x&state=y").status_code == 404
    assert "Anmelden mit" not in client.get(reverse("core:login")).content.decode()


def test_login_page_shows_the_button_when_on(idp):
    page = Client().get(reverse("core:login")).content.decode()
    assert "Anmelden mit Dienstkonto" in page
    assert reverse("sso:login") in page


def test_first_login_creates_the_user_with_the_mapped_roles(idp, world):
    client = Client()
    response = _sso_login(
        client,
        idp,
        "Erika.Muster@Stadt-Koeln.example",
        ["koeln-teilhabe-redaktion", "koeln-ag-sprache", "andere-gruppe"],
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:start")
    user = User.objects.get(email="erika.muster@stadt-koeln.example")
    assert (user.first_name, user.last_name) == ("Erika", "Muster")
    assert not user.has_usable_password()
    assert _roles(user) == {("editor", ""), ("working_group", "Sprache")}
    assert client.get(reverse("core:account")).status_code == 200  # logged in
    # The IdP is not trusted for MFA: an editor still has to set up TOTP first.
    home = client.get(reverse("core:home", args=[world.municipality.ars]))
    assert home.status_code == 302 and home["Location"] == reverse("core:otp_setup")
    assert idp.requests == ["POST /token", "GET /jwks", "GET /userinfo"]


def test_changed_groups_update_the_roles_at_the_next_login(idp, world):
    user = User.objects.create_user("kim@stadt-koeln.example", None)
    # Granted by hand and named by no mapping: SSO leaves it alone.
    Membership.objects.create(user=user, municipality=world.municipality, role=Role.READER)
    _sso_login(Client(), idp, user.email, ["koeln-teilhabe-redaktion", "koeln-jugendamt"])
    assert _roles(user) == {("reader", ""), ("editor", ""), ("office", "51 – Jugendamt")}
    # The administrator switches the office role off in Teilhabe: the local block wins.
    Membership.objects.filter(user=user, role=Role.OFFICE).update(is_active=False)
    _sso_login(Client(), idp, user.email, ["koeln-jugendamt", "koeln-teilhabe-admin"])
    assert _roles(user) == {("reader", ""), ("office", "51 – Jugendamt"), ("admin", "")}
    assert not Membership.objects.get(user=user, role=Role.OFFICE).is_active
    _sso_login(Client(), idp, user.email, [])
    assert _roles(user) == {("reader", "")}
    # The removal is in the membership history.
    assert Membership.history.filter(user_id=user.pk, history_type="-").count() == 3


def test_a_user_without_a_mapped_group_reaches_no_municipality(idp, world):
    client = Client()
    _sso_login(client, idp, "neu@stadt-koeln.example", ["koeln-kantine"])
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"signing_key": oidc_provider.new_key()}, id="wrong-signature"),
        pytest.param({"id_claims": {"aud": "eine-andere-anwendung"}}, id="wrong-audience"),
        pytest.param({"nonce": "eine-andere-nonce"}, id="wrong-nonce"),
        pytest.param({"id_claims": {"iss": "https://idp.falsch.example"}}, id="wrong-issuer"),
        pytest.param({"id_claims": {"exp": 1_000_000}}, id="expired"),
    ],
)
def test_a_tampered_id_token_is_refused_with_a_german_message(idp, world, tamper):
    client = Client()
    response = _sso_login(
        client, idp, "angreifer@stadt-koeln.example", ["koeln-teilhabe-admin"], **tamper
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    page = client.get(response["Location"]).content.decode()
    assert REFUSED in page
    assert not User.objects.filter(email="angreifer@stadt-koeln.example").exists()
    assert client.get(reverse("core:account")).status_code == 302  # not logged in


def test_a_replayed_callback_is_refused(idp, world):
    client = Client()
    state, nonce = _begin(client)
    code = idp.issue_code(nonce=nonce, email="eva@stadt-koeln.example", groups=[])
    first = client.get(reverse("sso:callback"), {"code": code, "state": state})
    assert first["Location"] == reverse("core:start")
    other = Client()  # an attacker replaying the same callback URL in another browser
    replay = other.get(reverse("sso:callback"), {"code": code, "state": state})
    assert replay["Location"] == reverse("core:login")
    assert other.get(reverse("core:account")).status_code == 302


@pytest.mark.parametrize(
    ("trusted", "amr", "needs_totp"),
    [(True, ["pwd", "mfa"], False), (True, ["pwd"], True), (False, ["pwd", "mfa"], True)],
)
def test_idp_mfa_replaces_totp_only_when_trusted_and_confirmed(
    idp, world, settings, trusted, amr, needs_totp
):
    settings.TEILHABE_OIDC_IDP_ENFORCES_MFA = trusted
    client = Client()
    _sso_login(
        client, idp, "leitung@stadt-koeln.example", ["koeln-teilhabe-admin"], id_claims={"amr": amr}
    )
    home = client.get(reverse("core:home", args=[world.municipality.ars]))
    if needs_totp:
        assert home.status_code == 302 and home["Location"] == reverse("core:otp_setup")
    else:
        assert home.status_code == 200
        assert not TOTPDevice.objects.filter(user__email="leitung@stadt-koeln.example").exists()


def test_acr_value_can_confirm_mfa(idp, world, settings):
    settings.TEILHABE_OIDC_IDP_ENFORCES_MFA = True
    settings.TEILHABE_OIDC_MFA_ACR = ["urn:stadt-koeln:loa:hoch"]
    client = Client()
    _sso_login(
        client,
        idp,
        "acr@stadt-koeln.example",
        ["koeln-teilhabe-admin"],
        id_claims={"acr": "urn:stadt-koeln:loa:hoch"},
    )
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 200


def test_existing_accounts_only_when_user_creation_is_off(idp, world, settings):
    settings.OIDC_CREATE_USER = False
    client = Client()
    response = _sso_login(client, idp, "fremd@stadt-koeln.example", ["koeln-teilhabe-admin"])
    assert response["Location"] == reverse("core:login")
    assert "Integrationsbeauftragte" in client.get(reverse("core:login")).content.decode()
    assert not User.objects.filter(email="fremd@stadt-koeln.example").exists()
    # An existing account (matched by e-mail, case-insensitively) may log in.
    response = _sso_login(Client(), idp, "READER@koeln.example", [])
    assert response["Location"] == reverse("core:start")


@pytest.mark.parametrize(
    "raw",
    [
        "{kein json",
        '["liste"]',
        '{"g": {"ars": "053150000000"}}',
        '{"g": {"ars": "053150000000", "role": "moderator"}}',
        '{"g": {"ars": "053150000000", "role": "working_group"}}',
        '{"g": {"ars": "053150000000", "role": "office"}}',
    ],
)
def test_a_broken_group_mapping_is_a_configuration_error(raw):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_group_roles(raw)
