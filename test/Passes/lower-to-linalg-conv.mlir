// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="kernels=false" | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=GONE

// Every conv is lowered.
// GONE-NOT: sparrow.

// A strided conv with asymmetric padding, bias and relu: the input is padded
// with zeros ([top, left] low, [bottom, right] high on H and W), input and
// filter get a group dim, the bias initialises the accumulator, the loop
// order is (n, g, f, c, kh, kw, oh, ow) with the output row innermost, and
// the activation is a final elementwise generic.
//   CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>
//   CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d3, d6 * 2 + d4, d7 * 2 + d5)>
//   CHECK-DAG: #[[FLT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d3, d4, d5)>
//   CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d6, d7)>
//   CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_strided_padded
//  CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
//       CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
//       CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 2]
//       CHECK:   tensor.yield %[[ZERO]] : f32
//       CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
//       CHECK: %[[X5:.*]] = tensor.expand_shape %[[PAD]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 1, 3, 10, 10]
//       CHECK: %[[W5:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [1, 4, 3, 3, 3]
//       CHECK: %[[B2:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1]] output_shape [1, 4]
//       CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%[[B2]] : tensor<1x4xf32>) outs(%{{.*}} : tensor<1x1x4x4x4xf32>)
//       CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FLT]], #[[OUT]]],
//  CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%[[X5]], %[[W5]] : tensor<1x1x3x10x10xf32>, tensor<1x4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x1x4x4x4xf32>)
//       CHECK: ^bb0(%[[I:.*]]: f32, %[[F:.*]]: f32, %[[O:.*]]: f32):
//       CHECK:   %[[P:.*]] = arith.mulf %[[I]], %[[F]] : f32
//       CHECK:   %[[S:.*]] = arith.addf %[[O]], %[[P]] : f32
//       CHECK:   linalg.yield %[[S]]
//       CHECK: %[[Y:.*]] = tensor.collapse_shape %[[ACC]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x1x4x4x4xf32> into tensor<1x4x4x4xf32>
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[Y]]
//       CHECK:   arith.maximumf %{{.*}}, %{{.*}} : f32
//       CHECK: return %[[R]]
func.func @conv_strided_padded(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 2>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A dilated depthwise conv without padding or bias: no tensor.pad, each of
// the 8 groups has one input and one output channel, the dilation scales the
// kernel index, and the accumulator starts at zero.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d3, d6 + d4 * 2, d7 + d5 * 2)>
// CHECK-LABEL: func.func @conv_depthwise_dilated
//   CHECK-NOT: tensor.pad
//       CHECK: %[[X5:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 8, 1, 6, 6]
//       CHECK: %[[W5:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [8, 1, 1, 3, 3]
//       CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
//       CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x8x1x2x2xf32>)
//       CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[IN]], {{.*}}]
//  CHECK-SAME:   ins(%[[X5]], %[[W5]] : {{.*}}) outs(%[[INIT]] : tensor<1x8x1x2x2xf32>)
//       CHECK: %[[Y:.*]] = tensor.collapse_shape %[[ACC]] {{.*}} into tensor<1x8x2x2xf32>
//   CHECK-NOT: linalg.generic
//       CHECK: return %[[Y]]
func.func @conv_depthwise_dilated(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 8 : i64}
       : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

// A grouped conv (2 groups of 2 input and 3 output channels) with "same"
// padding and a clip activation.
// CHECK-LABEL: func.func @conv_grouped
//       CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK: } : tensor<1x4x5x5xf32> to tensor<1x4x7x7xf32>
//       CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 7, 7]
//       CHECK: tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
//       CHECK: tensor.expand_shape %arg2 {{\[\[}}0, 1]] output_shape [2, 3]
//       CHECK: linalg.generic
//  CHECK-SAME:   outs(%{{.*}} : tensor<1x2x3x5x5xf32>)
//       CHECK: linalg.generic
//  CHECK-SAME:   ins(%{{.*}}, %{{.*}} : tensor<1x2x2x7x7xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x5x5xf32>)
//       CHECK: tensor.collapse_shape {{.*}} : tensor<1x2x3x5x5xf32> into tensor<1x6x5x5xf32>
//       CHECK: linalg.generic
//       CHECK:   %[[LO:.*]] = arith.constant 0.000000e+00 : f32
//       CHECK:   %[[M:.*]] = arith.maximumf %{{.*}}, %[[LO]] : f32
//       CHECK:   %[[HI:.*]] = arith.constant 6.000000e+00 : f32
//       CHECK:   arith.minimumf %[[M]], %[[HI]] : f32
func.func @conv_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 2 : i64, activation = #sparrow.act<clip, 0.0, 6.0>}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
  return %y : tensor<1x6x5x5xf32>
}
