"""Throttling of anonymous clients, per IP address, at the rate the environment sets."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's AnonRateThrottle, reading settings.API_ANON_THROTTLE_RATE on every request.

    DRF copies its rate table once at import; reading the setting here keeps the rate where the
    rest of the configuration is (the environment) and lets tests change it.
    """

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE
