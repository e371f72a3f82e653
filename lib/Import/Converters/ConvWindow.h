//===- ConvWindow.h - Window attributes of convs and pools ------*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_CONVERTERS_CONVWINDOW_H
#define SPARROW_LIB_IMPORT_CONVERTERS_CONVWINDOW_H

#include "lib/Import/GraphImporter.h"

namespace sparrow {

/// Window attributes shared by Conv, QLinearConv and the pools, in sparrow's
/// form (pads: begins, then ends).
struct Window {
  llvm::SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// Reads kernel_shape/strides/pads/dilations/auto_pad for a window over the
/// spatial dims of `in` (1 to 3 of them).
llvm::Expected<Window> readWindow(GraphImporter &gi,
                                  const onnx::NodeProto &node,
                                  llvm::ArrayRef<int64_t> in,
                                  llvm::ArrayRef<int64_t> kernel);

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_CONVERTERS_CONVWINDOW_H
