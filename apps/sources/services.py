"""Writes with rules for the sources app: adding a new article."""

from django.db import transaction
from django.utils.text import slugify

from apps.sources.choices import SourceLanguage
from apps.sources.models import Source
from apps.sources.repair import repair_article


@transaction.atomic
def source_import(
    *,
    raw_text: str,
    name_zh: str,
    name_en: str,
    slug: str = "",
    language: str = SourceLanguage.ZH_HANT,
    publisher_zh: str = "",
    publisher_en: str = "",
    dating_note_zh: str = "",
    dating_note_en: str = "",
) -> Source:
    """Store an article as received and as repaired; the same repair as the seed article's.

    The source is validated like an admin form would (``full_clean``) before it is saved, so a
    duplicate slug or an unknown language is refused with a clear message.
    """
    source = Source(
        slug=slug or slugify(name_en),
        name_zh=name_zh,
        name_en=name_en,
        language=language,
        publisher_zh=publisher_zh,
        publisher_en=publisher_en,
        dating_note_zh=dating_note_zh,
        dating_note_en=dating_note_en,
        raw_text=raw_text,
        repaired_text=repair_article(raw_text),
    )
    # The checksum is derived from the raw text by save(), not given.
    source.full_clean(exclude=["raw_sha256"])
    source.save()
    return source
