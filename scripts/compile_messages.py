"""Compile the committed translation catalogues (locale/<language>/LC_MESSAGES/*.po) into the .mo files Django reads,
with Babel: no GNU gettext needed (`make` runs this on setup; the .mo files are not committed). Fuzzy entries are left
out, as msgfmt does. A .mo newer than its .po is kept."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalog(po_path: Path, force: bool = False) -> bool:
    """Write the .mo beside `po_path` unless it is up to date; say whether it was written."""
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    language = po_path.parent.parent.name
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    # Written under a temporary name first: a running server never reads half a file.
    partial = mo_path.with_suffix(".mo.partial")
    with partial.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    partial.replace(mo_path)
    return True


def main(argv: list[str]) -> int:
    force = "--force" in argv
    written = [po for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")) if compile_catalog(po, force)]
    for po in written:
        print(f"compiled {po.relative_to(LOCALE_DIR.parent).with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
