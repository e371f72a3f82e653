//===- sparrow-run.cpp - Run a compiled model and report its outputs ------===//
//
// Host .so files run through the host runner, AArch64 .so files through the
// AArch64 runner under qemu-aarch64, .wasm modules through node. The
// runners share one command line and print one JSON object; this tool
// prepares inputs (.pb to .npy) and turns that JSON into a report.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Npy.h"
#include "lib/Import/TensorData.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"

#include <cstdlib>

using namespace llvm;
using namespace sparrow;

static cl::OptionCategory category("sparrow-run options");
cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                               cl::desc("<model.so|model.wasm>"),
                               cl::cat(category));
static cl::list<std::string>
    inputs("input",
           cl::desc("Input tensor from a .npy or ONNX TensorProto "
                    ".pb file (repeatable; missing inputs are "
                    "seeded random values in [-1, 1))"),
           cl::value_desc("name=file"), cl::cat(category));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Write each output as DIR/<output name>.npy"),
              cl::value_desc("dir"), cl::cat(category));
static cl::opt<unsigned> runs("runs", cl::init(1),
                              cl::desc("Timed runs (after one warm-up run "
                                       "when more than one)"),
                              cl::cat(category));
static cl::opt<unsigned> seed("seed", cl::init(0),
                              cl::desc("Seed of the random inputs"),
                              cl::cat(category));
static cl::opt<bool> printJson("json", cl::desc("Print one JSON object"),
                               cl::cat(category));
static cl::opt<std::string>
    runtimeDir("runtime-dir",
               cl::desc("Directory of the built runtimes (default: "
                        "$SPARROW_RUNTIME_DIR, else ../lib/sparrow next to "
                        "this tool)"),
               cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "sparrow-run") << msg << "\n";
  return 1;
}

