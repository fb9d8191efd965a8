"""The helpers that start real servers: a missing tool skips a test here and fails it in CI."""

import pytest

from tests.servers import REQUIRE_SERVERS_VARIABLE, free_port, require_tools


def test_a_missing_tool_skips_the_test_saying_which(monkeypatch):
    monkeypatch.delenv(REQUIRE_SERVERS_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs no-such-server"):
        require_tools("no-such-server")


def test_a_missing_tool_fails_the_test_where_servers_are_required(monkeypatch):
    """CI sets BANAN_REQUIRE_SERVERS: there the fault tests can never pass by skipping."""
    monkeypatch.setenv(REQUIRE_SERVERS_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="needs no-such-server"):
        require_tools("no-such-server")


def test_free_ports_stay_in_the_configured_range_and_are_never_handed_out_twice(monkeypatch):
    monkeypatch.setenv("BANAN_TEST_PORTS", "8120-8139")
    ports = [free_port(), free_port()]
    assert len(set(ports)) == 2
    assert all(8120 <= port <= 8139 for port in ports)
