// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=2 channel-unroll=1" --canonicalize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=2 use-fma=false channel-unroll=1" --canonicalize | FileCheck %s --check-prefix=NOFMA
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=2 pack-weights=true channel-unroll=1" --canonicalize | FileCheck %s --check-prefix=PACKED
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=2 use-fma=false contract-mul-add=true channel-unroll=1" --canonicalize | FileCheck %s --check-prefix=CONTRACT
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=2 channel-unroll=2" --canonicalize | FileCheck %s --check-prefix=UNROLL

// A pointwise conv becomes a register tile: 2 rows x 2 vectors of 4 pixels
// carried through the input-channel loop, bias as the initial value, relu
// before the stores. 12 pixels = one 8-pixel tile (its single-trip loop
// folds away) + one 4-pixel vector.
// CHECK-LABEL: func.func @pointwise
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2, 3]] : tensor<1x3x3x4xf32> into tensor<3x12xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c4 step %c2
// CHECK:           scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK:             vector.transfer_read %{{.*}}[%{{.*}}, %c0]
// CHECK:             vector.transfer_read %{{.*}}[%{{.*}}, %c4]
// CHECK-COUNT-4:     vector.fma
// CHECK:           arith.maximumf
// CHECK:           vector.transfer_write
// CHECK:           scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>)
// CHECK:             vector.transfer_read %{{.*}}[%{{.*}}, %c8]
// CHECK-NOT:     linalg.generic
// With pack-weights the 4x3 filter becomes [2 blocks][3 channels][2 rows]
// (w[f][c] at [f / 2][c][f % 2]) and each channel step loads its 2 weights
// as one vector.
// PACKED-LABEL: func.func @pointwise
// PACKED:         arith.constant dense<{{\[\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]], {{\[\[}}7.000000e+00, 1.500000e+00], [8.000000e+00, 2.500000e+00], [9.000000e+00, 3.500000e+00]]]> : tensor<2x3x2xf32>
// PACKED:         scf.for
// PACKED:           vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %c0]{{.*}} : tensor<2x3x2xf32>, vector<2xf32>
// PACKED-COUNT-2:   vector.extract %{{.*}}[{{[01]}}] : f32 from vector<2xf32>
// NOFMA-LABEL: func.func @pointwise
// NOFMA-NOT:     vector.fma
// NOFMA:         arith.mulf {{.*}} : vector<4xf32>
// NOFMA-NOT:     fastmath<contract>
// Relaxed SIMD: the pairs may fuse (wasm f32x4.relaxed_madd).
// CONTRACT-LABEL: func.func @pointwise
// CONTRACT-NOT:     vector.fma
// CONTRACT:         %[[P:.*]] = arith.mulf {{.*}} fastmath<contract> : vector<4xf32>
// CONTRACT:         arith.addf %{{.*}}, %[[P]] fastmath<contract> : vector<4xf32>
func.func @pointwise(%x: tensor<1x3x3x4xf32>) -> tensor<1x4x3x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]],
                             [[[7.0]], [[8.0]], [[9.0]]], [[[1.5]], [[2.5]], [[3.5]]]]> : tensor<4x3x1x1xf32>
  %b = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x3x3x4xf32>, tensor<4x3x1x1xf32>, tensor<4xf32>) -> tensor<1x4x3x4xf32>
  return %y : tensor<1x4x3x4xf32>
}

// -----

// A stride-2 depthwise conv reads its input in place (no padded copy):
// pixels whose window reaches into the padding use only the taps inside the
// image, the corner (0, 0) 2 x 2 of its 3 x 3.
// CHECK-LABEL: func.func @depthwise_stride2
// CHECK-NOT:     tensor.pad
// CHECK:         scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK-COUNT-4:   vector.fma {{.*}} : vector<1xf32>
// CHECK-NEXT:      vector.transfer_write
// CHECK-NOT:     linalg.generic
func.func @depthwise_stride2(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x2x6x6xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Interior rows are a loop with all taps; interior columns use 4-pixel
// vectors: stride 2 reads 8 pixels (two whole registers; only columns whose
// 8 pixels stay inside the row) and shuffles out the even lanes.
// CHECK-LABEL: func.func @depthwise_wide
// CHECK:         scf.for %{{.*}} = %c1 to %c8 step %c1
// CHECK:           vector.transfer_read {{.*}} vector<8xf32>
// CHECK:           vector.shuffle {{.*}} [0, 2, 4, 6] : vector<8xf32>, vector<8xf32>
func.func @depthwise_wide(%x: tensor<1x2x16x16xf32>) -> tensor<1x2x8x8xf32> {
  %w = arith.constant dense<0.25> : tensor<2x1x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x2x16x16xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// 16 interior columns (1 to 16 of 18) go in one group of four 4-pixel
// vectors: four independent accumulators sharing each tap's weight (the
// one-trip column loop folds away).
// CHECK-LABEL: func.func @depthwise_row_group
// CHECK:         scf.for %{{.*}} = %c1 to %c3 step %c1
// CHECK:           %[[A0:.*]] = vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:           %[[A1:.*]] = vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:           %[[A2:.*]] = vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:           %[[A3:.*]] = vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:           vector.fma %{{.*}}, %{{.*}}, %[[A0]] : vector<4xf32>
// CHECK:           vector.fma %{{.*}}, %{{.*}}, %[[A1]] : vector<4xf32>
// CHECK-COUNT-30:  vector.fma {{.*}} : vector<4xf32>
func.func @depthwise_row_group(%x: tensor<1x1x4x18xf32>) -> tensor<1x1x4x18xf32> {
  %w = arith.constant dense<0.25> : tensor<1x1x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x4x18xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x18xf32>
  return %y : tensor<1x1x4x18xf32>
}

// -----

// A dense conv over 3 input channels (a first layer) runs the same direct
// kernel: one parallel loop over the 2 output channels; an interior output
// vector loops over the 3 input channels with 9 taps unrolled in each.
// CHECK-LABEL: func.func @first_layer
// CHECK:         scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK:           scf.for %{{.*}} = %c1 to %c8 step %c1
// CHECK:             scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<4xf32>)
// CHECK-COUNT-9:       vector.fma {{.*}} : vector<4xf32>
// CHECK-NEXT:          scf.yield
// CHECK:         } {sparrow.parallel}
// CHECK-NOT:     linalg.generic
func.func @first_layer(%x: tensor<1x3x16x16xf32>) -> tensor<1x2x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<2x3x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x16x16xf32>, tensor<2x3x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// More input channels than the direct kernel takes (4): the window kernel
// (test/Kernels/window-conv.mlir), no conv loops.
// CHECK-LABEL: func.func @five_channels
// CHECK:         vector.fma {{.*}} : vector<4xf32>
// CHECK-NOT:     arith.mulf
func.func @five_channels(%x: tensor<1x5x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x5x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x8x8xf32>, tensor<2x5x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Strided or padded 1x1 convs, and batches above 1, keep the generic form.
// CHECK-LABEL: func.func @not_pointwise
// CHECK:         linalg.generic
// CHECK-NOT:     vector.fma
func.func @not_pointwise(%x: tensor<2x3x4x4xf32>) -> tensor<2x4x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x3x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<2x3x4x4xf32>, tensor<4x3x1x1xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// Sparse weights: with 2-row tiles, tile 0 (rows 0-1) has non-zeros only on
// channel 1 and tile 1 (rows 2-3) on channels 0 and 2; 3 of the 6
// (tile, channel) pairs are all-zero, so the kernel loops over the
// non-zero pairs only: tile t runs pairs offsets[t] .. offsets[t + 1], each
// where its channel's row starts in the flattened input (channel x 12
// pixels) and a vector of its 2 weights.
// CHECK-LABEL: func.func @pointwise_sparse
//   CHECK-DAG:   arith.constant dense<[0, 1, 3]> : tensor<3xi32>
//   CHECK-DAG:   arith.constant dense<[12, 0, 24]> : tensor<3xi32>
//   CHECK-DAG:   arith.constant dense<{{\[\[}}2.000000e+00, 5.000000e+00], [7.000000e+00, 1.500000e+00], [9.000000e+00, 3.500000e+00]]> : tensor<3x2xf32>
//       CHECK:   scf.for %[[F0:.*]] = %c0 to %c4 step %c2
//       CHECK:     %[[T:.*]] = arith.divui %[[F0]], %c2
//       CHECK:     tensor.extract %{{.*}}[%[[T]]] : tensor<3xi32>
//       CHECK:     scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %c1
//       CHECK:       tensor.extract %{{.*}}[%[[K]]] : tensor<3xi32>
//       CHECK:       vector.transfer_read %{{.*}}[%[[K]], %c0]{{.*}} : tensor<3x2xf32>, vector<2xf32>
func.func @pointwise_sparse(%x: tensor<1x3x3x4xf32>) -> tensor<1x4x3x4xf32> {
  %w = arith.constant dense<[[[[0.0]], [[2.0]], [[0.0]]], [[[0.0]], [[5.0]], [[0.0]]],
                             [[[7.0]], [[0.0]], [[9.0]]], [[[1.5]], [[0.0]], [[3.5]]]]> : tensor<4x3x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x3x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x3x4xf32>
  return %y : tensor<1x4x3x4xf32>
}

// -----

// One zero pair of 6 (17%) is below the 20% threshold: the dense kernel.
// CHECK-LABEL: func.func @pointwise_barely_sparse
//   CHECK-NOT:   tensor<{{[0-9]+}}xi32>
//       CHECK:   scf.for %{{.*}} = %c0 to %c3 step %c1
func.func @pointwise_barely_sparse(%x: tensor<1x3x3x4xf32>) -> tensor<1x4x3x4xf32> {
  %w = arith.constant dense<[[[[0.0]], [[2.0]], [[1.0]]], [[[0.0]], [[5.0]], [[1.0]]],
                             [[[7.0]], [[1.0]], [[9.0]]], [[[1.5]], [[1.0]], [[3.5]]]]> : tensor<4x3x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x3x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x3x4xf32>
  return %y : tensor<1x4x3x4xf32>
}

// -----

// channel-unroll=2: the channel loop takes two channels per iteration
// (2 x 4 multiply-adds), the fifth channel follows on its own.
// UNROLL-LABEL: func.func @pointwise_unrolled
// UNROLL:         scf.for %{{.*}} = %c0 to %c4 step %c2 iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// UNROLL-COUNT-8:   vector.fma
// UNROLL:           scf.yield
// UNROLL-COUNT-4: vector.fma
// UNROLL:         vector.transfer_write
func.func @pointwise_unrolled(%x: tensor<1x5x2x4xf32>) -> tensor<1x2x2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x5x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x2x4xf32>, tensor<2x5x1x1xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// -----

// A 7x7 depthwise conv (ConvNeXt) loops over its window rows with a row's
// taps unrolled, over the rows inside the image only in border rows.
// CHECK-LABEL: func.func @depthwise_7x7
// First output row, first pixel: window rows 3-6 and columns 3-6 inside.
// CHECK:         scf.for %{{.*}} = %c3 to %c7 step %c1 iter_args(%{{.*}}) -> (vector<1xf32>)
// CHECK-COUNT-4:   vector.fma
// CHECK-NEXT:      scf.yield
// Its inside columns (3 and 4) take all 7 taps of each of those rows.
// CHECK:         scf.for %{{.*}} = %c3 to %c5 step %c1 iter_args(%{{.*}}) -> (tensor<2x8x8xf32>)
// CHECK-NEXT:      scf.for %{{.*}} = %c3 to %c7 step %c1 iter_args(%{{.*}}) -> (vector<1xf32>)
// CHECK-COUNT-7:     vector.fma
// CHECK-NEXT:        scf.yield
// Rows with the whole window inside loop over all 7 window rows.
// CHECK:         scf.for %{{.*}} = %c0 to %c7 step %c1 iter_args(%{{.*}}) -> (vector<1xf32>)
func.func @depthwise_7x7(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %w = arith.constant dense<0.125> : tensor<2x1x7x7xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 3, 3, 3, 3>,
         dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x2x8x8xf32>, tensor<2x1x7x7xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}
