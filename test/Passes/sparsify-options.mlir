// Which layers sparrow-sparsify prunes, and how: the default skips (first
// conv, depthwise convs, the classifier), the options that turn them off, a
// skip list and a per-layer override file. Layers are named by their
// locations (the ONNX node names); remarks name them. The weights are
// splats, so every pruned layer at 50% keeps sqrt(1/2) = 0.7071 of its norm.

// By default only the two pointwise convs are pruned.
// RUN: sparrow-opt %s --sparrow-sparsify 2> %t.default | FileCheck %s --check-prefix=DEFAULT
// RUN: FileCheck %s --check-prefix=DEFAULT-REMARKS --implicit-check-not=remark: < %t.default
// DEFAULT-REMARKS: remark: loc("pw"): sparsity 0.500, L2 norm kept 0.7071
// DEFAULT-REMARKS: remark: loc("pw2"): sparsity 0.500, L2 norm kept 0.7071
// DEFAULT:      sparrow.conv2d
// DEFAULT-NOT:  sparsity
// DEFAULT-SAME: tensor<8x3x3x3xf32>
// DEFAULT:      sparrow.conv2d
// DEFAULT-NOT:  sparsity
// DEFAULT-SAME: tensor<8x1x3x3xf32>
// DEFAULT:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>{{.*}}tensor<8x8x1x1xf32>
// DEFAULT:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>{{.*}}tensor<8x8x1x1xf32>
// DEFAULT:      sparrow.gemm
// DEFAULT-NOT:  sparsity
// DEFAULT-SAME: tensor<4x8xf32>

// With the three skips off, every layer is pruned; the depthwise filter
// [8, 1, 3, 3] has two group<4x1> blocks, one of which goes.
// RUN: sparrow-opt %s --sparrow-sparsify='skip-first-conv=false skip-depthwise=false skip-classifier=false' 2> %t.all | FileCheck %s --check-prefix=ALL
// RUN: FileCheck %s --check-prefix=ALL-REMARKS --implicit-check-not=remark: < %t.all
// ALL-REMARKS: remark: loc("stem"): sparsity 0.500, L2 norm kept 0.7071
// ALL-REMARKS: remark: loc("dw"): sparsity 0.500, L2 norm kept 0.7071
// ALL-REMARKS: remark: loc("pw"): sparsity 0.500, L2 norm kept 0.7071
// ALL-REMARKS: remark: loc("pw2"): sparsity 0.500, L2 norm kept 0.7071
// ALL-REMARKS: remark: loc("fc"): sparsity 0.500, L2 norm kept 0.7071
// ALL-COUNT-4: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
// ALL:         sparrow.gemm {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>

// A skip list (node names, comma-separated) leaves those layers dense.
// RUN: sparrow-opt %s --sparrow-sparsify='skip-first-conv=false skip-depthwise=false skip-classifier=false skip=stem,pw2' 2> %t.list | FileCheck %s --check-prefix=LIST
// RUN: FileCheck %s --check-prefix=LIST-REMARKS --implicit-check-not=remark: < %t.list
// LIST-REMARKS: remark: loc("dw"): sparsity 0.500
// LIST-REMARKS: remark: loc("pw"): sparsity 0.500
// LIST-REMARKS: remark: loc("fc"): sparsity 0.500
// LIST:      sparrow.conv2d
// LIST-NOT:  sparsity
// LIST-SAME: tensor<8x3x3x3xf32>
// LIST:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
// LIST:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>
// LIST:      sparrow.conv2d
// LIST-NOT:  sparsity
// LIST-SAME: tensor<8x8x1x1xf32>
// LIST:      sparrow.gemm {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>

