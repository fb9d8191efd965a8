"""The address of the client behind a request, as far as the trusted proxies in front vouch for it.

Each proxy appends to ``X-Forwarded-For`` the address it received the request from, so with
``TRUSTED_PROXY_COUNT`` = N proxies in front of the service the N-th address from the right was
written by the outermost trusted proxy: it is the client. Everything to its left came from the
client and may be forged. With N = 0 (the default) nothing in front is trusted: the header is
ignored and the peer address (``REMOTE_ADDR``) is the client.

Used wherever requests are counted per client: the admin login lockout and the API rate limit.
"""

import ipaddress
from typing import cast

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address, normalised (lower-case IPv6, IPv4-mapped IPv6 as IPv4)."""
    remote_address = request.META.get("REMOTE_ADDR", "")
    # An integer: banan_service/checks.py refuses to serve with anything else.
    trusted_proxies = cast(int, settings.TRUSTED_PROXY_COUNT)
    if trusted_proxies > 0:
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded_for.split(",")] if forwarded_for else []
        # A shorter header did not pass through every trusted proxy: the peer is all we know.
        if len(hops) >= trusted_proxies:
            vouched_for = _normalised(hops[-trusted_proxies])
            if vouched_for:
                return vouched_for
    return _normalised(remote_address) or remote_address


def _normalised(address: str) -> str:
    """``address`` as a canonical IP address, without a port; empty when it is none."""
    host = address
    if host.startswith("["):  # [2001:db8::1]:443
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:  # 192.0.2.1:443
        host = host.partition(":")[0]
    try:
        parsed = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return str(parsed)
