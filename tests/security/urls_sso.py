"""The project's URLs with single sign-on switched on (config.urls adds it only when enabled)."""

from django.urls import include, path

from config.urls import urlpatterns as base

urlpatterns = [*base, path("konto/sso/", include("teilhabe.core.sso"))]
