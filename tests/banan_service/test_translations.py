"""The Chinese catalogue: every label an editor reads is translated, and the .mo is current."""

import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from apps.core.registry import data_apps

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
# Labels that read the same in both languages.
SAME_IN_BOTH = {"×1"}


def _editor_facing_strings():
    for config in [*data_apps(), apps.get_app_config("accounts")]:
        label = config.label
        yield config.verbose_name
        for model in config.get_models():
            if model._meta.app_label != label or model.__name__.startswith("Historical"):
                continue
            yield model._meta.verbose_name
            yield model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if not field.concrete or field.auto_created:
                    continue
                yield field.verbose_name
                if field.help_text:
                    yield field.help_text
                for _, choice_label in field.flatchoices:
                    yield choice_label
            for constraint in model._meta.constraints:
                yield constraint.violation_error_message


def _labels_by_english_text():
    """Each label once, kept lazy so that it can be read in either language."""
    with translation.override("en"):
        return {str(label): label for label in _editor_facing_strings()}


@pytest.mark.parametrize(("text", "label"), sorted(_labels_by_english_text().items()))
def test_every_label_an_editor_reads_has_a_chinese_translation(text, label):
    """Model and field names, choices, help texts and constraint messages all read in Chinese,
    those composed of parts (a date span's "signing date (earliest day)") too."""
    with translation.override("zh-hans"):
        translated = str(label)
    assert translated != text or text in SAME_IN_BOTH


def _po_catalogue():
    entries = {}
    blocks = (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        parts = re.findall(r'^(msgid|msgstr) ((?:".*"\n?)+)', block + "\n", flags=re.M)
        strings = {
            key: "".join(re.findall(r'"(.*)"', value)).replace('\\"', '"') for key, value in parts
        }
        if strings.get("msgid"):
            entries[strings["msgid"]] = strings["msgstr"]
    return entries


def test_the_compiled_catalogue_matches_the_po_file():
    """django.mo was compiled from the committed django.po (run compilemessages after edits)."""
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    expected = _po_catalogue()
    assert expected
    assert {msgid: catalogue.gettext(msgid) for msgid in expected} == expected
