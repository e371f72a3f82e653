// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=2 tile-vectors=1" | FileCheck %s

// A depthwise qconv2d with constant weights runs as the direct kernel. The
// input is widened once into a zero-filled i16 copy with room for the
// padding (2 x 6 x 8) and its zero point 10 subtracted; the weights minus
// their per-channel zero points (1, -1) are packed as tap pairs, the odd
// ninth tap paired with a zero. Each step loads two taps' pixel vectors
// from the copy, interleaves them and multiplies them pairwise with the
// weight pair; then requantization by 0.5 * w_s / 0.1 (1.25, 2.5) plus 3.
// The 6-pixel rows take one 4-pixel vector and one more ending at the row's
// end (columns 2-5), which rewrites columns 2 and 3 with the same values.
// CHECK-LABEL: func.func @depthwise
//       CHECK:   %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i16) outs(%{{.*}} : tensor<2x6x8xi16>)
//       CHECK:   %[[COPY:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[FILL]])
//       CHECK:     arith.extui %{{.*}} : vector<1xi8> to vector<1xi16>
//       CHECK:     arith.subi %{{.*}}, %{{.*}} : vector<1xi16>
//       CHECK:   arith.constant dense<{{\[\[\[}}0, 1], [2, 3], [4, 5], [6, 7], [8, 0]], {{\[\[}}0, -1], [-2, -3], [-4, -5], [-6, -7], [-8, 0]]]> : tensor<2x5x2xi16>
//       CHECK:   arith.constant dense<[1.250000e+00, 2.500000e+00]> : tensor<2xf32>
//       CHECK:   scf.for
//       CHECK:     scf.for
//       CHECK:       scf.for %{{.*}} = %c0{{.*}} to %c4{{.*}} step %c4
//       CHECK:         %[[A:.*]] = vector.transfer_read %[[COPY]]{{.*}} : tensor<2x6x8xi16>, vector<4xi16>
//       CHECK:         %[[B:.*]] = vector.transfer_read %[[COPY]]{{.*}} : tensor<2x6x8xi16>, vector<4xi16>
//       CHECK:         vector.shuffle %[[A]], %[[B]] [0, 4, 1, 5, 2, 6, 3, 7]
//       CHECK:         arith.muli %{{.*}}, %{{.*}} : vector<8xi32>
//   CHECK-COUNT-4:     vector.shuffle %{{.*}}, %{{.*}} [0, 4, 1, 5, 2, 6, 3, 7]
//       CHECK:         math.roundeven %{{.*}} : vector<4xf32>
//       CHECK:         arith.trunci %{{.*}} : vector<4xi32> to vector<4xi8>
//       CHECK:       %[[C2:.*]] = arith.constant 2 : index
//       CHECK:       vector.transfer_read %[[COPY]][%{{.*}}, %{{.*}}, %[[C2]]]{{.*}} : tensor<2x6x8xi16>, vector<4xi16>
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %[[C2]]] {{.*}} : vector<4xi8>, tensor<2x4x6xi8>
//   CHECK-NOT:   vector<1xi16>
//   CHECK-NOT:   linalg.generic
!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32:0, {0.25:1, 0.5:-1}>
!y = !quant.uniform<u8:f32, 0.1:3>
func.func @depthwise(%xi: tensor<1x2x4x6xui8>) -> tensor<1x2x4x6xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x2x4x6xui8> -> tensor<1x2x4x6x!x>
  %wi = arith.constant dense<[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]],
                              [[[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]]]> : tensor<2x1x3x3xi8>
  %w = sparrow.storage_cast %wi : tensor<2x1x3x3xi8> -> tensor<2x1x3x3x!w>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 2 : i64}
       : (tensor<1x2x4x6x!x>, tensor<2x1x3x3x!w>) -> tensor<1x2x4x6x!y>
  %yi = sparrow.storage_cast %y : tensor<1x2x4x6x!y> -> tensor<1x2x4x6xui8>
  return %yi : tensor<1x2x4x6xui8>
}

