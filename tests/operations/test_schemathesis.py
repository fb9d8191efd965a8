"""The schema tells the truth: schemathesis, run as a third party runs it, against the real service.

Every check is on (``--checks all``, positive-data acceptance and negative-data rejection included):
an answer the schema does not describe, a request the schema allows that is refused, a request it
forbids that is accepted, or any 5xx fails the test. Reads run on SQLite (the embedded default);
authenticated writes run where DATABASE_URL names PostgreSQL (as in .ci/run), in a database of
their own, with the two answers to a write that no schema can predict (schemathesis-writes.toml).

Bounded: ``SCHEMATHESIS_EXAMPLES`` cases per operation and ``SCHEMATHESIS_SECONDS`` per run.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import (
    ON_POSTGRESQL,
    Gunicorn,
    create_editor,
    load_dataset,
    postgresql_databases,
    production_environment,
)

pytestmark = pytest.mark.servers

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
SECONDS = int(os.environ.get("SCHEMATHESIS_SECONDS", "150"))
SCHEMATHESIS = Path(sys.executable).with_name("st")
# What the write run's data checks expect, and why: read it before changing it.
WRITES_CONFIG = Path(__file__).with_name("schemathesis-writes.toml")


def _environment(url):
    redis_url = os.environ.get("REDIS_URL", "") if url.startswith("postgres") else ""
    # Throttling off: the run sends thousands of requests from one address on purpose.
    return production_environment(url, redis_url, API_ANON_THROTTLE_RATE="")


def _schemathesis(server, *arguments, tmp_path, config=None, workers=2):
    """Run the CLI against the served schema; its exit status and output."""
    completed = subprocess.run(
        [
            str(SCHEMATHESIS),
            *(["--config-file", str(config)] if config else []),
            "run",
            server.url("/api/schema/"),
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--max-time",
            str(SECONDS),
            "--workers",
            str(workers),
            "--request-timeout",
            "30",
            "--seed",
            "1246",
            "--report-dir",
            str(tmp_path),
            "--no-color",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        cwd=tmp_path,
    )
    return completed.returncode, completed.stdout + completed.stderr


def _cases(output):
    """The number of cases the summary line reports (``Test cases: N generated``)."""
    found = re.search(r"Test cases:\s*(\d+) generated", output)
    return int(found.group(1)) if found else 0


@pytest.mark.skipif(ON_POSTGRESQL, reason="reads are fuzzed once, in the SQLite pass")
def test_every_read_answers_as_the_schema_says(sqlite_dataset, tmp_path):
    """Every GET operation, anonymous, on SQLite: no failure of any check."""
    environment = _environment(sqlite_dataset)
    with Gunicorn(environment, workers=2) as server:
        status, output = _schemathesis(server, "--include-method", "GET", tmp_path=tmp_path)
    print(f"\n[schemathesis] GET on SQLite: {_cases(output)} cases")
    assert status == 0, output[-8000:]
    assert _cases(output) >= 100, output[-2000:]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: DATABASE_URL names no PostgreSQL")
def test_every_write_answers_as_the_schema_says(tmp_path):
    """Every write operation, with an editor's token, on PostgreSQL: no failure of any check."""
    with postgresql_databases("schemathesis") as (url,):
        environment = _environment(url)
        load_dataset(environment)
        token = create_editor(environment, "schemathesis-editor").token
        with Gunicorn(environment, workers=2) as server:
            status, output = _schemathesis(
                server,
                "--exclude-method",
                "GET",
                "--header",
                f"Authorization: Token {token}",
                tmp_path=tmp_path,
                config=WRITES_CONFIG,
                # One worker: writes to one record from two at once only test If-Match, which
                # tests/operations/test_shared_use.py does on purpose.
                workers=1,
            )
    print(f"\n[schemathesis] writes on PostgreSQL: {_cases(output)} cases")
    assert status == 0, output[-8000:]
    assert _cases(output) >= 50, output[-2000:]


def test_the_command_is_installed():
    """make test installs schemathesis: the tests above cannot pass by not running."""
    assert shutil.which(str(SCHEMATHESIS)), SCHEMATHESIS
