"""Fill French and Arabic msgstr entries in locale/*/LC_MESSAGES/django.po from a JSON file.

    python scripts/fill_translations.py translations.json

The JSON maps each English msgid to its translations:
    {"Sign in": {"fr": "Se connecter", "ar": "تسجيل الدخول"}}
A plural entry gives lists (French: 2 forms, Arabic: 6 forms), keyed by the singular msgid.
A message with a context (pgettext) is keyed "context|msgid"; without such a key, the plain msgid's
translation is used.
Entries already translated are overwritten; fuzzy flags are cleared for filled entries.
Run `make messages` first so that every msgid exists in the catalogues.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def fill(translations):
    missing = {}
    for language in ("fr", "ar"):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            keys = [f"{entry.msgctxt}|{entry.msgid}", entry.msgid] if entry.msgctxt else [entry.msgid]
            wanted = next((translations[k][language] for k in keys if language in translations.get(k, {})), None)
            if wanted is None:
                continue
            if isinstance(wanted, list):
                entry.msgstr_plural = dict(enumerate(wanted))
            else:
                entry.msgstr = wanted
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.save(str(path))
        missing[language] = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    return missing


if __name__ == "__main__":
    data = {}
    for name in sys.argv[1:]:
        data.update(json.loads(Path(name).read_text(encoding="utf-8")))
    for language, msgids in fill(data).items():
        print(f"{language}: {len(msgids)} untranslated")
        for msgid in msgids[:40]:
            print(f"  {msgid!r}")
