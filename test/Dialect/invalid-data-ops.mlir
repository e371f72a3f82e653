// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

// A slice must stay inside its input.
func.func @slice_bounds(%x: tensor<4xf32>) {
  // expected-error@+2 {{dim 0 reads indices 2 to 4 outside [0, 4)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.slice %x {offsets = array<i64: 2>, sizes = array<i64: 3>, strides = array<i64: 1>} : (tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @slice_backwards_bounds(%x: tensor<4xf32>) {
  // expected-error@+2 {{dim 0 reads indices 1 to -1 outside [0, 4)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.slice %x {offsets = array<i64: 1>, sizes = array<i64: 2>, strides = array<i64: -2>} : (tensor<4xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<4xf32>) {
  // expected-error@+2 {{stride of dim 0 is zero}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.slice %x {offsets = array<i64: 0>, sizes = array<i64: 1>, strides = array<i64: 0>} : (tensor<4xf32>) -> tensor<1xf32>
  return
}

// -----

// Constant indices are checked against the axis.
func.func @gather_index(%x: tensor<3x4xf32>) {
  %i = arith.constant dense<[0, 4]> : tensor<2xi64>
  // expected-error@+1 {{index 4 out of range [0, 4)}}
  %0 = sparrow.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<3x4xf32>, %i: tensor<2xi64>) {
  // expected-error@+2 {{axis 2 out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.gather %x, %i {axis = 2 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return
}

// -----

// reflect cannot mirror more than the dim holds.
func.func @pad_reflect(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{reflect pads of dim 1 must be smaller than its size 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.pad reflect %x {pads = array<i64: 0, 3, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{expects 4 pads [begins..., ends...], got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.pad edge %x {pads = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{pads must be non-negative}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.pad constant %x {pads = array<i64: -1, 0, 0, 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @tile_count(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{expects 2 repeats, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.tile %x {repeats = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @expand_shape(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{input does not broadcast with the shape}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.expand %x {shape = array<i64: 4, 3>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @resize_scales(%x: tensor<1x3x4x4xf32>) {
  // expected-error@+1 {{expects 4 scales, got 2}}
  %0 = sparrow.resize linear %x coordinates half_pixel {scales = array<f32: 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @resize_rank(%x: tensor<1x3x4x4xf32>) {
  // expected-error@+1 {{changes the rank}}
  %0 = sparrow.resize linear %x coordinates half_pixel {scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<3x8x8xf32>
  return
}

// -----

func.func @resize_crop_roi(%x: tensor<1x3x4x4xf32>) {
  // expected-error@+1 {{tf_crop_and_resize needs a roi}}
  %0 = sparrow.resize linear %x coordinates tf_crop_and_resize {scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @conv3d_rank(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3x3xf32>) {
  // expected-error@+2 {{expects 5-D input and filter, got ranks 4 and 5}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.conv3d %x, %w {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<3x2x3x3x3xf32>) -> tensor<1x3x2x2x2xf32>
  return
}

// -----

// The transposed filter is [C_in, C_out / groups, k...].
func.func @conv_transpose_channels(%x: tensor<1x2x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error@+2 {{filter has 3 input channels, input has 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @conv_transpose_pads(%x: tensor<1x1x1x1xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error@+2 {{spatial dim 0 of the output is 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.conv_transpose %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1 : i64}
       : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return
}

// -----

// A 1-D pool over a rank-3 input needs one kernel dim.
func.func @pool_1d_kernel(%x: tensor<1x2x9xf32>) {
  // expected-error@+2 {{expects 1 kernel dims, strides and dilations, got 2, 1 and 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>}
       : (tensor<1x2x9xf32>) -> tensor<1x2x7xf32>
  return
}
