// sparrow-rearrange-network optimises for a group pattern Gx1: anything
// else is an error on the function and the pass fails.
// RUN: not sparrow-opt %s --sparrow-rearrange-network=pattern=kernel 2>&1 | FileCheck %s --check-prefix=KERNEL
// KERNEL: error: invalid pattern 'kernel': expected Gx1
// RUN: not sparrow-opt %s --sparrow-rearrange-network=pattern=3x1 2>&1 | FileCheck %s --check-prefix=G3
// G3: error: invalid pattern '3x1': expected Gx1
// RUN: not sparrow-opt %s --sparrow-rearrange-network=pattern=dense 2>&1 | FileCheck %s --check-prefix=DENSE
// DENSE: error: invalid pattern 'dense': expected Gx1
// RUN: not sparrow-opt %s --sparrow-rearrange-network=pattern=4x4 2>&1 | FileCheck %s --check-prefix=G4X4
// G4X4: error: invalid pattern '4x4': expected Gx1

// Valid patterns other than the default run (no set here has two blocks of
// 8, so nothing moves at 8x1).
// RUN: sparrow-opt %s --sparrow-rearrange-network=pattern=8x1 2>&1 | FileCheck %s --check-prefix=VALID --implicit-check-not=remark
// VALID: func.func @f

func.func @f(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w0 = arith.constant dense<1.0> : tensor<8x2x1x1xf32>
  %w1 = arith.constant dense<1.0> : tensor<8x8x1x1xf32>
  %y = sparrow.conv2d %x, %w0 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %y, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %z : tensor<1x8x4x4xf32>
}
