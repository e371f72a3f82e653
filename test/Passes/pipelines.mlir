// RUN: sparrow-opt %s -split-input-file --sparrow-graph-opt | FileCheck %s --check-prefix=GRAPH
// RUN: sparrow-opt %s -split-input-file --sparrow-graph-opt --sparrow-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: sparrow-opt %s -split-input-file --sparrow-graph-opt --sparrow-lower-to-llvm | FileCheck %s --check-prefix=CLEAN
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s --check-prefix=CLEAN

// After lowering nothing but the llvm dialect is left: no function, buffer,
// allocation, heap call, unresolved cast, transcendental call or graph op.
// CLEAN-NOT: func.func
// CLEAN-NOT: memref.
// CLEAN-NOT: @malloc
// CLEAN-NOT: @free
// CLEAN-NOT: unrealized_conversion_cast
// CLEAN-NOT: llvm.intr.exp
// CLEAN-NOT: = sparrow.

// conv + batch_norm + relu: the graph phase folds the BN into the conv's
// constants (s = [1, 6]) and fuses the relu, leaving one conv and the pool.
// GRAPH-LABEL: func.func @conv_bn_relu_pool
//   GRAPH-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.800000e+01]], {{\[\[}}2.400000e+01]]]]>
//   GRAPH-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -6.000000e+00]>
//       GRAPH: %[[C:.*]] = sparrow.conv2d %arg0, %[[W]], %[[B]] {activation = #sparrow.act<relu>,
//   GRAPH-NOT: sparrow.batch_norm
//   GRAPH-NOT: sparrow.relu
//       GRAPH: %[[P:.*]] = sparrow.max_pool %[[C]]
//  GRAPH-NEXT: return %[[P]]
// The entry point takes the input, the output and the arena, all as bare
// pointers, and records the arena size.
// LLVM-LABEL: llvm.func @conv_bn_relu_pool
//  LLVM-SAME: (%{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
//  LLVM-SAME: attributes {sparrow.arena_bytes = {{[1-9][0-9]*}} : i64}
//      LLVM: llvm.intr.maximum
//      LLVM: llvm.return
func.func @conv_bn_relu_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.batch_norm %c, %g, %b, %m, %v {epsilon = 0.0 : f32}
       : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = sparrow.relu %y : tensor<1x2x4x4xf32>
  %p = sparrow.max_pool %r {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %p : tensor<1x2x2x2xf32>
}

// -----

// Two inputs and two outputs: gemm + softmax and a concat. The graph phase
// has nothing to fuse. The entry point takes 2 input pointers, 2 output
// pointers and the arena; the weights become private constant globals (B
// laid out [K][N] for the matmul kernel).
// GRAPH-LABEL: func.func @two_outputs
//       GRAPH: sparrow.gemm
//   GRAPH-NOT: activation
//       GRAPH: sparrow.softmax
//       GRAPH: sparrow.concat
// LLVM-DAG: llvm.mlir.global private constant @{{.*}}(dense<5.000000e-01> : tensor<3x4xf32>)
// LLVM-DAG: llvm.mlir.global private constant @{{.*}}(dense<[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]> : tensor<4xf32>)
// LLVM-LABEL: llvm.func @two_outputs
//  LLVM-SAME: (%{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
//  LLVM-SAME: attributes {sparrow.arena_bytes = {{[1-9][0-9]*}} : i64}
//      LLVM: llvm.return
func.func @two_outputs(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> (tensor<2x4xf32>, tensor<2x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x3xf32>
  %c = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %g = sparrow.gemm %a, %w, %c {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %s = sparrow.softmax %g {axis = 1 : i64} : tensor<2x4xf32>
  %cat = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %s, %cat : tensor<2x4xf32>, tensor<2x8xf32>
}
