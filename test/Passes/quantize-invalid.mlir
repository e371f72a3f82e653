// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --sparrow-quantize
// RUN: not sparrow-opt %s -split-input-file --sparrow-quantize=activation-type=u4 2>&1 | FileCheck %s --check-prefix=TYPE

// TYPE: activation-type must be u8 or i8, got 'u4'

// A quantizable layer whose output was never calibrated.
func.func @missing_output_range(%x: tensor<4x8xf32> {sparrow.calibrated_range = array<f32: 0.0, 1.0>}) -> tensor<4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<8x8xf32>
  // expected-error @+1 {{sparrow-quantize: the output has no calibrated range}}
  %m = sparrow.matmul %x, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  return %m : tensor<4x8xf32>
}

// -----

// An empty or inverted range is no range.
func.func @inverted_range(%x: tensor<4x8xf32> {sparrow.calibrated_range = array<f32: 1.0, 0.0>}) -> tensor<4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<8x8xf32>
  // expected-error @+1 {{sparrow-quantize: the input has no calibrated range}}
  %m = sparrow.matmul %x, %w {sparrow.calibrated_range = array<f32: 0.0, 8.0>} : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  return %m : tensor<4x8xf32>
}

// -----

// Infinity in a range (an overflowing calibration run) is reported.
func.func @infinite_range(%x: tensor<4x8xf32> {sparrow.calibrated_range = array<f32: 0.0, 0x7F800000>}) -> tensor<4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<8x8xf32>
  // expected-error @+1 {{sparrow-quantize: the calibrated range of the input is not finite}}
  %m = sparrow.matmul %x, %w {sparrow.calibrated_range = array<f32: 0.0, 8.0>} : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  return %m : tensor<4x8xf32>
}
