// RUN: sparrow-opt %s -split-input-file --sparrow-select-kernels | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-select-kernels="sparse-kernels=false tile-rows=2" | FileCheck %s --check-prefix=OVERRIDE

// sparrow-select-kernels records on each conv and Gemm the kernel that
// sparrow-lower-to-linalg will emit, from the shapes, the constant weights
// and the module's target. Without a target: a generic 128-bit machine,
// 4 x 4 tiles.

// A pointwise conv whose 4-row tiles are all dense: the dense kernel.
// CHECK-LABEL: func.func @pointwise_dense
//       CHECK:   sparrow.conv2d {{.*}}sparrow.kernel = #sparrow.kernel<pointwise, dense, tile = 4x4, "too few all-zero tile channels">
// OVERRIDE-LABEL: func.func @pointwise_dense
//       OVERRIDE:   #sparrow.kernel<pointwise, dense, tile = 2x4, "sparse kernels off">
func.func @pointwise_dense(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// group<4x1> zeros: each 4-row tile keeps one of two input channels, so the
// sparse kernel skips half the steps.
// CHECK-LABEL: func.func @pointwise_sparse
//       CHECK:   #sparrow.kernel<pointwise, sparse, tile = 4x4, "50% of 4-row tile channels skipped">
// OVERRIDE-LABEL: func.func @pointwise_sparse
//       OVERRIDE:   #sparrow.kernel<pointwise, dense, tile = 2x4, "sparse kernels off">
func.func @pointwise_sparse(%x: tensor<1x2x4x16xf32>) -> tensor<1x8x4x16xf32> {
  %w = arith.constant dense<[[[[0.0]], [[1.0]]], [[[0.0]], [[2.0]]], [[[0.0]], [[3.0]]], [[[0.0]], [[4.0]]],
                             [[[5.0]], [[0.0]]], [[[6.0]], [[0.0]]], [[[7.0]], [[0.0]]], [[[8.0]], [[0.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x16xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x16xf32>
  return %y : tensor<1x8x4x16xf32>
}

// -----

// Depthwise and few-input-channel convs: the direct kernel, no tile.
// CHECK-LABEL: func.func @direct
//       CHECK:   #sparrow.kernel<direct, dense, "depthwise 3x3, stride 2">
//       CHECK:   #sparrow.kernel<direct, dense, "3 input channels, 3x3">
func.func @direct(%x: tensor<1x3x8x8xf32>, %dw: tensor<3x1x3x3xf32>, %w: tensor<4x3x3x3xf32>)
    -> (tensor<1x3x4x4xf32>, tensor<1x4x8x8xf32>) {
  %a = sparrow.conv2d %x, %dw {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 3 : i64}
       : (tensor<1x3x8x8xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x4x4xf32>
  %b = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %a, %b : tensor<1x3x4x4xf32>, tensor<1x4x8x8xf32>
}

// -----

// Regular and grouped KxK convs over many channels: the window kernel; a
// group of 2 output channels gets 2-row tiles with twice the vectors.
// CHECK-LABEL: func.func @window
//       CHECK:   #sparrow.kernel<window, dense, tile = 4x4, "3x3 over 8 channels">
//       CHECK:   #sparrow.kernel<window, dense, tile = 2x8, "grouped 3x3, stride 2 over 2 channels">
func.func @window(%x: tensor<1x8x6x6xf32>, %w: tensor<8x8x3x3xf32>, %g: tensor<8x2x3x3xf32>)
    -> (tensor<1x8x6x6xf32>, tensor<1x8x3x3xf32>) {
  %a = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x6x6xf32>
  %b = sparrow.conv2d %x, %g {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 4 : i64}
       : (tensor<1x8x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x3x3xf32>
  return %a, %b : tensor<1x8x6x6xf32>, tensor<1x8x3x3xf32>
}

// -----

// A 1x3 conv with group<4x1> zeros: the 4-row tile keeps 3 of its 15
// (channel, tap) steps.
// CHECK-LABEL: func.func @window_sparse
//       CHECK:   #sparrow.kernel<window, sparse, tile = 4x4, "1x3 over 5 channels, 80% of 4-row tile steps skipped">
func.func @window_sparse(%x: tensor<1x5x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 2.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 3.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]]]> : tensor<4x5x1x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x6x6xf32>, tensor<4x5x1x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// No hand-written kernel: a batch of 2, and a 5x5 window over RGB is not
// the direct kernel's (it unrolls every tap) but the window kernel's.
// CHECK-LABEL: func.func @loops
//       CHECK:   #sparrow.kernel<loops, dense, "batch 2">
//       CHECK:   #sparrow.kernel<window, dense, tile = 4x4, "5x5 over 3 channels">
func.func @loops(%x: tensor<2x8x6x6xf32>, %w: tensor<8x8x3x3xf32>, %rgb: tensor<1x3x6x6xf32>, %w5: tensor<4x3x5x5xf32>)
    -> (tensor<2x8x6x6xf32>, tensor<1x4x6x6xf32>) {
  %a = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<2x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<2x8x6x6xf32>
  %b = sparrow.conv2d %rgb, %w5 {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x6x6xf32>, tensor<4x3x5x5xf32>) -> tensor<1x4x6x6xf32>
  return %a, %b : tensor<2x8x6x6xf32>, tensor<1x4x6x6xf32>
}

// -----

// The target picks the tile: wasm32 keeps 4 x 2 f32 tiles; an AVX-512 host
// 8 x 2. Ops without a kernel choice (the add) get no attribute.
// CHECK-LABEL: func.func @wasm32
//       CHECK:   #sparrow.kernel<pointwise, dense, tile = 4x2,
//       CHECK:   sparrow.add
//   CHECK-NOT:   sparrow.kernel
module attributes {sparrow.target = #sparrow.target<"wasm32-unknown-unknown", "generic", "+simd128,-relaxed-simd">} {
  func.func @wasm32(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
    %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
    %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
    %z = sparrow.add %y, %y : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
    return %z : tensor<1x4x4x4xf32>
  }
}

// -----

// CHECK-LABEL: func.func @avx512
//       CHECK:   #sparrow.kernel<pointwise, dense, tile = 8x2,
module attributes {sparrow.target = #sparrow.target<"x86_64-pc-linux-gnu", "znver5", "+avx2,+fma,+avx512f">} {
  func.func @avx512(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
    %w = arith.constant dense<1.0> : tensor<8x2x1x1xf32>
    %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
    return %y : tensor<1x8x4x4xf32>
  }
}

// -----

// AVX2: a matmul's rows (tokens) take 6-row tiles, convs keep 4; with
// AVX-512's 32 registers both take 8.
// CHECK-LABEL: func.func @avx2_matmul
//       CHECK:   sparrow.matmul {{.*}}#sparrow.kernel<matmul, dense, tile = 6x2,
//       CHECK:   sparrow.conv2d {{.*}}#sparrow.kernel<pointwise, dense, tile = 4x2,
// OVERRIDE-LABEL: func.func @avx2_matmul
//       OVERRIDE:   sparrow.matmul {{.*}}#sparrow.kernel<matmul, dense, tile = 2x2,
module attributes {sparrow.target = #sparrow.target<"x86_64-pc-linux-gnu", "znver3", "+avx2,+fma,-avx512f">} {
  func.func @avx2_matmul(%a: tensor<12x16xf32>, %x: tensor<1x2x4x4xf32>) -> (tensor<12x8xf32>, tensor<1x8x4x4xf32>) {
    %b = arith.constant dense<1.0> : tensor<16x8xf32>
    %m = sparrow.matmul %a, %b : (tensor<12x16xf32>, tensor<16x8xf32>) -> tensor<12x8xf32>
    %w = arith.constant dense<1.0> : tensor<8x2x1x1xf32>
    %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
    return %m, %y : tensor<12x8xf32>, tensor<1x8x4x4xf32>
  }
}

// -----

// int8 on AArch64: quads with sdot where the CPU has the dot product
// extension (cortex-a55), pairs without it (cortex-a53).
!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>
// CHECK-LABEL: func.func @int8_a55
//       CHECK:   #sparrow.kernel<int8_pointwise, dense, tile = 4x4, "4 channels per step (sdot)">
module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a55", "+neon,+dotprod">} {
  func.func @int8_a55(%x: tensor<1x4x2x4x!x>) -> tensor<1x4x2x4x!y> {
    %wi = arith.constant dense<1> : tensor<4x4x1x1xi8>
    %w = sparrow.storage_cast %wi : tensor<4x4x1x1xi8> -> tensor<4x4x1x1x!w>
    %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x4x2x4x!x>, tensor<4x4x1x1x!w>) -> tensor<1x4x2x4x!y>
    return %y : tensor<1x4x2x4x!y>
  }
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!y = !quant.uniform<u8:f32, 0.1:3>
// CHECK-LABEL: func.func @int8_a53
//       CHECK:   #sparrow.kernel<int8_pointwise, dense, tile = 4x4, "2 channels per step">
module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a53", "+neon,-dotprod">} {
  func.func @int8_a53(%x: tensor<1x4x2x4x!x>) -> tensor<1x4x2x4x!y> {
    %wi = arith.constant dense<1> : tensor<4x4x1x1xi8>
    %w = sparrow.storage_cast %wi : tensor<4x4x1x1xi8> -> tensor<4x4x1x1x!w>
    %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x4x2x4x!x>, tensor<4x4x1x1x!w>) -> tensor<1x4x2x4x!y>
    return %y : tensor<1x4x2x4x!y>
  }
}
