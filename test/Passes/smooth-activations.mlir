// RUN: sparrow-opt %s -split-input-file --sparrow-smooth-activations | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-smooth-activations="alpha=1.0" | FileCheck %s --check-prefix=FULL
// RUN: sparrow-opt %s -split-input-file --sparrow-smooth-activations=report 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT

// alpha 0.5: channel 0 saw |x| <= 4 and meets consumer weights <= 1, so
// s_0 = sqrt(4) / sqrt(1) = 2; channel 1 saw 1 against weights <= 4, so
// s_1 = 0.5. The producer's rows and bias are divided by s, the consumer's
// input columns multiplied; the maxima and the stale range are consumed.
// CHECK-LABEL: func.func @relu_pair
//   CHECK-DAG:   %[[W1:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
//   CHECK-DAG:   %[[B1:.*]] = arith.constant dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>
//       CHECK:   %[[C:.*]] = sparrow.conv2d %{{.*}}, %[[W1]], %[[B1]] {activation = #sparrow.act<relu>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} :
//       CHECK:   %[[W2:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
//       CHECK:   sparrow.conv2d %[[C]], %[[W2]]
// alpha 1 equalizes the channels: s_j = max|x_j| = 4 and 1.
// FULL-LABEL: func.func @relu_pair
//   FULL-DAG:   arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
//   FULL-DAG:   arith.constant dense<{{\[\[\[\[}}4.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// REPORT: remark: smoothing: scaled 2 channels into 1 conv(s) (alpha 0.50): channel range spread 4.0x -> 1.0x
func.func @relu_pair(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b1 = arith.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[4.0]]], [[[-0.5]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %c = sparrow.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<relu>,
         sparrow.channel_absmax = array<f32: 4.0, 1.0>,
         sparrow.calibrated_range = array<f32: 0.0, 4.0>}
       : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.conv2d %c, %w2 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A depthwise consumer reads channel j with filter j only, and the two
// consumers' largest weights are combined per channel (max(1, 2) = 2 and
// max(1, 0.25) = 1 for the 4 and 1 maxima): s = (sqrt(4/2), sqrt(1/1)).
// CHECK-LABEL: func.func @two_consumers
//   CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}1.41421354]]], {{\[\[\[}}1.000000e+00]]]]> : tensor<2x1x1x1xf32>
//   CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}1.41421354, 1.41421354]]], {{\[\[\[}}2.500000e-01, 2.500000e-01]]]]> : tensor<2x1x1x2xf32>
//   CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}2.82842708]], {{\[\[}}1.000000e+00]]]]> : tensor<1x2x1x1xf32>
func.func @two_consumers(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x3xf32>, tensor<1x1x4x4xf32>) {
  %w1 = arith.constant dense<[[[[2.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %dw = arith.constant dense<[[[[1.0, 1.0]]], [[[0.25, 0.25]]]]> : tensor<2x1x1x2xf32>
  %pw = arith.constant dense<[[[[2.0]], [[1.0]]]]> : tensor<1x2x1x1xf32>
  %c = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, sparrow.channel_absmax = array<f32: 4.0, 1.0>}
       : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %d = sparrow.conv2d %c, %dw {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 2 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x4x3xf32>
  %p = sparrow.conv2d %c, %pw {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %d, %p : tensor<1x2x4x3xf32>, tensor<1x1x4x4xf32>
}

// -----

// Clip(0, 6) does not commute with a per-channel scale, a value returned
// (or added, pooled) is not a conv input, and maxima that are not one per
// channel are unusable: nothing changes but the attribute going away.
// CHECK-LABEL: func.func @left_alone
//  CHECK-NEXT:   arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]>
//  CHECK-NEXT:   arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]]
//  CHECK-NEXT:   sparrow.conv2d
//   CHECK-NOT:   channel_absmax
//       CHECK:   return
// REPORT: remark: smoothing: skipped, its activation does not commute with a scale
// REPORT: remark: smoothing: skipped, it feeds func.return (not a conv2d input)
// REPORT: remark: smoothing: skipped, its channel maxima are not one per channel
func.func @left_alone(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w1 = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[4.0]]], [[[-0.5]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %clip = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<clip, 0.0, 6.0>,
         sparrow.channel_absmax = array<f32: 4.0, 1.0>}
       : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = sparrow.conv2d %clip, %w2 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %out = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, sparrow.channel_absmax = array<f32: 4.0, 1.0>}
       : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %short = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, sparrow.channel_absmax = array<f32: 4.0>}
       : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = sparrow.conv2d %short, %w2 {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y, %out, %z : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
