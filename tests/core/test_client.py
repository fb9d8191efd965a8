"""The client address is what the configured number of trusted proxies vouches for, no more."""

import pytest

from apps.core.client import client_address

CLIENT = "203.0.113.7"
PROXY = "10.0.0.2"


def _request(rf, forwarded_for=None, remote_address=PROXY):
    headers = {"REMOTE_ADDR": remote_address}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return rf.get("/", **headers)


@pytest.mark.parametrize(
    "forwarded_for", [None, CLIENT, f"198.51.100.1, {CLIENT}", "garbage", ""], ids=repr
)
def test_without_trusted_proxies_the_header_is_ignored(rf, settings, forwarded_for):
    """The default (0 proxies): X-Forwarded-For changes nothing, the peer is the client."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(rf, forwarded_for, remote_address=CLIENT)) == CLIENT


def test_one_proxy_vouches_for_the_last_address(rf, settings):
    """The proxy appends the address it saw; that rightmost one is the client."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(rf, CLIENT)) == CLIENT


def test_a_spoofed_header_does_not_change_the_client(rf, settings):
    """A client sending its own X-Forwarded-For only adds addresses to the left of the one the
    proxy appended: a new forged address per request does not make a new client."""
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in ("198.51.100.1", "192.0.2.99, 198.51.100.2", "127.0.0.1"):
        assert client_address(_request(rf, f"{forged}, {CLIENT}")) == CLIENT


def test_two_proxies_vouch_for_the_second_address_from_the_right(rf, settings):
    """The outer proxy appends the client, the inner one the outer proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request(rf, f"198.51.100.1, {CLIENT}, 10.0.0.1")) == CLIENT


@pytest.mark.parametrize("forwarded_for", [None, "", CLIENT], ids=repr)
def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(rf, settings, forwarded_for):
    """A request that did not pass through every trusted proxy: only the peer is known."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request(rf, forwarded_for)) == PROXY


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("2001:DB8::1", "2001:db8::1"),
        ("[2001:db8::1]:4711", "2001:db8::1"),
        ("::ffff:203.0.113.7", CLIENT),
        (f"{CLIENT}:4711", CLIENT),
        (f"  {CLIENT}  ", CLIENT),
    ],
)
def test_addresses_are_normalised(rf, settings, forwarded_for, expected):
    """IPv6 in one spelling, IPv4-mapped IPv6 as IPv4, ports dropped: one client, one key."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(rf, forwarded_for)) == expected


@pytest.mark.parametrize(
    "forwarded_for",
    ["unknown", "not an address", "999.1.1.1", "_hidden", "1.2.3.4, ,", f"{CLIENT},"],
)
def test_garbage_where_the_client_should_be_falls_back_to_the_peer(rf, settings, forwarded_for):
    """What the trusted proxy should have written is no address: the peer is all we know."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(rf, forwarded_for)) == PROXY


def test_the_peer_address_is_normalised_too(rf, settings):
    """REMOTE_ADDR in IPv6 gets the same spelling as a forwarded one."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(rf, remote_address="2001:DB8:0:0::1")) == "2001:db8::1"


def test_a_request_without_any_address_answers_the_empty_string(rf, settings):
    """A Unix-socket peer has no address: nothing is invented."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(rf, remote_address="")) == ""
