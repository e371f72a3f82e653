// RUN: sparrow-opt %s -split-input-file --sparrow-collapse-linear | FileCheck %s

// SESR-style chain: 3x3 conv to 4 channels, 1x1 conv back to 2. Each
// combined weight is 4 * 0.25 * 1 = 1, the bias 1 + 4 * 0.25 * 0.5 = 1.5;
// the padding is the 3x3 conv's, the activation the 1x1 conv's.
// CHECK-LABEL: func.func @chain
//  CHECK-DAG:  %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1x3x3xf32>
//  CHECK-DAG:  %[[B:.*]] = arith.constant dense<1.500000e+00> : tensor<2xf32>
//      CHECK:  %[[Y:.*]] = sparrow.conv2d %arg0, %[[W]], %[[B]] {activation = #sparrow.act<relu>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK-NEXT:  return %[[Y]]
func.func @chain(%x: tensor<1x1x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %w1 = arith.constant dense<1.0> : tensor<4x1x3x3xf32>
  %b1 = arith.constant dense<0.5> : tensor<4xf32>
  %w2 = arith.constant dense<0.25> : tensor<2x4x1x1xf32>
  %b2 = arith.constant dense<1.0> : tensor<2xf32>
  %h = sparrow.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %y = sparrow.conv2d %h, %w2, %b2 {activation = #sparrow.act<relu>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// Expanding 1x1 after a 3x3: one 3x3 to 8 channels would cost 288 MACs per
// pixel against 72 + 16; the chain stays.
// CHECK-LABEL: func.func @chain_costs_more
// CHECK-COUNT-2: sparrow.conv2d
func.func @chain_costs_more(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x4x3x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x2x1x1xf32>
  %h = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x8x8xf32>
  %y = sparrow.conv2d %h, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x8x8xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// A non-linearity between the convs: nothing to collapse.
// CHECK-LABEL: func.func @chain_with_activation
// CHECK-COUNT-2: sparrow.conv2d
func.func @chain_with_activation(%x: tensor<1x1x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %w1 = arith.constant dense<1.0> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<2x4x1x1xf32>
  %h = sparrow.conv2d %x, %w1 {activation = #sparrow.act<relu>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  %y = sparrow.conv2d %h, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// RepVGG block: 3x3 + 1x1 + identity. Off-centre taps are 0.5, the centre
// 0.5 + 2 (+ 1 on the diagonal); the bias is the 3x3 conv's.
// CHECK-LABEL: func.func @repvgg
//      CHECK:  %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 3.500000e+00, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]], {{\[\[}}5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 2.500000e+00, 5.000000e-01]
//      CHECK:  %[[Y:.*]] = sparrow.conv2d %arg0, %[[W]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
//  CHECK-NOT:  sparrow.add
//      CHECK:  return %[[Y]]
func.func @repvgg(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %b3 = arith.constant dense<1.0> : tensor<2xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %a = sparrow.conv2d %x, %w3, %b3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %b = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = sparrow.add %a, %b : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.add %s, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The identity branch through a batch norm: scale 2 / sqrt(3 + 1) = 1 on the
// centre, bias 1 (3x3) + 0.5 - 1 * 1 = 0.5.
// CHECK-LABEL: func.func @repvgg_bn_identity
//  CHECK-DAG:  %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
//      CHECK:  sparrow.conv2d %arg0, %{{.*}}, %[[B]]
//  CHECK-NOT:  sparrow.batch_norm
func.func @repvgg_bn_identity(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %b3 = arith.constant dense<1.0> : tensor<2xf32>
  %g = arith.constant dense<2.0> : tensor<2xf32>
  %beta = arith.constant dense<0.5> : tensor<2xf32>
  %mean = arith.constant dense<1.0> : tensor<2xf32>
  %var = arith.constant dense<3.0> : tensor<2xf32>
  %a = sparrow.conv2d %x, %w3, %b3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %n = sparrow.batch_norm %x, %g, %beta, %mean, %var {epsilon = 1.0 : f32}
       : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.add %a, %n : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Branches of different inputs are not one conv.
// CHECK-LABEL: func.func @different_inputs
//      CHECK:  sparrow.add
func.func @different_inputs(%x: tensor<1x2x4x4xf32>, %z: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %a = sparrow.conv2d %x, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = sparrow.conv2d %z, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.add %a, %b : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A 3x3 conv padded only at the bottom-right is not centred: embedding a
// 1x1 kernel in its centre would shift it by a pixel.
// CHECK-LABEL: func.func @not_centred
//      CHECK:  sparrow.add
func.func @not_centred(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %a = sparrow.conv2d %x, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 2, 2>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.add %a, %b : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
