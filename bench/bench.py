"""Benchmark: leafpress against the stock Typst compiler (PyPI's typst package) on the same
documents, as BENCHMARKS.md describes. Run it with `bench/run`, which prepares what it needs.

(a) `leafpress build` of the documents, the whole process, preflight checks included;
(b) the stock compiler in a fresh process per document, compiling the exported project;
(c) the stock compiler warm in one process, compiling every document one after another.

Each is timed as a whole process, RUNS times; the ratios are of the medians. Peak RSS is the
largest resident set of any process the variant ran. It also checks that the stock compiler
gives the same pages as leafpress, and measures a 1,000-document batch against a 100-document
one (organisation variants of the card and the poster).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Every layout that a plain Typst project can build: the card sheet is imposed by leafpress.
LAYOUTS = "pocket,trifold,card,tearoff,poster,poster-multi"
COMPILE_ONE = HERE / "stock_one.py"
COMPILE_ALL = HERE / "stock_all.py"


def run(argv, **kwargs):
    """Runs a command to the end; returns (seconds, peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, argv))} failed ({process.returncode}):\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def leafpress_build(binary, project, out, extra=()):
    shutil.rmtree(out, ignore_errors=True)
    return run([binary, "--project", project, "build", "--out", out, *extra])


def stock_per_process(python, exported, out):
    manifest = json.loads((exported / "documents.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
    total, peak = 0.0, 0.0
    start = time.perf_counter()
    for doc in manifest["documents"]:
        _, rss = run([python, COMPILE_ONE, exported, doc["name"], out])
        peak = max(peak, rss)
    total = time.perf_counter() - start
    return total, peak


def stock_warm(python, exported, out):
    shutil.rmtree(out, ignore_errors=True)
    return run([python, COMPILE_ALL, exported, out])


def same_pages(exported, ours, stock, names):
    """Renders both PDFs of each document with pdftoppm and compares the pixels."""
    if shutil.which("pdftoppm") is None:
        return "not checked (pdftoppm is missing: apt-get install poppler-utils)"
    different = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            renders = []
            for side, root in (("ours", ours), ("stock", stock)):
                prefix = Path(tmp) / f"{side}-{name.replace('/', '-')}"
                subprocess.run(["pdftoppm", "-r", "30", root / f"{name}.pdf", prefix],
                               check=True, stderr=subprocess.DEVNULL)
                pages = sorted(Path(tmp).glob(prefix.name + "-*.ppm"))
                renders.append([p.read_bytes() for p in pages])
            if renders[0] != renders[1]:
                different.append(name)
    if different:
        return f"DIFFERENT pages in {len(different)} of {len(names)}: {', '.join(different)}"
    return f"identical pages (pdftoppm at 30 dpi) in all {len(names)} documents"


def org_variants(project, count, into):
    """`count` organisation files made from examples/clinic.toml, each with its own name."""
    into.mkdir(parents=True, exist_ok=True)
    example = (REPO / "examples" / "clinic.toml").read_text()
    shutil.copy(REPO / "examples" / "clinic-logo.svg", into / "clinic-logo.svg")
    for i in range(count):
        # A name without digits: the preflight rightly refuses numbers not in the directory.
        letters = chr(ord("A") + i // 26) + chr(ord("a") + i % 26)
        text = example.replace('name = "Wijkgezondheidscentrum De Linde"',
                               f'name = "Wijkgezondheidscentrum {letters}"')
        (into / f"clinic-{i + 1:03d}.toml").write_text(text)
    return into


def median_of(runs, measure):
    results = [measure() for _ in range(runs)]
    seconds = statistics.median(r[0] for r in results)
    return seconds, max(r[1] for r in results), [r[0] for r in results]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leafpress", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    binary, python, project = args.leafpress, args.python, REPO
    exported = work / "exported"
    shutil.rmtree(exported, ignore_errors=True)
    subprocess.run([binary, "--project", project, "export-project", exported, "--layout", LAYOUTS],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names = [d["name"] for d in json.loads((exported / "documents.json").read_text())["documents"]]
    print(f"{len(names)} documents: every language × {LAYOUTS}; {args.runs} runs each", flush=True)

    build = lambda: leafpress_build(binary, project, work / "a", ("--layout", LAYOUTS))
    a = median_of(args.runs, build)
    print(f"(a) leafpress build       {a[0]:7.2f} s  peak {a[1]:4.0f} MB  runs {fmt(a[2])}", flush=True)
    b = median_of(args.runs, lambda: stock_per_process(python, exported, work / "b"))
    print(f"(b) typst, process/doc    {b[0]:7.2f} s  peak {b[1]:4.0f} MB  runs {fmt(b[2])}", flush=True)
    c = median_of(args.runs, lambda: stock_warm(python, exported, work / "c"))
    print(f"(c) typst.Compiler, warm  {c[0]:7.2f} s  peak {c[1]:4.0f} MB  runs {fmt(c[2])}", flush=True)
    print(f"a/b = {a[0] / b[0]:.3f}: leafpress is {b[0] / a[0]:.1f}× faster than (b)")
    print(f"a/c = {a[0] / c[0]:.3f}: leafpress is {c[0] / a[0]:.1f}× faster than (c)")
    print("stock vs leafpress:", same_pages(exported, work / "a", work / "c", names), flush=True)

    orgs = org_variants(project, 32, work / "orgs-1000")
    small = org_variants(project, 3, work / "orgs-100")
    for label, folder in (("100", small), ("1000", orgs)):
        seconds, rss = leafpress_build(binary, project, work / f"batch-{label}",
                                       ("--layout", "card,poster", "--org", folder))
        count = len(list((work / f"batch-{label}").rglob("*.pdf")))
        print(f"batch of {count:4d} documents ({len(list(folder.glob('*.toml')))} organisations × "
              f"16 languages × card, poster): {seconds:6.1f} s  peak {rss:4.0f} MB", flush=True)
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.machine())
    print(f"machine: {model}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"date: {time.strftime('%Y-%m-%d')}")


def fmt(values):
    return " ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
