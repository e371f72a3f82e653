#!/usr/bin/python3
"""Turns the benchmark's results.json into README.md (tables and ratios) and
latency.png (latency vs sparsity, one panel per model and target).

    report.py [RESULTS.json] [--out DIR]

bench.py calls write_all() after a run; run this alone to redo the summary
from an existing results.json (default docs/benchmarks/results.json).
"""

import argparse
import json
import os
import re
import sys

import int8  # bench/int8.py: the int8 table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ORDER = ["sparrow-host", "onnxruntime-node", "sparrow-wasm", "onnxruntime-web", "tfjs-wasm"]
SHORT = {
    "sparrow-host": "sparrow",
    "onnxruntime-node": "onnxruntime-node",
    "sparrow-wasm": "sparrow",
    "onnxruntime-web": "onnxruntime-web",
    "tfjs-wasm": "TF.js wasm",
}
TARGET_TITLE = {
    "host": "host (x86-64 .so)",
    "wasm32": "wasm32 under node",
}


def safe_name(name):
    """Output file names as the runners write them (docs/Runtime.md)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def ms(v):
    return "—" if v is None else f"{v:.2f}"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def err_cell(rows, tol):
    errs = [r["max_rel_err"] for r in rows]
    if not errs:
        return "—"
    worst = max(errs)
    bad = [SHORT[r["runtime"]] for r in rows if not r["correct"]]
    return f"{worst:.1e}" + (f" **FAIL: {', '.join(bad)}**" if bad else " ✓")


def pct(s):
    return "dense" if not s else f"{round(s * 100)}%"


def by(rows, **kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]


def median_of(rows, **kw):
    found = by(rows, **kw)
    return found[0]["median_ms"] if found else None


def sparsity_tables(doc):
    rows = by(doc["results"], group="sparsity")
    out = []
    models = list(dict.fromkeys(r["model"] for r in rows))
    for target in ("host", "wasm32"):
        trows = by(rows, target=target)
        if not trows:
            continue
        runtimes = [rt for rt in ORDER if by(trows, runtime=rt)]
        sparrow = next((rt for rt in runtimes if rt.startswith("sparrow")), None)
        peers = [rt for rt in runtimes if not rt.startswith("sparrow")]
        out.append(f"## {TARGET_TITLE[target]}\n")
        for model in models:
            mrows = by(trows, model=model)
            if not mrows:
                continue
            out.append(f"### {model}, {TARGET_TITLE[target]}\n")
            head = ["sparsity", "zero weights"] + [f"{SHORT[rt]} ms" for rt in runtimes]
            if sparrow:
                head += [f"sparrow / {SHORT[p]}" for p in peers]
                head += ["sparrow speed-up vs dense"]
            head += ["max rel err vs ORT"]
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "---|" * len(head))
            sparsities = sorted(set(r["sparsity"] for r in mrows))
            dense = median_of(mrows, runtime=sparrow, sparsity=0.0) if sparrow else None
            for s in sparsities:
                srows = by(mrows, sparsity=s)
                zero = srows[0].get("weights_zero")
                cells = [pct(s), "—" if zero is None else f"{zero * 100:.1f}%"]
                cells += [ms(median_of(srows, runtime=rt)) for rt in runtimes]
                if sparrow:
                    mine = median_of(srows, runtime=sparrow)
                    cells += [ratio(mine, median_of(srows, runtime=p)) for p in peers]
                    cells.append(ratio(dense, mine) if s else "1.00×" if mine else "—")
                cells.append(err_cell(srows, doc["settings"]["tolerance"]))
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return out


def fusion_table(doc):
    rows = by(doc["results"], group="fusion")
    if not rows:
        return []
    out = ["## Fusion: compiled normally vs `sparrow-compile --no-fusion`\n",
           "| model | target | fused ms | no-fusion ms | speed-up from fusion | onnxruntime ms "
           "| fused / onnxruntime | max rel err vs ORT |",
           "|---|---|---|---|---|---|---|---|"]
    for model in dict.fromkeys(r["model"] for r in rows):
        for target in ("host", "wasm32"):
            trows = by(rows, model=model, target=target)
            if not trows:
                continue
            fused = median_of(trows, variant="fused")
            nofu = median_of(trows, variant="no-fusion")
            ref_rows = by(trows, variant="reference")
            ref = ref_rows[0]["median_ms"] if ref_rows else None
            ref_name = SHORT[ref_rows[0]["runtime"]] if ref_rows else ""
            shape = trows[0].get("input_shape") or ""
            out.append(f"| {model} ({shape}) | {TARGET_TITLE[target]} | {ms(fused)} | {ms(nofu)} "
                       f"| {ratio(nofu, fused)} | {ms(ref)} {ref_name} | {ratio(fused, ref)} "
                       f"| {err_cell(trows, doc['settings']['tolerance'])} |")
    out.append("")
    return out


def threads_table(doc):
    rows = by(doc["results"], group="threads")
    if not rows:
        return []
    n = max(r.get("threads", 1) for r in rows)
    out = [f"## Threads: 1 and {n} threads\n",
           "wasm32 runs in node: Sparrow's workers are worker_threads, onnxruntime-web's "
           "its own; TF.js's threaded backend cannot start workers in node (blob: URLs), "
           "so it has 1 thread only. The last column is Sparrow's time at "
           f"{n} threads over the runtime's at {n} (1 for TF.js).\n",
           f"| model | target | runtime | 1 thread ms | {n} threads ms | speed-up "
           f"| Sparrow {n}t / this | max rel err vs ORT |",
           "|---|---|---|---|---|---|---|---|"]
    for model in dict.fromkeys(r["model"] for r in rows):
        for target in dict.fromkeys(r.get("target", "host") for r in rows):
            trows = by(rows, model=model, target=target)
            sparrow = [r for r in trows if r["runtime"].startswith("sparrow")]
            ours = median_of(sparrow, threads=n) if sparrow else None
            for rt in dict.fromkeys(r["runtime"] for r in trows):
                rrows = by(trows, runtime=rt)
                one = median_of(rrows, threads=1)
                many = median_of(rrows, threads=n)
                best = many if many is not None else one
                vs = "" if rt.startswith("sparrow") else ratio(ours, best)
                out.append(f"| {model} | {TARGET_TITLE[target]} | {SHORT[rt]} | {ms(one)} "
                           f"| {ms(many)} | {ratio(one, many)} | {vs} "
                           f"| {err_cell(rrows, doc['settings']['tolerance'])} |")
    out.append("")
    return out


def readme(doc):
    m, sw, st = doc["machine"], doc["software"], doc["settings"]
    pk = sw.get("packages", {})
    lines = [
        "# Sparrow benchmarks",
        "",
        f"Generated by `{doc.get('command', 'bench/run.sh').strip()}` on {doc['date']} "
        f"(took {doc.get('duration_s', 0):.0f} s); see [docs/Benchmarks.md](../Benchmarks.md) "
        "for what is measured. Do not edit: rerun the bench.",
        "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores"
        + (f", {m['memory_gb']} GB" if "memory_gb" in m else "")
        + f"; {m['os']}; load average at start {m['loadavg_start'][0]:.2f}, at end "
          f"{m['loadavg_end'][0]:.2f}"
        + (f"; workers pinned to CPU {st['cpu_pin']}" if st.get("cpu_pin") is not None else "")
        + ".  ",
        f"**Software:** node {sw['node']}, onnxruntime-node {pk.get('onnxruntime-node', '?')}, "
        f"onnxruntime-web {pk.get('onnxruntime-web', '?')}, @tensorflow/tfjs-core "
        f"{pk.get('@tensorflow/tfjs-core', '?')} + tfjs-backend-wasm "
        f"{pk.get('@tensorflow/tfjs-backend-wasm', '?')}; Sparrow {sw['sparrow_commit'][:10]}"
        + (" with uncommitted changes" if sw.get("sparrow_worktree_dirty") else "")
        + f" (sparrow-compile built {sw.get('sparrow_compile_mtime', '?')}).  ",
        f"**Method:** median of {st['runs']} timed runs per runtime after {st['warmup']} "
        "warm-up rounds; runtimes of a group alternate run by run (round-robin, the first "
        "runtime rotating), each in its own process with its model loaded once; one thread "
        f"everywhere but the threads table; input seed {st['seed']}. Sparse models: `{st['sparsify']}` (the first "
        "conv, depthwise convs and the classifier stay dense, so the zero-weight fraction of "
        "the whole model is lower than S); the peers run the same pruned ONNX files densely. "
        "Ratios below 1× mean Sparrow is faster.",
        "",
    ]
    lines += sparsity_tables(doc)
    lines += fusion_table(doc)
    lines += threads_table(doc)
    lines += int8.int8_table(doc)
    n = len(doc["results"])
    bad = [r for r in doc["results"] if not r["correct"]]
    lines.append("## Correctness\n")
    lines.append(f"Every runtime's outputs (logits and probabilities) on the benchmark input are "
                 f"compared with onnxruntime-node's (`runtime/js/ort-run.mjs`): "
                 f"max|ours − ort| / max|ort| per output, limit {st['tolerance']:g} (the "
                 f"quantized rows of the int8 table: cosine similarity ≥ {int8.COSINE_MIN}). "
                 + (f"All {n} measured configurations are within it."
                    if not bad else f"**{len(bad)} of {n} exceed it** (see the tables)."))
    lines.append("")
    if doc.get("failures"):
        lines.append("## Problems in this run\n")
        lines += [f"* {f}" for f in doc["failures"]]
        lines.append("")
    lines.append("![latency vs sparsity](latency.png)\n")
    return "\n".join(lines)


def plot(doc, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: matplotlib is missing (apt-get install python3-matplotlib, see "
              "scripts/install-deps.sh); latency.png not written", file=sys.stderr)
        return None
    rows = by(doc["results"], group="sparsity")
    models = list(dict.fromkeys(r["model"] for r in rows))
    targets = [t for t in ("host", "wasm32") if by(rows, target=t)]
    if not models or not targets:
        return None
    fig, axes = plt.subplots(len(models), len(targets), squeeze=False,
                             figsize=(6.4 * len(targets), 4.2 * len(models)))
    styles = {"sparrow-host": ("C0", "o"), "sparrow-wasm": ("C0", "o"),
              "onnxruntime-node": ("C1", "s"), "onnxruntime-web": ("C1", "s"),
              "tfjs-wasm": ("C2", "^")}
    for i, model in enumerate(models):
        for j, target in enumerate(targets):
            ax = axes[i][j]
            trows = by(rows, model=model, target=target)
            for rt in ORDER:
                rr = sorted(by(trows, runtime=rt), key=lambda r: r["sparsity"])
                if not rr:
                    continue
                x = [r["sparsity"] * 100 for r in rr]
                y = [r["median_ms"] for r in rr]
                lo = [r["median_ms"] - r.get("p25_ms", r["median_ms"]) for r in rr]
                hi = [r.get("p75_ms", r["median_ms"]) - r["median_ms"] for r in rr]
                color, marker = styles[rt]
                ax.errorbar(x, y, yerr=[lo, hi], color=color, marker=marker, capsize=3,
                            label=rr[0]["label"])
            xs = sorted(set(r["sparsity"] * 100 for r in trows))
            ax.set_xticks(xs)
            ax.set_xticklabels(["dense" if v == 0 else f"{v:.0f}%" for v in xs])
            ax.set_ylim(bottom=0)
            ax.set_title(f"{model} — {TARGET_TITLE[target]}")
            ax.set_xlabel("group<4x1> sparsity (sparrow-sparsify target)")
            ax.set_ylabel("median latency, ms (bars: p25–p75)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=8)
    fig.suptitle(f"Single-thread latency, {doc['machine']['cpu']}, {doc['date'][:10]}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path + ".partial.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".partial.png", path)
    return path


def write_all(doc, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    written = []
    md = os.path.join(out_dir, "README.md")
    with open(md + ".partial", "w") as f:
        f.write(readme(doc))
    os.replace(md + ".partial", md)
    written.append(md)
    png = plot(doc, os.path.join(out_dir, "latency.png"))
    if png:
        written.append(png)
    return written


def summary_text(doc):
    lines = [f"\n{'model':<22}{'variant':<13}{'target':<8}{'runtime':<18}"
             f"{'median ms':>11}{'min ms':>10}{'max rel err':>13}"]
    for r in doc["results"]:
        lines.append(f"{r['model']:<22}{r['variant']:<13}{r['target']:<8}{r['runtime']:<18}"
                     f"{r['median_ms']:>11.3f}{r['min_ms']:>10.3f}{r['max_rel_err']:>13.2e}"
                     + ("" if r["correct"] else "  FAIL"))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="?",
                    default=os.path.join(ROOT, "docs", "benchmarks", "results.json"))
    ap.add_argument("--out", help="output directory (default: the results file's)")
    a = ap.parse_args(argv)
    with open(a.results) as f:
        doc = json.load(f)
    for p in write_all(doc, a.out or os.path.dirname(os.path.abspath(a.results))):
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
