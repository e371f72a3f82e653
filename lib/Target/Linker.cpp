//===- Linker.cpp - Linking objects into .so and .wasm files --------------===//

#include "lib/Target/Linker.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>
#include <vector>

using namespace llvm;

namespace sparrow {

static Error linkError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

/// Flag value, then environment variable, then LLVM 22's bin directory.
static Expected<std::string> findTool(StringRef flag, const char *env,
                                      StringRef name, StringRef flagName) {
  std::string path = flag.str();
  if (path.empty())
    if (const char *value = std::getenv(env))
      path = value;
  if (path.empty())
    path = ("/usr/lib/llvm-22/bin/" + name).str();
  if (!sys::fs::can_execute(path))
    return linkError("linker '" + path +
                     "' not found or not executable (set "
                     "it with --" +
                     flagName + "=PATH or $" + env + ")");
  return path;
}

static Error run(StringRef tool, ArrayRef<std::string> args) {
  SmallVector<StringRef> argv = {tool};
  for (const std::string &a : args)
    argv.push_back(a);
  SmallString<128> errPath;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("sparrow-link", "txt", errPath))
    return linkError("cannot create a temporary file: " + ec.message());
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(errPath),
                                          StringRef(errPath)};
  std::string execError;
  int rc = sys::ExecuteAndWait(tool, argv, std::nullopt, redirects, 0, 0,
                               &execError);
  std::string output;
  if (auto buf = MemoryBuffer::getFile(errPath))
    output = (*buf)->getBuffer().str();
  sys::fs::remove(errPath);
  if (rc != 0) {
    StringRef first = StringRef(output).trim().split('\n').first;
    std::string why = !first.empty()       ? first.str()
                      : !execError.empty() ? execError
                                           : "exit code " + std::to_string(rc);
    return linkError(sys::path::filename(tool) + " failed: " + why);
  }
  return Error::success();
}

Error linkSharedObject(StringRef object, StringRef output,
                       const LinkOptions &options, bool selfContained) {
  auto tool = findTool(options.ldLld, "SPARROW_LD_LLD", "ld.lld", "ld-lld");
  if (!tool)
    return tool.takeError();
  std::vector<std::string> args = {"-shared", "--gc-sections",
                                   "-O2",     "--hash-style=both",
                                   "-z",      "noexecstack"};
  // Host objects leave memcpy/memset to libc, bound when the runtime loads
  // them. Phone objects need nothing (Android's dlopen binds no symbol from
  // a library not named in DT_NEEDED) and load on 16 KB-page kernels
  // (Android 15).
  if (selfContained)
    args.insert(args.end(), {"-z", "defs", "-z", "max-page-size=16384"});
  args.insert(args.end(), {"-o", output.str(), object.str()});
  return run(*tool, args);
}

Error linkWasmModule(StringRef object, StringRef output,
                     const LinkOptions &options, const WasmMemory &memory) {
  auto tool = findTool(options.wasmLd, "SPARROW_WASM_LD", "wasm-ld", "wasm-ld");
  if (!tool)
    return tool.takeError();
  SmallString<256> runtime(options.runtimeDir);
  sys::path::append(runtime, "wasm32", "lib", "libsparrow_runtime.a");
  if (!sys::fs::exists(runtime))
    return linkError("wasm32 runtime '" + runtime +
                     "' not found (set --runtime-dir or $SPARROW_RUNTIME_DIR)");
  std::string libc = options.wasiLibc.empty() ? "/usr/lib/wasm32-wasi/libc.a"
                                              : options.wasiLibc;
  if (!sys::fs::exists(libc))
    return linkError("wasi-libc '" + libc + "' not found (install wasi-libc)");
  std::vector<std::string> args = {
      "--no-entry",
      "--gc-sections",
      "-O2",
      "--strip-all",
      "--stack-first",
      "-z",
      "stack-size=" + std::to_string(WasmMemory::kStackBytes),
      "--initial-memory=" + std::to_string(memory.initialBytes),
      "--max-memory=" + std::to_string(memory.maximumBytes)};
  if (memory.shared) {
    // Every worker instantiates the module on the loader's shared memory and
    // moves its own __stack_pointer to a stack the loader allocated.
    // Debian's wasi-libc is built without atomics, which wasm-ld refuses to
    // put in a shared-memory module; the runtime only calls libc (malloc) on
    // the main thread, so the check is turned off (docs/Runtime.md).
    args.insert(args.end(),
                {"--shared-memory", "--import-memory",
                 "--export=__stack_pointer", "--no-check-features"});
  }
  args.insert(args.end(), {"-o", output.str(), object.str(), "--whole-archive",
                           runtime.str().str(), "--no-whole-archive", libc});
  return run(*tool, args);
}

} // namespace sparrow
