// RUN: sparrow-opt %s -split-input-file --sparrow-lower-copies | FileCheck %s

// A copy between identity-layout buffers becomes linalg.copy with the same
// source and target.
// CHECK-LABEL: func.func @plain
//  CHECK-SAME: (%[[A:.*]]: memref<2x3xf32>, %[[B:.*]]: memref<2x3xf32>)
//   CHECK-NOT: memref.copy
//       CHECK: linalg.copy ins(%[[A]] : memref<2x3xf32>) outs(%[[B]] : memref<2x3xf32>)
//  CHECK-NEXT: return
func.func @plain(%a: memref<2x3xf32>, %b: memref<2x3xf32>) {
  memref.copy %a, %b : memref<2x3xf32> to memref<2x3xf32>
  return
}

// -----

// Copies into strided views (a concat slice) keep their layouts, and every
// copy of the function is rewritten, in order.
// CHECK-LABEL: func.func @strided_slices
//  CHECK-SAME: (%[[A:.*]]: memref<1x2x4xf32>, %[[B:.*]]: memref<1x3x4xf32>, %[[OUT:.*]]: memref<1x5x4xf32>)
//       CHECK: %[[S0:.*]] = memref.subview %[[OUT]][0, 0, 0]
//       CHECK: linalg.copy ins(%[[A]] : memref<1x2x4xf32>) outs(%[[S0]] : memref<1x2x4xf32, strided<[20, 4, 1]>>)
//       CHECK: %[[S1:.*]] = memref.subview %[[OUT]][0, 2, 0]
//       CHECK: linalg.copy ins(%[[B]] : memref<1x3x4xf32>) outs(%[[S1]] : memref<1x3x4xf32, strided<[20, 4, 1], offset: 8>>)
//   CHECK-NOT: memref.copy
func.func @strided_slices(%a: memref<1x2x4xf32>, %b: memref<1x3x4xf32>, %out: memref<1x5x4xf32>) {
  %s0 = memref.subview %out[0, 0, 0] [1, 2, 4] [1, 1, 1] : memref<1x5x4xf32> to memref<1x2x4xf32, strided<[20, 4, 1]>>
  memref.copy %a, %s0 : memref<1x2x4xf32> to memref<1x2x4xf32, strided<[20, 4, 1]>>
  %s1 = memref.subview %out[0, 2, 0] [1, 3, 4] [1, 1, 1] : memref<1x5x4xf32> to memref<1x3x4xf32, strided<[20, 4, 1], offset: 8>>
  memref.copy %b, %s1 : memref<1x3x4xf32> to memref<1x3x4xf32, strided<[20, 4, 1], offset: 8>>
  return
}

// -----

// Copies nested in regions are found too.
// CHECK-LABEL: func.func @nested
//       CHECK: scf.for
//       CHECK:   linalg.copy ins(%arg0 : memref<4xf32>) outs(%arg1 : memref<4xf32>)
//   CHECK-NOT: memref.copy
func.func @nested(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  }
  return
}

// -----

// Nothing else is touched: existing linalg ops, loads, stores and views are
// printed back unchanged.
// CHECK-LABEL: func.func @other_ops
//  CHECK-SAME: (%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>, %[[I:.*]]: index)
//  CHECK-NEXT: %[[X:.*]] = memref.load %[[A]][%[[I]]] : memref<4xf32>
//  CHECK-NEXT: memref.store %[[X]], %[[B]][%[[I]]] : memref<4xf32>
//  CHECK-NEXT: linalg.fill ins(%[[X]] : f32) outs(%[[A]] : memref<4xf32>)
//  CHECK-NEXT: %[[S:.*]] = memref.subview %[[A]][0] [2] [1]
//  CHECK-NEXT: linalg.copy ins(%[[S]] : memref<2xf32, strided<[1]>>) outs(%[[S]] : memref<2xf32, strided<[1]>>)
//  CHECK-NEXT: return
func.func @other_ops(%a: memref<4xf32>, %b: memref<4xf32>, %i: index) {
  %x = memref.load %a[%i] : memref<4xf32>
  memref.store %x, %b[%i] : memref<4xf32>
  linalg.fill ins(%x : f32) outs(%a : memref<4xf32>)
  %s = memref.subview %a[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  linalg.copy ins(%s : memref<2xf32, strided<[1]>>) outs(%s : memref<2xf32, strided<[1]>>)
  return
}
