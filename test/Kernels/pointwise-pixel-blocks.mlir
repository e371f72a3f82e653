// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2 channel-unroll=1 pixel-block-bytes=128 pack-weights=true weight-lanes=false" --canonicalize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2 channel-unroll=1 pack-weights=true" --canonicalize | FileCheck %s --check-prefix=DEFAULT

// Pixel blocks: 128 bytes of a 2-channel input are 16 pixels, so the 72
// pixels go in four blocks of 16, each walked by every 4-row tile, then the
// last 8 pixels. With weight-lanes=false each packed weight is its own
// scalar load and broadcast (wasm's v128.load32_splat) instead of one
// vector whose lanes are extracted.
// CHECK-LABEL: func.func @blocked
//       CHECK:   %[[PACKED:.*]] = arith.constant dense<{{.*}}> : tensor<2x2x4xf32>
//       CHECK:   scf.for %[[B:.*]] = %c0 to %c64 step %c16
//       CHECK:     scf.for %[[F:.*]] = %c0 to %c8 step %c4
//       CHECK:       scf.for %[[P:.*]] = %c0 to %c16 step %c8
//       CHECK:         %[[P0:.*]] = arith.addi %[[B]], %[[P]]
//       CHECK:         scf.for
//       CHECK:           vector.transfer_read %{{.*}}[%{{.*}}, %[[P0]]]
//   CHECK-NOT:           vector<4xf32> from
//       CHECK:           tensor.extract %[[PACKED]]
//       CHECK:           vector.broadcast
//       CHECK:     } {sparrow.parallel}
//       CHECK:   scf.for %{{.*}} = %c0 to %c8 step %c4
//       CHECK:     vector.transfer_read %{{.*}}[%{{.*}}, %c64]
// Without blocks the row tiles are the outer loop over all 72 pixels, and
// a step's packed weights are one vector.
// DEFAULT-LABEL: func.func @blocked
//       DEFAULT:   scf.for %{{.*}} = %c0 to %c8 step %c4
//       DEFAULT:     scf.for %{{.*}} = %c0 to %c72 step %c8
//       DEFAULT:       vector.transfer_read %{{.*}} : tensor<2x2x4xf32>, vector<4xf32>
//       DEFAULT:       vector.extract %{{.*}}[0] : f32 from vector<4xf32>
func.func @blocked(%x: tensor<1x2x8x9xf32>) -> tensor<1x8x8x9xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]], [[[9.0]], [[10.0]]], [[[11.0]], [[12.0]]], [[[13.0]], [[14.0]]], [[[15.0]], [[16.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x8x9xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x8x9xf32>
  return %y : tensor<1x8x8x9xf32>
}

// -----

// A first layer (3 input channels, stride 2) takes 8 output channels at a
// time: each tap's input vector (8 pixels read, even lanes kept) feeds 8
// multiply-adds.
// CHECK-LABEL: func.func @first_layer
//       CHECK:   scf.for %{{.*}} = %c0 to %c16 step %c8
//       CHECK:     vector.transfer_read {{.*}} vector<8xf32>
//  CHECK-NEXT:     vector.shuffle {{.*}} [0, 2, 4, 6] : vector<8xf32>, vector<8xf32>
// CHECK-COUNT-8:   vector.fma {{.*}} : vector<4xf32>
//  CHECK-NEXT:     vector.transfer_read {{.*}} vector<8xf32>
func.func @first_layer(%x: tensor<1x3x16x16xf32>) -> tensor<1x16x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<16x3x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x16x16xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// A batch-1 Gemm is a pointwise conv with B as the image, read by
// single-row tiles of 32 outputs: B is laid out tile by tile ([1][K][32],
// each tile one contiguous run) with the 4 leftover columns apart ([K][4]).
// CHECK-LABEL: func.func @classifier
//   CHECK-DAG:   %[[TAIL:.*]] = arith.constant dense<{{\[\[}}3.200000e+01, 3.300000e+01, 3.400000e+01, 3.500000e+01], [1.320000e+02, {{.*}}]]> : tensor<2x4xf32>
//   CHECK-DAG:   %[[TILES:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00, {{.*}}]]]> : tensor<1x2x32xf32>
//       CHECK:   scf.for %[[K:.*]] = %c0 to %c2
//       CHECK:     vector.transfer_read %[[TILES]][%c0, %[[K]], %c0]
//       CHECK:   scf.for %[[K2:.*]] = %c0 to %c2
//       CHECK:     vector.transfer_read %[[TAIL]][%[[K2]], %c0]
func.func @classifier(%a: tensor<1x2xf32>) -> tensor<1x36xf32> {
  %b = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0], [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 125.0, 126.0, 127.0, 128.0, 129.0, 130.0, 131.0, 132.0, 133.0, 134.0, 135.0]]> : tensor<2x36xf32>
  %y = sparrow.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, transA = false, transB = false} : (tensor<1x2xf32>, tensor<2x36xf32>) -> tensor<1x36xf32>
  return %y : tensor<1x36xf32>
}
