"""Reads and edits leafpress exports with translate-toolkit, the library under Weblate and
Pootle: an independent reader for tests/strings.rs.

    python3 ttk.py read FILE              prints every unit as JSON
    python3 ttk.py edit FILE KEY TEXT OUT sets one unit's target and saves the store to OUT
"""

import json
import sys

from translate.storage import factory
from translate.storage.workflow import StateEnum as states


def units(store):
    return [unit for unit in store.units if not unit.isheader()]


def key(unit):
    """The content key: msgctxt in PO, the unit's id in XLIFF (after the file name that
    translate-toolkit puts before it)."""
    context = unit.getcontext() if not hasattr(unit, "statemap") else ""
    return (context or unit.getid()).split("\x04")[-1]


def state(unit):
    """untranslated, stale, translated or reviewed, in translate-toolkit's own terms."""
    if not unit.target:
        return "untranslated"
    if not hasattr(unit, "statemap"):  # PO: fuzzy or not
        return "stale" if unit.isfuzzy() else "translated"
    n = unit.get_state_n()
    if n >= states.FINAL:
        return "reviewed"
    if n >= states.UNREVIEWED:
        return "translated"
    return "stale"


def codes(unit):
    """The protected inline codes of the source, as translate-toolkit parsed them."""
    found = []
    for tree in getattr(unit, "rich_source", None) or []:
        for elem in tree.depth_first():
            name = type(elem).__name__
            if name in ("X", "G", "Bx", "Ex", "Ph", "Pc"):
                attrib = dict(getattr(elem, "xml_attrib", None) or {})
                found.append({"kind": name, "attrib": attrib})
    return found


def read(path):
    store = factory.getobject(path)
    out = []
    for unit in units(store):
        out.append(
            {
                "key": key(unit),
                "source": str(unit.source),
                "target": str(unit.target or ""),
                "state": state(unit),
                "codes": codes(unit),
                "flags": list(getattr(unit, "typecomments", []) or []),
                "notes": unit.getnotes(),
            }
        )
    print(json.dumps(out, ensure_ascii=False))


def edit(path, wanted, text, out):
    store = factory.getobject(path)
    matches = [unit for unit in units(store) if key(unit) == wanted]
    if len(matches) != 1:
        sys.exit(f"{len(matches)} units have the key {wanted}")
    matches[0].target = text
    store.savefile(out)


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2])
    elif sys.argv[1] == "edit":
        edit(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
