#!/usr/bin/python3
"""llvm-mca report of the inner loops Sparrow generates for AArch64.

    bench/mca.py [MODEL.onnx ...] [--mcpu cortex-a76] [--out DIR]

Compiles each model (default: MobileNet-v1, the MobileNet-v2-style model and
MobileNet-v1 pruned to group<4x1> 50%, so the sparse kernels are covered)
for aarch64 (sparrow-compile --emit=asm), finds every
innermost single-block loop (a label whose block ends in a branch back to
it) that does floating-point multiply-adds, and runs llvm-mca on its body.
For each distinct loop (same instruction sequence) and each --mcpu it
reports the cycles per iteration llvm-mca estimates against the FMA-bound
ideal: the loop's FMA instructions times the cycles the same scheduling
model needs per independent FMLA (measured by running llvm-mca on a block
of them). LLVM 22 has no Cortex-A76 scheduling model: -mcpu=cortex-a76
uses the Cortex-A57 one (one 128-bit FMLA per cycle), so Neoverse-N1, an
A76-class core whose model has the two ASIMD pipes V0/V1 the A76 has (Arm
Cortex-A76 Software Optimization Guide), is reported too.
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


def model_fma_cycles(mcpu):
    """Cycles per independent 128-bit FMLA (by lane) in mcpu's model."""
    block = [f"\tfmla v{16 + i}.4s, v1.4s, v2.s[0]" for i in range(16)]
    return mca(block + ["\tb .L"], mcpu) / len(block)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="*")
    ap.add_argument("--mcpu", default="cortex-a76,neoverse-n1",
                    help="comma-separated llvm-mca CPUs")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = ap.parse_args()
    work = os.path.join(args.build, "bench", "mca")
    os.makedirs(work, exist_ok=True)
    models = args.models
    if not models:
        # The dense models and MobileNet-v1 pruned to group<4x1> 50%, whose
        # pointwise convs run the sparse kernels.
        models = [os.path.join(args.build, "models", m + ".onnx")
                  for m in ("mobilenet_v1", "mobilenet_v2")]
        sparse = os.path.join(work, "mobilenet_v1_sparse50.onnx")
        subprocess.run([os.path.join(args.build, "bin", "sparrow-sparsify"), models[0],
                        "-o", sparse, "--sparsity", "0.5", "--pattern", "4x1",
                        "--rearrange"], check=True, stdout=subprocess.DEVNULL)
        models.append(sparse)
    cpus = args.mcpu.split(",")
    per_fma = {cpu: model_fma_cycles(cpu) for cpu in cpus}
    report = {"mcpu": cpus, "model_cycles_per_fma": per_fma, "models": {}}
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
                row = {"label": label, "instructions": len(body), "fma": fmas,
                       "count": 1, "cpus": {}}
                for cpu in cpus:
                    cycles = mca(body, cpu)
                    ideal = fmas * per_fma[cpu]
                    row["cpus"][cpu] = {"cycles_per_iteration": cycles,
                                        "fma_bound_cycles": ideal,
                                        "efficiency": ideal / cycles}
                loops[key] = row
        rows = sorted(loops.values(), key=lambda r: -r["fma"] * r["count"])
        report["models"][name] = rows
        print(f"{name}: {len(rows)} distinct FMA loops")
        for r in rows:
            cols = "  ".join(f"{cpu} {c['cycles_per_iteration']:6.1f}/{c['fma_bound_cycles']:5.1f} "
                             f"{100 * c['efficiency']:4.0f}%" for cpu, c in r["cpus"].items())
            print(f"  {r['label']:>12} x{r['count']:<3} {r['instructions']:3} insts "
                  f"{r['fma']:3} fma  {cols}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "mca.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(args.out, "mca.md"), "w") as f:
        f.write("# llvm-mca: generated AArch64 inner loops\n\n"
                "Made by `bench/mca.py`: every distinct innermost loop with FMAs; "
                "cycles per iteration estimated by llvm-mca against the FMA-bound "
                "ideal (the loop's FMAs at the model's own FMLA throughput: "
                + ", ".join(f"{cpu} {per_fma[cpu]:.2f} cycles/FMLA" for cpu in cpus)
                + "). LLVM 22 models cortex-a76 with the Cortex-A57 scheduling "
                "model; neoverse-n1 (an A76-class core with two ASIMD pipes) is "
                "the closer estimate.\n\n")
        head = " | ".join(f"{cpu} cycles / ideal / efficiency" for cpu in cpus)
        for name, rows in report["models"].items():
            f.write(f"## {name}\n\n| loop | copies | insts | FMA | {head} |\n"
                    f"|{' --- |' * (4 + len(cpus))}\n")
            for r in rows:
                cols = " | ".join(f"{c['cycles_per_iteration']:.1f} / {c['fma_bound_cycles']:.1f} / "
                                  f"{100 * c['efficiency']:.0f}%" for c in r["cpus"].values())
                f.write(f"| {r['label']} | {r['count']} | {r['instructions']} | "
                        f"{r['fma']} | {cols} |\n")
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
