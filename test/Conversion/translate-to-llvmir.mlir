// RUN: sparrow-opt %s --sparrow-lower-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s
// RUN: sparrow-opt %s --sparrow-lower-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=NOLIB

// The lowered module translates to LLVM IR: a void function of bare
// pointers (input, output, arena) and the weights as private constants.
// Dense layer (gemm + relu, run by the pointwise kernel over B laid out
// [K][N] at compile time, the bias as its residual) then softmax.
//   CHECK-DAG: @[[W:__constant_4x2xf32]] = private constant [4 x [2 x float]] {{\[}}[2 x float] [float 1.000000e+00, float -1.000000e+00], [2 x float] [float 2.000000e+00, float -2.000000e+00], [2 x float] [float 3.000000e+00, float -3.000000e+00], [2 x float] [float 4.000000e+00, float -4.000000e+00]], align 64
//   CHECK-DAG: @[[B:__constant_1x2xf32]] = private constant [1 x [2 x float]] {{\[}}[2 x float] [float 5.000000e-01, float 1.500000e+00]], align 64
//       CHECK: define void @dense(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}})
//       CHECK:   getelementptr float, ptr @[[W]]
//       CHECK:   call <1 x float> @llvm.fmuladd.v1f32
//       CHECK:   getelementptr float, ptr @[[B]]
//       CHECK:   call <1 x float> @llvm.maximum.v1f32(<1 x float> %{{.*}}, <1 x float> zeroinitializer)
//       CHECK:   fdiv float
//       CHECK:   ret void

// The only functions called or declared are LLVM intrinsics: no libm, no
// allocator, no MLIR runtime helpers.
// NOLIB-NOT: {{(call|declare) [^@]*@[^l]}}
// NOLIB-NOT: {{(call|declare) [^@]*@l[^l]}}
func.func @dense(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, -2.0, -3.0, -4.0]]> : tensor<2x4xf32>
  %b = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  %0 = sparrow.gemm %x, %w, %b {trans_b = true, activation = #sparrow.act<relu>}
       : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = sparrow.softmax %0 {axis = 1 : i64} : tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
