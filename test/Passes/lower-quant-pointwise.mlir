// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1" | FileCheck %s
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1 wasm-dot" | FileCheck %s --check-prefix=WASM
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=GENERIC

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!b = !quant.uniform<i32:f32, 0.125>
!y = !quant.uniform<u8:f32, 0.1:3>

// A pointwise qconv2d with constant weights runs as the register-tiled
// kernel: weights minus their zero point packed as i16 pairs
// [F / rows][C / 2][rows x 2], the input zero point folded into the bias
// (7 - 10 * (1 - 2) = 17, -9 - 10 * (3 + 4) = -79). The input is first
// repacked once with two channels' pixels interleaved as i16 pairs; the
// kernel loads those pairs and multiplies them pairwise (even + odd
// products), then requantizes by x_s * w_s / y_s = 1.25, plus the zero
// point 3, with the relu clamp at that zero point (compare and select).
// CHECK-LABEL: func.func @pointwise
//       CHECK:   %[[PAIRS:.*]] = scf.for
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [0, 1] : vector<1xi8>, vector<1xi8>
//       CHECK:     arith.extui %{{.*}} : vector<2xi8> to vector<2xi16>
//       CHECK:     vector.transfer_write {{.*}} : vector<2xi16>, tensor<1x12xi16>
//   CHECK-DAG:   arith.constant dense<{{\[\[\[}}1, -2, 3, 4]]]> : tensor<1x1x4xi16>
//   CHECK-DAG:   arith.constant dense<[17, -79]> : tensor<2xi32>
//   CHECK-DAG:   arith.constant dense<1.250000e+00> : tensor<2xf32>
//       CHECK:   scf.for
//       CHECK:     vector.transfer_read %[[PAIRS]]{{.*}} : tensor<1x12xi16>, vector<8xi16>
//       CHECK:     arith.muli %{{.*}}, %{{.*}} : vector<8xi32>
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6]
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [1, 3, 5, 7]
//       CHECK:   math.roundeven %{{.*}} : vector<4xf32>
//       CHECK:   arith.constant dense<3.000000e+00> : vector<4xf32>
//       CHECK:   %[[LO:.*]] = arith.constant dense<3.000000e+00> : vector<4xf32>
//       CHECK:   arith.cmpf olt, %[[LO]], %{{.*}} : vector<4xf32>
//       CHECK:   arith.trunci %{{.*}} : vector<4xi32> to vector<4xi8>
//   WASM-LABEL: func.func @pointwise
//         WASM:   llvm.call_intrinsic "llvm.wasm.dot"(%{{.*}}, %{{.*}}) : (vector<8xi16>, vector<8xi16>) -> vector<4xi32>
// GENERIC-LABEL: func.func @pointwise
//   GENERIC-NOT:   vector.shuffle
//       GENERIC:   linalg.generic
func.func @pointwise(%xi: tensor<1x2x2x3xui8>) -> tensor<1x2x2x3xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x2x2x3xui8> -> tensor<1x2x2x3x!x>
  %wi = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %w = sparrow.storage_cast %wi : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!w>
  %bi = arith.constant dense<[7, -9]> : tensor<2xi32>
  %b = sparrow.storage_cast %bi : tensor<2xi32> -> tensor<2x!b>
  %y = sparrow.qconv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x2x2x3x!x>, tensor<2x2x1x1x!w>, tensor<2x!b>) -> tensor<1x2x2x3x!y>
  %yi = sparrow.storage_cast %y : tensor<1x2x2x3x!y> -> tensor<1x2x2x3xui8>
  return %yi : tensor<1x2x2x3xui8>
}
