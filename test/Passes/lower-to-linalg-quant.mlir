// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every quantized op is lowered, and no quantized type is left.
// GONE-NOT: sparrow.
// GONE-NOT: quant.uniform

// Quantized values become their signless storage; the signature loses its
// signedness (the model ABI has read it already) and the boundary casts go.
// Dequantize subtracts the zero point in i32 (zero-extended u8), quantize
// rounds half to even and saturates to the storage range by compare and
// select (NaN to the low bound).
// CHECK-LABEL: func.func @boundary
//  CHECK-SAME:   (%[[X:.*]]: tensor<4xi8>) -> tensor<4xi8>
//       CHECK:   %[[F:.*]] = linalg.generic {{.*}} ins(%[[X]], {{.*}} : tensor<4xi8>, tensor<1xf32>, tensor<1xi32>)
//       CHECK:     arith.extui %{{.*}} : i8 to i32
//       CHECK:     arith.subi
//       CHECK:     arith.sitofp
//       CHECK:     arith.mulf
//       CHECK:   %[[Q:.*]] = linalg.generic {{.*}} ins(%[[F]], {{.*}}) outs(%{{.*}} : tensor<4xi8>)
//       CHECK:     arith.divf
//       CHECK:     math.roundeven
//       CHECK:     arith.cmpf olt
//       CHECK:     arith.select
//       CHECK:     arith.cmpf olt
//       CHECK:     arith.select
//       CHECK:     arith.fptosi
//       CHECK:     arith.trunci %{{.*}} : i32 to i8
//       CHECK:   return %[[Q]] : tensor<4xi8>
func.func @boundary(%x: tensor<4xui8>) -> tensor<4xsi8> {
  %q = sparrow.storage_cast %x : tensor<4xui8> -> tensor<4x!quant.uniform<u8:f32, 2.0:128>>
  %f = sparrow.dequantize %q : tensor<4x!quant.uniform<u8:f32, 2.0:128>> -> tensor<4xf32>
  %r = sparrow.quantize %f : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  %o = sparrow.storage_cast %r : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xsi8>
  return %o : tensor<4xsi8>
}

// -----

// Per-axis parameters are tables indexed by the quantized dim.
// CHECK-DAG:   #[[AXIS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @per_axis
//       CHECK:   arith.constant dense<[5.000000e-01, 2.500000e-01, 1.000000e+00]> : tensor<3xf32>
//       CHECK:   linalg.generic {indexing_maps = [#{{.*}}, #[[AXIS]], #[[AXIS]], #{{.*}}]
func.func @per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xui8> {
  %q = sparrow.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {0.5:1, 0.25:2, 1.0:3}>>
  %o = sparrow.storage_cast %q : tensor<2x3x!quant.uniform<u8:f32:1, {0.5:1, 0.25:2, 1.0:3}>> -> tensor<2x3xui8>
  return %o : tensor<2x3xui8>
}

// -----

// The conv pads its input with the zero point (so padding adds nothing),
// accumulates (x - 10) * (w - w_zp[f]) in i32 and requantizes with the f32
// multipliers 0.5 * w_scale(f) / 0.1 and zero point 3.
// CHECK-LABEL: func.func @qconv
//       CHECK:   %[[ZP:.*]] = arith.constant 10 : i8
//       CHECK:   tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK:     tensor.yield %[[ZP]] : i8
//       CHECK:   linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<1x1x2x4x4xi32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:     iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]
//       CHECK:     arith.subi
//       CHECK:     arith.extsi %{{.*}} : i8 to i32
//       CHECK:     arith.muli
//       CHECK:     arith.addi
//       CHECK:   arith.constant dense<[1.250000e+00, 2.500000e+00]> : tensor<2xf32>
//       CHECK:   linalg.generic
//       CHECK:     math.roundeven
//       CHECK:   return %{{.*}} : tensor<1x2x4x4xi8>
func.func @qconv(%x: tensor<1x1x4x4xui8>, %w: tensor<2x1x3x3xsi8>) -> tensor<1x2x4x4xui8> {
  %xq = sparrow.storage_cast %x : tensor<1x1x4x4xui8> -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:10>>
  %wq = sparrow.storage_cast %w : tensor<2x1x3x3xsi8> -> tensor<2x1x3x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>
  %y = sparrow.qconv2d %xq, %wq {strides = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:10>>,
          tensor<2x1x3x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>)
       -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>>
  %o = sparrow.storage_cast %y : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1x2x4x4xui8>
  return %o : tensor<1x2x4x4xui8>
}

// -----

// An i32 result is the accumulator itself: no requantizing loop.
// CHECK-LABEL: func.func @qmatmul_i32
//       CHECK:   %[[ACC:.*]] = linalg.generic
//  CHECK-SAME:     iterator_types = ["parallel", "parallel", "reduction"]
//       CHECK:   return %[[ACC]] : tensor<2x2xi32>
func.func @qmatmul_i32(%a: tensor<2x3xui8>, %b: tensor<3x2xui8>) -> tensor<2x2xsi32> {
  %aq = sparrow.storage_cast %a : tensor<2x3xui8> -> tensor<2x3x!quant.uniform<u8:f32, 1.0:12>>
  %bq = sparrow.storage_cast %b : tensor<3x2xui8> -> tensor<3x2x!quant.uniform<u8:f32, 1.0>>
  %y = sparrow.qmatmul %aq, %bq
       : (tensor<2x3x!quant.uniform<u8:f32, 1.0:12>>,
          tensor<3x2x!quant.uniform<u8:f32, 1.0>>)
       -> tensor<2x2x!quant.uniform<i32:f32, 1.0>>
  %o = sparrow.storage_cast %y : tensor<2x2x!quant.uniform<i32:f32, 1.0>> -> tensor<2x2xsi32>
  return %o : tensor<2x2xsi32>
}
