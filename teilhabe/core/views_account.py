"""Login, two-factor authentication, password and invitations."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core import twofactor
from teilhabe.core.forms import InvitationAcceptForm, LoginForm, OtpSetupForm, OtpTokenForm
from teilhabe.core.permissions import anyone, signed_in
from teilhabe.core.services import invitation_accept, invitation_for_token
from teilhabe.core.tenancy import AuthenticatedRequest, admits


class TeilhabeLoginView(LoginView):
    access_predicate = staticmethod(anyone)
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


class TeilhabePasswordChangeView(PasswordChangeView):
    access_predicate = staticmethod(signed_in)
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:account")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password was changed. Other sessions were ended."))
        return super().form_valid(form)


def _safe_next(request: HttpRequest, fallback: str = "core:start") -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(reverse_lazy(fallback))


@admits(signed_in)
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error(
            "token", _("The code is wrong or has expired. Please enter the current code.")
        )
    return render(
        request, "core/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@admits(signed_in)
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False
    ).first() or twofactor.totp_device_start(user=request.user)
    form = OtpSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = twofactor.backup_codes_generate(user=request.user)
            return render(request, "core/backup_codes.html", {"codes": codes})
        form.add_error(
            "token",
            _("The code is wrong. Check the time on your device and enter the current code."),
        )
    secret = b32encode(device.bin_key).decode()
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "core/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": qr_svg,
            "required": twofactor.requires_two_factor(request.user),
        },
    )


@admits(signed_in)
@login_required
@require_http_methods(["POST"])
def backup_codes_renew(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("core:otp_verify")
    codes = twofactor.backup_codes_generate(user=request.user)
    return render(request, "core/backup_codes.html", {"codes": codes})


@admits(signed_in)
@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "core/account.html",
        {
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "backup_remaining": twofactor.backup_codes_remaining(user=user),
            "requires_2fa": twofactor.requires_two_factor(user),
            "memberships": user.memberships.select_related(
                "municipality", "field_of_action", "org_unit"
            ),
        },
    )


@admits(anyone)
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=410)
    from teilhabe.core.models import User

    existing = User.objects.filter(email=invitation.email).first()
    if existing is not None:
        # An existing account only needs to confirm; the password stays as it is.
        if request.method == "POST":
            invitation_accept(invitation=invitation, password=None)
            messages.success(
                request,
                _("You are now a member of %(name)s. Please log in.")
                % {"name": invitation.municipality},
            )
            return redirect("core:login")
        return render(
            request, "core/invitation_accept.html", {"invitation": invitation, "form": None}
        )
    form = InvitationAcceptForm(User(email=invitation.email), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(
            invitation=invitation,
            password=form.cleaned_data["new_password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Teilhabe."))
        return redirect("core:start")
    return render(request, "core/invitation_accept.html", {"invitation": invitation, "form": form})
