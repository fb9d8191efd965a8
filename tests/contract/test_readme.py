"""README's "Using the API" examples, run as written against a live server with the published
data: each must answer what its comment says, and data where it promises data. The examples are
read out of README.md, so editing the README is tested."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

README = Path(__file__).resolve().parents[2] / "README.md"
README_HOST = "http://127.0.0.1:8000"
SECTION = "## Using the API"
SECONDS_PER_EXAMPLE = 60


def readme_examples():
    """(comment, commands) of each example: a block of comment lines and the commands after
    them, in the shell blocks of the section."""
    text = README.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for chunk in re.split(r"\n\s*\n", block.strip()):
            lines = chunk.splitlines()
            comment = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
            commands = "\n".join(line for line in lines if not line.startswith("#"))
            examples.append((comment, commands))
    return examples


EXAMPLES = readme_examples()


def test_the_readme_answers_the_questions_a_third_party_asks_first():
    """A cluster's profile, a year's figures, listed enterprises and an Excel download are
    among the examples, each a curl command."""
    commands = "\n".join(command for _, command in EXAMPLES)
    for needed in ("/profile/", "period=2023", "listed=true", "format=xlsx", "format=csv"):
        assert needed in commands, needed
    assert all("curl" in command for _, command in EXAMPLES)
    assert len(EXAMPLES) >= 10


@pytest.fixture
def live_dataset(transactional_db, django_db_serialized_rollback, live_server):
    call_command("load_dataset", verbosity=0)
    return live_server.url


def _holds_data(body):
    """A list with rows, or a record or object with content, never an error."""
    if isinstance(body, dict) and "errors" in body and "type" in body:
        return False
    if isinstance(body, dict) and "results" in body:
        return body["count"] >= 1 and bool(body["results"])
    return bool(body)


def _check_file(path):
    content = path.read_bytes()
    if path.suffix == ".csv":
        lines = content.decode("utf-8-sig").splitlines()
        assert content.startswith(b"\xef\xbb\xbf"), path.name
        assert len(lines) >= 2, f"{path.name} holds no row"
    elif path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        assert workbook.worksheets[0].max_row >= 2, f"{path.name} holds no row"
    else:
        pytest.fail(f"the README writes {path.name}, which this test cannot check")


@pytest.mark.parametrize(
    ("comment", "commands"), EXAMPLES, ids=[f"example-{n}" for n in range(len(EXAMPLES))]
)
def test_every_readme_example_answers_what_it_says(live_dataset, tmp_path, comment, commands):
    """Run as a reader would (bash, curl), each example exits 0; a JSON answer holds data; a
    file it writes holds rows; a status code its comment names is the one answered."""
    if shutil.which("curl") is None:
        pytest.fail("curl is needed to run the README's examples")
    script = commands.replace(README_HOST, live_dataset)
    completed = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_EXAMPLE,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout.strip()
    files = [path for path in tmp_path.iterdir() if path.is_file()]
    for path in files:
        _check_file(path)
    statuses = re.findall(r"\b(304|200|400|404)\b", comment)
    if statuses:
        assert re.match(rf"HTTP/[0-9.]+ {statuses[0]}\b", output), output
    elif not files:
        assert _holds_data(json.loads(output)), output[:500]
