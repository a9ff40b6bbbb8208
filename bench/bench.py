"""Benchmark: leafpress against the stock Typst compiler (the typst CLI 0.15.1 built from
crates.io, and PyPI's typst package) on the same documents, as BENCHMARKS.md describes. Run it
with `bench/run`, which prepares what it needs.

(a) `leafpress build` of the documents from scratch, the whole process, checks included;
(a2) the same build again with nothing changed; (a3) again after one text of fr.toml changed;
(b) PyPI's compiler in a fresh process per document, compiling the exported project;
(c) PyPI's compiler warm in one process, compiling every document one after another;
(d) the typst CLI, one process per document, one after another;
(e) the typst CLI, one process per document, as many at once as there are cores (xargs -P).

Each is timed as a whole process, RUNS times; the ratios are of the medians. Peak RSS is the
largest resident set of any process the variant ran; CPU is user + system time of every
process. It also checks that the stock compilers give the same pages as leafpress, and
measures a 1,000-document batch against a 100-document one (organisation variants of the card
and the poster).
"""

import argparse
import json
import os
import platform
import shlex
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
    """Runs a command to the end; returns (seconds, peak RSS in MB, CPU seconds)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, argv))} failed ({process.returncode}):\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def leafpress_build(binary, project, out, extra=(), clean=True):
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    return run([binary, "--project", project, "build", "--out", out, *extra])


def edited_project(work):
    """A copy of the project whose French `not_alone` text each call of the returned function
    changes (to one of two wordings, in turn), so that every rebuild has one text to redo."""
    project = work / "edited-project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for part in ("content", "layouts"):
        shutil.copytree(REPO / part, project / part)
    (project / "fonts").symlink_to(REPO / "fonts")
    french = project / "content" / "fr.toml"
    original = next(l for l in french.read_text().splitlines() if l.startswith("not_alone = "))
    wordings = [original, 'not_alone = "Vous n’êtes pas seul(e)."']
    turn = [0]

    def edit():
        turn[0] += 1
        now, then = wordings[turn[0] % 2], wordings[(turn[0] + 1) % 2]
        french.write_text(french.read_text().replace(then, now, 1))
    return project, edit


def cli_commands(typst, exported, out):
    """The typst CLI's command for each exported document, writing under `out`."""
    manifest = json.loads((exported / "documents.json").read_text())
    common = [typst, "compile", "--root", str(exported), "--ignore-system-fonts",
              "--ignore-embedded-fonts", "--pdf-standard", ",".join(manifest["pdf_standards"]),
              "--creation-timestamp", str(manifest["creation_timestamp"])]
    for path in manifest["font_paths"]:
        common += ["--font-path", str(exported / path)]
    shutil.rmtree(out, ignore_errors=True)
    commands = []
    for doc in manifest["documents"]:
        target = out / Path(doc["output"]).relative_to("out")
        target.parent.mkdir(parents=True, exist_ok=True)
        inputs = [arg for k, v in doc["inputs"].items() for arg in ("--input", f"{k}={v}")]
        commands.append([*common, *inputs, str(exported / doc["main"]), str(target)])
    return commands


def cli_per_process(typst, exported, out):
    total_cpu, peak = 0.0, 0.0
    start = time.perf_counter()
    for argv in cli_commands(typst, exported, out):
        _, rss, cpu = run(argv)
        peak, total_cpu = max(peak, rss), total_cpu + cpu
    return time.perf_counter() - start, peak, total_cpu


def cli_parallel(typst, exported, out, cores):
    """The CLI under `xargs -P cores`: wait4 on xargs reports the largest resident set of any
    compiler it ran, and the CPU time of all of them."""
    lines = "\n".join(shlex.join(argv) for argv in cli_commands(typst, exported, out))
    commands = out / "commands.txt"
    commands.write_text(lines + "\n")
    return run(["xargs", "-a", str(commands), "-d", "\n", "-n", "1", "-P", str(cores),
                "sh", "-c"])


