// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s

// Max pooling pads with -inf and reduces with the maximum intrinsic.
// CHECK-LABEL: llvm.func @max_pool
//   CHECK-DAG: %[[NINF:.*]] = llvm.mlir.constant(0xFF800000 : f32) : f32
//       CHECK: llvm.store %[[NINF]]
//       CHECK: llvm.load
//       CHECK: llvm.intr.maximum(%{{.*}}, %{{.*}}) : (f32, f32) -> f32
//   CHECK-NOT: llvm.call
func.func @max_pool(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Average pooling multiplies the window sums by a constant table of inverse
// counts, which becomes a global.
//   CHECK-DAG: llvm.mlir.global private constant @[[INV:.*]](dense<{{\[\[}}2.500000e-01, 5.000000e-01], [5.000000e-01, 1.000000e+00]]> : tensor<2x2xf32>)
// CHECK-LABEL: llvm.func @average_pool
//       CHECK: llvm.mlir.addressof @[[INV]]
//       CHECK: llvm.fadd
//       CHECK: llvm.fmul
//   CHECK-NOT: llvm.fdiv
func.func @average_pool(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         ceil_mode = true} : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}
