// RUN: sparrow-opt %s -split-input-file --sparrow-plan-memory | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-plan-memory=alignment=16 | FileCheck %s --check-prefix=ALIGN16
// RUN: sparrow-opt %s -split-input-file --sparrow-plan-memory=alignment=1 | FileCheck %s --check-prefix=ALIGN1
// RUN: sparrow-opt %s -split-input-file --sparrow-plan-memory | FileCheck %s --check-prefix=NOALLOC

// No buffer survives as an allocation, and no dealloc remains.
// NOALLOC-NOT: memref.alloc
// NOALLOC-NOT: memref.dealloc

// A chain a -> b -> c of 64-byte buffers: a is dead when c is allocated, so
// a and c share offset 0 while b, live with both, sits at 64. The arena is
// appended as the last argument and its size recorded on the function.
// CHECK-LABEL: func.func @ping_pong
//  CHECK-SAME: (%[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>, %[[ARENA:.*]]: memref<128xi8>)
//  CHECK-SAME: attributes {sparrow.arena_bytes = 128 : i64}
//       CHECK: %[[O0:.*]] = arith.constant 0 : index
//       CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[O0]]][] : memref<128xi8> to memref<16xf32>
//       CHECK: linalg.copy ins(%[[IN]] : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
//       CHECK: %[[O1:.*]] = arith.constant 64 : index
//       CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[O1]]][] : memref<128xi8> to memref<16xf32>
//       CHECK: linalg.copy ins(%[[A]] : memref<16xf32>) outs(%[[B]] : memref<16xf32>)
//       CHECK: %[[O2:.*]] = arith.constant 0 : index
//       CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[O2]]][] : memref<128xi8> to memref<16xf32>
//       CHECK: linalg.copy ins(%[[B]] : memref<16xf32>) outs(%[[C]] : memref<16xf32>)
//       CHECK: linalg.copy ins(%[[C]] : memref<16xf32>) outs(%[[OUT]] : memref<16xf32>)
func.func @ping_pong(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// Buffers live at the same time never share bytes.
// CHECK-LABEL: func.func @overlapping
//  CHECK-SAME: %[[ARENA:[^:]*]]: memref<128xi8>) attributes {sparrow.arena_bytes = 128 : i64}
//       CHECK: %[[O0:.*]] = arith.constant 0 : index
//       CHECK: memref.view %[[ARENA]][%[[O0]]][]
//       CHECK: %[[O1:.*]] = arith.constant 64 : index
//       CHECK: memref.view %[[ARENA]][%[[O1]]][]
func.func @overlapping(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  linalg.copy ins(%in : memref<16xf32>) outs(%b : memref<16xf32>)
  linalg.add ins(%a, %b : memref<16xf32>, memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// A use of a view (expand_shape, then subview) keeps the underlying buffer
// alive: %a's last use is through %s at the end, so %c cannot reuse its
// bytes and goes after %b.
// CHECK-LABEL: func.func @views_extend_live_range
//  CHECK-SAME: %[[ARENA:[^:]*]]: memref<192xi8>) attributes {sparrow.arena_bytes = 192 : i64}
//       CHECK: %[[O0:.*]] = arith.constant 0 : index
//       CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[O0]]][]
//       CHECK: %[[V:.*]] = memref.expand_shape %[[A]]
//       CHECK: %[[O1:.*]] = arith.constant 64 : index
//       CHECK: memref.view %[[ARENA]][%[[O1]]][]
//       CHECK: %[[S:.*]] = memref.subview %[[V]]
//       CHECK: %[[O2:.*]] = arith.constant 128 : index
//       CHECK: memref.view %[[ARENA]][%[[O2]]][]
//       CHECK: linalg.copy ins(%[[S]]
func.func @views_extend_live_range(%in: memref<16xf32>, %out: memref<4x4xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %v = memref.expand_shape %a [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%b : memref<16xf32>)
  %s = memref.subview %v[1, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1], offset: 4>>
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  %o = memref.subview %out[0, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  linalg.copy ins(%s : memref<2x4xf32, strided<[4, 1], offset: 4>>) outs(%o : memref<2x4xf32, strided<[4, 1]>>)
  return
}

// -----

// A use inside a loop counts at the loop: %a is read in the loop that
// follows %b's allocation, so they overlap.
// CHECK-LABEL: func.func @use_in_loop
//  CHECK-SAME: memref<128xi8>) attributes {sparrow.arena_bytes = 128 : i64}
//       CHECK: arith.constant 0 : index
//       CHECK: memref.view
//       CHECK: arith.constant 64 : index
//       CHECK: memref.view
//       CHECK: scf.for
func.func @use_in_loop(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%b : memref<16xf32>)
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    %y = memref.load %b[%i] : memref<16xf32>
    %z = arith.addf %x, %y : f32
    memref.store %z, %out[%i] : memref<16xf32>
  }
  return
}

// -----

// Largest buffers are placed first: the 400-byte buffer gets offset 0 even
// though it is allocated second, and the 12-byte one goes at the next
// aligned offset: 448 with the default alignment of 64 (arena 460 rounded
// up to 512), 400 with alignment 16 (arena 416) and 400 with alignment 1
// (arena 412). Deallocs are removed.
// CHECK-LABEL: func.func @sizes_and_alignment
//  CHECK-SAME: (%[[OUT:.*]]: memref<3xf32>, %[[ARENA:.*]]: memref<512xi8>) attributes {sparrow.arena_bytes = 512 : i64}
//       CHECK: %[[OS:.*]] = arith.constant 448 : index
//       CHECK: %[[SMALL:.*]] = memref.view %[[ARENA]][%[[OS]]][] : memref<512xi8> to memref<3xf32>
//       CHECK: %[[OB:.*]] = arith.constant 0 : index
//       CHECK: %[[BIG:.*]] = memref.view %[[ARENA]][%[[OB]]][] : memref<512xi8> to memref<100xf32>
//       CHECK: linalg.add
//  CHECK-NEXT: return
// ALIGN16-LABEL: func.func @sizes_and_alignment
//  ALIGN16-SAME: memref<416xi8>) attributes {sparrow.arena_bytes = 416 : i64}
//       ALIGN16: arith.constant 400 : index
//       ALIGN16: arith.constant 0 : index
// ALIGN1-LABEL: func.func @sizes_and_alignment
//  ALIGN1-SAME: memref<412xi8>) attributes {sparrow.arena_bytes = 412 : i64}
//       ALIGN1: arith.constant 400 : index
//       ALIGN1: arith.constant 0 : index
func.func @sizes_and_alignment(%out: memref<3xf32>) {
  %small = memref.alloc() : memref<3xf32>
  %big = memref.alloc() : memref<100xf32>
  %z = arith.constant 0.0 : f32
  linalg.fill ins(%z : f32) outs(%big : memref<100xf32>)
  linalg.fill ins(%z : f32) outs(%small : memref<3xf32>)
  %sv = memref.subview %big[0] [3] [1] : memref<100xf32> to memref<3xf32, strided<[1]>>
  linalg.add ins(%sv, %small : memref<3xf32, strided<[1]>>, memref<3xf32>) outs(%out : memref<3xf32>)
  memref.dealloc %small : memref<3xf32>
  memref.dealloc %big : memref<100xf32>
  return
}

// -----

// Element sizes count: 6 x i16 is 12 bytes, 5 x f64 is 40; both live at
// once, so with alignment 1 the arena is exactly 52 bytes.
// ALIGN1-LABEL: func.func @element_sizes
//  ALIGN1-SAME: memref<52xi8>) attributes {sparrow.arena_bytes = 52 : i64}
// ALIGN1-DAG: memref.view %{{.*}} : memref<52xi8> to memref<6xi16>
// ALIGN1-DAG: memref.view %{{.*}} : memref<52xi8> to memref<5xf64>
func.func @element_sizes(%i: i16, %f: f64) {
  %a = memref.alloc() : memref<6xi16>
  %b = memref.alloc() : memref<5xf64>
  linalg.fill ins(%i : i16) outs(%a : memref<6xi16>)
  linalg.fill ins(%f : f64) outs(%b : memref<5xf64>)
  return
}

// -----

// A function without allocations still gets an (empty) arena, so that every
// entry point has the same calling convention; declarations are left alone.
// CHECK-LABEL: func.func private @declaration(memref<4xf32>)
// CHECK-LABEL: func.func @no_buffers
//  CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>) attributes {sparrow.arena_bytes = 0 : i64}
func.func private @declaration(memref<4xf32>)
func.func @no_buffers(%a: memref<4xf32>) {
  return
}
