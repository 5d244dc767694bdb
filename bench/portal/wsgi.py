"""The application as served in the portal benchmark: Django, with WhiteNoise in front of it
in the same process serving the static comparison file from ``BENCH_STATIC_DIR``."""

from __future__ import annotations

import os

from whitenoise import WhiteNoise

from config.wsgi import application as django_application

application = WhiteNoise(
    django_application,
    root=os.environ.get("BENCH_STATIC_DIR", "/nonexistent"),
    prefix="bench-static/",
    autorefresh=False,
)
