// RUN: sparrow-opt %s -split-input-file --sparrow-graph-opt --sparrow-lower-to-llvm | FileCheck %s

// The lowering pipeline takes every target fact from the module's
// #sparrow.target. Targets with threads (AArch64, the host) get the
// dispatcher argument of the runtime's thread pool; wasm32 runs on one
// thread and splits its fused multiply-adds (marked contractible with
// relaxed SIMD). Nothing but the llvm dialect is left.
// CHECK-LABEL: llvm.func @arm
//  CHECK-SAME: (%{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
//       CHECK: llvm.func @{{.*}}_parallel
//   CHECK-NOT: func.func
//   CHECK-NOT: = sparrow.
module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a55", "+neon,+fp-armv8,+dotprod">} {
  func.func @arm(%x: tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> {
    %w = arith.constant dense<0.5> : tensor<16x16x1x1xf32>
    %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x16x32x32xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x32x32xf32>
    return %y : tensor<1x16x32x32xf32>
  }
}

// -----

// CHECK-LABEL: llvm.func @wasm
//  CHECK-SAME: (%{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
//  CHECK-SAME: attributes
//   CHECK-NOT: llvm.intr.fma
//       CHECK: llvm.fmul {{.*}}#llvm.fastmath<contract>
//   CHECK-NOT: _parallel
//   CHECK-NOT: func.func
module attributes {sparrow.target = #sparrow.target<"wasm32-unknown-unknown", "generic", "+simd128,+relaxed-simd,-atomics">} {
  func.func @wasm(%x: tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> {
    %w = arith.constant dense<0.5> : tensor<16x16x1x1xf32>
    %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x16x32x32xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x32x32xf32>
    return %y : tensor<1x16x32x32xf32>
  }
}
