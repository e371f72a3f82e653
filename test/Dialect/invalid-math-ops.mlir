// RUN: sparrow-opt %s -split-input-file -verify-diagnostics

// leaky_relu needs its slope.
func.func @unary_missing_alpha(%x: tensor<2xf32>) {
  // expected-error@+1 {{kind 'leaky_relu' needs an alpha}}
  %0 = sparrow.unary leaky_relu %x : tensor<2xf32>
  return
}

// -----

// tanh takes no parameter.
func.func @unary_extra_alpha(%x: tensor<2xf32>) {
  // expected-error@+1 {{kind 'tanh' takes no alpha}}
  %0 = sparrow.unary tanh %x {alpha = 1.0 : f32} : tensor<2xf32>
  return
}

// -----

func.func @pow_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error@+2 {{operand shapes do not broadcast}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.pow %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// compare makes an i1 mask, not f32.
func.func @compare_type(%a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{result #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = sparrow.compare eq %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @where_broadcast(%c: tensor<4xi1>, %a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error@+2 {{operand shapes do not broadcast}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.where %c, %a, %b : (tensor<4xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{axis 2 out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.reduce sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reduce_axes_order(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{axes must be sorted and distinct}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.reduce max %x {axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return
}

// -----

// With keep_dims the reduced dims stay as 1.
func.func @reduce_result(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{'sparrow.reduce' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.reduce mean %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) {
  // expected-error@+2 {{axis -1 out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.arg_max %x {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return
}

// -----

func.func @mod_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error@+2 {{operand shapes do not broadcast}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = sparrow.mod %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}