// The override file (Inputs/sparsify-overrides.json) sets a layer's sparsity
// and pattern, and brings back a layer the defaults skip (the first conv,
// the depthwise conv): stem at `kernel` 75% (18 of 24 kernels, kept
// sqrt(1/4)), dw at `kernel` with the default 50%, pw at group<2x1> 25%
// (kept sqrt(3/4)); "skip" leaves pw2 dense; fc stays skipped as the
// classifier; a name that matches no layer is ignored.
// RUN: sparrow-opt %s --sparrow-sparsify='overrides=%S/Inputs/sparsify-overrides.json' 2> %t.override | FileCheck %s --check-prefix=OVERRIDE
// RUN: FileCheck %s --check-prefix=OVERRIDE-REMARKS --implicit-check-not=remark: < %t.override
// OVERRIDE-REMARKS: remark: loc("stem"): sparsity 0.750, L2 norm kept 0.5000
// OVERRIDE-REMARKS: remark: loc("dw"): sparsity 0.500, L2 norm kept 0.7071
// OVERRIDE-REMARKS: remark: loc("pw"): sparsity 0.250, L2 norm kept 0.8660
// OVERRIDE:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 7.500000e-01>{{.*}}tensor<8x3x3x3xf32>
// OVERRIDE:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 5.000000e-01>{{.*}}tensor<8x1x3x3xf32>
// OVERRIDE:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<2x1>, 2.500000e-01>{{.*}}tensor<8x8x1x1xf32>
// OVERRIDE:      sparrow.conv2d
// OVERRIDE-NOT:  sparsity
// OVERRIDE-SAME: tensor<8x8x1x1xf32>
// OVERRIDE:      sparrow.gemm
// OVERRIDE-NOT:  sparsity
// OVERRIDE-SAME: tensor<4x8xf32>

// `kernel` as the pattern of every layer: kxk convs lose whole kernels, 1x1
// convs and the gemm (whose "kernel" is one weight) fall back to group<1x1>.
// RUN: sparrow-opt %s --sparrow-sparsify='pattern=kernel skip-first-conv=false skip-depthwise=false skip-classifier=false' 2>/dev/null | FileCheck %s --check-prefix=KERNEL
// KERNEL:       sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 5.000000e-01>{{.*}}tensor<8x3x3x3xf32>
// KERNEL:       sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<kernel, 5.000000e-01>{{.*}}tensor<8x1x3x3xf32>
// KERNEL-COUNT-2: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<1x1>, 5.000000e-01>{{.*}}tensor<8x8x1x1xf32>
// KERNEL:       sparrow.gemm {{.*}}sparsity = #sparrow.sparsity<group<1x1>, 5.000000e-01>

// Another target and pattern for the whole model: group<8x1> at 75%
// (pw: 8 blocks, 6 go; kept sqrt(1/4)).
// RUN: sparrow-opt %s --sparrow-sparsify='pattern=8x1 sparsity=0.75' 2>&1 >/dev/null | FileCheck %s --check-prefix=G8 --implicit-check-not=remark:
// G8: remark: loc("pw"): sparsity 0.750, L2 norm kept 0.5000
// G8: remark: loc("pw2"): sparsity 0.750, L2 norm kept 0.5000

func.func @net(%x: tensor<1x3x8x8xf32>) -> tensor<1x4xf32> {
  %w0 = arith.constant dense<1.0> : tensor<8x3x3x3xf32>
  %w1 = arith.constant dense<1.0> : tensor<8x1x3x3xf32>
  %w2 = arith.constant dense<1.0> : tensor<8x8x1x1xf32>
  %w3 = arith.constant dense<1.0> : tensor<8x8x1x1xf32>
  %w4 = arith.constant dense<1.0> : tensor<4x8xf32>
  %0 = sparrow.conv2d %x, %w0 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32> loc("stem")
  %1 = sparrow.conv2d %0, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 8 : i64}
       : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32> loc("dw")
  %2 = sparrow.conv2d %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32> loc("pw")
  %3 = sparrow.conv2d %2, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32> loc("pw2")
  %4 = sparrow.global_average_pool %3 : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  %5 = sparrow.reshape %4 : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %6 = sparrow.gemm %5, %w4 {trans_b = true} : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32> loc("fc")
  return %6 : tensor<1x4xf32>
}
