#!/usr/bin/python3
"""Sparrow's benchmark harness (not part of the test suite). Run it through
bench/run.sh; `bench/run.sh --help` lists the options.

For each model and sparsity it prunes the model (sparrow-sparsify, group<4x1>
with --rearrange), compiles it for host and wasm32, and times, side by side
on the same input:

  host    sparrow .so (bench/host-timer.c)    vs onnxruntime-node
  wasm32  sparrow .wasm under node            vs onnxruntime-web, TF.js wasm

plus the fusion comparison (a model compiled normally and with
sparrow-compile --no-fusion, both targets). Every runtime is a separate
worker process that loads its model once; the harness then runs rounds in
which each worker of a group does one timed run, the order rotating from
round to round, discarding the first --warmup rounds. Every runtime's
outputs are compared with onnxruntime's (runtime/js/ort-run.mjs) on the same
input. Writes results.json, README.md and latency.png (bench/report.py).
"""

import argparse
import datetime
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import int8  # noqa: E402  (bench/int8.py)
import report  # noqa: E402  (bench/report.py)

# name -> onnx file under BUILD/models and the input shape to compile with
MODELS = {
    "mobilenet_v1": ("mobilenet_v1.onnx", None),
    "mobilenet_v2": ("mobilenet_v2.onnx", None),
    "mobilenet_v3_opset9": ("mobilenet_v3_opset9.onnx", "input:1x3x224x224"),
    "mobilenet_v1_qdq": ("mobilenet_v1_qdq.onnx", None),
}
DEFAULT_MODELS = ["mobilenet_v1", "mobilenet_v2"]
DEFAULT_SPARSITIES = [0.0, 0.3, 0.5, 0.7, 0.9]
FUSION_MODEL = "mobilenet_v3_opset9"

# runtime -> (target, worker kind, label)
RUNTIMES = {
    "sparrow-host": ("host", "host-timer", "sparrow (host .so)"),
    "onnxruntime-node": ("host", "ort-node", "onnxruntime-node (1 thread)"),
    "sparrow-wasm": ("wasm32", "sparrow-wasm", "sparrow (wasm32, node)"),
    "onnxruntime-web": ("wasm32", "ort-web", "onnxruntime-web (wasm, 1 thread)"),
    "tfjs-wasm": ("wasm32", "tfjs-wasm", "TF.js wasm (XNNPACK, 1 thread)"),
}
PEERS = {"host": ["onnxruntime-node"], "wasm32": ["onnxruntime-web", "tfjs-wasm"]}
SPARROW = {"host": "sparrow-host", "wasm32": "sparrow-wasm"}

NODE_PACKAGES = ["onnxruntime-node", "onnxruntime-web", "onnxruntime-common",
                 "@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-wasm",
                 "@tensorflow/tfjs-backend-cpu"]


class BenchError(Exception):
    pass


def log(msg=""):
    print(msg, flush=True)


# ---------------------------------------------------------------- helpers

def mtime(path):
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


def stale(target, deps, force=False):
    """True if `target` is missing or older than one of `deps` (make-style)."""
    t = mtime(target)
    if force or t is None:
        return True
    return any((mtime(d) or 0) > t for d in deps)


def run_tool(cmd, what, retries=2, **kw):
    """Runs a Sparrow tool; the binaries may be relinked under us, so a
    failure is retried after 30 s before it counts."""
    for attempt in range(retries + 1):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, **kw)
            if p.returncode == 0:
                return p
            err = (p.stderr.strip() or p.stdout.strip()).splitlines()[-3:]
            err = " | ".join(err) or f"exit code {p.returncode}"
        except OSError as e:
            err = str(e)
        if attempt < retries:
            log(f"  {what} failed ({err}); retrying in 30 s")
            time.sleep(30)
    raise BenchError(f"{what} failed: {err}\n  command: {' '.join(cmd)}")


def sparsity_name(s):
    return "dense" if s == 0 else f"sparse-{round(s * 100):d}"


def parse_sparsities(text):
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if part in ("dense", ""):
            v = 0.0
        else:
            v = float(part.rstrip("%"))
            if v > 1:
                v /= 100
        if not 0 <= v < 1:
            raise BenchError(f"sparsity {part!r} is not in [0, 1)")
        out.append(v)
    return sorted(set(out))


