// RUN: sparrow-opt %s -split-input-file --sparrow-parallelize-loops="threads=true min-work=64" | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-parallelize-loops=threads=true | FileCheck %s --check-prefix=DEFAULT

// A kernel's marked loop: the body goes to @<node>_parallel over iterations
// [begin, end); the function gets the dispatcher as its last argument, the
// memrefs the body uses travel as aligned pointers in a stack ctx, and the
// call runs the body directly when the dispatcher is null.
// CHECK-LABEL: func.func @rows
//  CHECK-SAME: (%[[IN:.*]]: memref<8x16xf32>, %[[OUT:.*]]: memref<8x16xf32>, %[[DISPATCH:.*]]: !llvm.ptr)
//       CHECK: %[[CTX:.*]] = memref.alloca() : memref<2xindex>
//       CHECK: %[[P0:.*]] = memref.extract_aligned_pointer_as_index %[[IN]]
//       CHECK: memref.store %[[P0]], %[[CTX]]
//       CHECK: %[[P1:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
//       CHECK: memref.store %[[P1]], %[[CTX]]
//   CHECK-NOT: scf.for
//       CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
//       CHECK: %[[SERIAL:.*]] = llvm.icmp "eq" %[[DISPATCH]], %[[NULL]]
//       CHECK: scf.if %[[SERIAL]] {
//       CHECK:   func.call @scale_parallel(%[[CTX]], %{{.*}}, %[[N:.*]]) :
//       CHECK: } else {
//       CHECK:   %[[FOR:.*]] = llvm.load %[[DISPATCH]] : !llvm.ptr -> !llvm.ptr
//       CHECK:   %[[POOL_ADDR:.*]] = llvm.getelementptr %[[DISPATCH]][1]
//       CHECK:   %[[POOL:.*]] = llvm.load %[[POOL_ADDR]]
//       CHECK:   %[[FN:.*]] = func.constant @scale_parallel
//       CHECK:   llvm.call %[[FOR]](%[[POOL]], %{{.*}}, %{{.*}}, %{{.*}}) : !llvm.ptr, (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> ()
//       CHECK: func.func private @scale_parallel(%[[C:.*]]: memref<2xindex>, %[[BEGIN:.*]]: index, %[[END:.*]]: index)
//       CHECK:   memref.load %[[C]]
//       CHECK:   builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<8x16xf32>
//       CHECK:   scf.for %[[I:.*]] = %[[BEGIN]] to %[[END]] step
//       CHECK:     %[[SCALED:.*]] = arith.muli %[[I]], %c2
//       CHECK:     %[[IV:.*]] = arith.addi %c0{{.*}}, %[[SCALED]]
//       CHECK:     scf.for %[[J:.*]] =
//       CHECK:       memref.load %{{.*}}[%[[IV]], %[[J]]]
func.func @rows(%in: memref<8x16xf32>, %out: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %cst = arith.constant 2.0 : f32
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c8 step %c2 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %in[%i, %j] : memref<8x16xf32>
      %m = arith.mulf %v, %cst : f32
      memref.store %m, %out[%i, %j] : memref<8x16xf32>
    }
  } {sparrow.parallel} loc("scale")
  return
}

// -----

// An scf.parallel (from a linalg op): the leading dimensions are flattened
// until there are 64 pieces (2 x 40 here) and recovered by div/rem; the
// last dimension stays a loop inside each piece.
// CHECK-LABEL: func.func @nest
//       CHECK: %[[N:.*]] = arith.muli %{{.*}}, %c40
//       CHECK: func.call @relu_parallel(%{{.*}}, %{{.*}}, %[[N]])
//       CHECK: func.func private @relu_parallel
//       CHECK:   scf.for %[[I:.*]] =
//       CHECK:     %[[J:.*]] = arith.remsi %[[I]], %c40
//       CHECK:     %[[K:.*]] = arith.divsi %[[I]], %c40
//       CHECK:     scf.parallel (%[[L:.*]]) = (%c0{{.*}}) to (%c50{{.*}}) step
//       CHECK:       memref.load %{{.*}}[%{{.*}}, %{{.*}}, %[[L]]]
func.func @nest(%in: memref<2x40x50xf32>, %out: memref<2x40x50xf32>) {
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

// A view with a dynamic offset travels with its offset: two ctx slots.
// CHECK-LABEL: func.func @dynamic_offset
//       CHECK: %[[CTX:.*]] = memref.alloca() : memref<2xindex>
//       CHECK: memref.extract_strided_metadata
//       CHECK: func.func private @dynamic_offset_parallel
func.func @dynamic_offset(%buf: memref<64xf32>, %off: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %one = arith.constant 1.0 : f32
  %view = memref.subview %buf[%off] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
  scf.for %i = %c0 to %c16 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      memref.store %one, %view[%i] : memref<16xf32, strided<[1], offset: ?>>
    }
  } {sparrow.parallel}
  return
}

