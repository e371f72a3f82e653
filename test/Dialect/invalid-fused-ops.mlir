// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

func.func @se_reduce_channels(%x: tensor<1x8x4x4xf32>, %w1: tensor<2x4x1x1xf32>, %b1: tensor<2xf32>,
                              %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error@+1 {{reduce weights must be [R, 8, 1, 1]}}
  %y = sparrow.squeeze_excite %x, %w1, %b1, %w2, %b2 {gate_activation = #sparrow.act<sigmoid>}
       : (tensor<1x8x4x4xf32>, tensor<2x4x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @se_expand_bias(%x: tensor<1x8x4x4xf32>, %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>,
                          %w2: tensor<8x2x1x1xf32>, %b2: tensor<2xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error@+1 {{expand bias must be [8]}}
  %y = sparrow.squeeze_excite %x, %w1, %b1, %w2, %b2 {gate_activation = #sparrow.act<sigmoid>}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<2xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<1x4x16xf32>, %g: tensor<16xf32>) -> tensor<1x4x16xf32> {
  // expected-error@+1 {{axis 3 out of range for rank 3}}
  %y = sparrow.layer_norm %x, %g {axis = 3 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<1x4x16xf32>, %g: tensor<4x16xf32>) -> tensor<1x4x16xf32> {
  // expected-error@+1 {{scale must have the normalised dims}}
  %y = sparrow.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<4x16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

func.func @activate_unknown(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{unknown activation 'swish'}}
  %y = sparrow.activate <swish> %x : tensor<8xf32>
  return %y : tensor<8xf32>
}
