// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

// conv2d needs 4-D input and filter.
func.func @conv_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{expects 4-D input and filter, got ranks 3 and 4}}
  // expected-error@+1 {{'sparrow.conv2d' op failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The filter's input channels times groups must equal the input channels.
func.func @conv_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error@+2 {{filter expects 3 input channels, input has 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// Grouped conv: 2 groups over 4 input channels need a filter with 2 input
// channels, not 4.
func.func @conv_group_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error@+2 {{filter expects 8 input channels, input has 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// groups must divide the input channels.
func.func @conv_groups_input(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error@+2 {{groups (2) must divide input (3) and output (4) channels}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// groups must divide the output channels.
func.func @conv_groups_output(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error@+2 {{groups (4) must divide input (4) and output (6) channels}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 4 : i64}
       : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// groups must be positive (attribute constraint).
func.func @conv_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 0 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The bias has one value per output channel.
func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error@+2 {{bias must be 1-D of size 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The bias must be 1-D even when it has the right number of elements.
func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error@+2 {{bias must be 1-D of size 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// pads are [top, left, bottom, right]: two values are not enough.
func.func @conv_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{expects 4 pads [begins..., ends...], got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// Negative padding is rejected.
func.func @conv_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{pads must be non-negative}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, -1, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Strides need two entries.
func.func @conv_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{expects 2 kernel dims, strides and dilations, got 2, 3 and 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// A zero stride is rejected.
func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{kernel dims, strides and dilations must be positive}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// A dilated 3x3 window spans 5 rows: it does not fit 4 rows without padding.
func.func @conv_window_too_big(%x: tensor<1x3x4x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{window of 3 (dilation 2) does not fit spatial dim 0 of size 4 with pads 0, 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 1 : i64}
       : (tensor<1x3x4x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x4xf32>
  return
}

// -----

// The written result type must be the inferred one (here the stride is
// ignored by the author: 8x8 / 2 is 4x4, not 8x8).
func.func @conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+2 {{'sparrow.conv2d' op inferred type(s) 'tensor<1x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// Gemm operands are 2-D.
func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error@+2 {{expects 2-D A and B, got ranks 3 and 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Gemm inner dims must agree.
func.func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error@+2 {{inner dims differ: A gives 3, B gives 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// trans_b applies before the inner-dim check: B of 3x5 transposed gives K=5.
func.func @gemm_inner_trans(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error@+2 {{inner dims differ: A gives 3, B gives 5}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b {trans_b = true} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

// -----

// C broadcasts unidirectionally to M x N: a 3-element C does not fit N=5.
func.func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<3xf32>) {
  // expected-error@+2 {{C does not broadcast to 2x5}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<3xf32>) -> tensor<2x5xf32>
  return
}

// -----

// C may not be larger than the result (the broadcast is one-way).
func.func @gemm_c_larger(%a: tensor<1x3xf32>, %b: tensor<3x5xf32>, %c: tensor<2x5xf32>) {
  // expected-error@+2 {{C does not broadcast to 1x5}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b, %c : (tensor<1x3xf32>, tensor<3x5xf32>, tensor<2x5xf32>) -> tensor<1x5xf32>
  return
}

// -----

// C of rank 3 is rejected even with unit leading dims.
func.func @gemm_c_rank(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<1x2x5xf32>) {
  // expected-error@+2 {{C does not broadcast to 2x5}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Matmul operands have rank >= 2.
func.func @matmul_rank(%l: tensor<3xf32>, %r: tensor<3x4xf32>) {
  // expected-error@+2 {{expects operands of rank >= 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.matmul %l, %r : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

// Matmul inner dims must agree.
func.func @matmul_inner(%l: tensor<2x3xf32>, %r: tensor<4x5xf32>) {
  // expected-error@+2 {{inner dims differ: 3 vs 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.matmul %l, %r : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Matmul batch dims broadcast numpy-style: 2 and 3 do not.
func.func @matmul_batch(%l: tensor<2x4x3xf32>, %r: tensor<3x3x5xf32>) {
  // expected-error@+2 {{batch dims do not broadcast}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.matmul %l, %r : (tensor<2x4x3xf32>, tensor<3x3x5xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

// Matmul result carries the broadcast batch dims.
func.func @matmul_wrong_result(%l: tensor<2x1x4x3xf32>, %r: tensor<5x3x6xf32>) {
  // expected-error@+2 {{'sparrow.matmul' op inferred type(s) 'tensor<2x5x4x6xf32>' are incompatible with return type(s) of operation 'tensor<2x4x6xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.matmul %l, %r : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x4x6xf32>
  return
}

// -----

// Batch norm parameters have one value per channel (dim 1).
func.func @batch_norm_params(%x: tensor<1x2x3x3xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>,
                             %m: tensor<3xf32>, %v: tensor<2xf32>) {
  // expected-error@+2 {{parameters must be 1-D of size 2 (the channel count)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.batch_norm %x, %g, %b, %m, %v
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

// Batch norm input has rank >= 2.
func.func @batch_norm_rank(%x: tensor<2xf32>, %p: tensor<2xf32>) {
  // expected-error@+2 {{expects input of rank >= 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.batch_norm %x, %p, %p, %p, %p
       : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// Binary ops need numpy-broadcastable operands.
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error@+2 {{operand shapes do not broadcast}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.add %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// The result of a broadcasting binary op has the broadcast shape.
func.func @mul_wrong_result(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) {
  // expected-error@+2 {{'sparrow.mul' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.mul %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

// Only f32 tensors are accepted.
func.func @sub_f16(%a: tensor<2xf16>, %b: tensor<2xf16>) {
  // expected-error@+1 {{operand #0 must be statically shaped tensor of 32-bit float values}}
  %0 = sparrow.sub %a, %b : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  return
}

// -----

// Unary ops keep their operand type.
func.func @relu_type(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{'sparrow.relu' op requires the same type for all operands and results}}
  %0 = "sparrow.relu"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// clip needs min <= max.
func.func @clip_min_max(%x: tensor<4xf32>) {
  // expected-error@+1 {{'sparrow.clip' op needs min <= max, got min 6.000000e+00 > max 0.000000e+00}}
  %0 = sparrow.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}

// -----

// The softmax axis must be a dim of the input.
func.func @softmax_axis(%x: tensor<2x10xf32>) {
  // expected-error@+1 {{'sparrow.softmax' op axis 2 out of range for rank 2}}
  %0 = sparrow.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

// Concat inputs share a rank.
func.func @concat_rank(%a: tensor<1x2x4xf32>, %b: tensor<2x4xf32>) {
  // expected-error@+2 {{inputs must have the same rank}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<2x4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

// Concat inputs agree on every dim but the axis.
func.func @concat_dims(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>) {
  // expected-error@+2 {{inputs differ in dim 2 which is not the concat axis}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x5xf32>) -> tensor<1x5x4xf32>
  return
}

// -----

// The concat axis must be a dim of the inputs.
func.func @concat_axis(%a: tensor<1x2xf32>, %b: tensor<1x2xf32>) {
  // expected-error@+2 {{axis 2 out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.concat %a, %b {axis = 2 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return
}

// -----

// Concat needs at least one input.
func.func @concat_empty() {
  // expected-error@+2 {{expects at least one input}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

// The concat result size along the axis is the sum of the inputs'.
func.func @concat_wrong_result(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) {
  // expected-error@+2 {{'sparrow.concat' op inferred type(s) 'tensor<1x5xf32>' are incompatible with return type(s) of operation 'tensor<1x6xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x6xf32>
  return
}

// -----

// Reshape keeps the element count.
func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{'sparrow.reshape' op cannot reshape 6 elements into 8}}
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Reshape needs static shapes.
func.func @reshape_dynamic(%x: tensor<?x3xf32>) {
  // expected-error@+1 {{operand #0 must be statically shaped tensor of 32-bit float values}}
  %0 = sparrow.reshape %x : (tensor<?x3xf32>) -> tensor<6xf32>
  return
}

// -----

// A transpose perm has one entry per dim.
func.func @transpose_perm_size(%x: tensor<2x3x4xf32>) {
  // expected-error@+2 {{perm has 2 entries for rank 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

// A transpose perm names every dim once.
func.func @transpose_perm_repeat(%x: tensor<2x3x4xf32>) {
  // expected-error@+2 {{perm is not a permutation}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.transpose %x {perm = array<i64: 0, 1, 1>} : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

// A transpose perm entry must be in range.
func.func @transpose_perm_range(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{perm is not a permutation}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.transpose %x {perm = array<i64: 0, 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// The transposed result permutes the input dims.
func.func @transpose_wrong_result(%x: tensor<2x3x4xf32>) {
  // expected-error@+2 {{'sparrow.transpose' op inferred type(s) 'tensor<4x2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x4x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  return
}

// -----

// Max pooling works on NC + 1 to 3 spatial dims.
func.func @max_pool_rank(%x: tensor<5x5xf32>) {
  // expected-error@+2 {{expects an input of rank 3 to 5, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<5x5xf32>) -> tensor<2x2xf32>
  return
}

// -----

// Average pooling works on NC + 1 to 3 spatial dims.
func.func @average_pool_rank(%x: tensor<1x1x1x2x5x5xf32>) {
  // expected-error@+2 {{expects an input of rank 3 to 5, got 6}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x1x1x2x5x5xf32>) -> tensor<1x1x1x2x2x2xf32>
  return
}

// -----

// The pooling kernel has two dims.
func.func @max_pool_kernel(%x: tensor<1x2x5x5xf32>) {
  // expected-error@+2 {{expects 2 kernel dims, strides and dilations, got 1, 2 and 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x2x5x5xf32>) -> tensor<1x2x2x2xf32>
  return
}

// -----

// A pooling window larger than the padded input does not fit.
func.func @average_pool_window(%x: tensor<1x2x3x3xf32>) {
  // expected-error@+2 {{window of 4 (dilation 1) does not fit spatial dim 1 of size 3 with pads 0, 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 3, 4>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

// ceil_mode rounds the output size up: 5 with kernel 2, stride 2 gives 3.
func.func @max_pool_ceil_result(%x: tensor<1x2x5x5xf32>) {
  // expected-error@+2 {{'sparrow.max_pool' op inferred type(s) 'tensor<1x2x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x2x2x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}
       : (tensor<1x2x5x5xf32>) -> tensor<1x2x2x2xf32>
  return
}

// -----

// Global pooling needs spatial dims.
func.func @global_pool_rank(%x: tensor<1x2xf32>) {
  // expected-error@+2 {{expects input of rank >= 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.global_average_pool %x : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Global pooling keeps N and C and sets every spatial dim to 1.
func.func @global_pool_result(%x: tensor<1x2x3x3xf32>) {
  // expected-error@+2 {{'sparrow.global_average_pool' op inferred type(s) 'tensor<1x2x1x1xf32>' are incompatible with return type(s) of operation 'tensor<1x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.global_average_pool %x : (tensor<1x2x3x3xf32>) -> tensor<1x2xf32>
  return
}

// -----

// Unknown activation kinds are rejected by the attribute parser.
// expected-error@+1 {{unknown activation 'mish'}}
func.func @act_unknown() attributes {a = #sparrow.act<mish>} {
  return
}

// -----

// The clip activation needs min <= max.
// expected-error@+1 {{clip activation needs min <= max, got min 6.000000e+00 > max 0.000000e+00}}
func.func @act_clip_min_max() attributes {a = #sparrow.act<clip, 6.0, 0.0>} {
  return
}

// -----

// relu takes no parameters.
// expected-error@+1 {{expected '>'}}
func.func @act_relu_params() attributes {a = #sparrow.act<relu, 1.0, 2.0>} {
  return
}

// -----

// clip takes two parameters, not one.
// expected-error@+1 {{expected ','}}
func.func @act_clip_one_param() attributes {a = #sparrow.act<clip, 0.0>} {
  return
}

// -----

// Parameters are float literals.
// expected-error@+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note@+1 {{add a trailing dot to make the literal a float}}
func.func @act_int_param() attributes {a = #sparrow.act<clip, 0, 6.0>} {
  return
}

// -----

// The activation attribute of an op is checked the same way.
func.func @act_on_op(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error@+1 {{clip activation needs min <= max, got min 1.000000e+00 > max -1.000000e+00}}
  %0 = sparrow.add %a, %b {activation = #sparrow.act<clip, 1.0, -1.0>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// The activation slot only takes #sparrow.act attributes.
func.func @act_wrong_attr(%a: tensor<2xf32>, %b: tensor<2xf32>) {
  // expected-error@+1 {{attribute 'activation' failed to satisfy constraint}}
  %0 = sparrow.add %a, %b {activation = "relu"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// A negative softmax axis is reported as written (axes are normalised on
// import).
func.func @softmax_negative_axis(%x: tensor<2x10xf32>) {
  // expected-error@+1 {{'sparrow.softmax' op axis -1 out of range for rank 2}}
  %0 = sparrow.softmax %x {axis = -1 : i64} : tensor<2x10xf32>
  return
}

// -----

// A fused residual has the conv's result type.
func.func @conv_residual_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %r: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{residual must have the result type 'tensor<1x4x8x8xf32>', got 'tensor<1x3x8x8xf32>'}}
  %y = sparrow.conv2d %x, %w residual %r {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}
