// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(sparrow-sparsify{skip-first-conv=false skip-classifier=false}))' | FileCheck %s

// sparrow-sparsify, per layer, with the default pattern group<4x1> and 50%:
// in each layer the blocks with the smallest L2 norm are zeroed, the
// measured sparsity is attached, and a remark gives the sparsity and the
// fraction of the layer's L2 norm kept. (The first-conv and classifier skips
// are off here; sparsify-options.mlir tests them.)

// A 1x1 conv [8 out, 2 in] at group<4x1>, 50%: four blocks of 4 outputs x
// 1 input with squared norms (out 0-3, in 0) = 4 * 1 = 4, (0-3, in 1) = 16,
// (4-7, in 0) = 36, (4-7, in 1) = 1. The two smallest (1 and 4) are zeroed:
// norm kept sqrt(52 / 57) = 0.9551. The new weights come right before the op.
// CHECK-LABEL: func.func @conv_1x1
//       CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}0.000000e+00]]]]> : tensor<8x2x1x1xf32>
//  CHECK-NEXT: sparrow.conv2d %{{.*}}, %[[W]] {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
func.func @conv_1x1(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[3.0]], [[0.5]]], [[[3.0]], [[0.5]]], [[[3.0]], [[0.5]]], [[[3.0]], [[0.5]]]]> : tensor<8x2x1x1xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 0.9551}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// The same B [4, 4] under both gemm layouts, group<4x1> at 50%.
// With trans_b the blocks are B's columns (4 outputs x 1 input), squared
// norms 2, 13, 1, 12: columns 2 and 0 go, kept sqrt(25 / 28) = 0.9449.
// Without trans_b the blocks are B's rows, squared norms 14.25, 2.25, 6.25,
// 5.25: rows 1 and 3 go, kept sqrt(20.5 / 28) = 0.8557. (B's own zeros lie
// in pruned blocks under both layouts.)
// CHECK-LABEL: func.func @gemm_layouts
//       CHECK: %[[T:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 2.000000e+00, 0.000000e+00, 3.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 2.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 2.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<4x4xf32>
//  CHECK-NEXT: sparrow.gemm %{{.*}}, %[[T]] {sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>, trans_b = true}
//       CHECK: %[[N:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 5.000000e-01, 3.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 2.000000e+00, 5.000000e-01, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<4x4xf32>
//  CHECK-NEXT: sparrow.gemm %{{.*}}, %[[N]] {sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>}
func.func @gemm_layouts(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %b = arith.constant dense<[[1.0, 2.0, 0.5, 3.0], [0.0, 1.0, 0.5, 1.0], [1.0, 2.0, 0.5, 1.0], [0.0, 2.0, 0.5, 1.0]]> : tensor<4x4xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 0.9449}}
  %y = sparrow.gemm %x, %b {trans_b = true} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 0.8557}}
  %z = sparrow.gemm %x, %b : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y, %z : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// MatMul rhs [K = 2, N = 8]: output channels are columns, so the blocks
// are rhs[k][0..3] and rhs[k][4..7], squared norms 4, 36 (k = 0) and 16, 1
// (k = 1): as for the conv above, kept 0.9551.
// CHECK-LABEL: func.func @matmul
//       CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 3.000000e+00, 3.000000e+00, 3.000000e+00, 3.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x8xf32>
//  CHECK-NEXT: sparrow.matmul %{{.*}}, %[[W]] {sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>}
func.func @matmul(%x: tensor<3x2xf32>) -> tensor<3x8xf32> {
  %w = arith.constant dense<[[1.0, 1.0, 1.0, 1.0, 3.0, 3.0, 3.0, 3.0], [2.0, 2.0, 2.0, 2.0, 0.5, 0.5, 0.5, 0.5]]> : tensor<2x8xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 0.9551}}
  %y = sparrow.matmul %x, %w : (tensor<3x2xf32>, tensor<2x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// A 3x3 conv [4, 2]: a group<4x1> block is 4 outputs x 1 input x the whole
// 3x3 window, squared norms 36 (in 0, ones) and 9 (in 1, halves); one of
// the two goes: kept sqrt(36 / 45) = 0.8944.
// CHECK-LABEL: func.func @conv_3x3
//       CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]]]> : tensor<4x2x3x3xf32>
//  CHECK-NEXT: sparrow.conv2d %{{.*}}, %[[W]] {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
func.func @conv_3x3(%x: tensor<1x2x5x5xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]], [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]], [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]], [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]]]> : tensor<4x2x3x3xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 0.8944}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// G = 4 does not divide 6 output channels: the layer is left dense, with a
// remark, and its weights are not touched.
// CHECK-LABEL: func.func @group_does_not_divide
//       CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]]], {{\[\[\[}}9.000000e+00]], {{\[\[}}1.000000e+01]]], {{\[\[\[}}1.100000e+01]], {{\[\[}}1.200000e+01]]]]> : tensor<6x2x1x1xf32>
//  CHECK-NEXT: sparrow.conv2d %{{.*}}, %[[W]]
//   CHECK-NOT: sparsity
//       CHECK: return
func.func @group_does_not_divide(%x: tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]], [[[9.0]], [[10.0]]], [[[11.0]], [[12.0]]]]> : tensor<6x2x1x1xf32>
  // expected-remark@+1 {{left dense: 4 does not divide 6 output channels}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// Left alone, without a remark: a depthwise conv (skipped by default), a
// conv whose filter is an argument, and a gemm whose B is computed.
// CHECK-LABEL: func.func @not_pruned
//   CHECK-NOT: sparsity
//       CHECK: return
func.func @not_pruned(%x: tensor<1x8x4x4xf32>, %f: tensor<8x8x1x1xf32>, %a: tensor<1x8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8xf32>) {
  %dw = arith.constant dense<1.0> : tensor<8x1x1x1xf32>
  %y = sparrow.conv2d %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 8 : i64}
       : (tensor<1x8x4x4xf32>, tensor<8x1x1x1xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %x, %f {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %b = sparrow.relu %f : tensor<8x8x1x1xf32>
  %b2 = sparrow.reshape %b : (tensor<8x8x1x1xf32>) -> tensor<8x8xf32>
  %t = sparrow.gemm %a, %b2 {trans_b = true} : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  return %y, %z, %t : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8xf32>
}

// -----

// Pruning is idempotent: weights that already fit group<4x1> at 50% lose
// nothing more (kept 1.0000 of what is left).
// CHECK-LABEL: func.func @already_pruned
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
func.func @already_pruned(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<[[[[0.0]], [[2.0]]], [[[0.0]], [[2.0]]], [[[0.0]], [[2.0]]], [[[0.0]], [[2.0]]], [[[3.0]], [[0.0]]], [[[3.0]], [[0.0]]], [[[3.0]], [[0.0]]], [[[3.0]], [[0.0]]]]> : tensor<8x2x1x1xf32>
  // expected-remark@+1 {{sparsity 0.500, L2 norm kept 1.0000}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
