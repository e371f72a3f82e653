//===- SparrowEnums.td - Kinds of the generic sparrow ops --*- tablegen -*-===//
//
// Enums printed as bare keywords in the ops that take them
// (`sparrow.unary tanh %x`, `sparrow.reduce mean %x ...`).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_ENUMS_TD
#define SPARROW_ENUMS_TD

include "mlir/IR/EnumAttr.td"

def Sparrow_UnaryKind : I32EnumAttr<"UnaryKind",
    "elementwise function computed by sparrow.unary", [
      I32EnumAttrCase<"abs", 0>,
      I32EnumAttrCase<"neg", 1>,
      I32EnumAttrCase<"floor", 2>,
      I32EnumAttrCase<"ceil", 3>,
      I32EnumAttrCase<"sqrt", 4>,
      I32EnumAttrCase<"reciprocal", 5>,
      I32EnumAttrCase<"exp", 6>,
      I32EnumAttrCase<"log", 7>,
      I32EnumAttrCase<"tanh", 8>,
      I32EnumAttrCase<"erf", 9>,
      I32EnumAttrCase<"gelu", 10>,
      I32EnumAttrCase<"gelu_tanh", 11>,
      I32EnumAttrCase<"elu", 12>,
      I32EnumAttrCase<"leaky_relu", 13>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_ReduceKind : I32EnumAttr<"ReduceKind",
    "combination computed by sparrow.reduce", [
      I32EnumAttrCase<"sum", 0>,
      I32EnumAttrCase<"mean", 1>,
      I32EnumAttrCase<"max", 2>,
      I32EnumAttrCase<"min", 3>,
      I32EnumAttrCase<"prod", 4>,
      I32EnumAttrCase<"l1", 5>,
      I32EnumAttrCase<"l2", 6>,
      I32EnumAttrCase<"sum_square", 7>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "ordered comparison computed by sparrow.compare", [
      I32EnumAttrCase<"eq", 0>,
      I32EnumAttrCase<"lt", 1>,
      I32EnumAttrCase<"le", 2>,
      I32EnumAttrCase<"gt", 3>,
      I32EnumAttrCase<"ge", 4>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_PadMode : I32EnumAttr<"PadMode", "how sparrow.pad fills", [
      I32EnumAttrCase<"constant", 0>,
      I32EnumAttrCase<"reflect", 1>,
      I32EnumAttrCase<"edge", 2>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_ResizeMode : I32EnumAttr<"ResizeMode",
    "interpolation of sparrow.resize", [
      I32EnumAttrCase<"nearest", 0>,
      I32EnumAttrCase<"linear", 1>,
      I32EnumAttrCase<"cubic", 2>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_CoordinateMode : I32EnumAttr<"CoordinateMode",
    "ONNX Resize coordinate_transformation_mode", [
      I32EnumAttrCase<"half_pixel", 0>,
      I32EnumAttrCase<"pytorch_half_pixel", 1>,
      I32EnumAttrCase<"align_corners", 2>,
      I32EnumAttrCase<"asymmetric", 3>,
      I32EnumAttrCase<"tf_half_pixel_for_nn", 4>,
      I32EnumAttrCase<"tf_crop_and_resize", 5>,
      I32EnumAttrCase<"half_pixel_symmetric", 6>
    ]> {
  let cppNamespace = "::sparrow";
}

def Sparrow_NearestMode : I32EnumAttr<"NearestMode",
    "ONNX Resize nearest_mode (rounding of the source coordinate)", [
      I32EnumAttrCase<"round_prefer_floor", 0>,
      I32EnumAttrCase<"round_prefer_ceil", 1>,
      I32EnumAttrCase<"floor", 2>,
      I32EnumAttrCase<"ceil", 3>
    ]> {
  let cppNamespace = "::sparrow";
}

#endif // SPARROW_ENUMS_TD
