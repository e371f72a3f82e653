// RUN: sparrow-opt %s -split-input-file --sparrow-quantize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-quantize="activation-type=i8 skip=head" | FileCheck %s --check-prefix=I8
// RUN: sparrow-opt %s -split-input-file --sparrow-quantize --sparrow-fuse-quantized | FileCheck %s --check-prefix=FUSED
// RUN: sparrow-opt %s -split-input-file --sparrow-quantize=report 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT

// Weights get one symmetric scale per output channel (max|w| / 127); the
// input range [-1, 1] gives u8 scale 2/255 with zero point 128, the relu
// output range [0, 5.1] scale 0.02 with zero point 0. The range attributes
// are consumed.
// CHECK-LABEL: func.func @conv_relu
//  CHECK-SAME:   (%[[X:.*]]: tensor<1x2x4x4xf32>)
//       CHECK:   %[[XQ:.*]] = sparrow.quantize %[[X]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
//       CHECK:   %[[XD:.*]] = sparrow.dequantize %[[XQ]]
//       CHECK:   %[[WI:.*]] = arith.constant dense<{{\[\[\[\[}}64]], {{\[\[}}-127]]], {{\[\[\[}}127]], {{\[\[}}64]]]]> : tensor<2x2x1x1xi8>
//       CHECK:   %[[WQ:.*]] = sparrow.storage_cast %[[WI]] : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.015748031496062992,0.003937007874015748}>>
//       CHECK:   %[[WD:.*]] = sparrow.dequantize %[[WQ]]
//       CHECK:   %[[C:.*]] = sparrow.conv2d %[[XD]], %[[WD]]
//       CHECK:   %[[R:.*]] = sparrow.relu %[[C]]
//   CHECK-NOT:   calibrated_
//       CHECK:   %[[RQ:.*]] = sparrow.quantize %[[R]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999626010071>>
//       CHECK:   %[[RD:.*]] = sparrow.dequantize %[[RQ]]
//       CHECK:   return %[[RD]]
// I8-LABEL: func.func @conv_relu
//       I8:   sparrow.quantize %{{.*}} -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.0078431372549019607>>
//       I8:   sparrow.quantize %{{.*}} -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.019999999626010071:-128>>
// The report gives the weights' SQNR, the grids, and the calibration SQNR
// when the ranges come with one.
// REPORT: remark: quantized int8: weight SQNR 49.1 dB, input scale 0.007843 zero point 128, output scale 0.02 zero point 0; calibration SQNR input 40.0 dB, output 38.5 dB
// The fused result is one integer conv with the relu as its clamp.
// FUSED-LABEL: func.func @conv_relu
//       FUSED:   sparrow.quantize
//       FUSED:   sparrow.qconv2d {{.*}}activation = #sparrow.act<relu>
//   FUSED-NOT:   sparrow.conv2d
//       FUSED:   return
func.func @conv_relu(%x: tensor<1x2x4x4xf32> {sparrow.calibrated_range = array<f32: -1.0, 1.0>, sparrow.calibrated_sqnr = 40.0 : f32}) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[-2.0]]], [[[0.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = sparrow.relu %c {sparrow.calibrated_range = array<f32: 0.0, 5.1>, sparrow.calibrated_sqnr = 38.5 : f32} : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// The output of the first layer is the input of the second: it is quantized
// once. The matmul's weight is quantized per column (its last axis), and a
// positive-only range still includes 0. The layer named in `skip` stays f32.
// CHECK-LABEL: func.func @chain
//       CHECK:   sparrow.quantize %{{.*}} -> tensor<4x8x!quant.uniform<u8:f32, 0.0039215686274509803>>
//       CHECK:   %[[MQ:.*]] = sparrow.quantize %[[M:.*]] : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<u8:f32, 0.011764705882352941:85>>
//   CHECK-NOT:   sparrow.quantize %[[M]]
//       CHECK:   storage_cast {{.*}}tensor<8x2x!quant.uniform<i8<-127:127>:f32:1, {0.015748031496062992,0.031496062992125984}>>
//       CHECK:   sparrow.matmul
// CHECK-LABEL: func.func @head_only
// I8-LABEL: func.func @chain
//       I8:   sparrow.quantize
// I8-LABEL: func.func @head_only
//   I8-NOT:   sparrow.quantize
//       I8:   sparrow.matmul
func.func @chain(%x: tensor<4x8xf32> {sparrow.calibrated_range = array<f32: 0.5, 1.0>}) -> tensor<4x2xf32> {
  %w1 = arith.constant dense<1.0> : tensor<8x8xf32>
  %m = sparrow.matmul %x, %w1 {sparrow.calibrated_range = array<f32: -1.0, 2.0>} : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %w2 = arith.constant dense<[[2.0, -4.0], [1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]> : tensor<8x2xf32>
  %y = sparrow.matmul %m, %w2 {sparrow.calibrated_range = array<f32: -3.0, 3.0>} : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
func.func @head_only(%x: tensor<4x8xf32> {sparrow.calibrated_range = array<f32: 0.5, 1.0>}) -> tensor<4x8xf32> {
  %w1 = arith.constant dense<1.0> : tensor<8x8xf32>
  %m = sparrow.matmul %x, %w1 {sparrow.calibrated_range = array<f32: -1.0, 2.0>} : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32> loc("head")
  return %m : tensor<4x8xf32>
}

// -----

// A conv with a fused residual and a matmul with a computed weight are not
// layers sparrow-quantize handles: they need no range and stay f32.
// CHECK-LABEL: func.func @not_quantizable
//   CHECK-NOT:   sparrow.quantize
func.func @not_quantizable(%x: tensor<1x2x4x4xf32>, %a: tensor<4x8xf32>, %b: tensor<8x8xf32>) -> (tensor<1x2x4x4xf32>, tensor<4x8xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = sparrow.conv2d %x, %w residual %x {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = sparrow.matmul %a, %b : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  return %c, %m : tensor<1x2x4x4xf32>, tensor<4x8xf32>
}
