// An op without an ONNX form (here one outside the sparrow dialect) stops
// the export with one error line naming it, exit code 1, and no file.
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: not sparrow-sparsify %s --sparsity 0 -o out.onnx 2>&1 | %check-error %s
// CHECK: sparrow-sparsify: error: export: no ONNX form for 'arith.addf'
// RUN: ls | count 0
// A .mlir input that does not parse: the parser's message.
// RUN: echo 'func.func @main(' > bad.mlir
// RUN: not sparrow-sparsify bad.mlir -o out.onnx 2>&1 | %check-error %s --check-prefix=PARSE
// PARSE: sparrow-sparsify: error: bad.mlir: {{.+}}
// RUN: ls | FileCheck %s --check-prefix=FILES --implicit-check-not=out
// FILES: bad.mlir

func.func @main(%x: tensor<4xf32> {sparrow.name = "x"}) -> tensor<4xf32> {
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
