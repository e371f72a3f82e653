// RUN: sparrow-opt %s --sparrow-lower-to-llvm="fuse-elementwise=false" | FileCheck %s

// Intermediate tensors live at byte offsets of the arena, the last pointer
// argument: relu at 0, add at 64, mul at 128; relu's bytes are free again
// once mul has read them, so sub reuses offset 0 (the arena base itself).
// The arena is 3 x 64 bytes. (Without elementwise fusion, which would make
// add, mul and sub one loop.)
// CHECK-LABEL: llvm.func @chain
//  CHECK-SAME: (%[[X:[^:]*]]: !llvm.ptr, %[[Y:[^:]*]]: !llvm.ptr, %[[ARENA:[^:]*]]: !llvm.ptr) attributes {sparrow.arena_bytes = 192 : i64}
// relu -> arena + 0
//       CHECK: %[[R:.*]] = llvm.intr.maximum
//  CHECK-NEXT: %[[RP:.*]] = llvm.getelementptr inbounds|nuw %[[ARENA]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
//  CHECK-NEXT: llvm.store %[[R]], %[[RP]]
// add -> arena + 64
//       CHECK: %[[ADD_BUF:.*]] = llvm.getelementptr %[[ARENA]][64] : (!llvm.ptr) -> !llvm.ptr, i8
//       CHECK: %[[S:.*]] = llvm.fadd
//  CHECK-NEXT: %[[SP:.*]] = llvm.getelementptr inbounds|nuw %[[ADD_BUF]][%{{.*}}]
//  CHECK-NEXT: llvm.store %[[S]], %[[SP]]
// mul -> arena + 128, reading add and relu
//       CHECK: %[[MUL_BUF:.*]] = llvm.getelementptr %[[ARENA]][128] : (!llvm.ptr) -> !llvm.ptr, i8
//       CHECK: llvm.getelementptr inbounds|nuw %[[ADD_BUF]]
//       CHECK: llvm.getelementptr inbounds|nuw %[[ARENA]]
//       CHECK: %[[M:.*]] = llvm.fmul
//  CHECK-NEXT: %[[MP:.*]] = llvm.getelementptr inbounds|nuw %[[MUL_BUF]][%{{.*}}]
//  CHECK-NEXT: llvm.store %[[M]], %[[MP]]
// sub -> arena + 0 again
//       CHECK: llvm.getelementptr inbounds|nuw %[[MUL_BUF]]
//       CHECK: %[[D:.*]] = llvm.fsub
//  CHECK-NEXT: %[[DP:.*]] = llvm.getelementptr inbounds|nuw %[[ARENA]][%{{.*}}]
//  CHECK-NEXT: llvm.store %[[D]], %[[DP]]
//   CHECK-NOT: llvm.getelementptr %[[ARENA]][{{[0-9]+}}]
//       CHECK: llvm.store %{{.*}}, %{{.*}}
//       CHECK: llvm.return
func.func @chain(%x: tensor<16xf32>) -> tensor<16xf32> {
  %0 = sparrow.relu %x : tensor<16xf32>
  %1 = sparrow.add %0, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %2 = sparrow.mul %1, %0 : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %3 = sparrow.sub %2, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %3 : tensor<16xf32>
}
