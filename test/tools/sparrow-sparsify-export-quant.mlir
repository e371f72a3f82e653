// The quantized ops as ONNX: quantize/dequantize as QuantizeLinear and
// DequantizeLinear with their scales and zero points as initializers of the
// storage type, storage casts as nothing, qconv2d as QLinearConv (its fused
// relu as the DequantizeLinear, Relu, QuantizeLinear it came from) and
// qmatmul as QLinearMatMul or, with an i32 result, MatMulInteger.
// onnxruntime on the written file computes what Sparrow compiles.
// REQUIRES: onnxruntime
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: sparrow-sparsify %s --sparsity 0 -o quant.onnx > /dev/null
// RUN: %python %S/Inputs/print_onnx.py quant.onnx | FileCheck %s
// RUN: %python %S/Inputs/print_onnx.py quant.onnx | FileCheck %s --check-prefix=INIT
// RUN: %ort-run quant.onnx --seed 3 --output-dir ort > /dev/null
// RUN: sparrow-compile %s --target=host -o quant.so
// RUN: sparrow-run quant.so --seed 3 --output-dir ours > /dev/null
// RUN: %compare ours ort --max-rel-err 1e-5 | FileCheck %s --check-prefix=SAME

!qx = !quant.uniform<u8:f32, 0.0078125:128>
!qw = !quant.uniform<i8:f32, 0.015625>
!qb = !quant.uniform<i32:f32, 1.220703125E-4>
!qy = !quant.uniform<u8:f32, 0.03125:100>
!qm = !quant.uniform<u8:f32, 0.0625:3>
!qacc = !quant.uniform<i32:f32, 4.8828125E-4>
module {
  func.func @main(%x: tensor<1x2x4x4xf32> {sparrow.name = "x"},
                  %a: tensor<3x4xf32> {sparrow.name = "a"})
      -> (tensor<1x3x4x4xf32> {sparrow.name = "y"},
          tensor<3x2xf32> {sparrow.name = "product"},
          tensor<3x2xf32> {sparrow.name = "acc"}) {
    // INIT: initializer xq_scale FLOAT []
    // INIT-NEXT: initializer xq_zero_point UINT8 []
    // CHECK: node QuantizeLinear(x, xq_scale, xq_zero_point) -> xq
    %qx = sparrow.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qx> loc("xq")
    %wi = arith.constant dense<[[[[10]], [[-20]]], [[[30]], [[5]]], [[[-7]], [[64]]]]> : tensor<3x2x1x1xi8>
    %w = sparrow.storage_cast %wi : tensor<3x2x1x1xi8> -> tensor<3x2x1x1x!qw>
    %bi = arith.constant dense<[100, -200, 300]> : tensor<3xi32>
    %b = sparrow.storage_cast %bi : tensor<3xi32> -> tensor<3x!qb>
    // INIT: initializer conv.weight INT8 [3, 2, 1, 1]
    // INIT-NEXT: initializer conv.bias INT32 [3]
    // Parameters are shared by the nodes of one quantized type.
    // CHECK: node QLinearConv(xq, xq_scale, xq_zero_point, conv.weight, conv_w_scale, conv_w_zero_point, conv_y_scale, conv_y_zero_point, conv.bias) -> conv_conv
    // CHECK-NEXT: node DequantizeLinear(conv_conv, conv_y_scale, conv_y_zero_point) -> conv_dequantized
    // CHECK-NEXT: node Relu(conv_dequantized) -> conv_activated
    // CHECK-NEXT: node QuantizeLinear(conv_activated, conv_y_scale, conv_y_zero_point) -> conv_pre
    %y = sparrow.qconv2d %qx, %w, %b {strides = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
           groups = 1 : i64, activation = #sparrow.act<relu>}
         : (tensor<1x2x4x4x!qx>, tensor<3x2x1x1x!qw>, tensor<3x!qb>)
         -> tensor<1x3x4x4x!qy> loc("conv")
    // CHECK: node DequantizeLinear(conv_pre, conv_y_scale, conv_y_zero_point) -> y
    %fy = sparrow.dequantize %y : tensor<1x3x4x4x!qy> -> tensor<1x3x4x4xf32> loc("y")

    %qa = sparrow.quantize %a : tensor<3x4xf32> -> tensor<3x4x!qx> loc("aq")
    %mi = arith.constant dense<[[1, 2], [3, 4], [50, 6], [7, 100]]> : tensor<4x2xi8>
    %m = sparrow.storage_cast %mi : tensor<4x2xi8> -> tensor<4x2x!qm>
    // INIT: initializer mm.weight UINT8 [4, 2]
    // CHECK: node QLinearMatMul(aq, xq_scale, xq_zero_point, mm.weight, mm_b_scale, mm_b_zero_point, conv_y_scale, conv_y_zero_point) -> mm
    %p = sparrow.qmatmul %qa, %m : (tensor<3x4x!qx>, tensor<4x2x!qm>)
         -> tensor<3x2x!qy> loc("mm")
    %fp = sparrow.dequantize %p : tensor<3x2x!qy> -> tensor<3x2xf32> loc("product")
    // CHECK: node MatMulInteger(aq, mm.weight, xq_zero_point, mm_b_zero_point) -> mmi
    // CHECK-NEXT: node DequantizeLinear(mmi, acc_scale) -> acc
    %acc = sparrow.qmatmul %qa, %m : (tensor<3x4x!qx>, tensor<4x2x!qm>)
           -> tensor<3x2x!qacc> loc("mmi")
    %facc = sparrow.dequantize %acc : tensor<3x2x!qacc> -> tensor<3x2xf32> loc("acc")
    return %fy, %fp, %facc : tensor<1x3x4x4xf32>, tensor<3x2xf32>, tensor<3x2xf32>
  }
}
// CHECK: output y FLOAT [1, 3, 4, 4]

// SAME: compare: 3 passed, 0 failed
