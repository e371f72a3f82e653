// RUN: sparrow-opt %s --sparrow-lower-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s
// RUN: sparrow-opt %s --sparrow-lower-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=NOLIB

// The lowered module translates to LLVM IR: a void function of bare
// pointers (input, output, arena) and the weights as private constants.
// Dense layer (gemm + relu) then softmax.
//   CHECK-DAG: @[[W:__constant_2x4xf32]] = private constant [2 x [4 x float]] {{\[}}[4 x float] [float 1.000000e+00, float 2.000000e+00, float 3.000000e+00, float 4.000000e+00], [4 x float] [float -1.000000e+00, float -2.000000e+00, float -3.000000e+00, float -4.000000e+00]], align 64
//   CHECK-DAG: @[[B:__constant_2xf32]] = private constant [2 x float] [float 5.000000e-01, float 1.500000e+00], align 64
//       CHECK: define void @dense(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}})
//       CHECK:   getelementptr inbounds nuw float, ptr @[[B]]
//       CHECK:   getelementptr inbounds nuw float, ptr @[[W]]
//       CHECK:   %[[P:.*]] = fmul float
//  CHECK-NEXT:   fadd float %{{.*}}, %[[P]]
//       CHECK:   call float @llvm.maximum.f32(float %{{.*}}, float 0.000000e+00)
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
