//===- PendingOutput.h - Files that appear only when complete -*- C++ -*-===//
//
// Every file sparrow-compile writes goes to a temporary next to its final
// path and is renamed into place on commit; a failed or interrupted compile
// leaves nothing (LLVM removes TempFiles on SIGINT/SIGTERM).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_PENDINGOUTPUT_H
#define SPARROW_LIB_COMPILER_PENDINGOUTPUT_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <memory>
#include <string>

namespace sparrow {

inline llvm::Error outputError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// An output file that appears at its final path only when committed.
class PendingOutput {
public:
  static llvm::Expected<PendingOutput> create(llvm::StringRef path) {
    if (path == "-")
      return PendingOutput(path);
    auto temp = llvm::sys::fs::TempFile::create(path + "-%%%%%%.tmp");
    if (!temp)
      return outputError("cannot write '" + path +
                         "': " + llvm::toString(temp.takeError()));
    return PendingOutput(path, std::move(*temp));
  }
  llvm::StringRef tempPath() const { return temp->TmpName; }
  llvm::StringRef finalPath() const { return destination; }
  int fd() const { return temp ? temp->FD : 1; }
  llvm::Error commit() {
    if (!temp)
      return llvm::Error::success();
    llvm::Error err = temp->keep(destination);
    temp.reset();
    if (err)
      return outputError("cannot write '" + destination +
                         "': " + llvm::toString(std::move(err)));
    return llvm::Error::success();
  }
  PendingOutput(PendingOutput &&) = default;
  ~PendingOutput() {
    if (temp)
      llvm::consumeError(temp->discard());
  }

private:
  explicit PendingOutput(llvm::StringRef path) : destination(path.str()) {}
  PendingOutput(llvm::StringRef path, llvm::sys::fs::TempFile file)
      : destination(path.str()),
        temp(std::make_unique<llvm::sys::fs::TempFile>(std::move(file))) {}
  std::string destination;
  std::unique_ptr<llvm::sys::fs::TempFile> temp;
};

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_PENDINGOUTPUT_H
