#!/usr/bin/python3
"""Round-trips the in-scope ONNX conformance models through Sparrow's ONNX
exporter and checks the written models in onnxruntime.

    export_roundtrip.py [--bin build/bin] [--filter REGEX] [--sample N]
                        [--jobs 2] [--timeout S] [--data DIR] [--quiet]

For every in-scope model (scope.py, as run.py selects them) and every
test_data_set_*: bind the compile-time inputs as run.py does, import and
write the model again with `sparrow-sparsify --sparsity 0` (the graph
passes sparrow-sparsify runs, no pruning), then run the original and the
written model in onnxruntime (ort_batch.mjs, one node process per job
share) on the data set's inputs and compare every output (dtype, shape,
np.allclose with rtol 1e-3, atol 1e-5). Where onnxruntime cannot run the
original, the written model is compared with the expected output_*.pb.

Each test ends as pass, fail, no-form (the exporter's one-line error) or
unsupported (the importer's). The last line is `export round trip: N
passed, M failed, K without an ONNX form, U not imported of T in scope`;
the exit code is 1 when a test fails or has no ONNX form.
"""

import argparse
import glob
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402

import run  # noqa: E402


def export_test(job):
    """Exports one test's model per distinct bound-input set and prepares
    the onnxruntime jobs; returns the result dict."""
    test, opts = job["test"], job["opts"]
    result = dict(name=test["name"], status="pass", reason="", ort=[])
    work = os.path.join(opts["work"], run.sanitize(test["name"]))
    os.makedirs(work)
    try:
        model = onnx.load(os.path.join(test["dir"], "model.onnx"))
        exported = {}  # bound-input values -> (original, written) paths
        for ds in sorted(glob.glob(os.path.join(test["dir"], "test_data_set_*"))):
            inputs = run.data_set_inputs(model, ds)
            bound = [n for n in test["bound_inputs"] if n in inputs]
            key = tuple(open(inputs[n], "rb").read() for n in bound)
            if key not in exported:
                src = os.path.join(test["dir"], "model.onnx")
                if bound:
                    src = os.path.join(work, f"model{len(exported)}.bound.onnx")
                    onnx.save(run.bind_inputs(model, bound, ds, inputs), src)
                out = os.path.join(work, f"model{len(exported)}.written.onnx")
                rc, err = run.run_tool([opts["sparsify"], src, "--sparsity", "0",
                                        "-o", out], opts["timeout"])
                if rc is None or rc < 0 or (rc != 0 and "error:" not in err):
                    why = err if rc is None else f"crashed (exit {rc}): {run.one_line(err)}"
                    result.update(status="fail", reason=why)
                    return result
                if rc != 0:
                    status = "no-form" if "export: " in err else "unsupported"
                    result.update(status=status, reason=run.one_line(err))
                    return result
                exported[key] = (src, out)
            name = os.path.basename(ds)
            feeds = {}
            for i, (n, path) in enumerate(inputs.items()):
                if n not in bound:
                    feeds[n] = os.path.join(work, f"{name}.input_{i}.npy")
                    np.save(feeds[n], numpy_helper.to_array(onnx.load_tensor(path)))
            src, out = exported[key]
            pair = dict(ds=ds, outputs=len(model.graph.output))
            for side, path in (("original", src), ("written", out)):
                pair[side] = os.path.join(work, f"{name}.{side}")
                result["ort"].append(dict(model=path, inputs=feeds,
                                          outdir=pair[side]))
            result.setdefault("pairs", []).append(pair)
        return result
    except Exception as e:  # a broken test directory must not stop the run
        result.update(status="fail", reason=f"runner error: {type(e).__name__}: {e}")
        return result


def load_outputs(outdir, count):
    status = json.load(open(os.path.join(outdir, "status.json")))
    if not status["ok"]:
        return None, status["error"]
    return [np.load(os.path.join(outdir, f"output_{i}.npy")) for i in range(count)], ""


def check(result):
    """Compares the written model's outputs with the original's."""
    for pair in result.get("pairs", []):
        written, err = load_outputs(pair["written"], pair["outputs"])
        if written is None:
            return "fail", f"onnxruntime rejects the written model: {err}"
        ref, _ = load_outputs(pair["original"], pair["outputs"])
        if ref is None:  # onnxruntime cannot run the original: the spec's data
            ref = [numpy_helper.to_array(onnx.load_tensor(p)) for p in sorted(
                glob.glob(os.path.join(pair["ds"], "output_*.pb")))]
        for i, (w, r) in enumerate(zip(written, ref)):
            ok, err_abs, note = run.compare(w, r)
            if not ok:
                return "fail", f"output {i}: {note or f'max abs error {err_abs:.3g}'}"
    return result["status"], result["reason"]


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(src, "build", "bin"))
    ap.add_argument("--data", default=run.DATA)
    ap.add_argument("--filter", help="regex on suite/test names")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--quiet", action="store_true", help="only failures and the summary")
    args = ap.parse_args(argv)

    sparsify = os.path.join(args.bin, "sparrow-sparsify")
    if not os.access(sparsify, os.X_OK):
        print(f"export_roundtrip.py: {sparsify} not found", file=sys.stderr)
        return 1
    start = time.time()
    tests = run.sample([t for t in run.collect(args.data, args.filter)
                        if t["in_scope"]], args.sample)
    work = tempfile.mkdtemp(prefix="sparrow-export-")
    try:
        opts = dict(sparsify=sparsify, timeout=args.timeout, work=work)
        with multiprocessing.Pool(max(1, args.jobs)) as pool:
            results = pool.map(export_test, [dict(test=t, opts=opts) for t in tests])
        # onnxruntime: every job in `jobs` node processes.
        ort_jobs = [j for r in results for j in r["ort"]]
        shares = [ort_jobs[i::args.jobs] for i in range(args.jobs)]
        procs = []
        for i, share in enumerate(s for s in shares if s):
            path = os.path.join(work, f"jobs{i}.json")
            json.dump(share, open(path, "w"))
            procs.append(subprocess.Popen(
                ["node", os.path.join(here, "ort_batch.mjs"), path]))
        for p in procs:
            p.wait()
        counts = dict.fromkeys(("pass", "fail", "no-form", "unsupported"), 0)
        for r in sorted(results, key=lambda r: r["name"]):
            status, reason = check(r)
            counts[status] += 1
            if status in ("fail", "no-form") or not args.quiet:
                print(f"{status.upper()}: {r['name']}" + (f": {reason}" if reason else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"export round trip: {counts['pass']} passed, {counts['fail']} failed, "
          f"{counts['no-form']} without an ONNX form, {counts['unsupported']} not "
          f"imported of {len(tests)} in scope; {time.time() - start:.0f} s")
    return 1 if counts["fail"] or counts["no-form"] else 0


if __name__ == "__main__":
    sys.exit(main())
