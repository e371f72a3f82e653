# Lit configuration of the Sparrow test suite.
import os
import platform
import shutil
import subprocess

import lit.formats
import lit.llvm

# The site config does not initialise lit.llvm (LLVM's own site configs do).
if lit.llvm.llvm_config is None:
    lit.llvm.initialize(lit_config, config)
from lit.llvm import llvm_config

config.name = "Sparrow"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sparrow_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.sparrow_tools_dir, append_path=True)

models = os.path.join(config.sparrow_obj_root, "models")
scripts = os.path.join(config.sparrow_src_root, "scripts")
runtime_js = os.path.join(config.sparrow_obj_root, "lib", "sparrow", "host", "js")
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%sparrow_obj", config.sparrow_obj_root))
config.substitutions.append(("%sparrow_src", config.sparrow_src_root))
config.substitutions.append(("%models", models))
config.substitutions.append(("%zoo", os.path.join(config.sparrow_obj_root, "zoo")))
config.substitutions.append(("%scripts", scripts))
config.substitutions.append(("%examples", os.path.join(config.sparrow_src_root, "examples")))
config.substitutions.append(("%ort-run", "node " + os.path.join(
    config.sparrow_src_root, "runtime", "js", "ort-run.mjs")))
config.substitutions.append(("%compare", config.python_executable + " " +
                             os.path.join(scripts, "compare_outputs.py")))
config.substitutions.append(("%make-input", config.python_executable + " " +
                             os.path.join(scripts, "make_input.py")))

# Optional features: tests needing them declare REQUIRES.
if shutil.which("qemu-aarch64") and os.path.isdir("/usr/aarch64-linux-gnu"):
    config.available_features.add("qemu")
if shutil.which("node"):
    config.available_features.add("node")
    ort = os.path.join(config.sparrow_src_root, "node_modules", "onnxruntime-node")
    if os.path.isdir(ort):
        config.available_features.add("onnxruntime")
    # Headless Chromium (Debian's package) for the browser tests.
    if shutil.which("chromium"):
        config.available_features.add("chromium")
config.substitutions.append(("%browser-run", "node " + os.path.join(
    config.sparrow_src_root, "test", "browser", "browser-run.mjs")))
# Vite (npm) for the bundler test.
config.substitutions.append(("%vite", os.path.join(
    config.sparrow_src_root, "node_modules", ".bin", "vite")))

# Errors are one line: `%check-error` is FileCheck that also fails on any
# output its CHECK lines do not match, each CHECK matching a whole line.
config.substitutions.append(("%check-error", "FileCheck --match-full-lines "
                             "--implicit-check-not='{{.}}'"))
# ONNX text syntax to a binary .onnx (optionally naming nodes after their
# first output; libonnx 1.12's text syntax cannot name nodes).
config.substitutions.append(("%onnx-from-text", config.python_executable + " " +
                             os.path.join(config.sparrow_src_root, "test", "Import",
                                          "Inputs", "onnx_from_text.py")))
# Runs an AArch64 program on this machine.
config.substitutions.append(("%qemu", "qemu-aarch64 -L /usr/aarch64-linux-gnu"))

if hasattr(os, "geteuid") and os.geteuid() != 0:
    config.available_features.add("non-root")  # file permissions apply
if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64-host")  # what --target=host means
if shutil.which("aarch64-linux-gnu-gcc"):
    config.available_features.add("aarch64-gcc")
if (os.path.exists(os.path.join(config.llvm_tools_dir, "clang")) and
        os.path.exists(os.path.join(config.llvm_tools_dir, "wasm-ld")) and
        os.path.isdir("/usr/lib/wasm32-wasi")):
    config.available_features.add("wasm-toolchain")
# Checks of sparrow-sparsify reports and rearrangement remarks (e2e tests).
# The graph passes sparrow-sparsify runs before writing ONNX back.
config.substitutions.append(("%export-passes",
                             "--canonicalize --sparrow-recognize-activations "
                             "--sparrow-fold-batch-norm --sparrow-fuse-activations "
                             "--canonicalize --cse"))
config.substitutions.append(("%sparsity-check", config.python_executable + " " +
                             os.path.join(config.sparrow_src_root, "test", "e2e",
                                          "Inputs", "sparsity_check.py")))
# The ONNX backend conformance tests (Debian's libonnx-testdata).
if os.path.isdir("/usr/share/libonnx-testdata/data/node"):
    config.available_features.add("onnx-testdata")
config.substitutions.append(("%conformance", config.python_executable + " " +
                             os.path.join(config.sparrow_src_root, "test",
                                          "conformance", "run.py") +
                             " --bin " + config.sparrow_tools_dir + " --quiet"))
# The libFuzzer target of the importer (built when clang's sanitizer
# runtimes are installed).
if os.path.exists(os.path.join(config.sparrow_tools_dir, "sparrow-import-fuzzer")):
    config.available_features.add("fuzzer")
