// RUN: sparrow-opt %s | sparrow-opt | FileCheck %s

// The ops the fusion passes make round-trip through their assembly format.

// CHECK-LABEL: func.func @activate
//       CHECK: sparrow.activate <silu> %arg0 : tensor<2x8xf32>
//       CHECK: sparrow.activate <gelu_tanh> %{{.*}} : tensor<2x8xf32>
//       CHECK: sparrow.activate <hard_sigmoid, 2.000000e-01, 5.000000e-01>
func.func @activate(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %a = sparrow.activate <silu> %x : tensor<2x8xf32>
  %b = sparrow.activate <gelu_tanh> %a : tensor<2x8xf32>
  %c = sparrow.activate <hard_sigmoid, 0.2, 0.5> %b : tensor<2x8xf32>
  return %c : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @squeeze_excite
//       CHECK: sparrow.squeeze_excite %arg0, %arg1, %arg2, %arg3, %arg4 {gate_activation = #sparrow.act<sigmoid>, reduce_activation = #sparrow.act<relu>}
func.func @squeeze_excite(%x: tensor<1x8x4x4xf32>, %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>,
                          %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %y = sparrow.squeeze_excite %x, %w1, %b1, %w2, %b2 {reduce_activation = #sparrow.act<relu>, gate_activation = #sparrow.act<sigmoid>}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @layer_norm
//       CHECK: sparrow.layer_norm %arg0, %arg1, %arg2 {axis = 2 : i64, epsilon = 9.99999974E-6 : f32}
//       CHECK: sparrow.layer_norm %arg0, %arg1 {axis = 2 : i64
func.func @layer_norm(%x: tensor<1x4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> (tensor<1x4x16xf32>, tensor<1x4x16xf32>) {
  %y = sparrow.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  %z = sparrow.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  return %y, %z : tensor<1x4x16xf32>, tensor<1x4x16xf32>
}
