# Lit configuration of the Sparrow test suite.
import os
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
