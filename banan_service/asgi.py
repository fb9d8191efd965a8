"""ASGI entry point; production deployments set DJANGO_SETTINGS_MODULE explicitly.

The system checks run here, before the first request, as in wsgi.py.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banan_service.settings.production")

application = get_asgi_application()

from banan_service.checks import refuse_to_serve_on_errors  # noqa: E402  (needs django.setup())

refuse_to_serve_on_errors()
