// RUN: sparrow-opt %s --allow-unregistered-dialect | sparrow-opt --allow-unregistered-dialect | FileCheck %s

// The module's target and the kernel choice round-trip.
// CHECK: module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a53", "+neon,-dotprod">}
// CHECK: "test.kernels"() {a = #sparrow.kernel<pointwise, sparse, tile = 4x2, "50% of 4-row tile channels skipped">, b = #sparrow.kernel<direct, dense, "depthwise 3x3">, c = #sparrow.kernel<loops, dense, "a \22quoted\22 reason">}
module attributes {sparrow.target = #sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a53", "+neon,-dotprod">} {
  "test.kernels"() {a = #sparrow.kernel<pointwise, sparse, tile = 4x2, "50% of 4-row tile channels skipped">,
                    b = #sparrow.kernel<direct, dense, "depthwise 3x3">,
                    c = #sparrow.kernel<loops, dense, "a \"quoted\" reason">} : () -> ()
}
