"""Clients generated from the schema as a third party generates them, run against a live server.

- Python: openapi-python-client with its defaults (the package is named after the schema's
  title, with --fail-on-warning), pip-installed into a scratch virtualenv, runs
  clients/first_program.py.
- TypeScript: openapi-typescript (--enum, so the enums carry the schema's member names) types
  clients/first_program.ts, which tsc --strict compiles and node runs.

Both programs list indicators filtered by several values, trimmed to several fields, ordered by
two keys and paged to the end, and read a cluster's profile; their output must equal what the
server answers to the same questions asked by hand.

The tools are installed once under .cache/contract/ in the checkout (ignored by git): the
generator and a wheelhouse from PyPI, the compilers from npm. The first run needs the network;
later runs work offline. A tool that cannot be installed fails the test: it never skips.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
CLIENTS = Path(__file__).resolve().parent / "clients"
CACHE = REPO / ".cache" / "contract"
OPENAPI_PYTHON_CLIENT = "openapi-python-client==0.29.1"
# The generator formats what it writes with ruff (its default post-hooks).
RUFF = "ruff>=0.8,<1"
# What a pip install of the generated client needs offline: its build backend and dependencies.
WHEELHOUSE = CACHE / "wheels"
NODE_TOOLS = {"openapi-typescript": "7.13.0", "typescript": "5.9.3", "@types/node": "20.19.25"}
# Seconds any one step may take; installing from the network the first time is the slowest.
INSTALL_TIMEOUT = 600
STEP_TIMEOUT = 180


def run(command, *, cwd=None, env=None, timeout=STEP_TIMEOUT):
    """Run a command; fail the test with its output if it fails or outlives ``timeout``."""
    try:
        completed = subprocess.run(
            [str(part) for part in command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"{command[0]} could not run: {error}")
    if completed.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} exited {completed.returncode}\n"
            f"{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
        )
    return completed.stdout


def _pip(python, *arguments, timeout=STEP_TIMEOUT):
    return run(
        [python, "-m", "pip", "--disable-pip-version-check", "--no-input", *arguments],
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def python_client_generator():
    """openapi-python-client (and ruff) in a virtualenv of their own, kept in the cache."""
    home = CACHE / OPENAPI_PYTHON_CLIENT.replace("==", "-")
    executable = home / "bin" / "openapi-python-client"
    if not executable.exists():
        shutil.rmtree(home, ignore_errors=True)
        run([sys.executable, "-m", "venv", home])
        _pip(
            home / "bin" / "python", "install", OPENAPI_PYTHON_CLIENT, RUFF, timeout=INSTALL_TIMEOUT
        )
    return home / "bin"


@pytest.fixture(scope="module")
def node_tools():
    """openapi-typescript, typescript and Node's types, installed once from npm."""
    home = CACHE / "node"
    manifest = {"private": True, "dependencies": NODE_TOOLS}
    package = home / "package.json"
    binaries = home / "node_modules" / ".bin"
    current = package.exists() and json.loads(package.read_text()) == manifest
    if not (current and (binaries / "tsc").exists() and (binaries / "openapi-typescript").exists()):
        home.mkdir(parents=True, exist_ok=True)
        package.write_text(json.dumps(manifest, indent=2))
        run(["npm", "install", "--no-audit", "--no-fund"], cwd=home, timeout=INSTALL_TIMEOUT)
    return binaries


@pytest.fixture
def live_dataset(transactional_db, django_db_serialized_rollback, live_server):
    """The published dataset behind a live server; its URL."""
    call_command("load_dataset", verbosity=0)
    return live_server.url


