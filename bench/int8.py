"""The int8 group of the benchmark: on each target, in one round-robin group,
Sparrow's fp32 MobileNet-v1, the same model quantized by Sparrow
(`--quantize=int8`), quantized with group<4x1> sparsity, and the QDQ model of
the examples script compiled by Sparrow next to onnxruntime running it.

Quantized outputs cannot match onnxruntime's fp32 to 1e-4: their rows are
checked by the cosine similarity of each output with onnxruntime's on the
model they came from (fp32 for Sparrow's quantization, QDQ for the QDQ
model), which must be at least COSINE_MIN.
"""

import os

COSINE_MIN = 0.99
QDQ_MODEL = "mobilenet_v1_qdq"
# variant key -> table column
VARIANTS = {
    "fp32": "fp32 dense",
    "int8": "int8 dense",
    "int8-sparse": "int8 group<4x1>",
    "qdq": "QDQ model",
}


def int8_config(bench, lib):
    """Runs the int8 group for every target of `bench` (a Bench of bench.py,
    whose module is `lib`)."""
    a = bench.a
    model = a.int8_model
    src, shape = bench.model_source(model)
    key = lib.model_key(model)
    d = bench.variant_dir(key, "int8")
    lib.log(f"\n{key} int8")
    inputs = bench.inputs(src, d, shape)
    ref = bench.reference(src, d, inputs)
    pruned = bench.pruned_model(key, src, a.int8_sparsity, shape)
    pruned_ref = bench.reference(pruned, bench.variant_dir(key, "int8-sparse"), inputs)
    qdq, _ = bench.model_source(QDQ_MODEL)
    qdq_ref = bench.reference(qdq, bench.variant_dir(key, "qdq"), inputs)
    meta = {"group": "int8", "model": key, "sparsity": a.int8_sparsity,
            "pattern": "group<4x1>", "onnx": os.path.relpath(src, lib.ROOT)}
    for target in a.targets:
        sp = lib.SPARROW[target]
        peer = lib.PEERS[target][0]
        builds = [("fp32", src, [], ref, None),
                  ("int8", src, ["--quantize=int8"], ref, "cosine"),
                  ("int8-sparse", pruned, ["--quantize=int8"], pruned_ref, "cosine"),
                  ("qdq", qdq, [], qdq_ref, "cosine")]
        specs = []
        for variant, onnx_path, flags, reference, check in builds:
            if sp not in a.runtimes:
                break
            try:
                art = bench.compiled(onnx_path, d, target, shape, flags=flags,
                                     suffix="-" + variant)
            except lib.BenchError as e:
                bench.fail(meta, {"runtime": sp, "variant": variant}, str(e))
                continue
            specs.append({"key": f"{sp}-{variant}", "runtime": sp, "artifact": art,
                          "variant": variant, "reference": reference, "check": check})
        if peer in a.runtimes:
            specs.append({"key": f"{peer}-qdq", "runtime": peer, "artifact": qdq,
                          "variant": "qdq", "reference": qdq_ref, "check": "cosine"})
        if specs:
            bench.run_group(f"{target}: {', '.join(s['key'] for s in specs)}", specs,
                            inputs, ref, os.path.join(d, "run", target),
                            dict(meta, target=target))


def int8_table(doc):
    """The int8 group's rows as a Markdown table, one line per target."""
    import report  # bench/report.py, which imports this module
    rows = report.by(doc["results"], group="int8")
    if not rows:
        return []
    s = rows[0].get("sparsity", 0.5)
    out = ["## int8: MobileNet-v1 quantized by Sparrow, and the QDQ model\n",
           "`--quantize=int8` (calibrated on seeded random inputs) of the fp32 model and of "
           f"its group<4x1> {report.pct(s)} pruned copy, and the examples script's QDQ model "
           "(onnxruntime's quantizer) compiled by Sparrow and run by onnxruntime, in one "
           "round-robin group per target. Quantized rows are checked by cosine similarity "
           f"(≥ {COSINE_MIN}) with onnxruntime's outputs on the model they came from.\n",
           "| target | fp32 ms | int8 ms | int8 group<4x1> ms | int8 speed-up over fp32 "
           "| sparse int8 speed-up over int8 | QDQ: sparrow ms | QDQ: onnxruntime ms "
           "| sparrow speed-up over onnxruntime (QDQ) | lowest cosine |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for target in ("host", "wasm32"):
        trows = report.by(rows, target=target)
        if not trows:
            continue
        mine = [r for r in trows if r["runtime"].startswith("sparrow")]
        peer = [r for r in trows if not r["runtime"].startswith("sparrow")]
        t = {r["variant"]: r["median_ms"] for r in mine}
        ort = peer[0]["median_ms"] if peer else None
        cos = [r["cosine"] for r in trows if r.get("cosine") is not None]
        cos_cell = f"{min(cos):.4f}" if cos else "—"
        out.append(
            f"| {report.TARGET_TITLE[target]} | {report.ms(t.get('fp32'))} "
            f"| {report.ms(t.get('int8'))} | {report.ms(t.get('int8-sparse'))} "
            f"| {speedup(t.get('fp32'), t.get('int8'))} "
            f"| {speedup(t.get('int8'), t.get('int8-sparse'))} "
            f"| {report.ms(t.get('qdq'))} | {report.ms(ort)} "
            f"| {speedup(ort, t.get('qdq'))} "
            f"| {cos_cell} |")
    out.append("")
    out.append("Speed-ups are ratios of medians; above 1× the quantized, sparse or "
               "Sparrow row is faster.\n")
    return out


def speedup(before, after):
    return f"{before / after:.2f}×" if before and after else "—"
