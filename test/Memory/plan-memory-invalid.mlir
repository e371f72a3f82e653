// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --sparrow-plan-memory

// A dynamically sized buffer has no place in a static arena.
func.func @dynamic(%n: index) {
  // expected-error@+1 {{cannot place in the arena: only static, identity-layout allocations at function level are supported, got 'memref<?xf32>'}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

// An allocation inside a loop would need one slot per iteration.
func.func @nested(%in: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    // expected-error@+1 {{cannot place in the arena: only static, identity-layout allocations at function level are supported, got 'memref<4xf32>'}}
    %a = memref.alloc() : memref<4xf32>
    linalg.copy ins(%in : memref<4xf32>) outs(%a : memref<4xf32>)
  }
  return
}

// -----

// Buffers with a non-identity layout are rejected.
func.func @strided() {
  // expected-error@+1 {{got 'memref<2x2xf32, strided<[1, 2]>>'}}
  %a = memref.alloc() : memref<2x2xf32, strided<[1, 2]>>
  return
}

// -----

// Sub-byte elements cannot be addressed in the byte arena (i1 masks take a
// byte each, see plan-memory-masks.mlir).
func.func @sub_byte() {
  // expected-error@+1 {{got 'memref<8xi4>'}}
  %a = memref.alloc() : memref<8xi4>
  return
}

// -----

// Live ranges are positions in one block: control flow is rejected.
// expected-error@+1 {{memory planning expects a single-block function}}
func.func @multi_block(%c: i1) {
  %a = memref.alloc() : memref<4xf32>
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return
^bb2:
  return
}
