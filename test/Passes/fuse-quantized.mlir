// RUN: sparrow-opt %s -split-input-file --sparrow-fuse-quantized | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-fuse-quantized=fold-only | FileCheck %s --check-prefix=FOLD

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32:0, {0.25, 0.125}>
!b = !quant.uniform<i32:f32:0, {0.125, 0.0625}>
!y = !quant.uniform<u8:f32, 0.1:3>

// A QDQ conv with a relu between it and its quantize becomes one qconv2d on
// the quantized input and the integer weights; the dequantized i32 bias
// keeps its stored values (its scale is x_scale * w_scale).
// CHECK-LABEL: func.func @conv_relu
//  CHECK-SAME:   (%[[X:.*]]: tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-01:10>>)
//   CHECK-DAG:   %[[WI:.*]] = arith.constant dense<{{\[\[\[\[}}1]], {{\[\[}}-2]]], {{\[\[\[}}3]], {{\[\[}}4]]]]> : tensor<2x2x1x1xi8>
//   CHECK-DAG:   %[[W:.*]] = sparrow.storage_cast %[[WI]]
//   CHECK-DAG:   %[[BI:.*]] = arith.constant dense<[7, -9]> : tensor<2xi32>
//   CHECK-DAG:   %[[B:.*]] = sparrow.storage_cast %[[BI]]
//       CHECK:   %[[Y:.*]] = sparrow.qconv2d %[[X]], %[[W]], %[[B]] {activation = #sparrow.act<relu>
//   CHECK-NOT:   sparrow.conv2d
//       CHECK:   return %[[Y]]
// FOLD-LABEL: func.func @conv_relu
//       FOLD:   arith.constant dense<{{\[\[\[\[}}2.500000e-01]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}3.750000e-01]], {{\[\[}}5.000000e-01]]]]> : tensor<2x2x1x1xf32>
//       FOLD:   sparrow.conv2d
//   FOLD-NOT:   sparrow.qconv2d
func.func @conv_relu(%xq: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!y> {
  %wi = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %wq = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %bi = arith.constant dense<[7, -9]> : tensor<2xi32>
  %bq = sparrow.storage_cast %bi : tensor<2xi32> -> tensor<2x!b>
  %x = sparrow.dequantize %xq : tensor<1x2x4x4x!x> -> tensor<1x2x4x4xf32>
  %w = sparrow.dequantize %wq : tensor<2x2x1x1x!w> -> tensor<2x2x1x1xf32>
  %b = sparrow.dequantize %bq : tensor<2x!b> -> tensor<2xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = sparrow.relu %c : tensor<1x2x4x4xf32>
  %y = sparrow.quantize %r : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!y>
  return %y : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>

// A clip fused into the conv moves to the qconv2d; an f32 constant bias is
// quantized at x_scale * w_scale = 0.125: 1.0 -> 8, -0.3 -> -2.
// CHECK-LABEL: func.func @conv_clip_f32_bias
//       CHECK:   %[[BI:.*]] = arith.constant dense<[8, -2]> : tensor<2xi32>
//       CHECK:   %[[B:.*]] = sparrow.storage_cast %[[BI]] : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 1.250000e-01>>
//       CHECK:   sparrow.qconv2d %{{.*}}, %{{.*}}, %[[B]] {activation = #sparrow.act<clip, 0.000000e+00, 6.000000e+00>
func.func @conv_clip_f32_bias(%xq: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!y> {
  %wi = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %b = arith.constant dense<[1.0, -0.3]> : tensor<2xf32>
  %x = sparrow.dequantize %xq : tensor<1x2x4x4x!x> -> tensor<1x2x4x4xf32>
  %w = sparrow.dequantize %wq : tensor<2x2x1x1x!w> -> tensor<2x2x1x1xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<clip, 0.0, 6.0>}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.quantize %c : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!y>
  return %y : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>

// A sigmoid is no clamp of the integer result: that conv stays f32 with its
// weights folded to f32. A conv whose f32 result has another user is not
// requantized; it runs as the integer kernel with an i32 result (scale
// 0.5 x 0.25) that is dequantized for both users.
// CHECK-LABEL: func.func @not_fused
//       CHECK:   %[[W:.*]] = arith.constant dense<2.500000e-01> : tensor<2x2x1x1xf32>
//       CHECK:   sparrow.conv2d %{{.*}}, %[[W]] {activation = #sparrow.act<sigmoid>
//       CHECK:   %[[ACC:.*]] = sparrow.qconv2d {{.*}} -> tensor<1x2x4x4x!quant.uniform<i32:f32, 1.250000e-01>>
//       CHECK:   %[[C:.*]] = sparrow.dequantize %[[ACC]]
//       CHECK:   sparrow.quantize %[[C]]
//       CHECK:   return {{.*}}, %[[C]]
func.func @not_fused(%xq: tensor<1x2x4x4x!x>) -> (tensor<1x2x4x4x!y>, tensor<1x2x4x4x!y>, tensor<1x2x4x4xf32>) {
  %wi = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %x = sparrow.dequantize %xq : tensor<1x2x4x4x!x> -> tensor<1x2x4x4xf32>
  %w = sparrow.dequantize %wq : tensor<2x2x1x1x!w> -> tensor<2x2x1x1xf32>
  %s = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<sigmoid>}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %ys = sparrow.quantize %s : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!y>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %yc = sparrow.quantize %c : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!y>
  return %ys, %yc, %c : tensor<1x2x4x4x!y>, tensor<1x2x4x4x!y>, tensor<1x2x4x4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.5:10>
!b = !quant.uniform<i8:f32:1, {0.25, 0.5, 1.0}>
!y = !quant.uniform<u8:f32, 0.1:3>

// A QDQ matmul with per-column weights becomes sparrow.qmatmul.
// CHECK-LABEL: func.func @matmul
//  CHECK-SAME:   (%[[A:.*]]: tensor<2x4x!quant.uniform
//       CHECK:   %[[B:.*]] = sparrow.storage_cast
//       CHECK:   sparrow.qmatmul %[[A]], %[[B]]
//   CHECK-NOT:   sparrow.matmul
func.func @matmul(%aq: tensor<2x4x!a>) -> tensor<2x3x!y> {
  %bi = arith.constant dense<3> : tensor<4x3xi8>
  %bq = sparrow.storage_cast %bi : tensor<4x3xi8> -> tensor<4x3x!b>
  %a = sparrow.dequantize %aq : tensor<2x4x!a> -> tensor<2x4xf32>
  %b = sparrow.dequantize %bq : tensor<4x3x!b> -> tensor<4x3xf32>
  %m = sparrow.matmul %a, %b : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %y = sparrow.quantize %m : tensor<2x3xf32> -> tensor<2x3x!y>
  return %y : tensor<2x3x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>

// quantize(dequantize(q)) with the same parameters is q (folder).
// CHECK-LABEL: func.func @round_trip
//  CHECK-SAME:   (%[[Q:.*]]: tensor<4x!quant.uniform<u8:f32, 5.000000e-01:10>>)
//  CHECK-NEXT:   return %[[Q]]
func.func @round_trip(%q: tensor<4x!x>) -> tensor<4x!x> {
  %f = sparrow.dequantize %q : tensor<4x!x> -> tensor<4xf32>
  %r = sparrow.quantize %f : tensor<4xf32> -> tensor<4x!x>
  return %r : tensor<4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32:0, {0.25, 0.5}>

// The last conv before a float pooling (dequantized operands, no quantize
// after): the integer kernel with an i32 result per filter (0.5 x w_scale),
// the bias at the same scales, then a dequantize; the relu stays on the f32
// values.
// CHECK-LABEL: func.func @float_result
//       CHECK:   %[[B:.*]] = sparrow.storage_cast %{{.*}} : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {1.250000e-01,2.500000e-01}>>
//       CHECK:   %[[ACC:.*]] = sparrow.qconv2d %{{.*}}, %{{.*}}, %[[B]] {{.*}} -> tensor<1x2x4x4x!quant.uniform<i32:f32:1, {1.250000e-01,2.500000e-01}>>
//       CHECK:   %[[F:.*]] = sparrow.dequantize %[[ACC]]
//       CHECK:   sparrow.relu %[[F]]
func.func @float_result(%xq: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4xf32> {
  %wi = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %x = sparrow.dequantize %xq : tensor<1x2x4x4x!x> -> tensor<1x2x4x4xf32>
  %w = sparrow.dequantize %wq : tensor<2x2x1x1x!w> -> tensor<2x2x1x1xf32>
  %b = arith.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = sparrow.relu %c : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

!w = !quant.uniform<i8:f32, 0.25>

// A conv on a float input with dequantized weights stays f32.
// CHECK-LABEL: func.func @float_input
//   CHECK-NOT:   sparrow.qconv2d
//       CHECK:   sparrow.conv2d
func.func @float_input(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wi = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %w = sparrow.dequantize %wq : tensor<2x2x1x1x!w> -> tensor<2x2x1x1xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}
