//===- export.h - Marks the functions the wasm32 module exports ---*- C -*-===//
//
// The wasm32 module is linked with --no-entry and exports exactly the
// functions tagged here (plus its memory), which is what the JS loader calls.
// Other builds export the public API through normal symbol visibility.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_EXPORT_H
#define SPARROW_RUNTIME_EXPORT_H

#if defined(__wasm__) && defined(SPARROW_STATIC_MODEL)
#define SPARROW_WASM_EXPORT(name) __attribute__((export_name(name)))
#else
#define SPARROW_WASM_EXPORT(name)
#endif

#endif // SPARROW_RUNTIME_EXPORT_H
