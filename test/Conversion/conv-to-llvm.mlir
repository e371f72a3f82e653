// RUN: sparrow-opt %s --sparrow-lower-to-llvm | FileCheck %s

// A 2x2 conv with constant weights and bias (batch 2, so not one of the
// batch-1 kernels but the generic loop nest), lowered all the way: the
// weights become private constant globals, the accumulator lives in the
// arena (the last pointer), the innermost loop body loads input, filter and
// accumulator and does an fmul and an fadd, and the result is copied from the
// arena to the output pointer.
//   CHECK-DAG: llvm.mlir.global private constant @[[W:.*]](dense<{{.*}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]], {{.*}}5.000000e+00, 6.000000e+00], [7.000000e+00, 8.000000e+00]]]]]> : tensor<1x2x1x2x2xf32>)
//   CHECK-DAG: llvm.mlir.global private constant @[[B:.*]](dense<{{\[\[}}5.000000e-01, -5.000000e-01]]> : tensor<1x2xf32>)
// CHECK-LABEL: llvm.func @conv
//  CHECK-SAME: (%[[X:[^:]*]]: !llvm.ptr, %[[Y:[^:]*]]: !llvm.ptr, %[[ARENA:[^:]*]]: !llvm.ptr)
//  CHECK-SAME: attributes {sparrow.arena_bytes = 192 : i64}
//   CHECK-DAG: %[[WADDR:.*]] = llvm.mlir.addressof @[[W]] : !llvm.ptr
//   CHECK-DAG: %[[BADDR:.*]] = llvm.mlir.addressof @[[B]] : !llvm.ptr
// The bias fills the accumulator.
//       CHECK: llvm.getelementptr %[[BADDR]]
//       CHECK: llvm.cond_br
//       CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr
// The multiply-accumulate.
//       CHECK: %[[XP:.*]] = llvm.getelementptr inbounds|nuw %[[X]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
//  CHECK-NEXT: %[[XV:.*]] = llvm.load %[[XP]] : !llvm.ptr -> f32
//       CHECK: %[[WV:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
//       CHECK: %[[AP:.*]] = llvm.getelementptr inbounds|nuw %[[ARENA]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
//  CHECK-NEXT: %[[AV:.*]] = llvm.load %[[AP]] : !llvm.ptr -> f32
//  CHECK-NEXT: %[[P:.*]] = llvm.fmul %[[XV]], %[[WV]] : f32
//  CHECK-NEXT: %[[S:.*]] = llvm.fadd %[[AV]], %[[P]] : f32
//       CHECK: llvm.store %[[S]], %{{.*}} : f32, !llvm.ptr
// The copy out of the arena.
//       CHECK: %[[RP:.*]] = llvm.getelementptr inbounds|nuw %[[ARENA]]
//  CHECK-NEXT: %[[RV:.*]] = llvm.load %[[RP]] : !llvm.ptr -> f32
//       CHECK: %[[OP:.*]] = llvm.getelementptr inbounds|nuw %[[Y]]
//  CHECK-NEXT: llvm.store %[[RV]], %[[OP]] : f32, !llvm.ptr
//       CHECK: llvm.return
//   CHECK-NOT: llvm.call
func.func @conv(%x: tensor<2x1x4x4xf32>) -> tensor<2x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<2x1x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<2x2x3x3xf32>
  return %y : tensor<2x2x3x3xf32>
}