// -----

// Stay serial: an unmarked scf.for, a marked loop carrying a result, and a
// loop using a float computed outside it. No loop was outlined, so the
// function keeps its signature.
// CHECK-LABEL: func.func @serial(%{{.*}}: memref<64xf32>, %{{.*}}: f32) -> f32 {
//   CHECK-NOT: func.call
//   CHECK-NOT: _parallel
func.func @serial(%buf: memref<64xf32>, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %buf[%i] : memref<64xf32>
  }
  %sum = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %buf[%i] : memref<64xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  } {sparrow.parallel}
  %y = arith.mulf %x, %x : f32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %y, %buf[%i] : memref<64xf32>
  } {sparrow.parallel}
  return %sum : f32
}

// -----

// Private functions are not entry points: their loops stay.
// CHECK-LABEL: func.func private @helper(%{{.*}}: memref<64xf32>) {
//       CHECK: scf.for
//   CHECK-NOT: func.call
func.func private @helper(%buf: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %buf[%i] : memref<64xf32>
  } {sparrow.parallel}
  return
}

// -----

// Less work than the default min-work: not worth waking the threads.
// CHECK-LABEL: func.func @small
// DEFAULT-LABEL: func.func @small(%{{.*}}: memref<64xf32>) {
//       DEFAULT: scf.for
//   DEFAULT-NOT: func.call
func.func @small(%buf: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %buf[%i] : memref<64xf32>
  } {sparrow.parallel}
  return
}


// -----

// Two layers running the same loop over other buffers and other weights
// (globals travel in the ctx like any memref) share one body; a loop that
// differs in a constant gets its own.
// CHECK-LABEL: func.func @layers
//       CHECK: memref.get_global @w0
//       CHECK: memref.get_global @w1
//       CHECK: func.call @layer0_parallel(
//       CHECK: func.call @layer0_parallel(
//       CHECK: func.call @layer2_parallel(
//       CHECK: func.func private @layer2_parallel
//       CHECK:   arith.addf
//   CHECK-NOT: @layer1_parallel
//       CHECK: func.func private @layer0_parallel
//  CHECK-SAME: attributes {passthrough = ["noinline"]}
//   CHECK-NOT:   memref.get_global
//       CHECK:   arith.mulf
//   CHECK-NOT: func.func
memref.global "private" constant @w0 : memref<16xf32> = dense<1.0>
memref.global "private" constant @w1 : memref<16xf32> = dense<2.0>
func.func @layers(%in: memref<8x16xf32>, %mid: memref<8x16xf32>, %out: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %w0 = memref.get_global @w0 : memref<16xf32>
  %w1 = memref.get_global @w1 : memref<16xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %in[%i, %j] : memref<8x16xf32>
      %w = memref.load %w0[%j] : memref<16xf32>
      %m = arith.mulf %v, %w : f32
      memref.store %m, %mid[%i, %j] : memref<8x16xf32>
    }
  } {sparrow.parallel} loc("layer0")
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %mid[%i, %j] : memref<8x16xf32>
      %w = memref.load %w1[%j] : memref<16xf32>
      %m = arith.mulf %v, %w : f32
      memref.store %m, %out[%i, %j] : memref<8x16xf32>
    }
  } {sparrow.parallel} loc("layer1")
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %out[%i, %j] : memref<8x16xf32>
      %w = memref.load %w1[%j] : memref<16xf32>
      %m = arith.addf %v, %w : f32
      memref.store %m, %out[%i, %j] : memref<8x16xf32>
    }
  } {sparrow.parallel} loc("layer2")
  return
}
