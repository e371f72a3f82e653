//===- WasmOutputs.cpp - The files of a wasm32 build ----------------------===//

#include "lib/Compiler/WasmOutputs.h"
#include "lib/Compiler/NpmPackage.h"
#include "lib/Compiler/PendingOutput.h"
#include "lib/Target/WasmLoader.h"
#include "lib/Target/WasmMemory.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace sparrow {

namespace {
/// Files that appear together or not at all.
class OutputSet {
public:
  /// A file whose contents the caller fills through its temporary path.
  Expected<PendingOutput *> add(StringRef path) {
    auto out = PendingOutput::create(path);
    if (!out)
      return out.takeError();
    files.push_back(std::make_unique<PendingOutput>(std::move(*out)));
    return files.back().get();
  }
  Error addText(StringRef path, StringRef text) {
    auto out = add(path);
    if (!out)
      return out.takeError();
    raw_fd_ostream os((*out)->fd(), /*shouldClose=*/false);
    os << text;
    os.flush();
    if (os.has_error())
      return outputError("cannot write '" + path +
                         "': " + os.error().message());
    return Error::success();
  }
  /// Renames every file into place; on a failure removes those already
  /// renamed.
  Error commit() {
    std::vector<std::string> done;
    for (auto &file : files) {
      std::string path = file->finalPath().str();
      if (Error err = file->commit()) {
        for (const std::string &p : done)
          sys::fs::remove(p);
        return err;
      }
      done.push_back(path);
    }
    return Error::success();
  }

private:
  std::vector<std::unique_ptr<PendingOutput>> files;
};
} // namespace

static std::string sibling(StringRef path, StringRef newExtension) {
  SmallString<256> result(path);
  sys::path::replace_extension(result, newExtension);
  return result.str().str();
}

/// Links the module into `set` at `wasmPath` and adds its JS files.
static Error addWasmFiles(OutputSet &set, const WasmBuild &build,
                          StringRef wasmPath) {
  auto memory = planWasmMemory(build.object, *build.signature, build.threads);
  if (!memory)
    return memory.takeError();
  // Both variants share one memory plan: they differ only in instructions.
  auto link = [&](StringRef object, StringRef path) -> Error {
    auto module = set.add(path);
    if (!module)
      return module.takeError();
    return linkWasmModule(object, (*module)->tempPath(), *build.link, *memory);
  };
  if (Error err = link(build.object, wasmPath))
    return err;
  std::string relaxedPath = sibling(wasmPath, ".relaxed.wasm");
  if (!build.relaxedObject.empty())
    if (Error err = link(build.relaxedObject, relaxedPath))
      return err;
  std::string workerPath = sibling(wasmPath, ".worker.mjs");
  WasmLoaderParams params;
  std::string wasmName = sys::path::filename(wasmPath).str();
  std::string workerName = sys::path::filename(workerPath).str();
  std::string relaxedName = sys::path::filename(relaxedPath).str();
  params.wasmFile = wasmName;
  params.workerFile = workerName;
  if (!build.relaxedObject.empty())
    params.relaxedWasmFile = relaxedName;
  params.memory = *memory;
  if (Error err =
          set.addText(sibling(wasmPath, ".mjs"), renderWasmLoader(params)))
    return err;
  if (build.threads)
    if (Error err = set.addText(workerPath, wasmWorkerSource()))
      return err;
  return Error::success();
}

Error writeWasmFiles(const WasmBuild &build, StringRef wasmPath) {
  OutputSet set;
  if (Error err = addWasmFiles(set, build, wasmPath))
    return err;
  return set.commit();
}

Error writeNpmPackage(const WasmBuild &build, StringRef dir, StringRef name) {
  bool existed = sys::fs::is_directory(dir);
  if (!existed)
    if (std::error_code ec = sys::fs::create_directories(
            dir, /*IgnoreExisting=*/true, sys::fs::all_all))
      return outputError("cannot create '" + dir + "': " + ec.message());
  auto fail = [&](Error err) {
    if (!existed)
      sys::fs::remove(dir);
    return err;
  };
  OutputSet set;
  SmallString<256> wasmPath(dir);
  sys::path::append(wasmPath, "model.wasm");
  if (Error err = addWasmFiles(set, build, wasmPath))
    return fail(std::move(err));
  SmallString<256> path(dir);
  sys::path::append(path, "package.json");
  if (Error err =
          set.addText(path, renderPackageJson(name, build.threads,
                                              !build.relaxedObject.empty())))
    return fail(std::move(err));
  path = dir;
  sys::path::append(path, "model.d.ts");
  if (Error err = set.addText(path, renderTypeDeclarations(*build.signature)))
    return fail(std::move(err));
  if (Error err = set.commit())
    return fail(std::move(err));
  return Error::success();
}

} // namespace sparrow
