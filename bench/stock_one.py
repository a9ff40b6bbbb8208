"""Compiles one document of an exported leafpress project with PyPI's typst, in a fresh
process, as a shell script running the compiler once per document would.

usage: stock_one.py EXPORTED NAME OUT
"""

import json
import sys
from pathlib import Path

import typst

root, name, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
manifest = json.loads((root / "documents.json").read_text())
doc = next(d for d in manifest["documents"] if d["name"] == name)
fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                    font_paths=[str(root / p) for p in manifest["font_paths"]])
compiler = typst.Compiler(root=str(root), font_paths=fonts)
target = out / Path(doc["output"]).relative_to("out")
target.parent.mkdir(parents=True, exist_ok=True)
compiler.compile(input=str(root / doc["main"]), output=str(target), sys_inputs=doc["inputs"],
                 pdf_standards=manifest["pdf_standards"], timestamp=manifest["creation_timestamp"])
