// RUN: sparrow-opt %s -split-input-file --sparrow-flatten-constants="min-elements=4" | FileCheck %s

// A 2-D constant at the threshold becomes a 1-D blob and an expand_shape.
// CHECK-LABEL: func.func @flattens
// CHECK:         %[[FLAT:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK:         %[[SHAPED:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
// CHECK:         return %[[SHAPED]]
func.func @flattens() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %c : tensor<2x2xf32>
}

// -----

// Below the threshold, and 1-D constants, stay as they are.
// CHECK-LABEL: func.func @keeps
// CHECK:         arith.constant dense<1.000000e+00> : tensor<1x3xf32>
// CHECK:         arith.constant dense<2.000000e+00> : tensor<8xf32>
// CHECK-NOT:     tensor.expand_shape
func.func @keeps() -> (tensor<1x3xf32>, tensor<8xf32>) {
  %a = arith.constant dense<1.0> : tensor<1x3xf32>
  %b = arith.constant dense<2.0> : tensor<8xf32>
  return %a, %b : tensor<1x3xf32>, tensor<8xf32>
}

// -----

// Resource blobs keep their handle: only the type changes.
// CHECK-LABEL: func.func @resource
// CHECK:         arith.constant dense_resource<blob> : tensor<6xf32>
// CHECK:         tensor.expand_shape {{.*}} output_shape [1, 2, 3]
func.func @resource() -> tensor<1x2x3xf32> {
  %c = arith.constant dense_resource<blob> : tensor<1x2x3xf32>
  return %c : tensor<1x2x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x04000000000000000000803F0000004000004040000080400000A0400000C040"
    }
  }
#-}
