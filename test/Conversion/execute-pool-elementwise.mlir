// REQUIRES: mlir-runner
// RUN: sparrow-opt %s --sparrow-lower-to-linalg --canonicalize \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries" --convert-linalg-to-loops \
// RUN:   --sparrow-expand-math --lower-affine --convert-scf-to-cf --expand-strided-metadata \
// RUN:   --lower-affine --convert-math-to-llvm --convert-arith-to-llvm --finalize-memref-to-llvm \
// RUN:   --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical check of the pooling, normalisation, activation and data
// movement lowerings (with the polynomial exp of sparrow-expand-math), run by
// the JIT. Expected values come from a direct reference (ONNX semantics).

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  // A 5x5 image with the values 1..25 shuffled.
  %pf = arith.constant dense<[4.0, 11.0, 18.0, 25.0, 7.0, 14.0, 21.0, 3.0, 10.0, 17.0, 24.0, 6.0, 13.0, 20.0, 2.0,
      9.0, 16.0, 23.0, 5.0, 12.0, 19.0, 1.0, 8.0, 15.0, 22.0]> : tensor<25xf32>
  %p = sparrow.reshape %pf : (tensor<25xf32>) -> tensor<1x1x5x5xf32>

  // Max pooling 2x2 / 2 with dilation [2, 1], pads [1, 0, 0, 1], ceil_mode.
  // CHECK: sizes = [9]
  // CHECK-NEXT: [21, 10, 17, 21, 23, 17, 16, 23, 12]
  %0 = sparrow.max_pool %p {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 1>,
         dilations = array<i64: 2, 1>, ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %01 = sparrow.reshape %0 : (tensor<1x1x3x3xf32>) -> tensor<9xf32>
  %02 = tensor.cast %01 : tensor<9xf32> to tensor<?xf32>
  call @print(%02) : (tensor<?xf32>) -> ()

  // Average pooling 3x3 / 2, pads [1, 1, 0, 0], ceil_mode: the last row and
  // column of windows hang over the input. Excluding, then including pads.
  // CHECK: sizes = [9]
  // CHECK-NEXT: [12.5, 14.6667, 14.75, 15, 13, 11, 11.25, 11.3333, 13.5]
  // CHECK: sizes = [9]
  // CHECK-NEXT: [5.55556, 9.77778, 9.83333, 10, 13, 11, 7.5, 11.3333, 13.5]
  %1 = sparrow.average_pool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>,
         ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %11 = sparrow.reshape %1 : (tensor<1x1x3x3xf32>) -> tensor<9xf32>
  %12 = tensor.cast %11 : tensor<9xf32> to tensor<?xf32>
  call @print(%12) : (tensor<?xf32>) -> ()
  %2 = sparrow.average_pool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>,
         ceil_mode = true, count_include_pad = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %21 = sparrow.reshape %2 : (tensor<1x1x3x3xf32>) -> tensor<9xf32>
  %22 = tensor.cast %21 : tensor<9xf32> to tensor<?xf32>
  call @print(%22) : (tensor<?xf32>) -> ()

  // Global average pooling of 1x2x2x2.
  // CHECK: sizes = [2]
  // CHECK-NEXT: [2.5, -1]
  %gx = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[-1.0, 0.0], [-2.0, -1.0]]]]> : tensor<1x2x2x2xf32>
  %3 = sparrow.global_average_pool %gx : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %31 = sparrow.reshape %3 : (tensor<1x2x1x1xf32>) -> tensor<2xf32>
  %32 = tensor.cast %31 : tensor<2xf32> to tensor<?xf32>
  call @print(%32) : (tensor<?xf32>) -> ()

  // Softmax along axis 0 of [[1, 2, 3], [3, 2, -1]].
  // CHECK: sizes = [6]
  // CHECK-NEXT: [0.1192{{[0-9]*}}, 0.5, 0.9820{{[0-9]*}}, 0.8807{{[0-9]*}}, 0.5, 0.01798{{[0-9]*}}]
  %sx = arith.constant dense<[[1.0, 2.0, 3.0], [3.0, 2.0, -1.0]]> : tensor<2x3xf32>
  %4 = sparrow.softmax %sx {axis = 0 : i64} : tensor<2x3xf32>
  %41 = sparrow.reshape %4 : (tensor<2x3xf32>) -> tensor<6xf32>
  %42 = tensor.cast %41 : tensor<6xf32> to tensor<?xf32>
  call @print(%42) : (tensor<?xf32>) -> ()

  // Activations on [-4, -1, 0, 0.5, 2, 7]: sigmoid, hard_swish,
  // hard_sigmoid(0.25, 0.5) and clip(-1, 1) fused into an add of zero.
  // CHECK: sizes = [6]
  // CHECK-NEXT: [0.01798{{[0-9]*}}, 0.2689{{[0-9]*}}, 0.5, 0.6224{{[0-9]*}}, 0.8807{{[0-9]*}}, 0.9990{{[0-9]*}}]
  // CHECK: sizes = [6]
  // CHECK-NEXT: [-0, -0.333333, 0, 0.291667, 1.66667, 7]
  // CHECK: sizes = [6]
  // CHECK-NEXT: [0, 0.25, 0.5, 0.625, 1, 1]
  // CHECK: sizes = [6]
  // CHECK-NEXT: [-1, -1, 0, 0.5, 1, 1]
  %ax = arith.constant dense<[-4.0, -1.0, 0.0, 0.5, 2.0, 7.0]> : tensor<6xf32>
  %zero = arith.constant dense<0.0> : tensor<6xf32>
  %5 = sparrow.sigmoid %ax : tensor<6xf32>
  %52 = tensor.cast %5 : tensor<6xf32> to tensor<?xf32>
  call @print(%52) : (tensor<?xf32>) -> ()
  %6 = sparrow.hard_swish %ax : tensor<6xf32>
  %62 = tensor.cast %6 : tensor<6xf32> to tensor<?xf32>
  call @print(%62) : (tensor<?xf32>) -> ()
  %7 = sparrow.hard_sigmoid %ax {alpha = 0.25 : f32, beta = 0.5 : f32} : tensor<6xf32>
  %72 = tensor.cast %7 : tensor<6xf32> to tensor<?xf32>
  call @print(%72) : (tensor<?xf32>) -> ()
  %8 = sparrow.add %ax, %zero {activation = #sparrow.act<clip, -1.0, 1.0>} : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %82 = tensor.cast %8 : tensor<6xf32> to tensor<?xf32>
  call @print(%82) : (tensor<?xf32>) -> ()

  // Batch norm: (x - mean) * gamma / sqrt(var + eps) + beta per channel.
  // CHECK: sizes = [4]
  // CHECK-NEXT: [-1, 3, -1.25, -0.75]
  %bx = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 5.0]]]]> : tensor<1x2x1x2xf32>
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.5, 4.0]> : tensor<2xf32>
  %var = arith.constant dense<[0.125, 3.875]> : tensor<2xf32>
  %9 = sparrow.batch_norm %bx, %gamma, %beta, %mean, %var {epsilon = 0.125 : f32}
       : (tensor<1x2x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  %91 = sparrow.reshape %9 : (tensor<1x2x1x2xf32>) -> tensor<4xf32>
  %92 = tensor.cast %91 : tensor<4xf32> to tensor<?xf32>
  call @print(%92) : (tensor<?xf32>) -> ()

  // Concat along axis 1 then transpose: [[1, 2 | 5], [3, 4 | 6]]^T.
  // CHECK: sizes = [6]
  // CHECK-NEXT: [1, 3, 2, 4, 5, 6]
  %ca = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %cb = arith.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %10 = sparrow.concat %ca, %cb {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %t = sparrow.transpose %10 {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %t1 = sparrow.reshape %t : (tensor<3x2xf32>) -> tensor<6xf32>
  %t2 = tensor.cast %t1 : tensor<6xf32> to tensor<?xf32>
  call @print(%t2) : (tensor<?xf32>) -> ()
  return
}
