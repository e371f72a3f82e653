// RUN: sparrow-opt %s --sparrow-plan-memory=alignment=1 | FileCheck %s

// i1 masks (comparisons, where) are stored a byte per element, as LLVM
// stores i1: 8 x i1 takes 8 bytes of the arena next to 4 x f32.
// CHECK-LABEL: func.func @mask
//  CHECK-SAME: attributes {sparrow.arena_bytes = 24 : i64}
//   CHECK-DAG: memref.view %{{.*}}[%{{.*}}][] : memref<24xi8> to memref<8xi1>
//   CHECK-DAG: memref.view %{{.*}}[%{{.*}}][] : memref<24xi8> to memref<4xf32>
func.func @mask(%b: i1, %f: f32) {
  %a = memref.alloc() : memref<8xi1>
  %c = memref.alloc() : memref<4xf32>
  linalg.fill ins(%b : i1) outs(%a : memref<8xi1>)
  linalg.fill ins(%f : f32) outs(%c : memref<4xf32>)
  return
}
