// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// The attribute on its own
//===----------------------------------------------------------------------===//

// G must be 1, 2, 4, 8 or 16: 3 is not a power of two.
// expected-error@+1 {{group size must be 1, 2, 4, 8 or 16, got 3}}
func.func @group_3() attributes {a = #sparrow.sparsity<group<3x1>, 0.5>} { return }

// -----

// ... and 32 is too large.
// expected-error@+1 {{group size must be 1, 2, 4, 8 or 16, got 32}}
func.func @group_32() attributes {a = #sparrow.sparsity<group<32x1>, 0.5>} { return }

// -----

// Blocks span exactly one input channel.
// expected-error@+1 {{expected group<G x 1>}}
func.func @group_4x2() attributes {a = #sparrow.sparsity<group<4x2>, 0.5>} { return }

// -----

// The sparsity is a fraction: above 1 ...
// expected-error@+1 {{sparsity must be in [0, 1], got 1.500000e+00}}
func.func @sparsity_above_one() attributes {a = #sparrow.sparsity<group<4x1>, 1.5>} { return }

// -----

// ... or below 0 is rejected.
// expected-error@+1 {{sparsity must be in [0, 1], got -2.500000e-01}}
func.func @sparsity_negative() attributes {a = #sparrow.sparsity<kernel, -0.25>} { return }

// -----

// Only dense, group and kernel exist.
// expected-error@+1 {{unknown sparsity pattern 'block'}}
func.func @unknown_kind() attributes {a = #sparrow.sparsity<block, 0.5>} { return }

// -----

// group and kernel record their measured sparsity ...
// expected-error@+1 {{expected ','}}
func.func @group_without_sparsity() attributes {a = #sparrow.sparsity<group<4x1>>} { return }

// -----

// ... dense records none.
// expected-error@+1 {{expected '>'}}
func.func @dense_with_sparsity() attributes {a = #sparrow.sparsity<dense, 0.5>} { return }

//===----------------------------------------------------------------------===//
// The attribute against an op's weights: conv2d
//===----------------------------------------------------------------------===//

// -----

// `kernel` zeroes a whole kxk window; a 1x1 conv has none (use group<1x1>).
func.func @kernel_on_1x1_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[2.0]], [[0.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<4x2x1x1xf32>
  // expected-error@+1 {{'sparrow.conv2d' op kernel sparsity needs a conv with a kxk window}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<kernel, 0.25>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// G must divide the output channels: 4 does not divide 6.
func.func @group_does_not_divide_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<6x2x1x1xf32>
  // expected-error@+1 {{group size 4 does not divide the 6 output channels}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<4x1>, 0.0>}
       : (tensor<1x2x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// The zeros (out 0-1, in 1) fill a group<2x1> block but not the group<4x1>
// block out 0-3 x in 1, which still holds 4 and 6.
func.func @conv_weights_do_not_fit(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[2.0]], [[0.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<4x2x1x1xf32>
  // expected-error@+1 {{records sparsity}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<4x1>, 0.25>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// The weights fit group<2x1> but 2 of 8 are zero, not the recorded half.
func.func @conv_wrong_sparsity(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[2.0]], [[0.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<4x2x1x1xf32>
  // expected-error@+1 {{records sparsity 5.000000e-01 but its weights have 2.500000e-01}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<2x1>, 0.5>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A pattern can only be checked against constant weights.
func.func @conv_weights_not_constant(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'sparrow.conv2d' op sparsity pattern needs constant weights}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<2x1>, 0.25>}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Kernel (0, 1) is only partly zero (its centre is 5), so the zeros fit no
// `kernel` pattern.
func.func @kxk_partial_kernel(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]],
                              [[0.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 0.0]]],
                             [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]],
                              [[2.0, 2.0, 2.0], [2.0, 0.5, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x2x3x3xf32>
  // expected-error@+1 {{records sparsity}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<kernel, 0.222222>}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// On a kxk conv a group block is G output channels x 1 input channel x the
// whole window: kernels (0, 1) and (1, 0) are zero, which fits `kernel` but
// not group<2x1> (out 0-1 x in 1 still holds kernel (1, 1)).
func.func @kxk_group_needs_whole_block(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]],
                              [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
                             [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
                              [[2.0, 2.0, 2.0], [2.0, 0.5, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x2x3x3xf32>
  // expected-error@+1 {{records sparsity}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, sparsity = #sparrow.sparsity<group<2x1>, 0.5>}
       : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

//===----------------------------------------------------------------------===//
// gemm: the output channels are B's rows with trans_b, its columns without
//===----------------------------------------------------------------------===//

// -----

// B[0..1][2] is zero: a group<2x1> block with trans_b, but without it the
// output channels are B's columns and the block B[0][2..3] holds a 5.
func.func @gemm_layout_no_trans_b(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 2.0, 0.0, 5.0], [3.0, 4.0, 0.0, 6.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<4x4xf32>
  // expected-error@+1 {{'sparrow.gemm' op records sparsity}}
  %y = sparrow.gemm %x, %b {sparsity = #sparrow.sparsity<group<2x1>, 0.125>} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// The transpose of the above: B[2][0..1] is a block without trans_b, but
// with trans_b the block B[0..1][0] holds 1 and 3.
func.func @gemm_layout_trans_b(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 3.0, 5.0, 9.0], [2.0, 4.0, 6.0, 1.0], [0.0, 0.0, 7.0, 2.0], [5.0, 6.0, 8.0, 3.0]]> : tensor<4x4xf32>
  // expected-error@+1 {{'sparrow.gemm' op records sparsity}}
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<2x1>, 0.125>} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// G must divide N: with trans_b B is [N = 6, K = 2].
func.func @gemm_group_does_not_divide(%x: tensor<1x2xf32>) -> tensor<1x6xf32> {
  %b = arith.constant dense<1.0> : tensor<6x2xf32>
  // expected-error@+1 {{group size 4 does not divide the 6 output channels}}
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<4x1>, 0.0>} : (tensor<1x2xf32>, tensor<6x2xf32>) -> tensor<1x6xf32>
  return %y : tensor<1x6xf32>
}

// -----

// ... without trans_b B is [K = 6, N = 2]: the 6 is not the output side, but
// 4 does not divide N = 2.
func.func @gemm_group_does_not_divide_n(%x: tensor<1x6xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<1.0> : tensor<6x2xf32>
  // expected-error@+1 {{group size 4 does not divide the 2 output channels}}
  %y = sparrow.gemm %x, %b {sparsity = #sparrow.sparsity<group<4x1>, 0.0>} : (tensor<1x6xf32>, tensor<6x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// `kernel` is for kxk convs only.
func.func @gemm_kernel(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[0.0, 1.0], [2.0, 3.0]]> : tensor<2x2xf32>
  // expected-error@+1 {{'sparrow.gemm' op kernel sparsity needs a conv with a kxk window}}
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<kernel, 0.25>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A recorded sparsity that is not the measured one (1/4, not 1/2).
func.func @gemm_wrong_sparsity(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[0.0, 1.0], [2.0, 3.0]]> : tensor<2x2xf32>
  // expected-error@+1 {{'sparrow.gemm' op records sparsity 5.000000e-01 but its weights have 2.500000e-01}}
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<1x1>, 0.5>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// B is an argument, not a constant.
func.func @gemm_weights_not_constant(%x: tensor<1x2xf32>, %b: tensor<2x2xf32>) -> tensor<1x2xf32> {
  // expected-error@+1 {{'sparrow.gemm' op sparsity pattern needs constant weights}}
  %y = sparrow.gemm %x, %b {trans_b = true, sparsity = #sparrow.sparsity<group<2x1>, 0.5>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

//===----------------------------------------------------------------------===//
// matmul: a constant 2-D right operand [K, N]
//===----------------------------------------------------------------------===//

// -----

// rhs[0..1][2] is zero: a block of two input channels of one output channel,
// which group<2x1> (two output channels of one input channel) is not.
func.func @matmul_weights_do_not_fit(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 0.0, 5.0], [3.0, 4.0, 0.0, 6.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<4x4xf32>
  // expected-error@+1 {{'sparrow.matmul' op records sparsity}}
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<2x1>, 0.125>} : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Fits group<4x1> (row 2 is zero) but records 0.5 for 4/16.
func.func @matmul_wrong_sparsity(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0, 9.0], [2.0, 4.0, 6.0, 1.0], [0.0, 0.0, 0.0, 0.0], [5.0, 6.0, 8.0, 3.0]]> : tensor<4x4xf32>
  // expected-error@+1 {{'sparrow.matmul' op records sparsity 5.000000e-01 but its weights have 2.500000e-01}}
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<4x1>, 0.5>} : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// G must divide N = 2.
func.func @matmul_group_does_not_divide(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  // expected-error@+1 {{'sparrow.matmul' op group size 4 does not divide the 2 output channels}}
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<4x1>, 0.0>} : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// The right operand is an argument.
func.func @matmul_weights_not_constant(%x: tensor<3x4xf32>, %w: tensor<4x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{'sparrow.matmul' op sparsity pattern needs constant weights}}
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<1x1>, 0.0>} : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// A batched (3-D) right operand is not a weight matrix.
func.func @matmul_batched_rhs(%x: tensor<2x3x4xf32>) -> tensor<2x3x2xf32> {
  %w = arith.constant dense<0.0> : tensor<2x4x2xf32>
  // expected-error@+1 {{'sparrow.matmul' op has no weight view for a sparsity pattern}}
  %y = sparrow.matmul %x, %w {sparsity = #sparrow.sparsity<group<2x1>, 1.0>} : (tensor<2x3x4xf32>, tensor<2x4x2xf32>) -> tensor<2x3x2xf32>
  return %y : tensor<2x3x2xf32>
}
