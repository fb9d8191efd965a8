"""`manage.py import_article`: editors add new articles with the same repair."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("巴南區(qū)聚焦ic設(shè)計(jì)。", encoding="utf-8")
    return path


def test_import_stores_raw_and_repaired_text(article, capsys):
    """The raw text is kept as received; the served text is repaired and simplified. A
    lower-case Latin run is left as written and listed for an editor: only the article's own
    rules could say that ``ic`` is IC."""
    call_command("import_article", article, "--title", "测试文章", "--title-en", "Test Article")
    source = Source.objects.get(slug="test-article")
    assert source.raw_text == "巴南區(qū)聚焦ic設(shè)計(jì)。"
    assert source.repaired_text == "巴南区聚焦ic设计。"
    assert "lower-case Latin run: check its case at 5: 'ic'" in capsys.readouterr().err
    assert source.raw_sha256 == Source.checksum(source.raw_text)


def test_import_refuses_an_existing_slug(article):
    """Importing twice under one slug is refused with the reason, not an IntegrityError."""
    args = ("import_article", article, "--title", "测试", "--title-en", "T", "--slug", "same")
    call_command(*args)
    with pytest.raises(CommandError, match="already exists"):
        call_command(*args)
    assert Source.objects.count() == 1


def test_import_reports_an_unreadable_file(tmp_path):
    """A missing file is a clear command error."""
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_article", tmp_path / "nope.txt", "--title", "x", "--title-en", "x")


def test_import_warns_about_damage_left(tmp_path, capsys):
    """Damage the repair cannot fix is reported for an editor to review."""
    path = tmp_path / "odd.txt"
    path.write_text("“未闭合的引号", encoding="utf-8")
    call_command("import_article", path, "--title", "x", "--title-en", "Odd")
    assert "Damage left" in capsys.readouterr().err
