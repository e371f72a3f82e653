#!/usr/bin/python3
"""llvm-mca report of the inner loops Sparrow generates for AArch64.

    bench/mca.py [MODEL.onnx ...] [--mcpu cortex-a76] [--out DIR]

Compiles each model for aarch64 (sparrow-compile --emit=asm), finds every
innermost single-block loop (a label whose block ends in a branch back to
it) that does floating-point multiply-adds, and runs llvm-mca on its body.
For each distinct loop (same instruction sequence) it reports the cycles
per iteration llvm-mca estimates against the FMA-bound ideal: the number
of FMA instructions divided by the FMA pipes of the core (2 on Cortex-A76,
Arm's Cortex-A76 Software Optimization Guide: ASIMD FMLA on pipes V0/V1).
Writes mca.json and mca.md to --out (default docs/benchmarks). Not a test.
"""

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LLVM_MCA = "/usr/lib/llvm-22/bin/llvm-mca"
FMA_PIPES = {"cortex-a76": 2, "cortex-a55": 1, "cortex-x1": 4}
LABEL = re.compile(r"^(\.LBB\d+_\d+):")
BRANCH = re.compile(r"^\s+(b|b\.\w+|cbn?z|tbn?z)\s+(?:\w+,\s*)*(?:#\d+,\s*)?(\.LBB\d+_\d+)")
FMA = re.compile(r"^\s+(fmla|fmadd|fmls)\b")


def inner_loops(asm_lines):
    """Yields (label, body lines) of single-block loops."""
    label, body = None, []
    for line in asm_lines:
        m = LABEL.match(line)
        if m:
            label, body = m.group(1), []
            continue
        if label is None or not line.startswith("\t"):
            continue
        if line.lstrip().startswith("."):
            continue  # directives
        body.append(line.rstrip())
        b = BRANCH.match(line)
        if b:
            if b.group(2) == label:
                yield label, body
            label, body = None, []


def shape(body):
    """The instruction sequence without registers and offsets."""
    return tuple(line.split()[0] for line in body)


def mca(body, mcpu):
    text = "\n".join(body[:-1]) + "\n"  # the loop branch is not work
    out = subprocess.run(
        [LLVM_MCA, "-mtriple=aarch64", f"-mcpu={mcpu}", "-iterations=200"],
        input=text, capture_output=True, text=True, check=True).stdout
    cycles = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
    return cycles / 200.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="*")
    ap.add_argument("--mcpu", default="cortex-a76")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = ap.parse_args()
    models = args.models or [os.path.join(args.build, "models", m + ".onnx")
                             for m in ("mobilenet_v1", "mobilenet_v2")]
    pipes = FMA_PIPES.get(args.mcpu, 2)
    work = os.path.join(args.build, "bench", "mca")
    os.makedirs(work, exist_ok=True)
    report = {"mcpu": args.mcpu, "fma_pipes": pipes, "models": {}}
    for model in models:
        name = os.path.splitext(os.path.basename(model))[0]
        asm = os.path.join(work, name + ".s")
        subprocess.run([os.path.join(args.build, "bin", "sparrow-compile"), model,
                        "--target=aarch64", "--emit=asm", "-o", asm], check=True)
        with open(asm) as f:
            loops = {}
            for label, body in inner_loops(f):
                fmas = sum(bool(FMA.match(line)) for line in body)
                if fmas == 0:
                    continue
                key = shape(body)
                if key in loops:
                    loops[key]["count"] += 1
                    continue
                cycles = mca(body, args.mcpu)
                ideal = fmas / pipes
                loops[key] = {"label": label, "instructions": len(body),
                              "fma": fmas, "cycles_per_iteration": cycles,
                              "fma_bound_cycles": ideal,
                              "efficiency": ideal / cycles, "count": 1}
        rows = sorted(loops.values(), key=lambda r: -r["fma"] * r["count"])
        report["models"][name] = rows
        print(f"{name}: {len(rows)} distinct FMA loops")
        for r in rows:
            print(f"  {r['label']:>12} x{r['count']:<3} {r['instructions']:3} insts "
                  f"{r['fma']:3} fma  {r['cycles_per_iteration']:6.2f} cyc/iter  "
                  f"ideal {r['fma_bound_cycles']:5.1f}  {100 * r['efficiency']:5.1f}%")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "mca.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(args.out, "mca.md"), "w") as f:
        f.write(f"# llvm-mca: generated AArch64 inner loops (-mcpu={args.mcpu})\n\n"
                f"Made by `bench/mca.py`. FMA-bound ideal = FMA instructions / "
                f"{pipes} pipes; efficiency = ideal / estimated cycles.\n\n")
        for name, rows in report["models"].items():
            f.write(f"## {name}\n\n| loop | copies | insts | FMA | cycles/iter | "
                    f"ideal | efficiency |\n| --- | --- | --- | --- | --- | --- | --- |\n")
            for r in rows:
                f.write(f"| {r['label']} | {r['count']} | {r['instructions']} | {r['fma']} | "
                        f"{r['cycles_per_iteration']:.2f} | {r['fma_bound_cycles']:.1f} | "
                        f"{100 * r['efficiency']:.0f}% |\n")
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
