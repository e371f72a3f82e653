// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every op here is lowered.
// GONE-NOT: sparrow.

// sparrow.unary is one parallel generic applying the math function.
// CHECK-LABEL: func.func @tanh
//       CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<2x3xf32>)
//  CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[T:.*]] = math.tanh %[[X]] : f32
//  CHECK-NEXT:   linalg.yield %[[T]]
func.func @tanh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.unary tanh %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// leaky_relu selects alpha * x below zero.
// CHECK-LABEL: func.func @leaky_relu
//       CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
//       CHECK:   %[[A:.*]] = arith.constant 1.000000e-01 : f32
//       CHECK:   %[[S:.*]] = arith.mulf %[[X]], %[[A]]
//       CHECK:   %[[N:.*]] = arith.cmpf olt, %[[X]]
//       CHECK:   arith.select %[[N]], %[[S]], %[[X]]
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sparrow.unary leaky_relu %x {alpha = 0.1 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// pow is exp(e * log|x|), negated for a negative base and an odd exponent,
// NaN for a negative base and a fractional one, 1 for a zero exponent. The
// scalar exponent broadcasts through an empty map.
//   CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @pow
//       CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
//       CHECK:   math.absf
//       CHECK:   math.log
//       CHECK:   math.exp
//       CHECK:   math.floor
//       CHECK:   arith.negf
//       CHECK:   arith.constant 0x7FC00000 : f32
//       CHECK:   arith.cmpf oeq
//       CHECK:   arith.constant 1.000000e+00 : f32
//       CHECK:   arith.select
//       CHECK:   linalg.yield
func.func @pow(%x: tensor<2x3xf32>, %e: tensor<f32>) -> tensor<2x3xf32> {
  %0 = sparrow.pow %x, %e : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// max is NaN-propagating maximumf; prelu multiplies negatives by the slope.
// CHECK-LABEL: func.func @max_prelu
//       CHECK: arith.maximumf
//       CHECK: %[[N:.*]] = arith.cmpf olt
//       CHECK: %[[P:.*]] = arith.mulf
//       CHECK: arith.select %[[N]], %[[P]]
func.func @max_prelu(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.max %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = sparrow.prelu %0, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// mod is C's fmod without a libm call: the quotient truncated in f64, the
// remainder corrected by one divisor, the dividend's sign copied.
// CHECK-LABEL: func.func @mod
//       CHECK: arith.extf %{{.*}} : f32 to f64
//       CHECK: math.trunc
//       CHECK: arith.truncf %{{.*}} : f64 to f32
//       CHECK: math.copysign
//   CHECK-NOT: arith.remf
//       CHECK: return
func.func @mod(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.mod %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Masks are i1 tensors: cmpf, xori with true, select.
// CHECK-LABEL: func.func @masks
//       CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xi1>
//       CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<2x3xi1>)
//       CHECK:   arith.cmpf ogt
//       CHECK: linalg.generic
//       CHECK:   arith.xori %{{.*}}, %true
//       CHECK: linalg.generic {{.*}} ins(%{{.*}}, %arg0, %arg1 : tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>)
//       CHECK:   arith.select
func.func @masks(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %m = sparrow.compare gt %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %n = sparrow.not %m : tensor<2x3xi1>
  %r = sparrow.where %n, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
