// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-llvm | FileCheck %s --check-prefix=NOCALL

// Nothing is copied by calling MLIR's runtime library: concat slices and the
// copies into the output pointers become load/store loops.
// NOCALL-NOT: memrefCopy
// NOCALL-NOT: llvm.call

// A reshape returned directly is a copy from the input pointer to the output
// pointer; no arena is needed.
// CHECK-LABEL: llvm.func @reshape
//  CHECK-SAME: (%[[X:[^:]*]]: !llvm.ptr, %[[Y:[^:]*]]: !llvm.ptr, %{{[^:]*}}: !llvm.ptr) attributes {sparrow.arena_bytes = 0 : i64}
//       CHECK: %[[XP:.*]] = llvm.getelementptr inbounds|nuw %[[X]]
//  CHECK-NEXT: %[[V:.*]] = llvm.load %[[XP]] : !llvm.ptr -> f32
//       CHECK: %[[YP:.*]] = llvm.getelementptr inbounds|nuw %[[Y]]
//  CHECK-NEXT: llvm.store %[[V]], %[[YP]] : f32, !llvm.ptr
//   CHECK-NOT: llvm.store
//       CHECK: llvm.return
func.func @reshape(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Concat copies both inputs into slices of one buffer (the second slice
// starts 3 floats into it) and the result reaches the output pointer.
// CHECK-LABEL: llvm.func @concat
//  CHECK-SAME: (%[[A:[^:]*]]: !llvm.ptr, %[[B:[^:]*]]: !llvm.ptr, %[[OUT:[^:]*]]: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
//       CHECK: llvm.getelementptr inbounds|nuw %[[A]]
//  CHECK-NEXT: %[[AV:.*]] = llvm.load
//       CHECK: llvm.store %[[AV]]
//       CHECK: llvm.getelementptr inbounds|nuw %[[B]]
//  CHECK-NEXT: %[[BV:.*]] = llvm.load
//  CHECK-NEXT: %[[SLICE:.*]] = llvm.getelementptr %{{.*}}[3] : (!llvm.ptr) -> !llvm.ptr, f32
//       CHECK: %[[S1:.*]] = llvm.getelementptr inbounds|nuw %[[SLICE]]
//  CHECK-NEXT: llvm.store %[[BV]], %[[S1]]
//       CHECK: %[[O:.*]] = llvm.getelementptr inbounds|nuw %[[OUT]]
//  CHECK-NEXT: llvm.store %{{.*}}, %[[O]]
//       CHECK: llvm.return
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %cat = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %cat : tensor<2x8xf32>
}
