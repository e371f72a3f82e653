// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=LOOPS

// squeeze_excite: the mean, two small dense layers on [N, C] and one product
// that reads the gate per channel; no [N, C, H, W] gate is ever built.
// CHECK-LABEL: func.func @squeeze_excite
//       CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<1x8x4x4xf32>) outs({{.*}} : tensor<1x8xf32>)
//       CHECK: iterator_types = ["parallel", "parallel", "reduction"]} ins({{.*}} : tensor<1x8xf32>, tensor<2x8xf32>)
//       CHECK: arith.maximumf
//       CHECK: iterator_types = ["parallel", "parallel", "reduction"]} ins({{.*}} : tensor<1x2xf32>, tensor<8x2xf32>)
//       CHECK: math.exp
//       CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x8x4x4xf32>, tensor<1x8xf32>)
//  CHECK-NEXT: ^bb0
//  CHECK-NEXT: arith.mulf
//       CHECK: return %[[Y]]
func.func @squeeze_excite(%x: tensor<1x8x4x4xf32>, %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>,
                          %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %y = sparrow.squeeze_excite %x, %w1, %b1, %w2, %b2 {reduce_activation = #sparrow.act<relu>, gate_activation = #sparrow.act<sigmoid>}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// layer_norm over the last dim, without vector kernels (test/Kernels/
// row-kernels.mlir has the vector form): mean, centre, variance, normalise.
// LOOPS-LABEL: func.func @layer_norm
//       LOOPS: tensor.expand_shape {{.*}} into tensor<4x16xf32>
//   LOOPS-COUNT-2: iterator_types = ["parallel", "reduction"]
//       LOOPS: math.sqrt
//       LOOPS: arith.divf
//       LOOPS: tensor.expand_shape {{.*}} into tensor<1x4x16xf32>
func.func @layer_norm(%x: tensor<1x4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<1x4x16xf32> {
  %y = sparrow.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

// activate: one elementwise generic with the activation's body.
// CHECK-LABEL: func.func @activate_gelu
//       CHECK: linalg.generic
//       CHECK: math.erf
//   CHECK-NOT: linalg.generic
func.func @activate_gelu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = sparrow.activate <gelu> %x : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