def stock_per_process(python, exported, out):
    manifest = json.loads((exported / "documents.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
    total_cpu, peak = 0.0, 0.0
    start = time.perf_counter()
    for doc in manifest["documents"]:
        _, rss, cpu = run([python, COMPILE_ONE, exported, doc["name"], out])
        peak, total_cpu = max(peak, rss), total_cpu + cpu
    total = time.perf_counter() - start
    return total, peak, total_cpu


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
    """(median seconds, largest peak RSS, every run's seconds, median CPU seconds)."""
    results = [measure() for _ in range(runs)]
    seconds = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[2] for r in results)
    return seconds, max(r[1] for r in results), [r[0] for r in results], cpu


def line(label, measured, documents):
    seconds, peak, runs, cpu = measured
    print(f"{label:<30}{seconds:7.2f} s  CPU {cpu:6.2f} s ({1000 * cpu / documents:3.0f} ms/doc)  "
          f"peak {peak:4.0f} MB  runs {fmt(runs)}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leafpress", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--typst", required=True)
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

    n, cores, runs = len(names), os.cpu_count() or 1, args.runs
    layouts = ("--layout", LAYOUTS)
    a = median_of(runs, lambda: leafpress_build(binary, project, work / "a", layouts))
    line("(a) leafpress build, cold", a, n)
    a2 = median_of(runs, lambda: leafpress_build(binary, project, work / "a", layouts, False))
    line("(a2) no change since", a2, n)
    edited, edit = edited_project(work)
    leafpress_build(binary, edited, work / "a3", layouts)

    def edit_and_build():
        edit()
        return leafpress_build(binary, edited, work / "a3", layouts, False)
    a3 = median_of(runs, edit_and_build)
    line("(a3) one French text edited", a3, n)
    b = median_of(runs, lambda: stock_per_process(python, exported, work / "b"))
    line("(b) PyPI typst, process/doc", b, n)
    c = median_of(runs, lambda: stock_warm(python, exported, work / "c"))
    line("(c) PyPI typst.Compiler, warm", c, n)
    d = median_of(runs, lambda: cli_per_process(args.typst, exported, work / "d"))
    line("(d) typst CLI, one by one", d, n)
    e = median_of(runs, lambda: cli_parallel(args.typst, exported, work / "e", cores))
    line(f"(e) typst CLI, xargs -P {cores}", e, n)
    print(f"a/e = {a[0] / e[0]:.3f}: cold build against the CLI on every core (goal: at most 0.5)")
    print(f"a/d = {a[0] / d[0]:.3f}: cold build against the CLI one by one")
    print(f"CPU per document: leafpress {1000 * a[3] / n:.0f} ms, CLI {1000 * d[3] / n:.0f} ms "
          f"(ratio {a[3] / d[3]:.3f}; goal: below 1)")
    print(f"a2/a = {a2[0] / a[0]:.3f}: no-change rebuild against the cold build (goal: at most 0.05)")
    print(f"a3/a = {a3[0] / a[0]:.3f}: one-text rebuild against the cold build (goal: at most 0.15)")
    print(f"peak memory of the cold build: {a[1]:.0f} MB (goal: at most 195 MB)")
    print(f"a/b = {a[0] / b[0]:.3f}: leafpress is {b[0] / a[0]:.1f}× faster than (b)")
    print(f"a/c = {a[0] / c[0]:.3f}: leafpress is {c[0] / a[0]:.1f}× faster than (c)")
    print("PyPI typst vs leafpress:", same_pages(exported, work / "a", work / "c", names))
    print("typst CLI vs leafpress:", same_pages(exported, work / "a", work / "e", names), flush=True)

    orgs = org_variants(project, 32, work / "orgs-1000")
    small = org_variants(project, 3, work / "orgs-100")
    for label, folder in (("100", small), ("1000", orgs)):
        seconds, rss, _ = leafpress_build(binary, project, work / f"batch-{label}",
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