def _read(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _schema(base_url, directory):
    """The schema as a third party downloads it."""
    path = directory / "schema.json"
    with urllib.request.urlopen(f"{base_url}/api/schema/?format=json", timeout=30) as response:
        path.write_bytes(response.read())
    return path


def _expected(base_url):
    """The same questions asked by hand (fields and ordering comma-separated), page by page."""
    url = (
        f"{base_url}/api/v1/indicators/?tier=leading&tier=pillar&kind=actual&kind=cumulative"
        "&page_size=4&fields=slug,value_normalized,unit_multiplier,period"
        "&ordering=-period,-value_normalized"
    )
    rows, pages, count = [], 0, 0
    while url:
        page = _read(url)
        rows.extend(page["results"])
        pages += 1
        count = page["count"]
        url = page["next"]
    profile = _read(f"{base_url}/api/v1/clusters/biomedicine/profile/")
    return {
        "count": count,
        "pages": pages,
        "rows": rows,
        "profile": {
            "cluster": "biomedicine",
            "indicators": [indicator["slug"] for indicator in profile["indicators"]],
        },
    }


def _assert_answers(output, expected):
    assert output["rows"] == expected["rows"]
    assert output["count"] == expected["count"] == len(expected["rows"])
    assert output["pages"] == expected["pages"] >= 2
    assert all(
        set(row) == {"slug", "value_normalized", "unit_multiplier", "period"}
        for row in output["rows"]
    )
    assert output["multipliers"] == sorted(
        {"ONE", "TEN_THOUSAND", "HUNDRED_MILLION"} & set(output["multipliers"])
    )
    assert "HUNDRED_MILLION" in output["multipliers"]
    assert output["profile"] == expected["profile"]
    assert output["profile"]["indicators"]


def _build_and_install_client(client_directory, venv):
    """pip install the generated package into ``venv``, offline from the wheelhouse, which is
    filled from PyPI the first time (the build backend and the client's dependencies)."""
    distribution = client_directory.parent / "dist"
    offline = ["--no-index", "--find-links", WHEELHOUSE]
    build = ["wheel", "--no-deps", "--wheel-dir", distribution, *offline, client_directory]
    try:
        _pip(sys.executable, *build)
    except pytest.fail.Exception:
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        _pip(
            sys.executable,
            "wheel",
            "--wheel-dir",
            WHEELHOUSE,
            "poetry-core>=2,<3",
            client_directory,
            timeout=INSTALL_TIMEOUT,
        )
        _pip(sys.executable, *build)
    (wheel,) = distribution.glob("*.whl")
    _pip(venv / "bin" / "python", "install", *offline, wheel)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_python_client_generated_with_the_defaults_installs_and_works(
    live_dataset, python_client_generator, tmp_path
):
    """openapi-python-client's defaults give an installable package, whose client lists,
    filters by several values, trims to several fields, orders by two keys and pages, and
    reads a profile: exactly what the server answers by hand."""
    schema = _schema(live_dataset, tmp_path)
    environment = {
        **os.environ,
        "PATH": f"{python_client_generator}{os.pathsep}{os.environ['PATH']}",
    }
    run(
        [
            python_client_generator / "openapi-python-client",
            "generate",
            "--path",
            schema,
            "--fail-on-warning",
        ],
        cwd=tmp_path,
        env=environment,
    )
    (client_directory,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert client_directory.name == "banan-industry-data-service-api-client"
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    _build_and_install_client(client_directory, venv)
    output = json.loads(
        run([venv / "bin" / "python", CLIENTS / "first_program.py", live_dataset], cwd=tmp_path)
    )
    _assert_answers(output, _expected(live_dataset))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typescript_types_generated_by_openapi_typescript_compile_strictly_and_work(
    live_dataset, node_tools, tmp_path
):
    """openapi-typescript's types (with the schema's enum member names) type a small client
    that tsc --strict compiles; run by node, it answers what the server answers by hand."""
    schema = _schema(live_dataset, tmp_path)
    run([node_tools / "openapi-typescript", schema, "--enum", "--output", tmp_path / "api.ts"])
    shutil.copy(CLIENTS / "first_program.ts", tmp_path / "first_program.ts")
    run(
        [
            node_tools / "tsc",
            "--strict",
            "--target",
            "es2022",
            "--module",
            "commonjs",
            "--lib",
            "es2022,dom",
            "--types",
            "node",
            "--typeRoots",
            node_tools.parent / "@types",
            "--outDir",
            tmp_path / "out",
            tmp_path / "first_program.ts",
        ],
        cwd=tmp_path,
    )
    output = json.loads(run(["node", tmp_path / "out" / "first_program.js", live_dataset]))
    _assert_answers(output, _expected(live_dataset))
