import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load every URLconf and view module now, at worker start, so that the first request a new
# worker serves is not seconds slower than the rest (and with gunicorn --preload only once).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
