// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s

// A weight tensor of 256 elements or more is stored as a flat 1-D global
// (one LLVM array, not nested arrays); smaller ones keep their shape.
//   CHECK-DAG: llvm.mlir.global private constant @[[BIG:.*]](dense<1.000000e+00> : tensor<256xf32>) {{.*}} : !llvm.array<256 x f32>
//   CHECK-DAG: llvm.mlir.global private constant @[[SMALL:.*]](dense<{{.*}}> : tensor<1x16xf32>) {{.*}} : !llvm.array<1 x array<16 x f32>>
// CHECK-LABEL: llvm.func @weights
//   CHECK-DAG: llvm.mlir.addressof @[[BIG]] : !llvm.ptr
//   CHECK-DAG: llvm.mlir.addressof @[[SMALL]] : !llvm.ptr
func.func @weights(%x: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  %b = arith.constant dense<[[0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 1.5, 0.5, 1.5]]> : tensor<1x16xf32>
  %s = sparrow.add %x, %w : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %y = sparrow.mul %s, %b : (tensor<16x16xf32>, tensor<1x16xf32>) -> tensor<16x16xf32>
  return %y : tensor<16x16xf32>
}

// -----

// Identical weights used twice are one global.
// CHECK-LABEL: llvm.mlir.global private constant @{{.*}}(dense<2.000000e+00> : tensor<4x3xf32>)
//   CHECK-NOT: llvm.mlir.global
// CHECK-LABEL: llvm.func @shared
func.func @shared(%a: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %w0 = arith.constant dense<2.0> : tensor<4x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<4x3xf32>
  %0 = sparrow.add %a, %w0 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = sparrow.mul %a, %w1 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}