// -----

// A dense conv over two input channels (a first layer), stride 2: the copy
// is wide enough for the last vector's span (5 x 2 + 2 = 12 columns), each
// tap's span of 8 is loaded and one shuffle keeps every other pixel of both
// taps; 18 taps make 9 pairs. Two filters share each step's pairs; the
// third is a tile of its own.
// CHECK-LABEL: func.func @first_layer
//       CHECK:   linalg.fill ins(%{{.*}} : i16) outs(%{{.*}} : tensor<2x7x12xi16>)
//       CHECK:   arith.constant dense<1> : tensor<3x9x2xi16>
//       CHECK:   scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %c2
//   CHECK-COUNT-9:     vector.shuffle %{{.*}}, %{{.*}} [0, 8, 2, 10, 4, 12, 6, 14] : vector<8xi16>, vector<8xi16>
//       CHECK:   scf.for %{{.*}} = %c2{{.*}} to %c3{{.*}} step %c1
!x = !quant.uniform<i8:f32, 0.5:-2>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<i8:f32, 0.1>
func.func @first_layer(%xi: tensor<1x2x5x9xi8>) -> tensor<1x3x3x5xi8> {
  %x = sparrow.storage_cast %xi : tensor<1x2x5x9xi8> -> tensor<1x2x5x9x!x>
  %wi = arith.constant dense<1> : tensor<3x2x3x3xi8>
  %w = sparrow.storage_cast %wi : tensor<3x2x3x3xi8> -> tensor<3x2x3x3x!w>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 2, 2>,
         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x5x9x!x>, tensor<3x2x3x3x!w>) -> tensor<1x3x3x5x!y>
  %yi = sparrow.storage_cast %y : tensor<1x3x3x5x!y> -> tensor<1x3x3x5xi8>
  return %yi : tensor<1x3x3x5xi8>
}

// -----

// A depthwise conv with two filters per channel is not a direct-kernel
// shape: the reference loop nest.
// CHECK-LABEL: func.func @multiplier
//   CHECK-NOT:   linalg.fill ins(%{{.*}} : i16)
//       CHECK:   linalg.generic
!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>
func.func @multiplier(%xi: tensor<1x2x4x4xui8>) -> tensor<1x4x4x4xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x2x4x4xui8> -> tensor<1x2x4x4x!x>
  %wi = arith.constant dense<1> : tensor<4x1x3x3xi8>
  %w = sparrow.storage_cast %wi : tensor<4x1x3x3xi8> -> tensor<4x1x3x3x!w>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 2 : i64}
       : (tensor<1x2x4x4x!x>, tensor<4x1x3x3x!w>) -> tensor<1x4x4x4x!y>
  %yi = sparrow.storage_cast %y : tensor<1x4x4x4x!y> -> tensor<1x4x4x4xui8>
  return %yi : tensor<1x4x4x4xui8>
}

// -----

// Nor is a dense conv over more than four input channels (it would unroll
// too many taps): the reference loop nest.
// CHECK-LABEL: func.func @many_inputs
//   CHECK-NOT:   linalg.fill ins(%{{.*}} : i16)
//       CHECK:   linalg.generic
!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>
func.func @many_inputs(%xi: tensor<1x5x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x5x4x4xui8> -> tensor<1x5x4x4x!x>
  %wi = arith.constant dense<1> : tensor<2x5x3x3xi8>
  %w = sparrow.storage_cast %wi : tensor<2x5x3x3xi8> -> tensor<2x5x3x3x!w>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x5x4x4x!x>, tensor<2x5x3x3x!w>) -> tensor<1x2x4x4x!y>
  %yi = sparrow.storage_cast %y : tensor<1x2x4x4x!y> -> tensor<1x2x4x4xui8>
  return %yi : tensor<1x2x4x4xui8>
}
