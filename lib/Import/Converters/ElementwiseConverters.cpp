//===- ElementwiseConverters.cpp - Arithmetic, activations, comparisons ---===//
//
// Every converter first folds compile-time data: integer inputs (shape
// arithmetic) always, float constants when small. Only what depends on the
// model's inputs becomes sparrow ops.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

/// Float constants up to this many elements are folded while importing.
constexpr int64_t kFoldLimit = 1 << 16;

enum class Bin { Add, Sub, Mul, Div, Pow, Max, Min, PRelu, Mod };

/// Integer arithmetic on compile-time data wraps around (two's complement)
/// instead of overflowing; division by zero gives 0.
int64_t foldInt(Bin op, int64_t a, int64_t b) {
  uint64_t x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
  switch (op) {
  case Bin::Add:
    return static_cast<int64_t>(x + y);
  case Bin::Sub:
    return static_cast<int64_t>(x - y);
  case Bin::Mul:
    return static_cast<int64_t>(x * y);
  case Bin::Div:
    if (b == 0)
      return 0;
    if (b == -1)
      return static_cast<int64_t>(0 - x);
    return a / b;
  case Bin::Pow: {
    uint64_t r = 1;
    for (int64_t i = 0; i < b && i < 64; ++i)
      r *= x;
    return b < 0 ? 0 : static_cast<int64_t>(r);
  }
  case Bin::Max:
    return std::max(a, b);
  case Bin::Min:
    return std::min(a, b);
  case Bin::PRelu:
    return a < 0 ? static_cast<int64_t>(x * y) : a;
  case Bin::Mod: {
    // fmod=0: the sign of the divisor, as Python's %.
    if (b == 0 || b == -1)
      return 0;
    int64_t r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
  }
  return 0;
}

float foldFloat(Bin op, float a, float b) {
  switch (op) {
  case Bin::Add:
    return a + b;
  case Bin::Sub:
    return a - b;
  case Bin::Mul:
    return a * b;
  case Bin::Div:
    return a / b;
  case Bin::Pow:
    return std::pow(a, b);
  case Bin::Max:
    return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
  case Bin::Min:
    return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
  case Bin::PRelu:
    return a < 0 ? a * b : a;
  case Bin::Mod:
    return std::fmod(a, b);
  }
  return 0;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Builds `op(l, r)` on values, folding float constants.
Expected<Value> binary(GraphImporter &gi, const onnx::NodeProto &node, Bin op,
                       Value l, Value r) {
  auto ls = shapeOf(l), rs = shapeOf(r);
  auto out = broadcastShapes(ls, rs);
  if (!out)
    return gi.error(node, "operand shapes do not broadcast");
  if (product(*out) <= kFoldLimit) {
    auto ld = getConstantF32(l), rd = getConstantF32(r);
    if (ld && rd) {
      SmallVector<float> a = broadcastData<float>(*ld, ls, *out);
      SmallVector<float> b = broadcastData<float>(*rd, rs, *out);
      for (size_t i = 0; i < a.size(); ++i)
        a[i] = foldFloat(op, a[i], b[i]);
      return gi.constant(node, *out, a);
    }
  }
  switch (op) {
  case Bin::Add:
    return gi.create<AddOp>(node, l, r, ActivationAttr());
  case Bin::Sub:
    return gi.create<SubOp>(node, l, r, ActivationAttr());
  case Bin::Mul:
    return gi.create<MulOp>(node, l, r, ActivationAttr());
  case Bin::Div:
    return gi.create<DivOp>(node, l, r, ActivationAttr());
  case Bin::Pow:
    return gi.create<PowOp>(node, l, r, ActivationAttr());
  case Bin::Max:
    return gi.create<MaxOp>(node, l, r, ActivationAttr());
  case Bin::Min:
    return gi.create<MinOp>(node, l, r, ActivationAttr());
  case Bin::PRelu:
    return gi.create<PReluOp>(node, l, r, ActivationAttr());
  case Bin::Mod:
    return gi.create<ModOp>(node, l, r, ActivationAttr());
  }
  return Value();
}

/// Opsets before 7 broadcast only with `broadcast=1`, aligning the second
/// operand at `axis` (or as a suffix).
Expected<Value> legacyBroadcast(GraphImporter &gi, const onnx::NodeProto &node,
                                Value l, Value r) {
  if (gi.opset() >= 7 || !findAttr(node, "broadcast"))
    return r;
  if (attrInt(node, "broadcast", 0) == 0)
    return r;
  ArrayRef<int64_t> ls = shapeOf(l), rs = shapeOf(r);
  const onnx::AttributeProto *axisAttr = findAttr(node, "axis");
  if (!axisAttr)
    return r;
  int64_t axis = axisAttr->i();
  if (axis < 0)
    axis += ls.size();
  if (axis < 0 || axis + rs.size() > ls.size())
    return gi.error(node, "legacy broadcast axis " + Twine(axisAttr->i()) +
                              " does not fit");
  SmallVector<int64_t> shape(rs);
  shape.append(ls.size() - axis - rs.size(), 1);
  return gi.reshape(node, r, shape);
}

template <Bin Op>
Error convertBinary(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0) && gi.isInt(node, 1)) {
    auto a = gi.intTensor(node, 0), b = gi.intTensor(node, 1);
    if (!a)
      return a.takeError();
    if (!b)
      return b.takeError();
    auto t = broadcastInts(
        *a, *b, [](int64_t x, int64_t y) { return foldInt(Op, x, y); });
    if (!t)
      return gi.error(node, toString(t.takeError()));
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  // Only Pow may mix types (a float base with an integer exponent).
  auto l = gi.input(node, 0);
  auto r = Op == Bin::Pow ? gi.floatInput(node, 1) : gi.input(node, 1);
  if (!l)
    return l.takeError();
  if (!r)
    return r.takeError();
  auto rb = legacyBroadcast(gi, node, *l, *r);
  if (!rb)
    return rb.takeError();
  Value rhs = *rb;
  if constexpr (Op == Bin::PRelu) {
    // Before opset 7 (and in old exporters) a 1-D slope runs along dim 1.
    ArrayRef<int64_t> xs = shapeOf(*l), ss = shapeOf(rhs);
    if (!broadcastShapes(xs, ss) && ss.size() == 1 && xs.size() >= 2 &&
        ss[0] == xs[1]) {
      SmallVector<int64_t> shape(xs.size() - 1, 1);
      shape[0] = ss[0];
      rhs = gi.reshape(node, rhs, shape);
    }
  }
  if constexpr (Op == Bin::Pow) {
    // Small integer exponents stay exact as products.
    auto e = getConstantF32(rhs);
    if (e && e->size() == 1 && shapeOf(rhs).size() <= shapeOf(*l).size()) {
      float p = (*e)[0];
      if (p == 1.0f) {
        gi.setOutput(node, 0, *l);
        return Error::success();
      }
      if (p == 2.0f || p == 3.0f) {
        auto sq = binary(gi, node, Bin::Mul, *l, *l);
        if (!sq)
          return sq.takeError();
        Expected<Value> y = *sq;
        if (p == 3.0f)
          y = binary(gi, node, Bin::Mul, *sq, *l);
        if (!y)
          return y.takeError();
        gi.setOutput(node, 0, *y);
        return Error::success();
      }
      if (p == 0.5f) {
        Value y = UnaryFnOp::create(gi.builder(), gi.locOf(node), l->getType(),
                                    UnaryKind::sqrt, *l, FloatAttr());
        gi.setOutput(node, 0, y);
        return Error::success();
      }
    }
  }
  auto y = binary(gi, node, Op, *l, rhs);
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// Mod: on integers the remainder takes the divisor's sign (fmod=0) or the
/// dividend's (fmod=1); on floats ONNX requires fmod=1.
Error convertMod(GraphImporter &gi, const onnx::NodeProto &node) {
  bool fmod = attrInt(node, "fmod", 0) != 0;
  if (gi.isInt(node, 0) && gi.isInt(node, 1)) {
    auto a = gi.intTensor(node, 0), b = gi.intTensor(node, 1);
    if (!a)
      return a.takeError();
    if (!b)
      return b.takeError();
    auto t = broadcastInts(*a, *b, [fmod](int64_t x, int64_t y) -> int64_t {
      if (!fmod)
        return foldInt(Bin::Mod, x, y);
      return y == 0 || y == -1 ? 0 : x % y;
    });
    if (!t)
      return gi.error(node, toString(t.takeError()));
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  if (!fmod)
    return gi.error(node, "Mod on float tensors needs fmod=1");
  auto l = gi.input(node, 0), r = gi.input(node, 1);
  if (!l)
    return l.takeError();
  if (!r)
    return r.takeError();
  auto y = binary(gi, node, Bin::Mod, *l, *r);
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// Sum, Mean, Max, Min over any number of inputs.
template <Bin Op, bool IsMean = false>
Error convertVariadic(GraphImporter &gi, const onnx::NodeProto &node) {
  if (node.input_size() == 0)
    return gi.error(node, "needs at least one input");
  bool allInt = true;
  for (int i = 0; i < node.input_size(); ++i)
    allInt &= gi.isInt(node, i);
  if (allInt && !IsMean) {
    auto acc = gi.intTensor(node, 0);
    if (!acc)
      return acc.takeError();
    IntTensor t = *acc;
    for (int i = 1; i < node.input_size(); ++i) {
      auto next = gi.intTensor(node, i);
      if (!next)
        return next.takeError();
      auto r = broadcastInts(
          t, *next, [](int64_t x, int64_t y) { return foldInt(Op, x, y); });
      if (!r)
        return gi.error(node, toString(r.takeError()));
      t = *r;
    }
    gi.setIntOutput(node, 0, t);
    return Error::success();
  }
  auto acc = gi.input(node, 0);
  if (!acc)
    return acc.takeError();
  Value y = *acc;
  for (int i = 1; i < node.input_size(); ++i) {
    auto next = gi.input(node, i);
    if (!next)
      return next.takeError();
    auto r = binary(gi, node, Op, y, *next);
    if (!r)
      return r.takeError();
    y = *r;
  }
  if (IsMean && node.input_size() > 1) {
    Value n = gi.constant(node, {}, {static_cast<float>(node.input_size())});
    auto r = binary(gi, node, Bin::Div, y, n);
    if (!r)
      return r.takeError();
    y = *r;
  }
  gi.setOutput(node, 0, y);
  return Error::success();
}

float foldUnary(UnaryKind kind, float x, float alpha) {
  switch (kind) {
  case UnaryKind::abs:
    return std::fabs(x);
  case UnaryKind::neg:
    return -x;
  case UnaryKind::floor:
    return std::floor(x);
  case UnaryKind::ceil:
    return std::ceil(x);
  case UnaryKind::sqrt:
    return std::sqrt(x);
  case UnaryKind::reciprocal:
    return 1.0f / x;
  case UnaryKind::exp:
    return std::exp(x);
  case UnaryKind::log:
    return std::log(x);
  case UnaryKind::tanh:
    return std::tanh(x);
  case UnaryKind::erf:
    return std::erf(x);
  case UnaryKind::gelu:
    return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
  case UnaryKind::gelu_tanh:
    return 0.5f * x *
           (1.0f +
            std::tanh(std::sqrt(2.0f / M_PI) * (x + 0.044715f * x * x * x)));
  case UnaryKind::elu:
    return x < 0 ? alpha * (std::exp(x) - 1.0f) : x;
  case UnaryKind::leaky_relu:
    return x < 0 ? alpha * x : x;
  }
  return x;
}

Error unary(GraphImporter &gi, const onnx::NodeProto &node, UnaryKind kind,
            std::optional<float> alpha = std::nullopt) {
  if (gi.isInt(node, 0) && (kind == UnaryKind::abs || kind == UnaryKind::neg)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    for (int64_t &v : t->data) {
      uint64_t negated = 0 - static_cast<uint64_t>(v);
      v = kind == UnaryKind::neg || v < 0 ? static_cast<int64_t>(negated) : v;
    }
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto data = getConstantF32(*x);
  if (data && static_cast<int64_t>(data->size()) <= kFoldLimit) {
    for (float &v : *data)
      v = foldUnary(kind, v, alpha.value_or(0.0f));
    gi.setOutput(node, 0, gi.constant(node, shapeOf(*x), *data));
    return Error::success();
  }
  OpBuilder &b = gi.builder();
  gi.setOutput(
      node, 0,
      UnaryFnOp::create(b, gi.locOf(node), x->getType(), kind, *x,
                        alpha ? b.getF32FloatAttr(*alpha) : FloatAttr()));
  return Error::success();
}

template <UnaryKind Kind>
Error convertUnaryFn(GraphImporter &gi, const onnx::NodeProto &node) {
  return unary(gi, node, Kind);
}

Error convertElu(GraphImporter &gi, const onnx::NodeProto &node) {
  return unary(gi, node, UnaryKind::elu, attrFloat(node, "alpha", 1.0f));
}

Error convertLeakyRelu(GraphImporter &gi, const onnx::NodeProto &node) {
  return unary(gi, node, UnaryKind::leaky_relu,
               attrFloat(node, "alpha", 0.01f));
}

Error convertGelu(GraphImporter &gi, const onnx::NodeProto &node) {
  std::string approx = attrString(node, "approximate", "none");
  if (approx != "none" && approx != "tanh")
    return gi.error(node, "unknown approximate '" + approx + "'");
  return unary(gi, node,
               approx == "tanh" ? UnaryKind::gelu_tanh : UnaryKind::gelu);
}

template <typename OpTy>
Error convertActivation(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  gi.setOutput(node, 0,
               OpTy::create(gi.builder(), gi.locOf(node), x->getType(), *x));
  return Error::success();
}

/// Clip takes min/max as attributes before opset 11 and as optional inputs
/// since; constant bounds make a sparrow.clip, others a max/min pair.
Error convertClip(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  float lo = std::numeric_limits<float>::lowest();
  float hi = std::numeric_limits<float>::max();
  Value y = *x;
  if (gi.opset() < 11) {
    lo = attrFloat(node, "min", lo);
    hi = attrFloat(node, "max", hi);
  } else {
    for (unsigned i : {1u, 2u}) {
      if (!gi.hasInput(node, i))
        continue;
      auto bound = gi.floatConstant(node, i);
      if (bound && bound->size() == 1) {
        (i == 1 ? lo : hi) = (*bound)[0];
        continue;
      }
      auto v = gi.input(node, i);
      if (!v)
        return v.takeError();
      if (!shapeOf(*v).empty() && product(shapeOf(*v)) != 1)
        return gi.error(node,
                        Twine(i == 1 ? "min" : "max") + " must be a scalar");
      auto r = binary(gi, node, i == 1 ? Bin::Max : Bin::Min, y, *v);
      if (!r)
        return r.takeError();
      y = gi.reshapeLike(node, *r, *x);
    }
  }
  if (hi < lo) {
    // ONNX: every element becomes max when min > max.
    lo = hi;
  }
  OpBuilder &b = gi.builder();
  if (lo != std::numeric_limits<float>::lowest() ||
      hi != std::numeric_limits<float>::max() || y == *x)
    y = ClipOp::create(b, gi.locOf(node), y.getType(), y, b.getF32FloatAttr(lo),
                       b.getF32FloatAttr(hi));
  gi.setOutput(node, 0, y);
  return Error::success();
}

Error convertHardSigmoid(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  OpBuilder &b = gi.builder();
  gi.setOutput(
      node, 0,
      HardSigmoidOp::create(b, gi.locOf(node), x->getType(), *x,
                            b.getF32FloatAttr(attrFloat(node, "alpha", 0.2f)),
                            b.getF32FloatAttr(attrFloat(node, "beta", 0.5f))));
  return Error::success();
}

/// Identity and inference-mode Dropout forward their input (data too).
Error convertIdentity(GraphImporter &gi, const onnx::NodeProto &node) {
  bool dropout = node.op_type() == "Dropout";
  if (!dropout)
    if (Error err = gi.onlyFirstOutputUsed(node))
      return err;
  if (dropout && gi.hasInput(node, 2)) {
    if (!gi.isInt(node, 2))
      return gi.error(node, "training_mode must be a compile-time constant");
    auto mode = gi.intConstant(node, 2);
    if (!mode)
      return mode.takeError();
    // Training mode with ratio 0 (torchvision's Swin calls F.dropout with
    // p=0 and the default training=True) keeps everything too.
    std::optional<SmallVector<float>> ratio = gi.hasInput(node, 1)
                                                  ? gi.floatConstant(node, 1)
                                                  : SmallVector<float>{0.5f};
    bool keepsAll = ratio && ratio->size() == 1 && ratio->front() == 0.0f;
    if (!mode->empty() && (*mode)[0] != 0 && !keepsAll)
      return gi.error(node, "training mode Dropout is not supported");
  }
  IntTensor mask; // inference Dropout keeps everything: an all-true mask
  mask.isBool = true;
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    gi.setIntOutput(node, 0, *t);
    mask.dims = t->dims;
  } else {
    auto x = gi.input(node, 0);
    if (!x)
      return x.takeError();
    gi.setOutput(node, 0, *x);
    mask.dims.assign(shapeOf(*x).begin(), shapeOf(*x).end());
  }
  if (dropout && node.output_size() > 1 && !node.output(1).empty()) {
    auto count = checkedProduct(mask.dims, kMaxCreatedElements);
    if (!count)
      return gi.error(node, "the mask output would have more than 2^24 "
                            "elements");
    mask.data.assign(*count, 1);
    gi.setIntOutput(node, 1, mask);
  }
  return Error::success();
}

bool compareFloats(ComparePredicate pred, float x, float y) {
  switch (pred) {
  case ComparePredicate::eq:
    return x == y;
  case ComparePredicate::lt:
    return x < y;
  case ComparePredicate::le:
    return x <= y;
  case ComparePredicate::gt:
    return x > y;
  case ComparePredicate::ge:
    return x >= y;
  }
  return false;
}

template <ComparePredicate Pred>
Error convertCompare(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0) && gi.isInt(node, 1)) {
    auto a = gi.intTensor(node, 0), b = gi.intTensor(node, 1);
    if (!a)
      return a.takeError();
    if (!b)
      return b.takeError();
    auto t = broadcastInts(*a, *b, [](int64_t x, int64_t y) -> int64_t {
      switch (Pred) {
      case ComparePredicate::eq:
        return x == y;
      case ComparePredicate::lt:
        return x < y;
      case ComparePredicate::le:
        return x <= y;
      case ComparePredicate::gt:
        return x > y;
      case ComparePredicate::ge:
        return x >= y;
      }
      return 0;
    });
    if (!t)
      return gi.error(node, toString(t.takeError()));
    t->isBool = true;
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto l = gi.input(node, 0), r = gi.input(node, 1);
  if (!l)
    return l.takeError();
  if (!r)
    return r.takeError();
  // Masks of small float constants (Swin's window mask) stay compile-time
  // data.
  auto out = broadcastShapes(shapeOf(*l), shapeOf(*r));
  if (out && product(*out) <= kFoldLimit) {
    auto ld = getConstantF32(*l), rd = getConstantF32(*r);
    if (ld && rd) {
      IntTensor t;
      t.dims = *out;
      t.isBool = true;
      SmallVector<float> a = broadcastData<float>(*ld, shapeOf(*l), *out);
      SmallVector<float> b = broadcastData<float>(*rd, shapeOf(*r), *out);
      for (size_t i = 0; i < a.size(); ++i)
        t.data.push_back(compareFloats(Pred, a[i], b[i]));
      gi.setIntOutput(node, 0, std::move(t));
      return Error::success();
    }
  }
  auto y = gi.create<CompareOp>(
      node, ComparePredicateAttr::get(gi.builder().getContext(), Pred), *l, *r);
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertNot(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    for (int64_t &v : t->data)
      v = v == 0;
    t->isBool = true;
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.maskInput(node, 0);
  if (!x)
    return x.takeError();
  gi.setOutput(node, 0,
               NotOp::create(gi.builder(), gi.locOf(node), x->getType(), *x));
  return Error::success();
}

Error convertWhere(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0) && gi.isInt(node, 1) && gi.isInt(node, 2)) {
    auto c = gi.intTensor(node, 0), x = gi.intTensor(node, 1),
         y = gi.intTensor(node, 2);
    if (!c)
      return c.takeError();
    if (!x)
      return x.takeError();
    if (!y)
      return y.takeError();
    auto xy = broadcastShapes(x->dims, y->dims);
    auto shape = xy ? broadcastShapes(c->dims, *xy) : std::nullopt;
    if (!shape)
      return gi.error(node, "operand shapes do not broadcast");
    if (!checkedProduct(*shape, kMaxIntElements))
      return gi.error(node, "integer data too large to fold");
    SmallVector<int64_t> cs = broadcastData<int64_t>(c->data, c->dims, *shape);
    SmallVector<int64_t> xs = broadcastData<int64_t>(x->data, x->dims, *shape);
    SmallVector<int64_t> ys = broadcastData<int64_t>(y->data, y->dims, *shape);
    IntTensor t;
    t.dims = *shape;
    for (size_t i = 0; i < cs.size(); ++i)
      t.data.push_back(cs[i] ? xs[i] : ys[i]);
    t.isBool = x->isBool && y->isBool;
    gi.setIntOutput(node, 0, t);
    return Error::success();
  }
  auto c = gi.maskInput(node, 0);
  auto x = gi.floatInput(node, 1), y = gi.floatInput(node, 2);
  if (!c)
    return c.takeError();
  if (!x)
    return x.takeError();
  if (!y)
    return y.takeError();
  if (gi.isInt(node, 0)) {
    auto shape = broadcastShapes(shapeOf(*x), shapeOf(*y));
    shape = shape ? broadcastShapes(shapeOf(*c), *shape) : std::nullopt;
    auto xd = getConstantF32(*x), yd = getConstantF32(*y);
    if (shape && product(*shape) <= kFoldLimit && xd && yd) {
      auto mask = gi.intTensor(node, 0);
      if (!mask)
        return mask.takeError();
      SmallVector<int64_t> cs =
          broadcastData<int64_t>(mask->data, mask->dims, *shape);
      SmallVector<float> xs = broadcastData<float>(*xd, shapeOf(*x), *shape);
      SmallVector<float> ys = broadcastData<float>(*yd, shapeOf(*y), *shape);
      for (size_t i = 0; i < cs.size(); ++i)
        xs[i] = cs[i] ? xs[i] : ys[i];
      gi.setOutput(node, 0, gi.constant(node, *shape, xs));
      return Error::success();
    }
  }
  auto r = gi.create<WhereOp>(node, *c, *x, *y);
  if (!r)
    return r.takeError();
  gi.setOutput(node, 0, *r);
  return Error::success();
}

} // namespace

void addElementwiseConverters(StringMap<NodeConverter> &table) {
  table["Add"] = convertBinary<Bin::Add>;
  table["Sub"] = convertBinary<Bin::Sub>;
  table["Mul"] = convertBinary<Bin::Mul>;
  table["Div"] = convertBinary<Bin::Div>;
  table["Pow"] = convertBinary<Bin::Pow>;
  table["PRelu"] = convertBinary<Bin::PRelu>;
  table["Mod"] = convertMod;
  table["Max"] = convertVariadic<Bin::Max>;
  table["Min"] = convertVariadic<Bin::Min>;
  table["Sum"] = convertVariadic<Bin::Add>;
  table["Mean"] = convertVariadic<Bin::Add, true>;
  table["Abs"] = convertUnaryFn<UnaryKind::abs>;
  table["Neg"] = convertUnaryFn<UnaryKind::neg>;
  table["Floor"] = convertUnaryFn<UnaryKind::floor>;
  table["Ceil"] = convertUnaryFn<UnaryKind::ceil>;
  table["Sqrt"] = convertUnaryFn<UnaryKind::sqrt>;
  table["Reciprocal"] = convertUnaryFn<UnaryKind::reciprocal>;
  table["Exp"] = convertUnaryFn<UnaryKind::exp>;
  table["Log"] = convertUnaryFn<UnaryKind::log>;
  table["Tanh"] = convertUnaryFn<UnaryKind::tanh>;
  table["Erf"] = convertUnaryFn<UnaryKind::erf>;
  table["Gelu"] = convertGelu;
  table["Elu"] = convertElu;
  table["LeakyRelu"] = convertLeakyRelu;
  table["Relu"] = convertActivation<ReluOp>;
  table["Sigmoid"] = convertActivation<SigmoidOp>;
  table["HardSwish"] = convertActivation<HardSwishOp>;
  table["HardSigmoid"] = convertHardSigmoid;
  table["Clip"] = convertClip;
  table["Identity"] = convertIdentity;
  table["Dropout"] = convertIdentity;
  table["Equal"] = convertCompare<ComparePredicate::eq>;
  table["Less"] = convertCompare<ComparePredicate::lt>;
  table["LessOrEqual"] = convertCompare<ComparePredicate::le>;
  table["Greater"] = convertCompare<ComparePredicate::gt>;
  table["GreaterOrEqual"] = convertCompare<ComparePredicate::ge>;
  table["Not"] = convertNot;
  table["Where"] = convertWhere;
}

} // namespace sparrow
