// RUN: sparrow-opt %s --sparrow-graph-opt --sparrow-lower-to-llvm | mlir-translate --mlir-to-llvmir > %t.ll
// RUN: llvm-link %t.ll %S/Inputs/chain-driver.ll -S -o %t.linked.ll
// RUN: lli %t.linked.ll | FileCheck %s

// The full pipeline (graph passes, bufferization, the static arena, the
// bare-pointer entry point) computes the right values: the driver passes
// input, output and an arena, and prints the output. Intermediates share
// arena bytes once dead, so a wrong live range would corrupt the result.
// For x = [-2, -1, 0, 0.5, 1, 2, 3, 4]: r = relu(x), a = r + x, m = a * r,
// y = m - x = [2, 1, 0, 0, 1, 6, 15, 28], then y as 2x4 is transposed and
// flattened.
// CHECK:      2
// CHECK-NEXT: 1
// CHECK-NEXT: 1
// CHECK-NEXT: 6
// CHECK-NEXT: 0
// CHECK-NEXT: 15
// CHECK-NEXT: 0
// CHECK-NEXT: 28
// CHECK-NOT:  {{.}}
func.func @chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %r = sparrow.relu %x : tensor<8xf32>
  %a = sparrow.add %r, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %m = sparrow.mul %a, %r : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %y = sparrow.sub %m, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %y2 = sparrow.reshape %y : (tensor<8xf32>) -> tensor<2x4xf32>
  %t = sparrow.transpose %y2 {perm = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  %out = sparrow.reshape %t : (tensor<4x2xf32>) -> tensor<8xf32>
  return %out : tensor<8xf32>
}
