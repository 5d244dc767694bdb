"""Login, two-factor authentication, lockout, sessions, passwords."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, login
from teilhabe.core.models import BackupCode
from teilhabe.core.twofactor import backup_codes_generate


def _login_post(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("core:login"), {"username": email, "password": password})


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_reader_logs_in_without_second_factor(world):
    client = Client()
    response = _login_post(client, world.users["reader"].email)
    assert response.status_code == 302
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 200


def test_admin_must_set_up_totp_before_the_workspace(world):
    client = Client()
    _login_post(client, world.users["admin"].email)
    response = client.get(reverse("core:home", args=[world.municipality.ars]))
    assert response.status_code == 302 and response["Location"] == reverse("core:otp_setup")
    setup_page = client.get(reverse("core:otp_setup"))
    assert "<svg" in setup_page.content.decode()
    device = TOTPDevice.objects.get(user=world.users["admin"], confirmed=False)
    wrong = client.post(
        reverse("core:otp_setup"),
        {"token": "000000" if _current_code(device) != "000000" else "111111"},
    )
    assert (
        wrong.status_code == 200
        and not TOTPDevice.objects.filter(user=world.users["admin"], confirmed=True).exists()
    )
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    done = client.post(reverse("core:otp_setup"), {"token": _current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 200


def test_editor_with_device_is_asked_for_the_code_after_password(world):
    user = world.users["editor"]
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client = Client()
    _login_post(client, user.email)
    home = reverse("core:home", args=[world.municipality.ars])
    assert client.get(home)["Location"].startswith(reverse("core:otp_verify"))
    client.post(reverse("core:otp_verify"), {"token": _current_code(device)})
    assert client.get(home).status_code == 200


def test_backup_codes_are_hashed_and_single_use(world):
    user = world.users["editor"]
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    codes = backup_codes_generate(user=user)
    for stored in BackupCode.objects.filter(device__user=user):
        assert identify_hasher(stored.code_hash)  # a real hash …
        assert stored.code_hash not in codes  # … never the code itself
    home = reverse("core:home", args=[world.municipality.ars])
    first = Client()
    _login_post(first, user.email)
    first.post(reverse("core:otp_verify"), {"token": codes[0].upper()})
    assert first.get(home).status_code == 200
    second = Client()
    _login_post(second, user.email)
    response = second.post(reverse("core:otp_verify"), {"token": codes[0]})
    assert response.status_code == 200 and "form" in response.context
    assert second.get(home).status_code == 302


def test_volunteers_may_opt_in_to_totp(world):
    client = login(Client(), world.users["working_group"])
    assert client.get(reverse("core:otp_setup")).status_code == 200


@pytest.mark.django_db
def test_five_failed_logins_lock_for_a_cool_off_never_forever(world, settings):
    settings.AXES_ENABLED = True
    import time_machine
    from django.utils import timezone

    user = world.users["reader"]
    client = Client()
    for _ in range(4):
        assert _login_post(client, user.email, "falsch-falsch-falsch").status_code == 200
    assert (
        _login_post(client, user.email, "falsch-falsch-falsch").status_code == 429
    )  # the fifth failure locks
    locked = _login_post(client, user.email)  # even the right password, for now
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _login_post(Client(), user.email).status_code == 302


def test_login_rotates_the_session_key(world):
    client = Client()
    client.get(reverse("core:login"))
    client.cookies["sessionid"] = "vorher-festgelegt"
    _login_post(client, world.users["reader"].email)
    assert client.cookies["sessionid"].value != "vorher-festgelegt"


def test_password_change_ends_other_sessions(world):
    user = world.users["reader"]
    other = Client()
    _login_post(other, user.email)
    me = Client()
    _login_post(me, user.email)
    new_password = "ein-ganz-neues-Passwort-2026"
    response = me.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    home = reverse("core:home", args=[world.municipality.ars])
    assert me.get(home).status_code == 200
    assert other.get(home).status_code == 302


def test_short_passwords_are_refused(world):
    me = Client()
    _login_post(me, world.users["reader"].email)
    response = me.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "kurz-123", "new_password2": "kurz-123"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_idle_session_ends(world, settings):
    import time_machine
    from django.utils import timezone

    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client = Client()
    _login_post(client, world.users["reader"].email)
    home = reverse("core:home", args=[world.municipality.ars])
    assert client.get(home).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get(home)
    assert response.status_code == 302 and "timeout=1" in response["Location"]


def test_argon2_is_the_password_hasher(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = world.users["reader"]
    user.set_password("ein-langes-Passwort-99")
    assert user.password.startswith("argon2")


def test_language_switch_to_english_and_back(world):
    client = login(Client(), world.users["reader"])
    home = reverse("core:home", args=[world.municipality.ars])
    assert "Als Nächstes" in client.get(home, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": home})
    assert "Next:" in client.get(home).content.decode()
    client.post(reverse("set_language"), {"language": "de", "next": home})
    assert "Als Nächstes" in client.get(home).content.decode()


def test_security_headers_on_every_response(world):
    client = login(Client(), world.users["reader"])
    response = client.get(reverse("core:home", args=[world.municipality.ars]))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
