// RUN: sparrow-opt %s -split-input-file --sparrow-recognize-activations | FileCheck %s

// Hard-swish as opset-9 exporters write it: x * Clip(x + 3, 0, 6) / 6.
// CHECK-LABEL: func.func @hard_swish_opset9
//  CHECK-NEXT: %[[Y:.*]] = sparrow.activate <hard_swish> %arg0 : tensor<1x8xf32>
//  CHECK-NEXT: return %[[Y]]
func.func @hard_swish_opset9(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %three = arith.constant dense<3.0> : tensor<f32>
  %six = arith.constant dense<6.0> : tensor<f32>
  %a = sparrow.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %m = sparrow.mul %x, %c : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = sparrow.div %m, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// x * HardSigmoid(x) with alpha 1/6 (the constant operand first).
// CHECK-LABEL: func.func @hard_swish_from_hard_sigmoid
//  CHECK-NEXT: sparrow.activate <hard_swish> %arg0
func.func @hard_swish_from_hard_sigmoid(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %h = sparrow.hard_sigmoid %x {alpha = 0.16666667 : f32, beta = 0.5 : f32} : tensor<1x8xf32>
  %y = sparrow.mul %h, %x : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Hard-sigmoid as Clip(x + 3, 0, 6) * (1/6); and then times x (two steps).
// CHECK-LABEL: func.func @hard_sigmoid_then_swish
//  CHECK-NEXT: sparrow.activate <hard_swish> %arg0
//  CHECK-NEXT: return
func.func @hard_sigmoid_then_swish(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %three = arith.constant dense<3.0> : tensor<1xf32>
  %sixth = arith.constant dense<0.166666672> : tensor<f32>
  %a = sparrow.add %three, %x : (tensor<1xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %h = sparrow.mul %c, %sixth : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %y = sparrow.mul %x, %h : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @hard_sigmoid_alone
//  CHECK-NEXT: sparrow.activate <hard_sigmoid, 0.166666672, 5.000000e-01> %arg0
func.func @hard_sigmoid_alone(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %three = arith.constant dense<3.0> : tensor<f32>
  %six = arith.constant dense<6.0> : tensor<f32>
  %a = sparrow.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %y = sparrow.div %c, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @silu
//  CHECK-NEXT: sparrow.activate <silu> %arg0
func.func @silu(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %s = sparrow.sigmoid %x : tensor<2x4xf32>
  %y = sparrow.mul %x, %s : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// GELU as PyTorch exports it: Div(x, 1.4142135), Erf, Add 1, Mul x, Mul 0.5.
// CHECK-LABEL: func.func @gelu_erf
//  CHECK-NEXT: sparrow.activate <gelu> %arg0
//  CHECK-NEXT: return
func.func @gelu_erf(%x: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %sqrt2 = arith.constant dense<1.41421354> : tensor<f32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %d = sparrow.div %x, %sqrt2 : (tensor<1x16x64xf32>, tensor<f32>) -> tensor<1x16x64xf32>
  %e = sparrow.unary erf %d : tensor<1x16x64xf32>
  %a = sparrow.add %e, %one : (tensor<1x16x64xf32>, tensor<f32>) -> tensor<1x16x64xf32>
  %m = sparrow.mul %x, %a : (tensor<1x16x64xf32>, tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  %y = sparrow.mul %m, %half : (tensor<1x16x64xf32>, tensor<f32>) -> tensor<1x16x64xf32>
  return %y : tensor<1x16x64xf32>
}

// -----

// GELU, tanh form, with Pow(x, 3) and the half applied to x first.
// CHECK-LABEL: func.func @gelu_tanh
//  CHECK-NEXT: sparrow.activate <gelu_tanh> %arg0
//  CHECK-NEXT: return
func.func @gelu_tanh(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %three = arith.constant dense<3.0> : tensor<f32>
  %k = arith.constant dense<0.044715> : tensor<f32>
  %c = arith.constant dense<0.797884583> : tensor<f32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %p = sparrow.pow %x, %three : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %kp = sparrow.mul %k, %p : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %in = sparrow.add %x, %kp : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = sparrow.mul %in, %c : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %t = sparrow.unary tanh %s : tensor<4x8xf32>
  %a = sparrow.add %one, %t : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %h = sparrow.mul %half, %x : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = sparrow.mul %h, %a : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @relu6_from_min_max
//  CHECK-NEXT: sparrow.clip %arg0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
func.func @relu6_from_min_max(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %six = arith.constant dense<6.0> : tensor<f32>
  %a = sparrow.max %x, %zero : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %y = sparrow.min %a, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Not a hard-swish: divided by 5, not 6.
// CHECK-LABEL: func.func @wrong_constant
//   CHECK-NOT: sparrow.activate
//       CHECK: sparrow.div
func.func @wrong_constant(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %three = arith.constant dense<3.0> : tensor<f32>
  %five = arith.constant dense<5.0> : tensor<f32>
  %a = sparrow.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %m = sparrow.mul %x, %c : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = sparrow.div %m, %five : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Not a SiLU: the sigmoid is of another value.
// CHECK-LABEL: func.func @sigmoid_of_other
//   CHECK-NOT: sparrow.activate
func.func @sigmoid_of_other(%x: tensor<2x4xf32>, %z: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %s = sparrow.sigmoid %z : tensor<2x4xf32>
  %y = sparrow.mul %x, %s : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// The clipped value is used elsewhere too: rewriting would compute it twice.
// CHECK-LABEL: func.func @intermediate_has_other_use
//   CHECK-NOT: sparrow.activate
func.func @intermediate_has_other_use(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %three = arith.constant dense<3.0> : tensor<f32>
  %six = arith.constant dense<6.0> : tensor<f32>
  %a = sparrow.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %m = sparrow.mul %x, %c : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = sparrow.div %m, %six : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %y, %c : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Not a GELU: the erf's argument is x / 2.
// CHECK-LABEL: func.func @gelu_wrong_scale
//   CHECK-NOT: sparrow.activate
func.func @gelu_wrong_scale(%x: tensor<8xf32>) -> tensor<8xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %d = sparrow.div %x, %two : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %e = sparrow.unary erf %d : tensor<8xf32>
  %a = sparrow.add %e, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %m = sparrow.mul %x, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %y = sparrow.mul %m, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Not a hard-sigmoid: Clip(x + 3, 0, 6) / 6 broadcasts x to a larger shape.
// CHECK-LABEL: func.func @broadcasting_constant
//   CHECK-NOT: sparrow.activate
func.func @broadcasting_constant(%x: tensor<1x8xf32>) -> tensor<2x8xf32> {
  %three = arith.constant dense<3.0> : tensor<f32>
  %six = arith.constant dense<6.0> : tensor<2x8xf32>
  %a = sparrow.add %x, %three : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %c = sparrow.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  %y = sparrow.div %c, %six : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
