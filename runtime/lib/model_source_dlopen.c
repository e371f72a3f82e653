//===- model_source_dlopen.c - Models loaded from shared objects ----------===//

// dlopen/dlsym are POSIX, not C11.
#define _POSIX_C_SOURCE 200809L

#include "error.h"
#include "model_source.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WHERE "sparrow_model_load: "

// ELF e_machine values of the targets this runtime is built for.
#if defined(__aarch64__)
#define HOST_MACHINE 183
#define HOST_MACHINE_NAME "aarch64"
#elif defined(__x86_64__)
#define HOST_MACHINE 62
#define HOST_MACHINE_NAME "x86-64"
#endif

#ifdef HOST_MACHINE
static const char *machineName(unsigned machine) {
  switch (machine) {
  case 3:
    return "i386";
  case 40:
    return "arm";
  case 62:
    return "x86-64";
  case 183:
    return "aarch64";
  case 243:
    return "riscv";
  }
  return "another machine";
}
#endif

// Opening the file ourselves first turns "no such file" and "permission
// denied" into I/O errors with errno text, and a model built for the wrong
// target (easy to mix up with qemu) into a message saying so; dlerror()
// blurs both.
static sparrow_status checkFile(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return SPARROW_FAIL(SPARROW_ERR_IO, WHERE "cannot open '", path,
                        "': ", strerror(errno));
  struct stat st;
  unsigned char ident[20] = {0};
  int statFailed = fstat(fd, &st);
  int savedErrno = errno;
  ssize_t got =
      statFailed || !S_ISREG(st.st_mode) ? 0 : read(fd, ident, sizeof(ident));
  close(fd);
  if (statFailed)
    return SPARROW_FAIL(SPARROW_ERR_IO, WHERE "cannot stat '", path,
                        "': ", strerror(savedErrno));
  if (!S_ISREG(st.st_mode))
    return SPARROW_FAIL(SPARROW_ERR_IO, WHERE "'", path,
                        "' is not a regular file");
  static const unsigned char ElfMagic[4] = {0x7f, 'E', 'L', 'F'};
  if (got < (ssize_t)sizeof(ident) || memcmp(ident, ElfMagic, 4))
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, WHERE "'", path,
                        "' is not a shared object (no ELF header)");
#ifdef HOST_MACHINE
  // e_machine is a 16-bit field at offset 18, in the file's byte order.
  unsigned machine = ident[5] == 2 ? (unsigned)ident[18] << 8 | ident[19]
                                   : (unsigned)ident[19] << 8 | ident[18];
  if (machine != HOST_MACHINE)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, WHERE "'", path,
                        "' is built for ", machineName(machine),
                        ", but this runtime runs " HOST_MACHINE_NAME " code");
#endif
  return SPARROW_OK;
}

static void *findSymbol(void *handle, const char *name) {
  dlerror();
  return dlsym(handle, name);
}

sparrow_status sparrow_source_open(const char *path,
                                   sparrow_model_source *out) {
  memset(out, 0, sizeof(*out));
  if (!path || !*path)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        WHERE "the model path is ", path ? "empty" : "NULL");
  sparrow_status status = checkFile(path);
  if (status != SPARROW_OK)
    return status;

  // A bare file name would make dlopen search the library path; the user
  // means the file in the current directory.
  char *dlPath = 0;
  if (!strchr(path, '/')) {
    size_t len = strlen(path);
    dlPath = malloc(len + 3);
    if (!dlPath)
      return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY, WHERE "out of memory");
    memcpy(dlPath, "./", 2);
    memcpy(dlPath + 2, path, len + 1);
  }
  dlerror();
  void *handle = dlopen(dlPath ? dlPath : path, RTLD_NOW | RTLD_LOCAL);
  free(dlPath);
  if (!handle) {
    const char *why = dlerror();
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, WHERE "cannot load '", path,
                        "': ", why ? why : "unknown dlopen error");
  }

  // Function pointers cannot be assigned from void * in ISO C; copy the bits.
  void *abiSym = findSymbol(handle, SPARROW_ABI_SYMBOL);
  void *runSym = abiSym ? findSymbol(handle, SPARROW_RUN_SYMBOL) : 0;
  if (!abiSym || !runSym) {
    dlclose(handle);
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, WHERE "'", path,
                        "' is not a Sparrow model: it has no symbol '",
                        abiSym ? SPARROW_RUN_SYMBOL : SPARROW_ABI_SYMBOL, "'");
  }
  out->handle = handle;
  memcpy(&out->abi, &abiSym, sizeof(abiSym));
  memcpy(&out->run, &runSym, sizeof(runSym));
  return SPARROW_OK;
}

void sparrow_source_close(sparrow_model_source *source) {
  if (source->handle)
    dlclose(source->handle);
  memset(source, 0, sizeof(*source));
}
