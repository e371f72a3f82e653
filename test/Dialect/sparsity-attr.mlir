// RUN: sparrow-opt %s -split-input-file | FileCheck %s
// Printing and parsing again gives the same IR.
// RUN: sparrow-opt %s -split-input-file | sparrow-opt -split-input-file | FileCheck %s

// The three spellings of #sparrow.sparsity. The number is printed as the f32
// it is stored as; group sizes 1 and 16 (the extremes) and 0 and 1 (the
// extreme sparsities) are accepted.
// CHECK-LABEL: func.func @spellings
//  CHECK-SAME: a = #sparrow.sparsity<dense>
//  CHECK-SAME: b = #sparrow.sparsity<group<4x1>, 5.000000e-01>
//  CHECK-SAME: c = #sparrow.sparsity<kernel, 2.500000e-01>
//  CHECK-SAME: d = #sparrow.sparsity<group<1x1>, 0.000000e+00>
//  CHECK-SAME: e = #sparrow.sparsity<group<16x1>, 1.000000e+00>
//  CHECK-SAME: f = #sparrow.sparsity<group<2x1>, 3.000000e-01>
func.func @spellings() attributes {
    a = #sparrow.sparsity<dense>,
    b = #sparrow.sparsity<group<4x1>, 0.5>,
    c = #sparrow.sparsity<kernel, 0.25>,
    d = #sparrow.sparsity<group<1x1>, 0.0>,
    e = #sparrow.sparsity<group<16x1>, 1.0>,
    f = #sparrow.sparsity<group<2x1>, 0.3>} {
  return
}

// -----

// 1x1 conv, filter [F=4, C=2]: the block (out 0-1, in 1) is zero, so the
// weights fit group<2x1> at 2/8 = 0.25 (and group<1x1>, which any zeros fit).
// CHECK-LABEL: func.func @conv_1x1_group
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<2x1>, 2.500000e-01>
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<1x1>, 2.500000e-01>
func.func @conv_1x1_group(%x: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[2.0]], [[0.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<4x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<2x1>, 0.25>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %z = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<1x1>, 0.25>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y, %z : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// 3x3 conv, filter [2, 2, 3, 3]: kernels (0, 1) and (1, 0) are zero, so the
// weights fit `kernel` at 18/36 = 0.5.
// CHECK-LABEL: func.func @conv_kxk_kernel
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 5.000000e-01>
func.func @conv_kxk_kernel(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]],
                              [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
                             [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
                              [[2.0, 2.0, 2.0], [2.0, 0.5, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<kernel, 0.5>}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A group block of a kxk conv covers the whole window of G output channels:
// here out 0-1 x in 1 x 3x3 is zero, 18 of 36 weights.
// CHECK-LABEL: func.func @conv_kxk_group
//       CHECK: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<2x1>, 5.000000e-01>
func.func @conv_kxk_group(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]],
                              [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
                             [[[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]],
                              [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x2x3x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<2x1>, 0.5>}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Gemm with trans_b: B is [N = 4 outputs, K = 4 inputs] and blocks run down
// its rows; B[0..1][2] is the zero block (2/16 = 0.125).
// CHECK-LABEL: func.func @gemm_trans_b
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<2x1>, 1.250000e-01>, trans_b = true}
func.func @gemm_trans_b(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 2.0, 0.0, 5.0], [3.0, 4.0, 0.0, 6.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<4x4xf32>
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<2x1>, 0.125>} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Gemm without trans_b: B is [K, N] and blocks run along its rows (output
// channels are columns); B[2][0..1] is the zero block.
// CHECK-LABEL: func.func @gemm_no_trans_b
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<2x1>, 1.250000e-01>}
func.func @gemm_no_trans_b(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 3.0, 5.0, 9.0], [2.0, 4.0, 6.0, 1.0], [0.0, 0.0, 7.0, 2.0], [5.0, 6.0, 8.0, 3.0]]> : tensor<4x4xf32>
  %y = sparrow.gemm %x, %b {sparsity = #sparrow.sparsity<group<2x1>, 0.125>} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// MatMul with a constant 2-D right operand [K, N], laid out as Gemm without
// trans_b: rhs[2][0..3] is one zero group<4x1> block (4/16 = 0.25).
// CHECK-LABEL: func.func @matmul
//       CHECK: sparrow.matmul {{.*}}{sparsity = #sparrow.sparsity<group<4x1>, 2.500000e-01>}
func.func @matmul(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0, 9.0], [2.0, 4.0, 6.0, 1.0], [0.0, 0.0, 0.0, 0.0], [5.0, 6.0, 8.0, 3.0]]> : tensor<4x4xf32>
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<4x1>, 0.25>} : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// `dense` claims no structure: incidental zeros that fit no pattern are fine
// and no sparsity is recorded.
// CHECK-LABEL: func.func @dense_with_zeros
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<dense>, trans_b = true}
func.func @dense_with_zeros(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[0.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 8.0]]> : tensor<2x4xf32>
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<dense>} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// The recorded sparsity is compared with the measured one to within 5e-4:
// 1/3 of the weights are zero (block out 0-1 x in 0 of a [2, 3] B), and
// 0.3333 is close enough.
// CHECK-LABEL: func.func @recorded_rounded
//       CHECK: sparrow.gemm {{.*}}{sparsity = #sparrow.sparsity<group<2x1>, 3.333000e-01>, trans_b = true}
func.func @recorded_rounded(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[0.0, 2.0, 3.0], [0.0, 6.0, 7.0]]> : tensor<2x3xf32>
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<2x1>, 0.3333>} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
