"""gunicorn's configuration for every production run: README's command, `make bench`, the tests.

    .venv/bin/gunicorn -c gunicorn.conf.py

Each setting reads a variable (README, Configuration) and has a default fit for one host behind a
reverse proxy. gunicorn reads this file once in its master process; Django is imported only by
the workers (banan_service/wsgi.py), which run the system checks before serving, so a bad
environment stops the server at start-up and a HUP reload picks up new code.
"""

import os

# django-environ's spellings, so DJANGO_TRUST_X_FORWARDED_PROTO means the same here as in Django.
_TRUE = {"true", "on", "ok", "y", "yes", "1"}


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


wsgi_app = "banan_service.wsgi:application"

# --- Workers --------------------------------------------------------------------------------------
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# A worker silent this long (a request stuck on a hung database, say) is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On TERM, HUP or a max_requests restart, a worker finishes the requests it has for this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open, for worker classes that keep connections
# (gthread, gevent); the default sync worker closes each one and leaves that to the proxy.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart a worker after this many requests (0, the default: never). Off because a worker takes
# about 3 s to start (Django and the system checks), and workers sharing the load evenly reach the
# count together: make bench measured 1-2 s with no worker serving at every 10,000 requests per
# worker. The caches a worker holds are bounded, and `make soak` measures its memory growth
# without recycling. If a deployment turns it on, a jitter of several seconds' requests keeps the
# restarts apart.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)

# --- Request limits -------------------------------------------------------------------------------
# gunicorn allows a request line of at most 8,190 bytes, else 0 for no limit, and answers a longer
# one with an HTML 414 of its own. The service bounds the URL itself (DJANGO_MAX_URL_LENGTH,
# apps/core/middleware/url_length.py) and answers in the API's JSON, so here the line is
# unlimited; the worker timeout still bounds how long one request may take to arrive.
limit_request_line = 0
# gunicorn's own defaults, stated: 100 header fields of at most 8,190 bytes each.
limit_request_fields = 100
limit_request_field_size = 8190

# --- Proxies --------------------------------------------------------------------------------------
# Django decides what proxy headers mean (DJANGO_TRUST_X_FORWARDED_PROTO, DJANGO_TRUSTED_PROXY_COUNT
# in banan_service/settings/base.py); gunicorn is told the same about HTTPS and believes nothing
# else. With the variable off, no header makes a request HTTPS. With it on, X-Forwarded-Proto is
# believed from any peer, as Django believes it: turn it on only when the TLS-terminating proxy is
# the only way to reach gunicorn and overwrites the header.
_trust_forwarded_proto = os.environ.get("DJANGO_TRUST_X_FORWARDED_PROTO", "").lower() in _TRUE
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if _trust_forwarded_proto else {}
forwarded_allow_ips = "*" if _trust_forwarded_proto else ""
# No SCRIPT_NAME or PATH_INFO from request headers, whoever sends them.
forwarder_headers = ""

# --- Control socket -------------------------------------------------------------------------------
# gunicorn 25.1+ opens a control socket for `gunicornc` at one path per user by default, which a
# second server of the same user (a benchmark beside the service, say) would take over. Off unless
# a path of its own is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
