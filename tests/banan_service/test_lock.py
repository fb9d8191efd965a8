"""requirements.lock, which make installs from, pins every package pyproject.toml asks for."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]


def _locked():
    """{name: version} of every package pinned in the lock, each with at least one hash."""
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.findall(
        r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}.*\n)+)", text, re.M
    )
    return {canonicalize_name(name): version for name, version, _ in entries}


def _requirements():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in declared]


def test_every_requirement_is_locked_within_its_range():
    """A range changed in pyproject.toml without `make lock` fails here, naming the package."""
    locked = _locked()
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{name}=={locked[name]} is outside {requirement.specifier}: run make lock"
        )


def test_every_locked_package_has_a_hash():
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^[A-Za-z0-9_.\-]+==\S+", text, re.M)
    assert len(pins) == len(_locked()) > 50
