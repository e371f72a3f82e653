// RUN: sparrow-opt %s -split-input-file --sparrow-parallelize-loops=min-work=64 | FileCheck %s

// Whether loops go to the thread pool is the target's: a target without
// threads (wasm32 without +atomics) keeps its loops and its signature: no
// dispatcher argument, nothing outlined.
// CHECK-LABEL: func.func @single_thread
//  CHECK-SAME: (%{{.*}}: memref<2x40x50xf32>, %{{.*}}: memref<2x40x50xf32>) {
//       CHECK:   scf.parallel
//   CHECK-NOT: func.func private
module attributes {sparrow.target = #sparrow.target<"wasm32-unknown-unknown", "generic", "+simd128,-atomics">} {
  func.func @single_thread(%in: memref<2x40x50xf32>, %out: memref<2x40x50xf32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c40 = arith.constant 40 : index
    %c50 = arith.constant 50 : index
    %zero = arith.constant 0.0 : f32
    scf.parallel (%a, %b, %c) = (%c0, %c0, %c0) to (%c2, %c40, %c50) step (%c1, %c1, %c1) {
      %v = memref.load %in[%a, %b, %c] : memref<2x40x50xf32>
      %r = arith.maximumf %v, %zero : f32
      memref.store %r, %out[%a, %b, %c] : memref<2x40x50xf32>
    } loc("relu")
    return
  }
}

// -----

// A module without a target is a generic machine on one thread.
// CHECK-LABEL: func.func @no_target
//  CHECK-SAME: (%{{.*}}: memref<2x40x50xf32>, %{{.*}}: memref<2x40x50xf32>) {
//   CHECK-NOT: func.call
func.func @no_target(%in: memref<2x40x50xf32>, %out: memref<2x40x50xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c40 = arith.constant 40 : index
  %c50 = arith.constant 50 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%a, %b, %c) = (%c0, %c0, %c0) to (%c2, %c40, %c50) step (%c1, %c1, %c1) {
    %v = memref.load %in[%a, %b, %c] : memref<2x40x50xf32>
    %r = arith.maximumf %v, %zero : f32
    memref.store %r, %out[%a, %b, %c] : memref<2x40x50xf32>
  } loc("relu")
  return
}

// -----

// An AArch64 target runs the thread pool: the function gets the dispatcher.
// CHECK-LABEL: func.func @aarch64
//  CHECK-SAME: %{{.*}}: !llvm.ptr)
//       CHECK: func.func private @relu_parallel
module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a55", "+neon">} {
  func.func @aarch64(%in: memref<2x40x50xf32>, %out: memref<2x40x50xf32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c40 = arith.constant 40 : index
    %c50 = arith.constant 50 : index
    %zero = arith.constant 0.0 : f32
    scf.parallel (%a, %b, %c) = (%c0, %c0, %c0) to (%c2, %c40, %c50) step (%c1, %c1, %c1) {
      %v = memref.load %in[%a, %b, %c] : memref<2x40x50xf32>
      %r = arith.maximumf %v, %zero : f32
      memref.store %r, %out[%a, %b, %c] : memref<2x40x50xf32>
    } loc("relu")
    return
  }
}