def model_key(name):
    """A bundled model's name, or the file name of a model given by path."""
    return name if name in MODELS else os.path.splitext(os.path.basename(name))[0]


def weight_sparsity(path):
    """Fraction of zeros over the Conv/Gemm/MatMul weight initializers."""
    m = onnx.load(path)
    inits = {t.name: t for t in m.graph.initializer}
    total = zeros = 0
    for n in m.graph.node:
        if n.op_type in ("Conv", "Gemm", "MatMul") and len(n.input) > 1 and n.input[1] in inits:
            a = numpy_helper.to_array(inits[n.input[1]])
            total += a.size
            zeros += int(np.count_nonzero(a == 0))
    return zeros / total if total else 0.0


# ---------------------------------------------------------------- workers

class Worker:
    """One runtime in its own process, driven line by line (host-timer.c and
    worker.mjs speak the same protocol)."""

    def __init__(self, key, runtime, cmd, log_path, cwd=ROOT):
        self.key, self.runtime = key, runtime
        self.log_path = log_path
        self.log_file = open(log_path, "w")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log_file, text=True, bufsize=1, cwd=cwd)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.info = self._reply(timeout=600)
        if not self.info.get("ready"):
            raise BenchError(f"{key}: unexpected first reply {self.info}")

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _stderr_tail(self):
        self.log_file.flush()
        try:
            with open(self.log_path) as f:
                return " | ".join(f.read().strip().splitlines()[-4:])
        except OSError:
            return ""

    def _reply(self, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise BenchError(f"{self.key}: no answer within {timeout} s") from None
            if line is None:
                self.proc.wait()
                raise BenchError(f"{self.key}: worker exited ({self.proc.returncode}): "
                                 f"{self._stderr_tail()}")
            line = line.strip()
            if not line.startswith("{"):
                continue  # stray library output
            msg = json.loads(line)
            if "error" in msg:
                raise BenchError(f"{self.key}: {msg['error']}")
            return msg

    def command(self, text, timeout=300):
        try:
            self.proc.stdin.write(text + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the reply reader reports the exit
        return self._reply(timeout)

    def close(self):
        try:
            if self.proc.poll() is None:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.log_file.close()


# ---------------------------------------------------------------- the bench

class Bench:
    def __init__(self, args):
        self.a = args
        self.build = args.build_dir
        self.bin = os.path.join(self.build, "bin")
        self.work = args.work_dir
        self.rt_dir = os.path.join(self.build, "lib", "sparrow")
        self.rows = []
        self.failures = []
        self.node_cmd = ["node"]
        self.pin = ["taskset", "-c", args.cpu] if args.cpu is not None else []

    # -- set-up

    def check_environment(self):
        need = [os.path.join(self.bin, t) for t in ("sparrow-compile", "sparrow-sparsify")]
        need += [os.path.join(self.rt_dir, "host", "lib", "libsparrow_runtime.a"),
                 os.path.join(self.rt_dir, "wasm32", "lib", "libsparrow_runtime.a")]
        missing = [p for p in need if not os.path.exists(p)]
        if missing:
            raise BenchError("missing build outputs (run scripts/build.sh first): " +
                             ", ".join(missing))
        for tool in ("node", "cc"):
            if not shutil.which(tool):
                raise BenchError(f"'{tool}' is not on PATH (scripts/install-deps.sh)")
        if self.pin and not shutil.which("taskset"):
            raise BenchError("--cpu needs taskset (util-linux)")
        wanted = {RUNTIMES[r][1] for r in self.a.runtimes}
        pkgs = {"ort-node": "onnxruntime-node", "ort-web": "onnxruntime-web",
                "tfjs-wasm": "@tensorflow/tfjs-backend-wasm"}
        for kind, pkg in pkgs.items():
            if kind in wanted and not os.path.isdir(os.path.join(ROOT, "node_modules", pkg)):
                raise BenchError(f"node package {pkg} is missing: run scripts/install-deps.sh "
                                 "(npm ci)")
        if not os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node")):
            raise BenchError("onnxruntime-node (the reference) is missing: run "
                             "scripts/install-deps.sh")

    def build_host_timer(self):
        exe = os.path.join(self.work, "bin", "host-timer")
        src = os.path.join(HERE, "host-timer.c")
        lib = os.path.join(self.rt_dir, "host", "lib", "libsparrow_runtime.a")
        inc = os.path.join(self.rt_dir, "host", "include")
        if stale(exe, [src, lib, os.path.join(inc, "sparrow", "runtime.h")], self.a.rebuild):
            os.makedirs(os.path.dirname(exe), exist_ok=True)
            run_tool(["cc", "-O2", "-std=c11", "-Wall", "-I", inc, src, lib, "-ldl", "-pthread",
                      "-o", exe], "building host-timer", retries=0)
        return exe

    def machine_info(self):
        info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()}
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        info["cpu"] = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        try:
            with open("/proc/meminfo") as f:
                kb = int(f.readline().split()[1])
                info["memory_gb"] = round(kb / 1024 / 1024, 1)
        except (OSError, ValueError, IndexError):
            pass
        gov = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"
        if os.path.exists(gov):
            info["governor"] = open(gov).read().strip()
        info["os"] = platform.platform()
        return info

    def software_info(self):
        sw = {"node": subprocess.run(["node", "--version"], capture_output=True,
                                     text=True).stdout.strip(),
              "python": platform.python_version(), "numpy": np.__version__,
              "onnx": onnx.__version__, "packages": {}}
        for pkg in NODE_PACKAGES:
            p = os.path.join(ROOT, "node_modules", pkg, "package.json")
            if os.path.exists(p):
                sw["packages"][pkg] = json.load(open(p))["version"]
        git = lambda *a: subprocess.run(["git", "-C", ROOT, *a], capture_output=True,
                                        text=True).stdout.strip()
        sw["sparrow_commit"] = git("rev-parse", "HEAD")
        sw["sparrow_worktree_dirty"] = bool(git("status", "--porcelain", "--untracked-files=no"))
        sc = os.path.join(self.bin, "sparrow-compile")
        sw["sparrow_compile_mtime"] = datetime.datetime.fromtimestamp(
            os.path.getmtime(sc), datetime.timezone.utc).isoformat(timespec="seconds")
        return sw

    # -- artifacts

    def model_source(self, name):
        if name in MODELS:
            file, shape = MODELS[name]
            return os.path.join(self.build, "models", file), shape
        if name.endswith(".onnx") and os.path.exists(name):
            return os.path.abspath(name), None
        raise BenchError(f"unknown model '{name}' (known: {', '.join(MODELS)}, "
                         "or a path to an .onnx file with a static input shape)")

    def variant_dir(self, model, variant):
        d = os.path.join(self.work, "models", model, variant)
        os.makedirs(d, exist_ok=True)
        return d

    def pruned_model(self, model, src, sparsity, shape):
        if sparsity == 0:
            return src
        d = self.variant_dir(model, sparsity_name(sparsity))
        out = os.path.join(d, "model.onnx")
        if stale(out, [src, os.path.join(self.bin, "sparrow-sparsify")], self.a.rebuild):
            cmd = [os.path.join(self.bin, "sparrow-sparsify"), src, "-o", out,
                   "--sparsity", str(sparsity), "--pattern", "4x1", "--rearrange"]
            if shape:
                cmd += ["--input-shape", shape]
            log(f"  sparsify {model} {sparsity_name(sparsity)}")
            run_tool(cmd, f"sparrow-sparsify {model} {sparsity}")
        return out

    def compiled(self, onnx_path, d, target, shape, no_fusion=False, flags=(), suffix=""):
        ext = "so" if target == "host" else "wasm"
        out = os.path.join(d, f"{target}{'-nofusion' if no_fusion else ''}{suffix}.{ext}")
        deps = [onnx_path, os.path.join(self.bin, "sparrow-compile"),
                os.path.join(self.rt_dir, target, "lib", "libsparrow_runtime.a")]
        if stale(out, deps, self.a.rebuild):
            cmd = [os.path.join(self.bin, "sparrow-compile"), onnx_path,
                   f"--target={target}", "-o", out]
            if shape:
                cmd.append(f"--input-shape={shape}")
            if no_fusion:
                cmd.append("--no-fusion")
            cmd += list(flags)
            log(f"  compile {os.path.relpath(out, self.work)}")
            run_tool(cmd, f"sparrow-compile {os.path.basename(onnx_path)} {target}")
        return out

    def tfjs_graph(self, onnx_path, d, shape):
        out = os.path.join(d, "tfjs-graph.json")
        if stale(out, [onnx_path, os.path.join(HERE, "export_graph.py")], self.a.rebuild):
            cmd = [sys.executable, os.path.join(HERE, "export_graph.py"), onnx_path, out]
            if shape:
                cmd += ["--shape", shape]
            run_tool(cmd, "export_graph.py", retries=0)
        return out

    def inputs(self, onnx_path, d, shape):
        """Seeded inputs (scripts/make_input.py) as .npy and raw bytes."""
        idir = os.path.join(d, "input")
        shutil.rmtree(idir, ignore_errors=True)
        cmd = [sys.executable, os.path.join(ROOT, "scripts", "make_input.py"), onnx_path,
               "--out", idir, "--seed", str(self.a.seed)]
        if shape:
            cmd += ["--shape", shape]
        p = run_tool(cmd, "make_input.py", retries=0)
        pairs = [line.split("=", 1) for line in p.stdout.splitlines() if "=" in line]
        result = []
        for name, path in pairs:
            raw = path[:-4] + ".raw"
            np.load(path).tofile(raw)
            result.append((name, path, raw))
        return result

    def reference(self, onnx_path, d, inputs):
        ref = os.path.join(d, "reference")
        shutil.rmtree(ref, ignore_errors=True)
        cmd = ["node", os.path.join(ROOT, "runtime", "js", "ort-run.mjs"), onnx_path,
               "--output-dir", ref]
        for name, npy, _ in inputs:
            cmd += ["--input", f"{name}={npy}"]
        run_tool(cmd, "reference run (ort-run.mjs)", retries=0)
        return ref

    # -- correctness

    @staticmethod
    def compare(saved, ref_dir):
        """max|ours - ort| / max|ort| per output, the max over outputs, and
        the lowest cosine similarity of an output with onnxruntime's."""
        per, cosines = {}, []
        for o in saved["outputs"]:
            ref_path = os.path.join(ref_dir, report.safe_name(o["name"]) + ".npy")
            if not os.path.exists(ref_path):
                raise BenchError(f"no reference output for '{o['name']}'")
            ref = np.load(ref_path).astype(np.float64)
            ours = np.fromfile(o["file"], dtype=np.dtype(o["dtype"]).newbyteorder("<"))
            if ours.size != ref.size:
                raise BenchError(f"output '{o['name']}' has {ours.size} elements, "
                                 f"onnxruntime's has {ref.size}")
            ours = ours.astype(np.float64).reshape(ref.shape)
            if not np.all(np.isfinite(ours)):
                per[o["name"]] = float("inf")
                continue
            scale = float(np.abs(ref).max()) or 1.0
            per[o["name"]] = float(np.abs(ours - ref).max()) / scale
            norms = float(np.linalg.norm(ours) * np.linalg.norm(ref))
            cosines.append(float(np.dot(ours.ravel(), ref.ravel())) / norms if norms else 1.0)
        return (max(per.values()) if per else 0.0), per, min(cosines, default=1.0)

    # -- timing

    def start_worker(self, spec, inputs, logs):
        kind = RUNTIMES[spec["runtime"]][1]
        key = spec["key"]
        log_path = os.path.join(logs, f"{key}.log")
        threads = spec.get("threads", 1)
        # A worker on several threads may not be pinned to one CPU.
        pin = self.pin if threads == 1 else []
        if kind == "host-timer":
            cmd = pin + [self.host_timer, "--threads", str(threads), spec["artifact"]]
            cmd += [raw for _, _, raw in inputs]
        else:
            cmd = pin + self.node_cmd + [os.path.join(HERE, "worker.mjs"), kind,
                                         spec["artifact"], "--threads", str(threads)]
            for name, npy, _ in inputs:
                cmd += ["--input", f"{name}={npy}"]
        return Worker(key, spec["runtime"], cmd, log_path)

    def run_group(self, title, specs, inputs, ref_dir, out_dir, meta):
        """Loads every spec's worker, runs warm-up + timed rounds round-robin,
        checks outputs against the reference and appends result rows."""
        log(f"  {title}")
        logs = os.path.join(out_dir, "logs")
        os.makedirs(logs, exist_ok=True)
        workers = []
        for spec in specs:
            try:
                workers.append((spec, self.start_worker(spec, inputs, logs)))
            except BenchError as e:
                self.fail(meta, spec, f"could not start: {e}")
        try:
            times = {spec["key"]: [] for spec, _ in workers}
            dead = set()
            total = self.a.warmup + self.a.runs
            for r in range(total):
                k = r % max(1, len(workers))
                for spec, w in workers[k:] + workers[:k]:
                    if spec["key"] in dead:
                        continue
                    try:
                        t = w.command("run 1")["times_ms"][0]
                    except BenchError as e:
                        dead.add(spec["key"])
                        self.fail(meta, spec, f"run failed: {e}")
                        continue
                    if r >= self.a.warmup:
                        times[spec["key"]].append(t)
            for spec, w in workers:
                if spec["key"] in dead:
                    continue
                sdir = os.path.join(out_dir, "outputs", spec["key"])
                shutil.rmtree(sdir, ignore_errors=True)
                os.makedirs(sdir)
                try:
                    saved = w.command(f"save {sdir}")
                    err, per, cosine = self.compare(saved, spec.get("reference", ref_dir))
                except BenchError as e:
                    self.fail(meta, spec, f"output check failed: {e}")
                    continue
                ts = times[spec["key"]]
                row = dict(meta)
                row.update({
                    "variant": spec.get("variant", meta.get("variant")),
                    "runtime": spec["runtime"],
                    "threads": spec.get("threads", 1),
                    "label": RUNTIMES[spec["runtime"]][2],
                    "artifact": os.path.relpath(spec["artifact"], ROOT),
                    "median_ms": round(statistics.median(ts), 4),
                    "min_ms": round(min(ts), 4),
                    "mean_ms": round(statistics.fmean(ts), 4),
                    "p25_ms": round(float(np.percentile(ts, 25)), 4),
                    "p75_ms": round(float(np.percentile(ts, 75)), 4),
                    "runs": len(ts),
                    "warmup": self.a.warmup,
                    "times_ms": [round(t, 4) for t in ts],
                    "max_rel_err": err,
                    "max_rel_err_per_output": per,
                    "cosine": round(cosine, 6),
                    # Quantized models are checked by cosine similarity.
                    "correct": (cosine >= int8.COSINE_MIN if spec.get("check") == "cosine"
                                else err <= self.a.tolerance),
                    "worker": {k: v for k, v in w.info.items() if k not in ("ready",)},
                })
                self.rows.append(row)
                limit = (f"cosine {cosine:.4f} < {int8.COSINE_MIN}" if spec.get("check")
                         else f"max rel err {err:.3e} > {self.a.tolerance:g}")
                flag = "ok" if row["correct"] else "FAILS " + limit
                log(f"    {spec['key']:<28} median {row['median_ms']:9.3f} ms  "
                    f"min {row['min_ms']:9.3f} ms  max rel err {err:.2e} "
                    f"cosine {cosine:.4f} {flag}")
                if not row["correct"]:
                    self.failures.append(
                        f"{meta['model']} {row['variant']} {spec['runtime']}: {limit}")
        finally:
            for _, w in workers:
                w.close()

    def fail(self, meta, spec, message):
        text = f"{meta['model']} {spec.get('variant', meta.get('variant'))} {spec['runtime']}: {message}"
        log(f"    FAILED {text}")
        self.failures.append(text)

    def sparsity_config(self, model, sparsity):
        src, shape = self.model_source(model)
        model = model_key(model)
        variant = sparsity_name(sparsity)
        log(f"\n{model} {variant}")
        onnx_path = self.pruned_model(model, src, sparsity, shape)
        d = self.variant_dir(model, variant)
        inputs = self.inputs(onnx_path, d, shape)
        ref = self.reference(onnx_path, d, inputs)
        meta = {"group": "sparsity", "model": model, "variant": variant,
                "sparsity": sparsity, "pattern": "group<4x1>" if sparsity else "dense",
                "weights_zero": round(weight_sparsity(onnx_path), 4),
                "onnx": os.path.relpath(onnx_path, ROOT)}
        for target in self.a.targets:
            rts = [r for r in [SPARROW[target]] + PEERS[target] if r in self.a.runtimes]
            if not rts:
                continue
            specs = []
            for rt in rts:
                try:
                    art = self.artifact(rt, onnx_path, d, target, shape)
                except BenchError as e:
                    self.fail(meta, {"runtime": rt}, str(e))
                    continue
                specs.append({"key": rt, "runtime": rt, "artifact": art})
            self.run_group(f"{target}: {', '.join(s['key'] for s in specs)}", specs, inputs,
                           ref, os.path.join(d, "run", target), dict(meta, target=target))

    def artifact(self, rt, onnx_path, d, target, shape):
        """What runtime `rt` loads for `onnx_path`: Sparrow's compiled model,
        TF.js's graph JSON, or the ONNX file itself (onnxruntime)."""
        if rt.startswith("sparrow"):
            return self.compiled(onnx_path, d, target, shape)
        if rt == "tfjs-wasm":
            return self.tfjs_graph(onnx_path, d, shape)
        return onnx_path

    def unpruned(self, name, variant, title):
        """The model as given: its file, input shape, key, work directory for
        `variant`, benchmark inputs and onnxruntime reference outputs."""
        src, shape = self.model_source(name)
        model = model_key(name)
        log(f"\n{model} {title}")
        d = self.variant_dir(model, variant)
        inputs = self.inputs(src, d, shape)
        return src, shape, model, d, inputs, self.reference(src, d, inputs)

    def fusion_config(self):
        src, shape, model, d, inputs, ref = self.unpruned(self.a.fusion_model,
                                                          "fusion", "fusion")
        meta = {"group": "fusion", "model": model, "variant": "fused", "sparsity": 0.0,
                "pattern": "dense", "onnx": os.path.relpath(src, ROOT),
                "input_shape": shape}
        for target in self.a.targets:
            sp = SPARROW[target]
            specs = []
            if sp in self.a.runtimes:
                for nf in (False, True):
                    variant = "no-fusion" if nf else "fused"
                    try:
                        art = self.compiled(src, d, target, shape, no_fusion=nf)
                    except BenchError as e:
                        self.fail(meta, {"runtime": sp, "variant": variant}, str(e))
                        continue
                    specs.append({"key": f"{sp}-{variant}", "runtime": sp, "artifact": art,
                                  "variant": variant})
            # onnxruntime as context (TF.js is left out: the interpreter
            # covers the MobileNet-v1/v2 ops only).
            peer = PEERS[target][0]
            if peer in self.a.runtimes and specs:
                specs.append({"key": peer, "runtime": peer, "artifact": src,
                              "variant": "reference"})
            if specs:
                self.run_group(f"{target}: {', '.join(s['key'] for s in specs)}", specs,
                               inputs, ref, os.path.join(d, "run", target),
                               dict(meta, target=target))

    def threads_config(self):
        """The dense model with 1 and --threads threads, side by side: on the
        host Sparrow and onnxruntime-node (intra-op threads); on wasm32 (node)
        Sparrow (worker_threads) and onnxruntime-web (numThreads). TF.js's
        threaded wasm backend starts its workers from blob: URLs, which
        node's worker_threads refuse, so TF.js runs on 1 thread only."""
        if self.a.threads < 2:
            return
        src, shape, model, d, inputs, ref = self.unpruned(self.a.threads_model,
                                                          "dense", "threads")
        meta = {"group": "threads", "model": model, "variant": "dense", "sparsity": 0.0,
                "pattern": "dense", "onnx": os.path.relpath(src, ROOT)}
        groups = {"host": ("sparrow-host", "onnxruntime-node"),
                  "wasm32": ("sparrow-wasm", "onnxruntime-web", "tfjs-wasm")}
        for target in self.a.targets:
            # One group per runtime: onnxruntime's pool threads spin after a
            # run and would slow whatever runs next.
            for rt in groups[target]:
                if rt not in self.a.runtimes:
                    continue
                try:
                    art = self.artifact(rt, src, d, target, shape)
                except BenchError as e:
                    self.fail(dict(meta, target=target), {"runtime": rt}, str(e))
                    continue
                counts = (1,) if rt == "tfjs-wasm" else (1, self.a.threads)
                specs = [{"key": f"{rt}-{n}t", "runtime": rt, "artifact": art, "threads": n,
                          "variant": f"{n} thread" + ("s" if n > 1 else "")}
                         for n in counts]
                self.run_group(f"{target}: {', '.join(s['key'] for s in specs)}", specs,
                               inputs, ref, os.path.join(d, "run", f"threads-{rt}"),
                               dict(meta, target=target))

    def run(self):
        started = time.time()
        self.check_environment()
        self.host_timer = self.build_host_timer()
        doc = {
            "schema": 1,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(["bench/run.sh"] + self.a.argv),
            "machine": self.machine_info(),
            "software": self.software_info(),
            "settings": {
                "runs": self.a.runs, "warmup": self.a.warmup, "seed": self.a.seed,
                "tolerance": self.a.tolerance, "models": self.a.models,
                "sparsities": self.a.sparsities, "targets": self.a.targets,
                "runtimes": self.a.runtimes, "cpu_pin": self.a.cpu,
                "threads": self.a.threads,
                "int8": None if self.a.skip_int8 else {
                    "model": self.a.int8_model, "sparsity": self.a.int8_sparsity,
                    "qdq_model": int8.QDQ_MODEL, "cosine_min": int8.COSINE_MIN},
                "schedule": "round-robin: each round runs every runtime of a group once, "
                            "the starting runtime rotating; the first `warmup` rounds are "
                            "discarded",
                "sparsify": "sparrow-sparsify --pattern 4x1 --rearrange --sparsity S",
            },
        }
        doc["machine"]["loadavg_start"] = list(os.getloadavg())
        log(f"bench: {doc['machine']['cpu']}, {doc['machine']['cores']} cores, node "
            f"{doc['software']['node']}; {self.a.runs} runs after {self.a.warmup} warm-up "
            f"rounds; load average {os.getloadavg()[0]:.2f}")
        for model in [] if self.a.skip_sparsity else self.a.models:
            for s in self.a.sparsities:
                try:
                    self.sparsity_config(model, s)
                except BenchError as e:
                    log(f"  FAILED {model} {sparsity_name(s)}: {e}")
                    self.failures.append(f"{model} {sparsity_name(s)}: {e}")
        try:
            self.threads_config()
        except BenchError as e:
            log(f"  FAILED threads {self.a.threads_model}: {e}")
            self.failures.append(f"threads {self.a.threads_model}: {e}")
        if not self.a.skip_int8:
            try:
                int8.int8_config(self, sys.modules[__name__])
            except BenchError as e:
                log(f"  FAILED int8 {self.a.int8_model}: {e}")
                self.failures.append(f"int8 {self.a.int8_model}: {e}")
        if not self.a.skip_fusion:
            try:
                self.fusion_config()
            except BenchError as e:
                log(f"  FAILED fusion {self.a.fusion_model}: {e}")
                self.failures.append(f"fusion {self.a.fusion_model}: {e}")
        doc["machine"]["loadavg_end"] = list(os.getloadavg())
        doc["duration_s"] = round(time.time() - started, 1)
        doc["results"] = self.rows
        doc["failures"] = self.failures
        os.makedirs(self.a.out_dir, exist_ok=True)
        path = os.path.join(self.a.out_dir, "results.json")
        with open(path + ".partial", "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        os.replace(path + ".partial", path)
        written = [path] + report.write_all(doc, self.a.out_dir)
        log(f"\nwrote {', '.join(os.path.relpath(p, ROOT) for p in written)} "
            f"in {doc['duration_s']:.0f} s")
        log(report.summary_text(doc))
        if self.failures:
            log(f"\n{len(self.failures)} problem(s):")
            for f in self.failures:
                log(f"  {f}")
            return 1
        return 0


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="bench/run.sh",
        description="Sparrow vs onnxruntime-node (host) and vs onnxruntime-web and TF.js "
                    "wasm (wasm32 under node), dense and group<4x1>-sparse MobileNets, "
                    "and fusion on/off. Not part of the test suite.")
    ap.add_argument("--runs", type=int, help="timed runs per runtime (default 30, --quick 5)")
    ap.add_argument("--warmup", type=int, help="untimed warm-up rounds (default 5, --quick 2)")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke run: 5 runs, mobilenet_v1, dense and 50%% only, results "
                         "under the work directory instead of docs/benchmarks")
    ap.add_argument("--models", help=f"comma-separated (default {','.join(DEFAULT_MODELS)}; "
                                     f"known: {', '.join(MODELS)}; or .onnx paths)")
    ap.add_argument("--sparsities", help="comma-separated fractions or percentages, 0 = dense "
                                         "(default 0,0.3,0.5,0.7,0.9)")
    ap.add_argument("--targets", default="host,wasm32", help="host, wasm32 (default both)")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES),
                    help=f"subset of {', '.join(RUNTIMES)}")
    ap.add_argument("--skip-sparsity", action="store_true",
                    help="skip the per-model dense/sparse tables (e.g. to time threads only)")
    ap.add_argument("--skip-int8", action="store_true",
                    help="leave out the int8 group (fp32 vs --quantize=int8 vs sparse int8, "
                         "and the QDQ model against onnxruntime)")
    ap.add_argument("--int8-model", default="mobilenet_v1",
                    help="model of the int8 group (default mobilenet_v1)")
    ap.add_argument("--int8-sparsity", type=float, default=0.5,
                    help="group<4x1> sparsity of the int8 group's sparse row (default 0.5)")
    ap.add_argument("--skip-fusion", action="store_true",
                    help="leave out the fusion on/off comparison")
    ap.add_argument("--fusion-model", default=FUSION_MODEL,
                    help=f"model of the fusion comparison (default {FUSION_MODEL})")
    ap.add_argument("--threads", type=int, default=2,
                    help="also time the dense --threads-model with this many threads "
                         "against 1, on every target (default 2; 1 skips it)")
    ap.add_argument("--threads-model", default="mobilenet_v1",
                    help="model of the threads comparison (default mobilenet_v1)")
    ap.add_argument("--seed", type=int, default=1, help="input seed (default 1)")
    ap.add_argument("--tolerance", type=float, default=1e-4,
                    help="max relative error against onnxruntime (default 1e-4)")
    ap.add_argument("--cpu", help="pin every worker to this CPU (taskset -c)")
    ap.add_argument("--out-dir", help="where results.json, README.md and latency.png go "
                                      "(default docs/benchmarks; with --quick WORK/quick)")
    ap.add_argument("--work-dir", help="pruned models, compiled artifacts, outputs "
                                       "(default BUILD/bench)")
    ap.add_argument("--build-dir", default=os.environ.get("SPARROW_BUILD_DIR", "build"),
                    help="Sparrow build directory (default $SPARROW_BUILD_DIR or build)")
    ap.add_argument("--rebuild", action="store_true",
                    help="prune, compile and export again even if up to date")
    a = ap.parse_args(argv)
    a.argv = argv
    a.build_dir = os.path.abspath(os.path.join(ROOT, a.build_dir))
    a.work_dir = os.path.abspath(a.work_dir or os.path.join(a.build_dir, "bench"))
    a.runs = a.runs if a.runs is not None else (5 if a.quick else 30)
    a.warmup = a.warmup if a.warmup is not None else (2 if a.quick else 5)
    if a.runs < 1 or a.warmup < 0:
        ap.error("--runs must be >= 1 and --warmup >= 0")
    a.models = [m.strip() for m in (a.models or ("mobilenet_v1" if a.quick else
                                                 ",".join(DEFAULT_MODELS))).split(",") if m.strip()]
    try:
        a.sparsities = parse_sparsities(a.sparsities or ("0,0.5" if a.quick else
                                                         ",".join(map(str, DEFAULT_SPARSITIES))))
    except (BenchError, ValueError) as e:
        ap.error(str(e))
    a.targets = [t.strip() for t in a.targets.split(",") if t.strip()]
    if not a.targets or any(t not in ("host", "wasm32") for t in a.targets):
        ap.error("--targets takes host and/or wasm32")
    a.runtimes = [r.strip() for r in a.runtimes.split(",") if r.strip()]
    if any(r not in RUNTIMES for r in a.runtimes):
        ap.error(f"--runtimes takes {', '.join(RUNTIMES)}")
    a.out_dir = os.path.abspath(a.out_dir or (os.path.join(a.work_dir, "quick") if a.quick
                                              else os.path.join(ROOT, "docs", "benchmarks")))
    return a


def main(argv):
    args = parse_args(argv)
    try:
        return Bench(args).run()
    except BenchError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
