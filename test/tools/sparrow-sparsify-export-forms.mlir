// The ONNX forms of sparrow ops that only the fusion passes make (conv
// residual, squeeze-excite, layer norm, GELU) and of the ops with a choice
// of form (negative-step Slice, ConvTranspose with negative pads, Resize by
// sizes or by scales, bool and int64 values): sparrow-sparsify writes a
// .mlir input as ONNX, and onnxruntime on the written file computes what
// Sparrow compiles from the same graph.
// REQUIRES: onnxruntime
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: sparrow-sparsify %s --sparsity 0 -o forms.onnx > /dev/null
// RUN: %python %S/Inputs/print_onnx.py forms.onnx | FileCheck %s
// RUN: %python %S/Inputs/print_onnx.py forms.onnx | FileCheck %s --check-prefix=INIT
// RUN: %ort-run forms.onnx --seed 3 --output-dir ort > /dev/null
// RUN: sparrow-compile %s --target=host -o forms.so
// RUN: sparrow-run forms.so --seed 3 --output-dir ours > /dev/null
// RUN: %compare ours ort --max-rel-err 1e-5 | FileCheck %s --check-prefix=SAME

module {
  func.func @main(%x: tensor<1x4x4x4xf32> {sparrow.name = "x"},
                  %t: tensor<1x6x8xf32> {sparrow.name = "t"})
      -> (tensor<1x4x2x4xf32> {sparrow.name = "reversed"},
          tensor<1x6x8xf32> {sparrow.name = "masked"},
          tensor<1x2x10x10xf32> {sparrow.name = "deconv"},
          tensor<1x4x8x8xf32> {sparrow.name = "up"},
          tensor<1x4x6x6xf32> {sparrow.name = "up_scaled"},
          tensor<1x3x8xf32> {sparrow.name = "gathered"},
          tensor<1x6xf32> {sparrow.name = "summed"},
          tensor<1x6xi64> {sparrow.name = "argmax"},
          tensor<1x4x6x6xf32> {sparrow.name = "padded"},
          tensor<1x6x8xf32> {sparrow.name = "remainder"}) {
    %w = arith.constant dense<[[[[0.5]], [[-0.25]], [[0.125]], [[1.0]]],
                               [[[-1.0]], [[0.75]], [[0.25]], [[0.5]]],
                               [[[0.3]], [[0.2]], [[-0.6]], [[0.1]]],
                               [[[0.0]], [[1.5]], [[-0.5]], [[0.25]]]]> : tensor<4x4x1x1xf32>
    %b = arith.constant dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>
    // CHECK: node Conv(x, conv.weight, conv.bias) -> conv_conv
    // CHECK-NEXT: node Add(conv_conv, x) -> conv_pre
    // CHECK-NEXT: node Relu(conv_pre) -> conv
    %c = sparrow.conv2d %x, %w, %b residual %x {strides = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
           groups = 1 : i64, activation = #sparrow.act<relu>}
         : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>,
            tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("conv")
    %w1 = arith.constant dense<[[[[0.5]], [[-0.5]], [[0.25]], [[1.0]]],
                                [[[1.0]], [[0.5]], [[-0.25]], [[0.5]]]]> : tensor<2x4x1x1xf32>
    %b1 = arith.constant dense<[0.1, -0.1]> : tensor<2xf32>
    %w2 = arith.constant dense<[[[[0.5]], [[1.0]]], [[[-1.0]], [[0.5]]],
                                [[[0.25]], [[0.25]]], [[[2.0]], [[-0.5]]]]> : tensor<4x2x1x1xf32>
    %b2 = arith.constant dense<[0.0, 0.5, -0.5, 1.0]> : tensor<4xf32>
    // CHECK: node GlobalAveragePool(conv) -> se_globalaveragepool
    // CHECK-NEXT: node Conv(se_globalaveragepool, se.weight, se.bias) -> se_conv {kernel_shape=[1, 1]}
    // CHECK-NEXT: node Relu(se_conv) -> se_act
    // CHECK-NEXT: node Conv(se_act, se.3, se.4) -> se_conv_1 {kernel_shape=[1, 1]}
    // CHECK-NEXT: node HardSigmoid(se_conv_1) -> se_act_1 {alpha=0.2{{[0-9]*}}, beta=0.5}
    // CHECK-NEXT: node Mul(conv, se_act_1) -> se
    %se = sparrow.squeeze_excite %c, %w1, %b1, %w2, %b2
            {reduce_activation = #sparrow.act<relu>,
             gate_activation = #sparrow.act<hard_sigmoid, 0.2, 0.5>}
          : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>, tensor<2xf32>,
             tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("se")
    // A step of -1 through index 0 ends at INT64_MIN.
    // INIT: initializer reverse_ends INT64 [2] = [-9223372036854775808, 0]
    // CHECK: node Slice(se, reverse_starts, reverse_ends, reverse_axes, reverse_steps) -> reverse
    %s = sparrow.slice %se {offsets = array<i64: 0, 3, 3, 0>,
           sizes = array<i64: 1, 4, 2, 4>, strides = array<i64: 1, -1, -2, 1>}
         : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x4xf32> loc("reverse")

    %g = arith.constant dense<[1.0, 0.5, 2.0, 1.0, -1.0, 1.5, 0.25, 1.0]> : tensor<8xf32>
    %beta = arith.constant dense<[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]> : tensor<8xf32>
    // CHECK: node ReduceMean(t) -> ln_reducemean {axes=[2], keepdims=1}
    // CHECK-NEXT: node Sub(t, ln_reducemean) -> ln_sub
    // CHECK-NEXT: node Mul(ln_sub, ln_sub) -> ln_mul
    // CHECK-NEXT: node ReduceMean(ln_mul) -> ln_reducemean_1 {axes=[2], keepdims=1}
    // CHECK-NEXT: node Add(ln_reducemean_1, ln_epsilon) -> ln_add
    // CHECK-NEXT: node Sqrt(ln_add) -> ln_sqrt
    // CHECK-NEXT: node Div(ln_sub, ln_sqrt) -> ln_div
    // CHECK-NEXT: node Mul(ln_div, ln.weight) -> ln_mul_1
    // CHECK-NEXT: node Add(ln_mul_1, ln.bias) -> ln
    %ln = sparrow.layer_norm %t, %g, %beta {axis = 2 : i64, epsilon = 1.0e-5 : f32}
          : (tensor<1x6x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x6x8xf32> loc("ln")
    // CHECK: node Erf
    %gelu = sparrow.unary gelu %ln : tensor<1x6x8xf32> loc("gelu")
    %zero = arith.constant dense<0.0> : tensor<f32>
    // CHECK: node Less(t, lt.weight) -> lt
    // CHECK-NEXT: node Not(lt) -> not
    // CHECK-NEXT: node Where(not, t, gelu) -> where
    %m = sparrow.compare lt %t, %zero
         : (tensor<1x6x8xf32>, tensor<f32>) -> tensor<1x6x8xi1> loc("lt")
    %n = sparrow.not %m : tensor<1x6x8xi1> loc("not")
    %masked = sparrow.where %n, %t, %gelu
         : (tensor<1x6x8xi1>, tensor<1x6x8xf32>, tensor<1x6x8xf32>)
         -> tensor<1x6x8xf32> loc("where")

    %wt = arith.constant dense<0.125> : tensor<4x2x3x3xf32>
    %bt = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
    // Negative pads grow the output with the bias alone.
    // CHECK: node ConvTranspose(x, deconv.weight) -> deconv_unpadded {dilations=[1, 1], group=1, kernel_shape=[3, 3], output_padding=[0, 0], pads=[0, 0, 0, 0], strides=[2, 2]}
    // INIT: initializer deconv_pads INT64 [8] = [0, 0, 0, 0, 0, 0, 1, 1]
    // CHECK-NEXT: node Pad(deconv_unpadded, deconv_pads) -> deconv_padded
    // CHECK-NEXT: node Reshape(deconv.bias, deconv_bias_shape) -> deconv_reshape
    // CHECK-NEXT: node Add(deconv_padded, deconv_reshape) -> deconv
    %dc = sparrow.conv_transpose %x, %wt, %bt {strides = array<i64: 2, 2>,
            pads = array<i64: 0, 0, -1, -1>, dilations = array<i64: 1, 1>,
            output_padding = array<i64: 0, 0>, groups = 1 : i64}
          : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>)
          -> tensor<1x2x10x10xf32> loc("deconv")
    // Scales that sizes imply are written as sizes, others as scales.
    // CHECK: node Resize(x, , , up_sizes) -> up {coordinate_transformation_mode=b'asymmetric', {{.*}}mode=b'nearest', nearest_mode=b'floor'}
    %up = sparrow.resize nearest %x coordinates asymmetric rounding floor
            {scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
          : (tensor<1x4x4x4xf32>) -> tensor<1x4x8x8xf32> loc("up")
    // CHECK: node Resize(x, , up_scaled_scales) -> up_scaled {coordinate_transformation_mode=b'half_pixel', {{.*}}mode=b'linear'
    %up2 = sparrow.resize linear %x coordinates half_pixel
             {scales = array<f32: 1.0, 1.0, 1.6, 1.6>}
           : (tensor<1x4x4x4xf32>) -> tensor<1x4x6x6xf32> loc("up_scaled")
    // INIT: initializer gather.weight INT64 [3] = [5, 0, 2]
    // CHECK: node Gather(t, gather.weight) -> gather {axis=1}
    %idx = arith.constant dense<[5, 0, 2]> : tensor<3xi64>
    %ga = sparrow.gather %t, %idx {axis = 1 : i64}
          : (tensor<1x6x8xf32>, tensor<3xi64>) -> tensor<1x3x8xf32> loc("gather")
    // CHECK: node ReduceSum(t, sum_axes) -> sum {keepdims=0}
    %sum = sparrow.reduce sum %t {axes = array<i64: 2>, keep_dims = false}
           : (tensor<1x6x8xf32>) -> tensor<1x6xf32> loc("sum")
    // CHECK: node ArgMax(t) -> argmax {axis=2, keepdims=0, select_last_index=0}
    %am = sparrow.arg_max %t {axis = 2 : i64, keep_dims = false}
          : (tensor<1x6x8xf32>) -> tensor<1x6xi64> loc("argmax")
    // CHECK: node Pad(x, pad_pads) -> pad {mode=b'reflect'}
    %pad = sparrow.pad reflect %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>}
           : (tensor<1x4x4x4xf32>) -> tensor<1x4x6x6xf32> loc("pad")
    // Float Mod must say fmod=1 in ONNX.
    // CHECK: node Mod(t, ln.weight) -> mod {fmod=1}
    %mod = sparrow.mod %t, %g : (tensor<1x6x8xf32>, tensor<8xf32>) -> tensor<1x6x8xf32> loc("mod")
    return %s, %masked, %dc, %up, %up2, %ga, %sum, %am, %pad, %mod
        : tensor<1x4x2x4xf32>, tensor<1x6x8xf32>, tensor<1x2x10x10xf32>,
          tensor<1x4x8x8xf32>, tensor<1x4x6x6xf32>, tensor<1x3x8xf32>,
          tensor<1x6xf32>, tensor<1x6xi64>, tensor<1x4x6x6xf32>,
          tensor<1x6x8xf32>
  }
}
// CHECK: output argmax INT64 [1, 6]

// SAME: compare: 10 passed, 0 failed
