"""The fingerprint of the running code, so nothing cached by one release is served by the next.

Cached answers and ETags are keyed by the data version, which a deploy does not move; a deploy
that changes how the data is shown must still invalidate them, on every worker and in a shared
Redis. ``DJANGO_RELEASE`` names the release where the deployment knows it (a commit id);
otherwise the code itself is hashed once at start-up.
"""

import functools
import hashlib
import os

from django.conf import settings

SOURCE_DIRECTORIES = ("apps", "banan_service", "locale")
SOURCE_SUFFIXES = (".py", ".html", ".md", ".mo")


@functools.cache
def release_fingerprint() -> str:
    configured = os.environ.get("DJANGO_RELEASE", "")
    if configured:
        return configured
    digest = hashlib.sha256()
    for directory in SOURCE_DIRECTORIES:
        for path in sorted((settings.BASE_DIR / directory).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