namespace {
enum class ModelKind { Host, AArch64, Wasm };

Expected<ModelKind> detectKind(StringRef path) {
  auto buffer = MemoryBuffer::getFileSlice(path, 20, 0);
  if (!buffer)
    return createStringError(inconvertibleErrorCode(),
                             "cannot read '" + path +
                                 "': " + buffer.getError().message());
  StringRef head = (*buffer)->getBuffer();
  if (head.starts_with(StringRef("\0asm", 4)))
    return ModelKind::Wasm;
  if (head.size() >= 20 && head.starts_with("\x7f"
                                            "ELF")) {
    unsigned machine = uint8_t(head[18]) | (uint8_t(head[19]) << 8);
    if (machine == 183)
      return ModelKind::AArch64;
    if (machine == 62)
      return ModelKind::Host;
  }
  return createStringError(inconvertibleErrorCode(),
                           "'" + path +
                               "' is not a compiled model (expected an "
                               "x86-64 or AArch64 shared object or a "
                               "WebAssembly module)");
}

/// Converted files, to name the user's file in the runner's errors.
std::vector<std::pair<std::string, std::string>> convertedInputs;

/// .pb TensorProto inputs become .npy files in `dir`.
Expected<std::string> prepareInput(StringRef spec, StringRef dir) {
  auto [name, file] = spec.split('=');
  if (name.empty() || file.empty())
    return createStringError(inconvertibleErrorCode(),
                             "invalid --input '" + spec +
                                 "': expected NAME=FILE");
  if (file.ends_with(".npy"))
    return spec.str();
  if (!file.ends_with(".pb"))
    return createStringError(inconvertibleErrorCode(),
                             "input file '" + file +
                                 "' must be .npy or an ONNX TensorProto .pb");
  auto buffer = MemoryBuffer::getFile(file, false, false);
  if (!buffer)
    return createStringError(inconvertibleErrorCode(),
                             "cannot read '" + file +
                                 "': " + buffer.getError().message());
  onnx::TensorProto tensor;
  if (!tensor.ParseFromArray((*buffer)->getBufferStart(),
                             (*buffer)->getBufferSize()))
    return createStringError(inconvertibleErrorCode(),
                             "'" + file + "' is not an ONNX TensorProto");
  NpyArray array;
  auto dims = tensorDims(tensor);
  if (!dims)
    return createStringError(inconvertibleErrorCode(),
                             "'" + file + "': " + toString(dims.takeError()));
  array.shape = *dims;
  // Quantized models take 8-bit and int32 data as they are.
  int32_t type = tensor.data_type();
  size_t width = type == onnx::TensorProto::INT32 ? 4 : 1;
  if (type == onnx::TensorProto::UINT8 || type == onnx::TensorProto::INT8 ||
      type == onnx::TensorProto::INT32) {
    auto data = readIntTensor(tensor);
    if (!data)
      return createStringError(inconvertibleErrorCode(),
                               "'" + file + "': " + toString(data.takeError()));
    array.descr = type == onnx::TensorProto::UINT8  ? "|u1"
                  : type == onnx::TensorProto::INT8 ? "|i1"
                                                    : "<i4";
    for (int64_t v : *data)
      for (size_t byte = 0; byte < width; ++byte)
        array.raw.push_back(
            static_cast<char>((uint64_t(v) >> (8 * byte)) & 0xff));
  } else {
    auto data = readFloatTensor(tensor);
    if (!data)
      return createStringError(inconvertibleErrorCode(),
                               "'" + file + "': " + toString(data.takeError()));
    array.data.assign(data->begin(), data->end());
  }
  SmallString<256> npy(dir);
  sys::path::append(npy,
                    "input" + std::to_string(convertedInputs.size()) + ".npy");
  if (Error err = writeNpy(npy, array))
    return std::move(err);
  convertedInputs.push_back({npy.str().str(), file.str()});
  return (name + "=" + npy).str();
}

std::string defaultRuntimeDir(const char *argv0) {
  if (!runtimeDir.empty())
    return runtimeDir;
  if (const char *env = std::getenv("SPARROW_RUNTIME_DIR"))
    return env;
  std::string exe = sys::fs::getMainExecutable(argv0, (void *)&fail);
  SmallString<256> dir(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(dir, "lib", "sparrow");
  return dir.str().str();
}
} // namespace

int printReport(const json::Object &result, StringRef kindName);

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // libLLVM registers a `-threads` of its own; ours means the runners'.
  auto &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("threads"); it != registered.end())
    it->second->removeArgument();
  static cl::opt<unsigned> threads(
      "threads", cl::init(1),
      cl::desc("Threads per run (.so models; wasm32 runs on one)"),
      cl::cat(category));
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "Sparrow: run a compiled model (.so or .wasm) "
                              "and print its outputs and latency\n");
  if (runs < 1)
    return fail("--runs must be at least 1");
  if (threads < 1 || threads > 256)
    return fail("--threads must be from 1 to 256, got " + Twine(threads));
  auto kind = detectKind(modelPath);
  if (!kind)
    return fail(toString(kind.takeError()));

  SmallString<128> work;
  if (std::error_code ec = sys::fs::createUniqueDirectory("sparrow-run", work))
    return fail("cannot create a temporary directory: " + ec.message());
  scope_exit cleanup([&] { sys::fs::remove_directories(work); });

  std::string rt = defaultRuntimeDir(argv[0]);
  std::string program;
  SmallVector<std::string> args;
  switch (*kind) {
  case ModelKind::Host:
    program = rt + "/host/bin/sparrow-runner";
    break;
  case ModelKind::AArch64: {
    auto qemu = sys::findProgramByName("qemu-aarch64");
    if (!qemu)
      return fail("qemu-aarch64 not found: install qemu-user to run AArch64 "
                  "models on this machine");
    program = *qemu;
    args = {"-L", "/usr/aarch64-linux-gnu", rt + "/aarch64/bin/sparrow-runner"};
    break;
  }
  case ModelKind::Wasm: {
    auto node = sys::findProgramByName("node");
    if (!node)
      return fail("node not found: install Node.js 20 to run wasm models");
    program = *node;
    args = {rt + "/host/js/run-wasm.mjs"};
    break;
  }
  }
  args.push_back(modelPath);
  for (const std::string &spec : inputs) {
    auto prepared = prepareInput(spec, work);
    if (!prepared)
      return fail(toString(prepared.takeError()));
    args.append({"--input", *prepared});
  }
  std::string outDir =
      outputDir.empty() ? (work + "/outputs").str() : outputDir.getValue();
  if (std::error_code ec = sys::fs::create_directories(outDir))
    return fail("cannot create output directory '" + outDir +
                "': " + ec.message());
  args.append({"--output-dir", outDir, "--runs", std::to_string(runs), "--seed",
               std::to_string(seed), "--threads", std::to_string(threads)});

  SmallVector<StringRef> argv2 = {program};
  for (const std::string &a : args)
    argv2.push_back(a);
  std::string stdoutPath = (work + "/stdout").str();
  std::string stderrPath = (work + "/stderr").str();
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(stdoutPath),
                                          StringRef(stderrPath)};
  std::string execError;
  int rc = sys::ExecuteAndWait(program, argv2, std::nullopt, redirects, 0, 0,
                               &execError);
  auto readText = [](StringRef path) {
    auto buf = MemoryBuffer::getFile(path);
    return buf ? (*buf)->getBuffer().str() : std::string();
  };
  if (rc != 0 && !sys::fs::exists(program))
    return fail("runner '" + program +
                "' not found (build the runtime targets "
                "or set --runtime-dir)");
  if (rc != 0) {
    std::string err = StringRef(readText(stderrPath)).trim().str();
    StringRef line = StringRef(err).rsplit('\n').second;
    if (line.empty())
      line = err;
    if (line.empty())
      line = execError.empty() ? "runner failed" : StringRef(execError);
    auto pos = line.find("error: ");
    std::string message =
        (pos == StringRef::npos ? line : line.substr(pos + 7)).str();
    for (auto &[temp, original] : convertedInputs)
      for (size_t at = message.find(temp); at != std::string::npos;
           at = message.find(temp, at + original.size()))
        message.replace(at, temp.size(), original);
    return fail(message);
  }
  auto parsed = json::parse(readText(stdoutPath));
  if (!parsed || !parsed->getAsObject())
    return fail("the runner printed no valid JSON" +
                (parsed ? Twine() : ": " + toString(parsed.takeError())));
  json::Object result = std::move(*parsed->getAsObject());
  if (outputDir.empty())
    if (json::Array *outs = result.getArray("outputs"))
      for (json::Value &o : *outs)
        if (json::Object *obj = o.getAsObject())
          (*obj)["file"] = nullptr;
  StringRef kindName = *kind == ModelKind::Host      ? "host"
                       : *kind == ModelKind::AArch64 ? "aarch64 (qemu)"
                                                     : "wasm32 (node)";
  if (printJson) {
    result["model"] = modelPath.getValue();
    result["target"] = kindName;
    outs() << json::Value(std::move(result)) << "\n";
    return 0;
  }
  // The report reads the .npy files, which still exist at this point.
  if (json::Array *outsArr = result.getArray("outputs"))
    for (json::Value &o : *outsArr)
      if (json::Object *obj = o.getAsObject())
        if (auto name = obj->getString("name")) {
          std::string safe;
          for (char c : *name)
            safe += isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                            c == '_' || c == '-'
                        ? c
                        : '_';
          (*obj)["path"] = outDir + "/" + safe + ".npy";
        }
  return printReport(result, kindName);
}
