"""List the interface's strings that a language does not translate yet: missing from its catalogue, empty, fuzzy (a
guess of msgmerge's to review), a plural form missing, or placeholders that differ from the English text's.

    .venv/bin/python scripts/untranslated.py          # French and Spanish
    .venv/bin/python scripts/untranslated.py fr       # one language

Exits 1 when something is left, 0 when every marked string is translated. Needs no GNU gettext (docs/i18n.md)."""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(languages: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from gsp import i18n

    messages = i18n.marked_messages()
    left = 0
    for language in languages or i18n.TRANSLATED:
        found = i18n.untranslated(language, messages)
        for message, problem in found:
            print(f"{language}: {i18n.describe(message, problem)}")
        kinds = Counter(problem.split(":")[0] for _message, problem in found)
        summary = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()) or "all translated"
        print(f"== {language}: {len(messages)} strings marked; {summary}")
        left += len(found)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
