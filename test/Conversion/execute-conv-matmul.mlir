// REQUIRES: mlir-runner
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="kernels=false" --canonicalize \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries" --convert-linalg-to-loops \
// RUN:   --sparrow-expand-math --lower-affine --convert-scf-to-cf --expand-strided-metadata \
// RUN:   --lower-affine --convert-math-to-llvm --convert-arith-to-llvm --finalize-memref-to-llvm \
// RUN:   --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Numerical check of the conv and contraction lowerings, run by the JIT.
// Expected values come from a direct loop-nest reference (ONNX semantics).

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  // Grouped conv: 2 groups of 2 input / 3 output channels, strides [2, 1],
  // pads [top 1, left 0, bottom 0, right 1], a bias 0, 0.5, ..., 2.5.
  // x = 1..36 as 1x4x3x3, w = -1, -0.5, 0, 0.5, 1 repeated as 6x2x2x2.
  // CHECK: sizes = [36]
  // CHECK-NEXT: [-4, -4, -6, -11.5, -13, 0, -2.5, -4, 9.5, 2.5, 3, 12.5, 9, 11, 2.5, -1, -1, -12.5, -50.5, -52.5, -39, -16, -16.5, -7.5, 44, 45.5, 38, 49, 50.5, 30.5, -1.5, -1.5, -12.5, -36, -37.5, -6.5]
  %xf = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0,
      19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0]> : tensor<36xf32>
  %wf = arith.constant dense<[-1.0, -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0,
      -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0,
      -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0, 0.5, 1.0, -1.0, -0.5, 0.0]> : tensor<48xf32>
  %b = arith.constant dense<[0.0, 0.5, 1.0, 1.5, 2.0, 2.5]> : tensor<6xf32>
  %x = sparrow.reshape %xf : (tensor<36xf32>) -> tensor<1x4x3x3xf32>
  %w = sparrow.reshape %wf : (tensor<48xf32>) -> tensor<6x2x2x2xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x4x3x3xf32>, tensor<6x2x2x2xf32>, tensor<6xf32>) -> tensor<1x6x2x3xf32>
  %c1 = sparrow.reshape %c : (tensor<1x6x2x3xf32>) -> tensor<36xf32>
  %c2 = tensor.cast %c1 : tensor<36xf32> to tensor<?xf32>
  call @print(%c2) : (tensor<?xf32>) -> ()

  // Depthwise conv with dilation 2 on 1..50 as 1x2x5x5, filter 1..8.
  // CHECK: sizes = [18]
  // CHECK-NEXT: [92, 102, 112, 142, 152, 162, 192, 202, 212, 854, 880, 906, 984, 1010, 1036, 1114, 1140, 1166]
  %x2f = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0,
      18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0,
      37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0]> : tensor<50xf32>
  %w2f = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<8xf32>
  %x2 = sparrow.reshape %x2f : (tensor<50xf32>) -> tensor<1x2x5x5xf32>
  %w2 = sparrow.reshape %w2f : (tensor<8xf32>) -> tensor<2x1x2x2xf32>
  %dw = sparrow.conv2d %x2, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 2 : i64}
        : (tensor<1x2x5x5xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x3x3xf32>
  %dw1 = sparrow.reshape %dw : (tensor<1x2x3x3xf32>) -> tensor<18xf32>
  %dw2 = tensor.cast %dw1 : tensor<18xf32> to tensor<?xf32>
  call @print(%dw2) : (tensor<?xf32>) -> ()

  // Gemm with both operands transposed, alpha 0.5, beta 2 and a column C:
  // A = 1..6 as 3x2, B = 1, 0.5, ..., -4.5 as 4x3, C = [[1], [-1]].
  // CHECK: sizes = [8]
  // CHECK-NEXT: [3.25, -3.5, -10.25, -17, 0, -9, -18, -27]
  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %bb = arith.constant dense<[[1.0, 0.5, 0.0], [-0.5, -1.0, -1.5], [-2.0, -2.5, -3.0], [-3.5, -4.0, -4.5]]> : tensor<4x3xf32>
  %cc = arith.constant dense<[[1.0], [-1.0]]> : tensor<2x1xf32>
  %g = sparrow.gemm %a, %bb, %cc {trans_a = true, trans_b = true, alpha = 0.5 : f32, beta = 2.0 : f32}
       : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %g1 = sparrow.reshape %g : (tensor<2x4xf32>) -> tensor<8xf32>
  %g2 = tensor.cast %g1 : tensor<8xf32> to tensor<?xf32>
  call @print(%g2) : (tensor<?xf32>) -> ()

  // Batched matmul, 2x1x2x3 times 3x3x2 broadcast to 2x3x2x2.
  // CHECK: sizes = [24]
  // CHECK-NEXT: [4, 10, 10, 25, 8, 14, 20, 35, 4, 10, 10, 25, 16, 40, 22, 55, 32, 56, 44, 77, 16, 40, 22, 55]
  %lf = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]> : tensor<12xf32>
  %rf = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 1.0]> : tensor<18xf32>
  %l = sparrow.reshape %lf : (tensor<12xf32>) -> tensor<2x1x2x3xf32>
  %r = sparrow.reshape %rf : (tensor<18xf32>) -> tensor<3x3x2xf32>
  %m = sparrow.matmul %l, %r : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
  %m1 = sparrow.reshape %m : (tensor<2x3x2x2xf32>) -> tensor<24xf32>
  %m2 = tensor.cast %m1 : tensor<24xf32> to tensor<?xf32>
  call @print(%m2) : (tensor<?xf32>) -> ()
  return
}
