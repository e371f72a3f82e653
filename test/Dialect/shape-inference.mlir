// RUN: sparrow-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// Result types are checked against the inferred ones; these are the edge
// cases of the shape rules that must be accepted. Each case pairs an
// accepted result type with the neighbouring one that is rejected.

// Conv output size is floor((in + pads - dilation * (k - 1) - 1) / stride) + 1
// per spatial dim: H = (7 + 1 + 0 - 3) / 2 + 1 = 3, W = (7 + 0 + 2 - 5) / 1 + 1 = 5
// (kernel 3 with dilation 2 spans 5).
// CHECK-LABEL: func.func @conv_sizes
//       CHECK: -> tensor<1x2x3x5xf32>
func.func @conv_sizes(%x: tensor<1x1x7x7xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x5xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 2>, dilations = array<i64: 1, 2>, groups = 1 : i64}
       : (tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x5xf32>
  return %y : tensor<1x2x3x5xf32>
}

// -----

func.func @conv_sizes_wrong(%x: tensor<1x1x7x7xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x4x5xf32> {
  // expected-error@+2 {{inferred type(s) 'tensor<1x2x3x5xf32>' are incompatible with return type(s) of operation 'tensor<1x2x4x5xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 2>, dilations = array<i64: 1, 2>, groups = 1 : i64}
       : (tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x5xf32>
  return %y : tensor<1x2x4x5xf32>
}

// -----

// With ceil_mode a window that would start in the trailing padding is
// dropped: in 4, kernel 2, stride 2, pads 0 and 1 rounds up to 3 windows,
// but the third would start at 4, past the input, so there are 2. With 5
// rows and no padding the third window starts at 4, inside the input, and
// is kept.
// CHECK-LABEL: func.func @ceil_mode_drop
//       CHECK: -> tensor<1x1x2x2xf32>
//       CHECK: -> tensor<1x1x3x3xf32>
func.func @ceil_mode_drop(%x: tensor<1x1x4x4xf32>, %z: tensor<1x1x5x5xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) {
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>,
         dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %1 = sparrow.average_pool %z {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>
}

// -----

func.func @ceil_mode_drop_wrong(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error@+2 {{inferred type(s) 'tensor<1x1x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x1x3x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>,
         dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Gemm C may be a row, a column, a 1x1 or a rank-0 tensor.
// CHECK-LABEL: func.func @gemm_c_shapes
//   CHECK-COUNT-4: sparrow.gemm {{.*}} -> tensor<2x5xf32>
func.func @gemm_c_shapes(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %row: tensor<1x5xf32>, %col: tensor<2x1xf32>,
                         %one: tensor<1x1xf32>, %scalar: tensor<f32>) {
  %0 = sparrow.gemm %a, %b, %row : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<2x5xf32>
  %1 = sparrow.gemm %a, %b, %col : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  %2 = sparrow.gemm %a, %b, %one : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x1xf32>) -> tensor<2x5xf32>
  %3 = sparrow.gemm %a, %b, %scalar : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<f32>) -> tensor<2x5xf32>
  return
}

// -----

// Binary broadcasting aligns trailing dims and expands size-1 dims on both
// sides; a rank-0 operand broadcasts to anything.
// CHECK-LABEL: func.func @broadcast_both_sides
//       CHECK: -> tensor<4x2x3xf32>
//       CHECK: -> tensor<2x3xf32>
func.func @broadcast_both_sides(%a: tensor<4x1x3xf32>, %b: tensor<2x1xf32>, %s: tensor<f32>, %c: tensor<2x3xf32>) {
  %0 = sparrow.div %a, %b : (tensor<4x1x3xf32>, tensor<2x1xf32>) -> tensor<4x2x3xf32>
  %1 = sparrow.sub %s, %c : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Matmul batch dims broadcast like numpy; the result takes the rows of the
// lhs and the columns of the rhs.
// CHECK-LABEL: func.func @matmul_batch
//       CHECK: -> tensor<3x4x2x6xf32>
func.func @matmul_batch(%l: tensor<4x2x5xf32>, %r: tensor<3x1x5x6xf32>) {
  %0 = sparrow.matmul %l, %r : (tensor<4x2x5xf32>, tensor<3x1x5x6xf32>) -> tensor<3x4x2x6xf32>
  return
}

// -----

// Concat along the first axis of many inputs; transpose of a 4-D tensor to
// NHWC; global pooling of a 3-D input.
// CHECK-LABEL: func.func @data_movement
//       CHECK: -> tensor<6x2xf32>
//       CHECK: -> tensor<1x5x6x3xf32>
//       CHECK: -> tensor<2x3x1xf32>
func.func @data_movement(%a: tensor<1x2xf32>, %b: tensor<2x2xf32>, %c: tensor<3x2xf32>,
                         %x: tensor<1x3x5x6xf32>, %y: tensor<2x3x7xf32>) {
  %0 = sparrow.concat %a, %b, %c {axis = 0 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<6x2xf32>
  %1 = sparrow.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x5x6xf32>) -> tensor<1x5x6x3xf32>
  %2 = sparrow.global_average_pool %y : (tensor<2x3x7xf32>) -> tensor<2x3x1xf32>
  return
}
