// RUN: sparrow-opt %s -split-input-file --sparrow-expand-math | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-expand-math | FileCheck %s --check-prefix=GONE
// RUN: sparrow-opt %s -split-input-file --sparrow-expand-math=expand-fma=true | FileCheck %s --check-prefix=SPLIT
// RUN: sparrow-opt %s -split-input-file --sparrow-expand-math="expand-fma=true contract=true" | FileCheck %s --check-prefix=CONTRACT

// No transcendental function survives anywhere in the output.
// GONE-NOT: math.{{(exp|tanh|erf|log|powf)}}

// exp becomes a range reduction and a polynomial in arith, with 2^k built
// by shifting k into the exponent bits.
// CHECK-LABEL: func.func @exp
//   CHECK-NOT: math.exp
//       CHECK: arith.fptosi %{{.*}} : f32 to i32
//       CHECK: %[[E:.*]] = arith.shli
//       CHECK: %[[P:.*]] = arith.bitcast %[[E]] : i32 to f32
//       CHECK: %[[R:.*]] = arith.mulf %{{.*}}, %[[P]] : f32
//  CHECK-NEXT: return %[[R]]
func.func @exp(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// Vectors of f32 are expanded too.
// CHECK-LABEL: func.func @exp_vector
//   CHECK-NOT: math.exp
//       CHECK: arith.bitcast %{{.*}} : vector<4xi32> to vector<4xf32>
func.func @exp_vector(%x: vector<4xf32>) -> vector<4xf32> {
  %0 = math.exp %x : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

// tanh is first rewritten in terms of exp, which is then approximated.
// CHECK-LABEL: func.func @tanh
//   CHECK-NOT: math.tanh
//   CHECK-NOT: math.exp
//       CHECK: arith.bitcast %{{.*}} : i32 to f32
//       CHECK: arith.divf
//       CHECK: return
func.func @tanh(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// -----

// erf becomes a piecewise rational approximation selected by |x|.
// CHECK-LABEL: func.func @erf
//   CHECK-NOT: math.erf
//       CHECK: arith.cmpf olt
//       CHECK: arith.select
//       CHECK: arith.divf
//       CHECK: return
func.func @erf(%x: f32) -> f32 {
  %0 = math.erf %x : f32
  return %0 : f32
}

// -----

// log and powf disappear as well (powf through exp and log).
// CHECK-LABEL: func.func @log_powf
//   CHECK-NOT: math.log
//   CHECK-NOT: math.powf
//   CHECK-NOT: math.exp
//       CHECK: return
func.func @log_powf(%x: f32, %y: f32) -> (f32, f32) {
  %0 = math.log %x : f32
  %1 = math.powf %x, %y : f32
  return %0, %1 : f32, f32
}

// -----

// Single-instruction functions stay as they are.
// CHECK-LABEL: func.func @kept
//  CHECK-SAME: (%[[X:.*]]: f32)
//  CHECK-NEXT: %[[A:.*]] = math.sqrt %[[X]] : f32
//  CHECK-NEXT: %[[B:.*]] = math.absf %[[A]] : f32
//  CHECK-NEXT: %[[C:.*]] = math.floor %[[B]] : f32
//  CHECK-NEXT: %[[D:.*]] = math.ceil %[[C]] : f32
//  CHECK-NEXT: return %[[D]]
func.func @kept(%x: f32) -> f32 {
  %0 = math.sqrt %x : f32
  %1 = math.absf %0 : f32
  %2 = math.floor %1 : f32
  %3 = math.ceil %2 : f32
  return %3 : f32
}

// -----

// Inside a linalg body (the sigmoid of a lowered model) only exp changes:
// the negation, the add, the division and the sqrt of a batch norm stay.
// CHECK-LABEL: func.func @in_generic
//       CHECK: linalg.generic
//       CHECK:   arith.negf
//   CHECK-NOT:   math.exp
//       CHECK:   arith.bitcast
//       CHECK:   math.sqrt
//       CHECK:   arith.divf
//       CHECK:   linalg.yield
#id = affine_map<(d0) -> (d0)>
func.func @in_generic(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    %ex = math.exp %n : f32
    %s = math.sqrt %ex : f32
    %d = arith.divf %in, %s : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// math.fma stays by default; expand-fma splits it (wasm32 without relaxed
// SIMD), contract marks the pair fusable (wasm32 with relaxed SIMD).
// CHECK-LABEL: func.func @fma
//       CHECK: math.fma
// SPLIT-LABEL: func.func @fma
//   SPLIT-NOT: math.fma
//       SPLIT: %[[P:.*]] = arith.mulf %arg0, %arg1 : vector<4xf32>
//       SPLIT: arith.addf %[[P]], %arg2 : vector<4xf32>
// CONTRACT-LABEL: func.func @fma
//       CONTRACT: %[[P:.*]] = arith.mulf %arg0, %arg1 fastmath<contract> : vector<4xf32>
//       CONTRACT: arith.addf %[[P]], %arg2 fastmath<contract> : vector<4xf32>
func.func @fma(%a: vector<4xf32>, %b: vector<4xf32>, %c: vector<4xf32>) -> vector<4xf32> {
  %0 = math.fma %a, %b, %c : vector<4xf32>
  return %0 : vector<4xf32>
}
