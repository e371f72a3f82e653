// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1" | FileCheck %s
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1 wasm-dot" | FileCheck %s --check-prefix=WASM
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=GENERIC
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1 x86-vnni" | FileCheck %s --check-prefix=VNNI
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1 arm-dot" | FileCheck %s --check-prefix=ARM

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

// With x86-vnni and four input channels a step takes a quad: the packed
// input holds unsigned bytes, the signed input shifted by 128 (xor 0x80),
// so the bias folds the zero point -2 + 128 = 126: 5 - 126 * (1 + 2 - 3 +
// 4) = -499. The weights are packed as i8 quads and vpdpbusd accumulates
// four u8 x s8 products per lane (the 2-row tile pads the one filter's
// weights with zeros).
// VNNI-LABEL: func.func @quads
//       VNNI:   arith.xori %{{.*}}, %{{.*}} : vector<32xi8>
//       VNNI:   arith.constant dense<{{\[\[\[}}1, 2, -3, 4, 0, 0, 0, 0]]]> : tensor<1x1x8xi8>
//       VNNI:   arith.constant dense<-499> : tensor<1xi32>
//       VNNI:   llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.128"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
//
// AArch64's sdot multiplies s8 by s8: the signed input is packed as it is
// (an unsigned one would be shifted by 128) and the bias folds its own zero
// point: 5 - (-2) * 4 = 13.
// ARM-LABEL: func.func @quads
//   ARM-NOT:   arith.xori
//       ARM:   arith.constant dense<{{\[\[\[}}1, 2, -3, 4, 0, 0, 0, 0]]]> : tensor<1x1x8xi8>
//       ARM:   arith.constant dense<13> : tensor<1xi32>
//       ARM:   llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
!xs = !quant.uniform<i8:f32, 0.5:-2>
!ws = !quant.uniform<i8:f32, 0.25>
!bs = !quant.uniform<i32:f32, 0.125>
!ys = !quant.uniform<i8:f32, 0.1>
func.func @quads(%xi: tensor<1x4x2x4xsi8>) -> tensor<1x1x2x4xsi8> {
  %x = sparrow.storage_cast %xi : tensor<1x4x2x4xsi8> -> tensor<1x4x2x4x!xs>
  %wi = arith.constant dense<[[[[1]], [[2]], [[-3]], [[4]]]]> : tensor<1x4x1x1xi8>
  %w = sparrow.storage_cast %wi : tensor<1x4x1x1xi8> -> tensor<1x4x1x1x!ws>
  %bi = arith.constant dense<5> : tensor<1xi32>
  %b = sparrow.storage_cast %bi : tensor<1xi32> -> tensor<1x!bs>
  %y = sparrow.qconv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x4x2x4x!xs>, tensor<1x4x1x1x!ws>, tensor<1x!bs>) -> tensor<1x1x2x4x!ys>
  %yi = sparrow.storage_cast %y : tensor<1x1x2x4x!ys> -> tensor<1x1x2x4xsi8>
  return %yi : tensor<1x1x2x4xsi8>
}

// Weights minus their zero point beyond s8 (255 - 0) keep the i16 pairs.
// VNNI-LABEL: func.func @wide_weights
//   VNNI-NOT:   vpdpbusd
//       VNNI:   arith.constant dense<{{\[\[\[}}255, 1, 0, 0], [2, 3, 0, 0]]]> : tensor<1x2x4xi16>
//   VNNI-NOT:   vpdpbusd
//       VNNI:   return
!wu = !quant.uniform<u8:f32, 0.25>
func.func @wide_weights(%xi: tensor<1x4x2x4xsi8>) -> tensor<1x1x2x4xsi8> {
  %x = sparrow.storage_cast %xi : tensor<1x4x2x4xsi8> -> tensor<1x4x2x4x!xs>
  %wi = arith.constant dense<[[[[-1]], [[1]], [[2]], [[3]]]]> : tensor<1x4x1x1xi8>
  %w = sparrow.storage_cast %wi : tensor<1x4x1x1xi8> -> tensor<1x4x1x1x!wu>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x4x2x4x!xs>, tensor<1x4x1x1x!wu>) -> tensor<1x1x2x4x!ys>
  %yi = sparrow.storage_cast %y : tensor<1x1x2x4x!ys> -> tensor<1x1x2x4xsi8>
  return %yi : tensor<1x1x2x4xsi8>
}
