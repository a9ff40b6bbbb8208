"""Compiles every document of an exported leafpress project with PyPI's typst, warm: one
`typst.Compiler` in one process, one document after another.

usage: stock_all.py EXPORTED OUT
"""

import json
import sys
from pathlib import Path

import typst

root, out = Path(sys.argv[1]), Path(sys.argv[2])
manifest = json.loads((root / "documents.json").read_text())
fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                    font_paths=[str(root / p) for p in manifest["font_paths"]])
compiler = typst.Compiler(root=str(root), font_paths=fonts)
for doc in manifest["documents"]:
    target = out / Path(doc["output"]).relative_to("out")
    target.parent.mkdir(parents=True, exist_ok=True)
    compiler.compile(input=str(root / doc["main"]), output=str(target), sys_inputs=doc["inputs"],
                     pdf_standards=manifest["pdf_standards"],
                     timestamp=manifest["creation_timestamp"])
