"""WSGI entry point; production deployments set DJANGO_SETTINGS_MODULE explicitly.

The system checks run here, before the first request: gunicorn runs none of its own, and a
deployment with an insecure secret key or a wildcard host must not serve at all.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banan_service.settings.production")

application = get_wsgi_application()

from banan_service.checks import refuse_to_serve_on_errors  # noqa: E402  (needs django.setup())

refuse_to_serve_on_errors()
