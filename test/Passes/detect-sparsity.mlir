// RUN: sparrow-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(sparrow-detect-sparsity))' | FileCheck %s
// The attached patterns verify: the output parses again.
// RUN: sparrow-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(sparrow-detect-sparsity))' | sparrow-opt -split-input-file > /dev/null

// sparrow-detect-sparsity attaches the coarsest pattern a layer's zeros fit:
// group<Gx1> with the largest G in 16, 8, 4, 2, then `kernel` (kxk convs) or
// group<1x1> (the rest), with the measured sparsity.

// Input channel 0 is zero for all 16 output channels (B's rows, trans_b):
// one group<16x1> block per input channel, the largest G.
// CHECK-LABEL: func.func @group_16
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<16x1>, 5.000000e-01>, trans_b = true}
func.func @group_16(%x: tensor<1x2xf32>) -> tensor<1x16xf32> {
  %b = arith.constant dense<[[0.0, 2.0], [0.0, 4.0], [0.0, 6.0], [0.0, 8.0], [0.0, 10.0], [0.0, 12.0], [0.0, 14.0], [0.0, 16.0], [0.0, 18.0], [0.0, 20.0], [0.0, 22.0], [0.0, 24.0], [0.0, 26.0], [0.0, 28.0], [0.0, 30.0], [0.0, 32.0]]> : tensor<16x2xf32>
  %y = sparrow.gemm %x, %b {trans_b = true} : (tensor<1x2xf32>, tensor<16x2xf32>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

// Outputs 0-7 drop input 0 and outputs 8-15 drop input 1: group<8x1> fits,
// group<16x1> does not.
// CHECK-LABEL: func.func @group_8
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<8x1>, 5.000000e-01>, trans_b = true}
func.func @group_8(%x: tensor<1x2xf32>) -> tensor<1x16xf32> {
  %b = arith.constant dense<[[0.0, 2.0], [0.0, 4.0], [0.0, 6.0], [0.0, 8.0], [0.0, 10.0], [0.0, 12.0], [0.0, 14.0], [0.0, 16.0], [17.0, 0.0], [19.0, 0.0], [21.0, 0.0], [23.0, 0.0], [25.0, 0.0], [27.0, 0.0], [29.0, 0.0], [31.0, 0.0]]> : tensor<16x2xf32>
  %y = sparrow.gemm %x, %b {trans_b = true} : (tensor<1x2xf32>, tensor<16x2xf32>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

// 1x1 conv [8, 2]: outputs 0-3 drop input 0, outputs 4-7 input 1.
// CHECK-LABEL: func.func @conv_group_4
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
func.func @conv_group_4(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<[[[[0.0]], [[2.0]]], [[[0.0]], [[4.0]]], [[[0.0]], [[6.0]]], [[[0.0]], [[8.0]]], [[[9.0]], [[0.0]]], [[[11.0]], [[0.0]]], [[[13.0]], [[0.0]]], [[[15.0]], [[0.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// Zero pairs (2-3, in 0), (4-5, in 1), (6-7, in 0): group<2x1>; the
// group<4x1> blocks 0-3 and 4-7 are only half zero.
// CHECK-LABEL: func.func @conv_group_2
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<2x1>, 3.750000e-01>
func.func @conv_group_2(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[0.0]], [[6.0]]], [[[0.0]], [[8.0]]], [[[9.0]], [[0.0]]], [[[11.0]], [[0.0]]], [[[0.0]], [[14.0]]], [[[0.0]], [[16.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// Unstructured zeros in a 1x1 conv (out 1 x in 0, out 6 x in 1) fit only
// group<1x1>, single weights.
// CHECK-LABEL: func.func @conv_unstructured_1x1
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<1x1>, 1.250000e-01>
func.func @conv_unstructured_1x1(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[0.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]], [[[9.0]], [[10.0]]], [[[11.0]], [[12.0]]], [[[13.0]], [[0.0]]], [[[15.0]], [[16.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// 3x3 conv: kernel (out 0, in 1) is zero but (out 1, in 1) is not, so no
// group fits: `kernel`, 9/36 = 0.25.
// CHECK-LABEL: func.func @conv_kernel
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 2.500000e-01>
func.func @conv_kernel(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]], [[[19.0, 20.0, 21.0], [22.0, 23.0, 24.0], [25.0, 26.0, 27.0]], [[28.0, 29.0, 30.0], [31.0, 32.0, 33.0], [34.0, 35.0, 36.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// 3x3 conv: kernels (0, 1) and (1, 1) are zero, a whole group<2x1> block
// (2 outputs x 1 input x 3x3), which is preferred to `kernel`.
// CHECK-LABEL: func.func @conv_kxk_group
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<2x1>, 5.000000e-01>
func.func @conv_kxk_group(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]], [[[19.0, 20.0, 21.0], [22.0, 23.0, 24.0], [25.0, 26.0, 27.0]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// 3x3 conv whose zeros are parts of kernels (a row of kernel (0, 1), a
// column of kernel (1, 0)): neither `kernel` nor any group fits, and a kxk
// conv is not tried with single weights, so it stays dense (no attribute).
// CHECK-LABEL: func.func @conv_kxk_fits_nothing
//   CHECK-NOT: sparsity
//       CHECK: return
func.func @conv_kxk_fits_nothing(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[0.0, 0.0, 0.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]]], [[[19.0, 0.0, 21.0], [22.0, 0.0, 24.0], [25.0, 0.0, 27.0]], [[28.0, 29.0, 30.0], [31.0, 32.0, 33.0], [34.0, 35.0, 36.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Dense weights (no zero at all) get no attribute; neither does a layer
// whose zero is in the bias, nor a gemm whose B is not a constant.
// CHECK-LABEL: func.func @dense
//   CHECK-NOT: sparsity
//       CHECK: return
func.func @dense(%x: tensor<1x2x4x4xf32>, %a: tensor<1x2xf32>, %bb: tensor<4x2xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]], [[[9.0]], [[10.0]]], [[[11.0]], [[12.0]]], [[[13.0]], [[14.0]]], [[[15.0]], [[16.0]]]]> : tensor<8x2x1x1xf32>
  %bias = arith.constant dense<0.0> : tensor<8xf32>
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %y = sparrow.conv2d %x, %w, %bias {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.gemm %a, %b {trans_b = true} : (tensor<1x2xf32>, tensor<4x2xf32>) -> tensor<1x4xf32>
  %t = sparrow.gemm %a, %bb {trans_b = true} : (tensor<1x2xf32>, tensor<4x2xf32>) -> tensor<1x4xf32>
  return %y, %z, %t : tensor<1x8x4x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// The same B with and without trans_b. With it the output channels are B's
// rows and B[0..1][2] is a group<2x1> block; without it they are B's
// columns, the block B[0][2..3] is half zero, and only group<1x1> fits.
// CHECK-LABEL: func.func @gemm_trans_b_or_not
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<2x1>, 1.250000e-01>, trans_b = true}
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<1x1>, 1.250000e-01>}
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<2x1>, 1.250000e-01>}
func.func @gemm_trans_b_or_not(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %b = arith.constant dense<[[1.0, 2.0, 0.0, 5.0], [3.0, 4.0, 0.0, 6.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<4x4xf32>
  %bt = arith.constant dense<[[1.0, 3.0, 5.0, 9.0], [2.0, 4.0, 6.0, 1.0], [0.0, 0.0, 7.0, 2.0], [5.0, 6.0, 8.0, 3.0]]> : tensor<4x4xf32>
  %y = sparrow.gemm %x, %b {trans_b = true} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %z = sparrow.gemm %x, %b : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %t = sparrow.gemm %x, %bt : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y, %z, %t : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// MatMul rhs [K = 4, N = 8]: row 2 is zero (a group<8x1> block) and
// row 3 is zero in columns 4-7 only (a group<4x1> block): 12/32.
// CHECK-LABEL: func.func @matmul
//       CHECK: sparrow.matmul {{.*}}{sparsity = #sparrow.sparsity<group<4x1>, 3.750000e-01>}
func.func @matmul(%x: tensor<3x4xf32>) -> tensor<3x8xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0, 9.0, 4.0, 4.0, 4.0, 4.0], [2.0, 4.0, 6.0, 1.0, 4.0, 4.0, 4.0, 4.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [5.0, 6.0, 8.0, 3.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<4x8xf32>
  %y = sparrow.matmul %x, %w : (tensor<3x4xf32>, tensor<4x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// 24 output channels with zero blocks of 8: the blocks (0-15, in 0) would
// also form a 16-block, but 16 does not divide 24, so group<8x1>.
// CHECK-LABEL: func.func @g_must_divide
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<8x1>, 5.000000e-01>, trans_b = true}
func.func @g_must_divide(%x: tensor<1x2xf32>) -> tensor<1x24xf32> {
  %b = arith.constant dense<[[0.0, 2.0], [0.0, 4.0], [0.0, 6.0], [0.0, 8.0], [0.0, 10.0], [0.0, 12.0], [0.0, 14.0], [0.0, 16.0], [0.0, 18.0], [0.0, 20.0], [0.0, 22.0], [0.0, 24.0], [0.0, 26.0], [0.0, 28.0], [0.0, 30.0], [0.0, 32.0], [33.0, 0.0], [35.0, 0.0], [37.0, 0.0], [39.0, 0.0], [41.0, 0.0], [43.0, 0.0], [45.0, 0.0], [47.0, 0.0]]> : tensor<24x2xf32>
  %y = sparrow.gemm %x, %b {trans_b = true} : (tensor<1x2xf32>, tensor<24x2xf32>) -> tensor<1x24xf32>
  return %y : tensor<1x24xf32>
}

// -----

// A stale pattern is replaced by what the weights fit now; one that fits
// nothing is removed (a kxk conv with part of a kernel zero).
// CHECK-LABEL: func.func @replaces_stale
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<1x1>, 1.250000e-01>
//       CHECK: sparrow.conv2d
//   CHECK-NOT: sparsity
//       CHECK: return
func.func @replaces_stale(%x: tensor<1x2x4x4xf32>, %x2: tensor<1x2x5x5xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[0.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]], [[[9.0]], [[10.0]]], [[[11.0]], [[12.0]]], [[[13.0]], [[0.0]]], [[[15.0]], [[16.0]]]]> : tensor<8x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[0.0, 0.0, 0.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]]], [[[19.0, 20.0, 21.0], [22.0, 23.0, 24.0], [25.0, 26.0, 27.0]], [[28.0, 29.0, 30.0], [31.0, 32.0, 33.0], [34.0, 35.0, 36.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<dense>}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %x2, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<dense>}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y, %z : tensor<1x8x4x4xf32>, tensor<1x2x3x3xf32>
}
