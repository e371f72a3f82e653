// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s

// Nearest 2x upsampling (asymmetric, floor): one tap per output position,
// source indices [0, 0, 1, 1], one generic per resized dim, the innermost
// dim first.
//   CHECK-DAG: #[[TW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
//   CHECK-DAG: #[[TH:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d2, d4)>
// CHECK-LABEL: func.func @nearest
//       CHECK: %[[I:.*]] = arith.constant dense<{{\[}}[0], [0], [1], [1]]> : tensor<4x1xi64>
//       CHECK: %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<4x1xf32>
//       CHECK: %[[X:.*]] = linalg.generic {indexing_maps = [#[[TW]], #[[TW]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[I]], %[[W]] : {{.*}}) outs(%{{.*}} : tensor<1x1x2x4xf32>)
//       CHECK:   tensor.extract %arg0
//       CHECK: linalg.generic {indexing_maps = [#[[TH]], #[[TH]], #{{.*}}], {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
//       CHECK:   tensor.extract %[[X]]
func.func @nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = sparrow.resize nearest %x coordinates asymmetric rounding floor {scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Linear 2x downsampling with half_pixel: output i samples 2i + 0.5, i.e.
// elements 2i and 2i + 1 with weight 1/2 each.
// CHECK-LABEL: func.func @linear
//       CHECK: arith.constant dense<{{\[}}[0, 1], [2, 3]]> : tensor<2x2xi64>
//       CHECK: arith.constant dense<5.000000e-01> : tensor<2x2xf32>
//       CHECK: linalg.generic
//       CHECK:   arith.mulf
//       CHECK:   arith.addf
func.func @linear(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %0 = sparrow.resize linear %x coordinates half_pixel {scales = array<f32: 1.0, 0.5>} : (tensor<1x4xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// tf_crop_and_resize: a sample outside the roi gets the extrapolation value
// (zero weights and a bias), the others interpolate.
// CHECK-LABEL: func.func @crop
//       CHECK: arith.constant dense<{{\[}}[1, 2], [2, 3], [0, 0]]> : tensor<3x2xi64>
//       CHECK: arith.constant dense<{{\[}}[5.000000e-01, 5.000000e-01], [0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00]]> : tensor<3x2xf32>
//       CHECK: arith.constant dense<[0.000000e+00, 0.000000e+00, 7.000000e+00]> : tensor<3xf32>
func.func @crop(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %0 = sparrow.resize linear %x coordinates tf_crop_and_resize {scales = array<f32: 1.0, 0.75>, roi = array<f32: 0.0, 0.5, 1.0, 1.5>, extrapolation_value = 7.0 : f32} : (tensor<1x4xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
