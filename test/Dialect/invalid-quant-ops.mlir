// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

// Per-axis parameters need one scale per slice of their axis.
func.func @quantize_axis_size(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{the result has 2 scales for 3 slices along axis 1}}
  %0 = sparrow.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {1.0, 2.0}>>
  return
}

// -----

func.func @dequantize_shape(%x: tensor<4x!quant.uniform<u8:f32, 1.0>>) {
  // expected-error@+1 {{operand and result shapes differ}}
  %0 = sparrow.dequantize %x : tensor<4x!quant.uniform<u8:f32, 1.0>> -> tensor<2x2xf32>
  return
}

// -----

// uint8 integers are not signed storage.
func.func @storage_cast_signedness(%x: tensor<4xui8>) {
  // expected-error@+1 {{integer and storage signedness differ}}
  %0 = sparrow.storage_cast %x : tensor<4xui8> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @storage_cast_width(%x: tensor<4xi32>) {
  // expected-error@+1 {{integer width 32 differs from the storage width 8}}
  %0 = sparrow.storage_cast %x : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @storage_cast_two_ints(%x: tensor<4xi8>) {
  // expected-error@+1 {{casts between an integer and a quantized tensor}}
  %0 = sparrow.storage_cast %x : tensor<4xi8> -> tensor<4xui8>
  return
}

// -----

// An i32 result is the accumulator: its scale must be input x filter scale.
func.func @qconv_i32_scale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
                           %w: tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>) {
  // expected-error@+1 {{i32 result scale 1.000000e+00 is not input scale x filter scale (2.500000e-01)}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>)
       -> tensor<1x1x4x4x!quant.uniform<i32:f32, 1.0>>
  return
}

// -----

// Filters are quantized per output channel (axis 0), not per input channel.
func.func @qconv_filter_axis(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
                             %w: tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.5}>>) {
  // expected-error@+1 {{expects the filter quantized per tensor or along axis 0}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.5}>>)
       -> tensor<1x1x4x4x!quant.uniform<u8:f32, 1.0>>
  return
}

// -----

func.func @qconv_shape(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
                       %w: tensor<1x1x3x3x!quant.uniform<u8:f32, 0.5>>) {
  // expected-error@+1 {{result shape does not match the convolution}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<1x1x3x3x!quant.uniform<u8:f32, 0.5>>)
       -> tensor<1x1x4x4x!quant.uniform<u8:f32, 1.0>>
  return
}

// -----

func.func @qmatmul_inner(%a: tensor<2x3x!quant.uniform<u8:f32, 0.5>>,
                         %b: tensor<4x2x!quant.uniform<u8:f32, 0.5>>) {
  // expected-error@+1 {{inner dims differ: 3 and 4}}
  %0 = sparrow.qmatmul %a, %b
       : (tensor<2x3x!quant.uniform<u8:f32, 0.5>>,
          tensor<4x2x!quant.uniform<u8:f32, 0.5>>)
       -> tensor<2x2x!quant.uniform<u8:f32, 1.0>>
  return
}

// -----

// Per-row parameters on the lhs are not supported.
func.func @qmatmul_lhs_axis(%a: tensor<2x3x!quant.uniform<u8:f32:0, {0.5, 0.5}>>,
                            %b: tensor<3x2x!quant.uniform<u8:f32, 0.5>>) {
  // expected-error@+1 {{expects a per-tensor quantized input}}
  %0 = sparrow.qmatmul %a, %b
       : (tensor<2x3x!quant.uniform<u8:f32:0, {0.5, 0.5}>>,
          tensor<3x2x!quant.uniform<u8:f32, 0.5>>)
       -> tensor<2x2x!quant.uniform<u8:f32, 1.0>>
  return
}

// -----

// Only clamps (relu, clip) commute with requantization.
func.func @qconv2d_sigmoid(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
                           %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error@+1 {{fuses only relu and clip activations}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<sigmoid>}
       : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>)
       -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

// The i32 accumulator result is never clamped.
func.func @qconv2d_i32_relu(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
                            %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error@+1 {{fuses an activation only with an 8-bit result}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>)
       -> tensor<1x2x4x4x!quant.uniform<i32:f32, 0.125>>
  return
}

// -----

// A per-channel i32 result needs per-filter weights to match.
func.func @qconv_i32_axis_weights(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
                                  %w: tensor<2x1x1x1x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{expects an i32 result per tensor, or along axis 1 with per-filter weights}}
  %0 = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5>>,
          tensor<2x1x1x1x!quant.uniform<i8:f32, 0.5>>)
       -> tensor<1x2x4x4x!quant.uniform<i32:f32:1, {0.25, 0.25}>>
  return
}
