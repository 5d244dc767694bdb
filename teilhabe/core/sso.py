"""Single sign-on with OpenID Connect (mozilla-django-oidc), off unless TEILHABE_OIDC_ENABLED.

Staff log in through the municipality's identity provider (IdP). At every login the roles
mapped from the IdP's group claim (TEILHABE_OIDC_GROUP_ROLES) are created, and the mapped
roles the person no longer holds are removed; roles that no mapping names stay as the
administrator granted them. An IdP login replaces the second factor only where the settings
say the IdP enforces multi-factor authentication and the ID token's ``amr``/``acr`` claim
confirms it for this login; otherwise Teilhabe still asks for its own TOTP code.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import (
    ImproperlyConfigured,
    MiddlewareNotUsed,
    SuspiciousOperation,
    ValidationError,
)
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from teilhabe.core.models import FieldOfAction, Membership, Municipality, OrgUnit, Role, User

logger = logging.getLogger(__name__)

BACKEND_PATH = "teilhabe.core.sso.TeilhabeOIDCBackend"
# Session key holding the id of the user whose IdP login counted as strong authentication.
STRONG_AUTH_SESSION_KEY = "teilhabe_sso_strong_auth"
# Moderation needs an end date per person, which a group cannot carry: not assignable by SSO.
ASSIGNABLE_ROLES = frozenset(r.value for r in Role if r != Role.MODERATOR)


def enabled() -> bool:
    return bool(getattr(settings, "TEILHABE_OIDC_ENABLED", False))


# --- group → role mapping ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRole:
    """One role an IdP group grants: in the municipality ``ars``; a working group names its
    field of action, a responsible office its organisational unit (name or abbreviation)."""

    ars: str
    role: str
    field: str = ""
    org_unit: str = ""


def parse_group_roles(raw: str | dict[str, Any]) -> dict[str, list[GroupRole]]:
    """Read TEILHABE_OIDC_GROUP_ROLES: a JSON object from group name to one role or a list of
    roles, each ``{"ars": "053150000000", "role": "editor"}`` (plus ``"field"`` for
    working_group, ``"org_unit"`` for office). Raises ImproperlyConfigured on bad input."""
    if not raw:
        return {}
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"TEILHABE_OIDC_GROUP_ROLES is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured("TEILHABE_OIDC_GROUP_ROLES must be a JSON object.")
    mapping: dict[str, list[GroupRole]] = {}
    for group, entries in data.items():
        items = entries if isinstance(entries, list) else [entries]
        roles = []
        for item in items:
            if not isinstance(item, dict) or not {"ars", "role"} <= set(item):
                raise ImproperlyConfigured(f"Group {group!r}: each entry needs 'ars' and 'role'.")
            role = str(item["role"])
            if role not in ASSIGNABLE_ROLES:
                raise ImproperlyConfigured(
                    f"Group {group!r}: role {role!r} cannot be assigned by single sign-on "
                    f"(allowed: {', '.join(sorted(ASSIGNABLE_ROLES))})."
                )
            if role == Role.WORKING_GROUP and not item.get("field"):
                raise ImproperlyConfigured(f"Group {group!r}: a working group needs 'field'.")
            if role == Role.OFFICE and not item.get("org_unit"):
                raise ImproperlyConfigured(f"Group {group!r}: an office needs 'org_unit'.")
            roles.append(
                GroupRole(
                    ars=str(item["ars"]),
                    role=role,
                    field=str(item.get("field", "")) if role == Role.WORKING_GROUP else "",
                    org_unit=str(item.get("org_unit", "")) if role == Role.OFFICE else "",
                )
            )
        mapping[str(group)] = roles
    return mapping


# (municipality id, role, field of action id, org unit id): what identifies a mapped role.
RoleKey = tuple[int, str, int | None, int | None]


def _resolve(grant: GroupRole) -> RoleKey | None:
    municipality = Municipality.objects.filter(ars=grant.ars).first()
    if municipality is None:
        logger.warning("SSO mapping names unknown municipality %s", grant.ars)
        return None
    field_id = unit_id = None
    if grant.field:
        field = FieldOfAction.objects.filter(municipality=municipality, name=grant.field).first()
        if field is None:
            logger.warning("SSO mapping names unknown field %r in %s", grant.field, grant.ars)
            return None
        field_id = field.pk
    if grant.org_unit:
        unit = (
            OrgUnit.objects.filter(municipality=municipality, short_name=grant.org_unit).first()
            or OrgUnit.objects.filter(municipality=municipality, name=grant.org_unit).first()
        )
        if unit is None:
            logger.warning("SSO mapping names unknown org unit %r in %s", grant.org_unit, grant.ars)
            return None
        unit_id = unit.pk
    return (municipality.pk, grant.role, field_id, unit_id)


@dataclass(frozen=True)
class SyncResult:
    created: int
    removed: int


@transaction.atomic
def memberships_sync(
    *, user: User, groups: Iterable[str], mapping: dict[str, list[GroupRole]]
) -> SyncResult:
    """Make the user's mapped roles match ``groups``: create the roles of the groups they are
    in, delete the mapped roles of groups they left. A mapped role an administrator switched
    off in Teilhabe stays switched off (the local block wins)."""
    member_of = set(groups)
    universe: set[RoleKey] = set()
    wanted: set[RoleKey] = set()
    for group, grants in mapping.items():
        for grant in grants:
            key = _resolve(grant)
            if key is None:
                continue
            universe.add(key)
            if group in member_of:
                wanted.add(key)
    removed = 0
    existing: set[RoleKey] = set()
    for membership in Membership.objects.select_for_update().filter(user=user):
        key = (
            membership.municipality_id,
            membership.role,
            membership.field_of_action_id,
            membership.org_unit_id,
        )
        if key in universe and key not in wanted:
            membership.delete()
            removed += 1
        else:
            existing.add(key)
    created = 0
    for municipality_id, role, field_id, unit_id in sorted(
        wanted - existing, key=lambda k: (k[0], k[1], k[2] or 0, k[3] or 0)
    ):
        membership = Membership(
            user=user,
            municipality_id=municipality_id,
            role=role,
            field_of_action_id=field_id,
            org_unit_id=unit_id,
        )
        try:
            membership.full_clean()
        except ValidationError as exc:
            logger.warning("SSO role not granted to user %s: %s", user.pk, exc.messages)
            continue
        membership.save()
        created += 1
    return SyncResult(created=created, removed=removed)


def idp_mfa_satisfied(claims: dict[str, Any]) -> bool:
    """True if the IdP is trusted to enforce MFA and this login's ``amr`` or ``acr`` says it
    did."""
    if not getattr(settings, "TEILHABE_OIDC_IDP_ENFORCES_MFA", False):
        return False
    amr = claims.get("amr") or []
    methods = {amr} if isinstance(amr, str) else {str(m) for m in amr}
    if methods & set(settings.TEILHABE_OIDC_MFA_AMR):
        return True
    acr = claims.get("acr")
    return bool(acr) and str(acr) in set(settings.TEILHABE_OIDC_MFA_ACR)


def groups_from(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.TEILHABE_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


# --- authentication backend ----------------------------------------------------------------------


class TeilhabeOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, plus the checks of the ID token that the library
    leaves out (issuer, audience, expiry), users keyed by e-mail and roles from groups."""

    userinfo: dict[str, Any]
    id_claims: dict[str, Any]

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        try:
            return super()._verify_jws(payload, key)
        except jwt.InvalidTokenError as exc:  # expired, not yet valid, bad claims
            raise SuspiciousOperation(f"ID token rejected: {exc}") from exc

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (userinfo as JWT comes without a nonce)
            self._check_id_token(payload)
            self.id_claims = payload
        return payload

    def _check_id_token(self, payload: dict[str, Any]) -> None:
        issuer = settings.TEILHABE_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token issuer does not match TEILHABE_OIDC_ISSUER.")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience does not contain our client id.")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token has several audiences but another azp.")
        if "exp" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("ID token without exp or sub.")

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        self.userinfo = super().get_userinfo(access_token, id_token, payload)
        if payload.get("sub") and self.userinfo.get("sub") not in (None, payload["sub"]):
            raise SuspiciousOperation("userinfo belongs to another subject than the ID token.")
        return self.userinfo

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def create_user(self, claims: dict[str, Any]) -> User:
        return User.objects.create_user(
            str(claims["email"]).lower(),
            None,  # no local password: this person logs in through the IdP
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        first = str(claims.get("given_name", user.first_name))[:150]
        last = str(claims.get("family_name", user.last_name))[:150]
        if (first, last) != (user.first_name, user.last_name):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None or not user.is_active:
            return user
        claims = {**payload, **getattr(self, "userinfo", {})}
        result = memberships_sync(
            user=user,
            groups=groups_from(claims),
            mapping=parse_group_roles(settings.TEILHABE_OIDC_GROUP_ROLES),
        )
        logger.info(
            "SSO login of user %s: %s role(s) granted, %s removed",
            user.pk,
            result.created,
            result.removed,
        )
        user.sso_strong_auth = idp_mfa_satisfied(payload)
        return user


# --- views -----------------------------------------------------------------------------------


def _failed(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("core:login")


class SsoLoginView(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            # Wrong signature, audience, issuer or nonce, or an unknown state: never log in.
            logger.warning("SSO login refused: %s", exc)
            return _failed(
                request,
                _(
                    "The login through the identity provider was refused because its answer "
                    "could not be verified. Please start the login again."
                ),
            )
        except requests.RequestException as exc:
            logger.warning("SSO identity provider not reachable: %s", exc)
            return _failed(
                request,
                _(
                    "The identity provider could not be reached. Please try again later or log "
                    "in with your e-mail address and password."
                ),
            )

    def login_failure(self) -> HttpResponse:
        return _failed(
            self.request,
            _(
                "The login through the identity provider did not succeed. If you have no "
                "access to Teilhabe yet, please ask your integration officer."
            ),
        )

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if getattr(self.user, "sso_strong_auth", False):
            self.request.session[STRONG_AUTH_SESSION_KEY] = self.user.pk
        return response


app_name = "sso"
urlpatterns = [
    path("anmelden/", SsoLoginView.as_view(), name="login"),
    path("rueckkehr/", SsoCallbackView.as_view(), name="callback"),
]


# --- middleware and login page -------------------------------------------------------------------


class SsoStrongAuthMiddleware:
    """Count an IdP login with confirmed MFA as a verified second factor for its session.
    Sits between django-otp's OTPMiddleware and TwoFactorRequiredMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(STRONG_AUTH_SESSION_KEY) == user.pk
            and request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH
            and getattr(settings, "TEILHABE_OIDC_IDP_ENFORCES_MFA", False)
        ):
            user.is_verified = lambda: True  # type: ignore[union-attr,attr-defined]
        return self.get_response(request)


def login_button(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the "Anmelden mit …" button on the login page, when SSO is on."""
    if not enabled():
        return {}
    try:
        url = reverse("sso:login")
    except NoReverseMatch:  # switched on without its URLs (settings changed at run time)
        return {}
    target = request.GET.get("next", "")
    if target:
        from urllib.parse import urlencode

        url = f"{url}?{urlencode({'next': target})}"
    return {"sso_login": {"url": url, "name": settings.TEILHABE_OIDC_PROVIDER_NAME}}
