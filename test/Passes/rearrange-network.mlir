// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(sparrow-rearrange-network{skip-first-conv=false}))' | FileCheck %s

// sparrow-rearrange-network on small graphs, optimising for group<4x1> at
// 50% (the defaults). The first-conv skip is off (each function here starts
// with the conv under test); rearrange-network-first-conv.mlir tests it. Every
// producer that gains gets a remark with the norm kept before -> after;
// the cases that must not fire have no remark and unchanged weights.

// A 1x1 conv (2 -> 8 channels) whose rows alternate between two input
// profiles, P = (+-3, +-1) and Q = (+-1, +-3): every group<4x1> block mixes
// two of each, so 50% pruning keeps sqrt(1/2) of the norm; grouping the P rows
// (0, 2, 4, 6) and the Q rows (1, 3, 5, 7) keeps sqrt(72 / 80) = 0.9487.
// The clustering seeds a block with the first of the equally strong rows
// and fills it with the rows of the same profile, lowest index first, so
// the order is [0, 2, 4, 6, 1, 3, 5, 7]: the producer's rows and bias and
// the consumer's input channels (after the relu) all follow it.
// CHECK-LABEL: func.func @chain
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[BA:.*]] = arith.constant dense<[0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00]> : tensor<8xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: %[[Y:.*]] = sparrow.conv2d %arg0, %[[A]], %[[BA]]
//   CHECK-DAG: %[[R:.*]] = sparrow.relu %[[Y]]
//   CHECK-DAG: sparrow.conv2d %[[R]], %[[C]]
func.func @chain(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %ba = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %y = sparrow.conv2d %x, %a, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %r = sparrow.relu %y : tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %r, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A residual Add: both convs produce the channels of one set, so one order
// serves both. Both alternate profiles by parity (B = (+-2, +-0.5) and
// (+-0.5, +-2)), both gain (B: sqrt(32 / 34) = 0.9701) and get a remark;
// rows and biases of A and B and the consumer's input channels are
// permuted the same way.
// CHECK-LABEL: func.func @residual
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[BA:.*]] = arith.constant dense<[0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00]> : tensor<8xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}-2.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[BB:.*]] = arith.constant dense<[1.000000e+01, 1.200000e+01, 1.400000e+01, 1.600000e+01, 1.100000e+01, 1.300000e+01, 1.500000e+01, 1.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: %[[YA:.*]] = sparrow.conv2d %arg0, %[[A]], %[[BA]]
//   CHECK-DAG: %[[YB:.*]] = sparrow.conv2d %arg0, %[[B]], %[[BB]]
//   CHECK-DAG: %[[S:.*]] = sparrow.add %[[YA]], %[[YB]]
//   CHECK-DAG: %[[R:.*]] = sparrow.relu %[[S]]
//   CHECK-DAG: sparrow.conv2d %[[R]], %[[C]]
func.func @residual(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %ba = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
  %b = arith.constant dense<[[[[2.0]], [[0.5]]], [[[0.5]], [[2.0]]], [[[-2.0]], [[0.5]]], [[[0.5]], [[-2.0]]], [[[2.0]], [[-0.5]]], [[[-0.5]], [[2.0]]], [[[-2.0]], [[-0.5]]], [[[-0.5]], [[-2.0]]]]> : tensor<8x2x1x1xf32>
  %bb = arith.constant dense<[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]> : tensor<8xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %ya = sparrow.conv2d %x, %a, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9701}}
  %yb = sparrow.conv2d %x, %b, %bb {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %s = sparrow.add %ya, %yb : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %r = sparrow.relu %s : tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %r, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A residual Add whose producers want different orders: B's rows are
// already grouped (P rows 0-3, Q rows 4-7: no order keeps more), A's
// alternate. No order makes every producer gain strictly, so nothing moves
// and there is no remark.
// CHECK-LABEL: func.func @residual_conflict
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}-2.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[B]]
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @residual_conflict(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %b = arith.constant dense<[[[[2.0]], [[0.5]]], [[[-2.0]], [[0.5]]], [[[2.0]], [[-0.5]]], [[[-2.0]], [[-0.5]]], [[[0.5]], [[2.0]]], [[[0.5]], [[-2.0]]], [[[-0.5]], [[2.0]]], [[[-0.5]], [[-2.0]]]]> : tensor<8x2x1x1xf32>
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %yb = sparrow.conv2d %x, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %ya = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %s = sparrow.add %yb, %ya : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %s, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// Concat along channels: each segment is its own set, ordered on its own
// (A alternates P/Q: [0, 2, 4, 6, 1, 3, 5, 7]; B goes P P Q Q P P Q Q:
// [0, 1, 4, 5, 2, 3, 6, 7]), and the consumer's 16 input channels follow
// both, the second segment offset by 8.
// CHECK-LABEL: func.func @concat
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[BA:.*]] = arith.constant dense<[0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00]> : tensor<8xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}-2.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[BB:.*]] = arith.constant dense<[1.000000e+01, 1.100000e+01, 1.400000e+01, 1.500000e+01, 1.200000e+01, 1.300000e+01, 1.600000e+01, 1.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]], {{\[\[}}9.000000e+00]], {{\[\[}}1.200000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.000000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.500000e+01]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]], {{\[\[}}1.800000e+01]], {{\[\[}}1.900000e+01]], {{\[\[}}2.200000e+01]], {{\[\[}}2.300000e+01]], {{\[\[}}2.000000e+01]], {{\[\[}}2.100000e+01]], {{\[\[}}2.400000e+01]], {{\[\[}}2.500000e+01]]]]> : tensor<2x16x1x1xf32>
//   CHECK-DAG: %[[YA:.*]] = sparrow.conv2d %arg0, %[[A]], %[[BA]]
//   CHECK-DAG: %[[YB:.*]] = sparrow.conv2d %arg0, %[[B]], %[[BB]]
//   CHECK-DAG: %[[K:.*]] = sparrow.concat %[[YA]], %[[YB]] {axis = 1 : i64}
//   CHECK-DAG: %[[R:.*]] = sparrow.relu %[[K]]
//   CHECK-DAG: sparrow.conv2d %[[R]], %[[C]]
func.func @concat(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %ba = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
  %b = arith.constant dense<[[[[2.0]], [[0.5]]], [[[-2.0]], [[0.5]]], [[[0.5]], [[2.0]]], [[[0.5]], [[-2.0]]], [[[2.0]], [[-0.5]]], [[[-2.0]], [[-0.5]]], [[[-0.5]], [[2.0]]], [[[-0.5]], [[-2.0]]]]> : tensor<8x2x1x1xf32>
  %bb = arith.constant dense<[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]> : tensor<8xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]], [[8.0]], [[9.0]], [[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]], [[18.0]], [[19.0]], [[20.0]], [[21.0]], [[22.0]], [[23.0]], [[24.0]], [[25.0]]]]> : tensor<2x16x1x1xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %ya = sparrow.conv2d %x, %a, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9701}}
  %yb = sparrow.conv2d %x, %b, %bb {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %k = sparrow.concat %ya, %yb {axis = 1 : i64} : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  %r = sparrow.relu %k : tensor<1x16x4x4xf32>
  %z = sparrow.conv2d %r, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x16x4x4xf32>, tensor<2x16x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// The same producer as @chain, but its channels (through the relu) are
// also a graph output, whose order is fixed: nothing moves, no remark.
// CHECK-LABEL: func.func @graph_output
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: %[[Y:.*]] = sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @graph_output(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x8x4x4xf32>) {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %r = sparrow.relu %y : tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %r, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z, %r : tensor<1x2x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// A depthwise conv keeps channels apart, so it is inside the set: its
// filters (channel c holds c + 1 everywhere) and bias (10 + c) follow the
// producer's order.
// CHECK-LABEL: func.func @depthwise
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[D:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]], {{\[\[\[}}3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00]]], {{\[\[\[}}5.000000e+00, 5.000000e+00, 5.000000e+00], [5.000000e+00, 5.000000e+00, 5.000000e+00], [5.000000e+00, 5.000000e+00, 5.000000e+00]]], {{\[\[\[}}7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00]]], {{\[\[\[}}2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00]]], {{\[\[\[}}4.000000e+00, 4.000000e+00, 4.000000e+00], [4.000000e+00, 4.000000e+00, 4.000000e+00], [4.000000e+00, 4.000000e+00, 4.000000e+00]]], {{\[\[\[}}6.000000e+00, 6.000000e+00, 6.000000e+00], [6.000000e+00, 6.000000e+00, 6.000000e+00], [6.000000e+00, 6.000000e+00, 6.000000e+00]]], {{\[\[\[}}8.000000e+00, 8.000000e+00, 8.000000e+00], [8.000000e+00, 8.000000e+00, 8.000000e+00], [8.000000e+00, 8.000000e+00, 8.000000e+00]]]]> : tensor<8x1x3x3xf32>
//   CHECK-DAG: %[[BD:.*]] = arith.constant dense<[1.000000e+01, 1.200000e+01, 1.400000e+01, 1.600000e+01, 1.100000e+01, 1.300000e+01, 1.500000e+01, 1.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: %[[Y:.*]] = sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: %[[W:.*]] = sparrow.conv2d %[[Y]], %[[D]], %[[BD]] {{.*}}groups = 8
//   CHECK-DAG: sparrow.conv2d %[[W]], %[[C]]
func.func @depthwise(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %d = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]], [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]], [[[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]], [[[4.0, 4.0, 4.0], [4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]], [[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]], [[[6.0, 6.0, 6.0], [6.0, 6.0, 6.0], [6.0, 6.0, 6.0]]], [[[7.0, 7.0, 7.0], [7.0, 7.0, 7.0], [7.0, 7.0, 7.0]]], [[[8.0, 8.0, 8.0], [8.0, 8.0, 8.0], [8.0, 8.0, 8.0]]]]> : tensor<8x1x3x3xf32>
  %bd = arith.constant dense<[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]> : tensor<8xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %w = sparrow.conv2d %y, %d, %bd {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 8 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %w, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// Batch norm (not folded here) and elementwise ops with constants are in
// the set: the four BN parameters and a per-channel [1, 8, 1, 1] multiplier
// follow the order; a [1, 1, 1, 1] constant broadcasts over channels and
// is left alone.
// CHECK-LABEL: func.func @batch_norm
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[G:.*]] = arith.constant dense<[1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]> : tensor<8xf32>
//   CHECK-DAG: %[[BE:.*]] = arith.constant dense<[1.000000e+01, 1.200000e+01, 1.400000e+01, 1.600000e+01, 1.100000e+01, 1.300000e+01, 1.500000e+01, 1.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[MU:.*]] = arith.constant dense<[2.000000e+01, 2.200000e+01, 2.400000e+01, 2.600000e+01, 2.100000e+01, 2.300000e+01, 2.500000e+01, 2.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[VAR:.*]] = arith.constant dense<[3.000000e+01, 3.200000e+01, 3.400000e+01, 3.600000e+01, 3.100000e+01, 3.300000e+01, 3.500000e+01, 3.700000e+01]> : tensor<8xf32>
//   CHECK-DAG: %[[M:.*]] = arith.constant dense<{{\[\[\[\[}}4.000000e+01]], {{\[\[}}4.200000e+01]], {{\[\[}}4.400000e+01]], {{\[\[}}4.600000e+01]], {{\[\[}}4.100000e+01]], {{\[\[}}4.300000e+01]], {{\[\[}}4.500000e+01]], {{\[\[}}4.700000e+01]]]]> : tensor<1x8x1x1xf32>
//   CHECK-DAG: %[[ONE:.*]] = arith.constant dense<5.000000e-01> : tensor<1x1x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: %[[Y:.*]] = sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: %[[N:.*]] = sparrow.batch_norm %[[Y]], %[[G]], %[[BE]], %[[MU]], %[[VAR]]
//   CHECK-DAG: %[[P:.*]] = sparrow.mul %[[N]], %[[M]]
//   CHECK-DAG: %[[Q:.*]] = sparrow.add %[[ONE]], %[[P]]
//   CHECK-DAG: sparrow.conv2d %[[Q]], %[[C]]
func.func @batch_norm(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %g = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<8xf32>
  %be = arith.constant dense<[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]> : tensor<8xf32>
  %mu = arith.constant dense<[20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0]> : tensor<8xf32>
  %var = arith.constant dense<[30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0]> : tensor<8xf32>
  %m = arith.constant dense<[[[[40.0]], [[41.0]], [[42.0]], [[43.0]], [[44.0]], [[45.0]], [[46.0]], [[47.0]]]]> : tensor<1x8x1x1xf32>
  %one = arith.constant dense<0.5> : tensor<1x1x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %n = sparrow.batch_norm %y, %g, %be, %mu, %var
       : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %p = sparrow.mul %n, %m : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %q = sparrow.add %one, %p : (tensor<1x1x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %q, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// Through global average pooling and the flatten (a reshape that keeps
// the channel dim) to the classifier: a gemm with trans_b follows on B's
// columns, one without on B's rows.
// CHECK-LABEL: func.func @classifier
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[G1:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [1.000000e+01, 1.200000e+01, 1.400000e+01, 1.600000e+01, 1.100000e+01, 1.300000e+01, 1.500000e+01, 1.700000e+01], [2.000000e+01, 2.200000e+01, 2.400000e+01, 2.600000e+01, 2.100000e+01, 2.300000e+01, 2.500000e+01, 2.700000e+01], [3.000000e+01, 3.200000e+01, 3.400000e+01, 3.600000e+01, 3.100000e+01, 3.300000e+01, 3.500000e+01, 3.700000e+01]]> : tensor<4x8xf32>
//   CHECK-DAG: %[[G2:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00], [2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01], [4.000000e+01, 4.100000e+01, 4.200000e+01, 4.300000e+01], [6.000000e+01, 6.100000e+01, 6.200000e+01, 6.300000e+01], [1.000000e+01, 1.100000e+01, 1.200000e+01, 1.300000e+01], [3.000000e+01, 3.100000e+01, 3.200000e+01, 3.300000e+01], [5.000000e+01, 5.100000e+01, 5.200000e+01, 5.300000e+01], [7.000000e+01, 7.100000e+01, 7.200000e+01, 7.300000e+01]]> : tensor<8x4xf32>
//   CHECK-DAG: %[[F:.*]] = sparrow.reshape
//   CHECK-DAG: sparrow.gemm %[[F]], %[[G1]] {{.*}}trans_b = true
//   CHECK-DAG: sparrow.gemm %[[F]], %[[G2]] :
func.func @classifier(%x: tensor<1x2x4x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %g1 = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0], [20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0], [30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0]]> : tensor<4x8xf32>
  %g2 = arith.constant dense<[[0.0, 1.0, 2.0, 3.0], [10.0, 11.0, 12.0, 13.0], [20.0, 21.0, 22.0, 23.0], [30.0, 31.0, 32.0, 33.0], [40.0, 41.0, 42.0, 43.0], [50.0, 51.0, 52.0, 53.0], [60.0, 61.0, 62.0, 63.0], [70.0, 71.0, 72.0, 73.0]]> : tensor<8x4xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %p = sparrow.global_average_pool %y : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %f = sparrow.reshape %p : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %l1 = sparrow.gemm %f, %g1 {trans_b = true} : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %l2 = sparrow.gemm %f, %g2 : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %l1, %l2 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Gemms as producers, joined by an Add: with trans_b the output channels
// are the rows of B (and its C follows), without it the columns; the
// consumer gemm without trans_b follows on B's rows.
// CHECK-LABEL: func.func @gemm_producers
//   CHECK-DAG: %[[A1:.*]] = arith.constant dense<{{\[\[}}3.000000e+00, 1.000000e+00], [-3.000000e+00, -1.000000e+00], [3.000000e+00, -1.000000e+00], [-3.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00], [-1.000000e+00, -3.000000e+00], [1.000000e+00, -3.000000e+00], [-1.000000e+00, 3.000000e+00]]> : tensor<8x2xf32>
//   CHECK-DAG: %[[CA:.*]] = arith.constant dense<[0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00]> : tensor<8xf32>
//   CHECK-DAG: %[[A2:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, -2.000000e+00, 2.000000e+00, -2.000000e+00, 5.000000e-01, 5.000000e-01, -5.000000e-01, -5.000000e-01], [5.000000e-01, 5.000000e-01, -5.000000e-01, -5.000000e-01, 2.000000e+00, -2.000000e+00, 2.000000e+00, -2.000000e+00]]> : tensor<2x8xf32>
//   CHECK-DAG: %[[D:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00, 2.000000e+00], [2.000000e+01, 2.100000e+01, 2.200000e+01], [4.000000e+01, 4.100000e+01, 4.200000e+01], [6.000000e+01, 6.100000e+01, 6.200000e+01], [1.000000e+01, 1.100000e+01, 1.200000e+01], [3.000000e+01, 3.100000e+01, 3.200000e+01], [5.000000e+01, 5.100000e+01, 5.200000e+01], [7.000000e+01, 7.100000e+01, 7.200000e+01]]> : tensor<8x3xf32>
//   CHECK-DAG: sparrow.gemm %arg0, %[[A1]], %[[CA]] {{.*}}trans_b = true
//   CHECK-DAG: sparrow.gemm %arg0, %[[A2]] :
//   CHECK-DAG: sparrow.gemm %{{.*}}, %[[D]] :
func.func @gemm_producers(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %a1 = arith.constant dense<[[3.0, 1.0], [1.0, 3.0], [-3.0, -1.0], [-1.0, -3.0], [3.0, -1.0], [1.0, -3.0], [-3.0, 1.0], [-1.0, 3.0]]> : tensor<8x2xf32>
  %ca = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
  %a2 = arith.constant dense<[[2.0, 0.5, -2.0, 0.5, 2.0, -0.5, -2.0, -0.5], [0.5, 2.0, 0.5, -2.0, -0.5, 2.0, -0.5, -2.0]]> : tensor<2x8xf32>
  %d = arith.constant dense<[[0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0], [30.0, 31.0, 32.0], [40.0, 41.0, 42.0], [50.0, 51.0, 52.0], [60.0, 61.0, 62.0], [70.0, 71.0, 72.0]]> : tensor<8x3xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %y1 = sparrow.gemm %x, %a1, %ca {trans_b = true} : (tensor<1x2xf32>, tensor<8x2xf32>, tensor<8xf32>) -> tensor<1x8xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9701}}
  %y2 = sparrow.gemm %x, %a2 : (tensor<1x2xf32>, tensor<2x8xf32>) -> tensor<1x8xf32>
  %s = sparrow.add %y1, %y2 {activation = #sparrow.act<relu>} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %z = sparrow.gemm %s, %d : (tensor<1x8xf32>, tensor<8x3xf32>) -> tensor<1x3xf32>
  return %z : tensor<1x3xf32>
}

// -----

// A reshape that merges the channels with the spatial dims mixes them:
// the set is frozen, nothing moves, no remark.
// CHECK-LABEL: func.func @reshape_mixes
//       CHECK: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
func.func @reshape_mixes(%x: tensor<1x2x2x2xf32>) -> tensor<1x2xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<2x32xf32>
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x2x2xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x2x2xf32>
  %f = sparrow.reshape %y : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  %z = sparrow.gemm %f, %g {trans_b = true} : (tensor<1x32xf32>, tensor<2x32xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

// No order helps: A's rows are already grouped (P rows 0-3, Q rows 4-7),
// and U's rows are all alike. Nothing moves, no remark.
// CHECK-LABEL: func.func @no_gain
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[U:.*]] = arith.constant dense<1.000000e+00> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %arg0, %[[U]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @no_gain(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[-3.0]], [[-1.0]]], [[[3.0]], [[-1.0]]], [[[-3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-1.0]], [[-3.0]]], [[[1.0]], [[-3.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %u = arith.constant dense<1.0> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %v = sparrow.conv2d %x, %u {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %y, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w = sparrow.conv2d %v, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z, %w : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
