//===- sparrow-opt.cpp - mlir-opt with the sparrow dialect and passes -----===//

#include "lib/Compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  sparrow::registerAllDialects(registry);
  sparrow::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Sparrow optimizer driver\n", registry));
}
