// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s

// relu and clip become single-instruction max/min intrinsics.
// CHECK-LABEL: llvm.func @relu_clip
//   CHECK-DAG: %[[ZERO:.*]] = llvm.mlir.constant(0.000000e+00 : f32) : f32
//   CHECK-DAG: %[[SIX:.*]] = llvm.mlir.constant(6.000000e+00 : f32) : f32
//       CHECK: %[[X:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
//  CHECK-NEXT: %[[R:.*]] = llvm.intr.maximum(%[[X]], %[[ZERO]]) : (f32, f32) -> f32
//       CHECK: llvm.store %[[R]]
//       CHECK: %[[Y:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
//  CHECK-NEXT: %[[M:.*]] = llvm.intr.maximum(%[[Y]], %[[ZERO]]) : (f32, f32) -> f32
//  CHECK-NEXT: %[[C:.*]] = llvm.intr.minimum(%[[M]], %[[SIX]]) : (f32, f32) -> f32
//       CHECK: llvm.store %[[C]]
//   CHECK-NOT: llvm.call
func.func @relu_clip(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = sparrow.relu %x : tensor<8xf32>
  %1 = sparrow.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

// -----

// sigmoid needs exp, which is inlined as a polynomial (fma, floor, and an
// exponent built with integer ops): no call to a math library and no exp
// intrinsic remain.
// CHECK-LABEL: llvm.func @sigmoid
//       CHECK: llvm.fneg
//       CHECK: llvm.intr.fma
//       CHECK: llvm.intr.floor
//       CHECK: llvm.shl
//       CHECK: llvm.bitcast %{{.*}} : i32 to f32
//       CHECK: llvm.fdiv
//   CHECK-NOT: llvm.call
//   CHECK-NOT: llvm.intr.exp
func.func @sigmoid(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = sparrow.sigmoid %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// Batch norm keeps its square root as the sqrt intrinsic.
// CHECK-LABEL: llvm.func @batch_norm
//       CHECK: llvm.intr.sqrt(%{{.*}}) : (f32) -> f32
//       CHECK: llvm.fdiv
//       CHECK: llvm.fsub
//       CHECK: llvm.fmul
//       CHECK: llvm.fadd
//   CHECK-NOT: llvm.call
func.func @batch_norm(%x: tensor<1x2x2x2xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = sparrow.batch_norm %x, %g, %b, %m, %v
       : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
