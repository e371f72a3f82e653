//===- ChannelSets.cpp - Channel dims whose order must agree --------------===//

#include "passes/Sparsity/ChannelSets.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace sparrow {

static bool hasChannels(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.getRank() >= 2;
}

static int64_t channelsOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getDimSize(1);
}

static bool isConstant(Value v) { return getConstantF32(v).has_value(); }

unsigned ChannelSets::spaceOf(Value v) {
  auto [it, inserted] = ids.try_emplace(v, values.size());
  if (inserted) {
    values.push_back(v);
    classes.insert(it->second);
  }
  return it->second;
}

void ChannelSets::unite(Value a, Value b) {
  if (!hasChannels(a) || !hasChannels(b))
    return;
  if (channelsOf(a) != channelsOf(b)) {
    freeze(a, "channel counts differ");
    freeze(b, "channel counts differ");
    return;
  }
  classes.unionSets(spaceOf(a), spaceOf(b));
}

void ChannelSets::freeze(Value v, StringRef why) {
  if (hasChannels(v))
    pendingFrozen.push_back({spaceOf(v), why.str()});
}

void ChannelSets::visit(Operation *op) {
  auto addOperand = [&](Value space, unsigned operand, int64_t axis) {
    pendingOperands.push_back({spaceOf(space), {op, operand, axis}});
  };
  auto freezeAll = [&](StringRef why) {
    for (Value v : op->getOperands())
      if (!isConstant(v))
        freeze(v, why);
    for (Value v : op->getResults())
      freeze(v, why);
  };

  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    Value in = conv.getInput(), out = conv.getOutput();
    Value bias = conv.getBias();
    if (!isConstant(conv.getFilter()) || (bias && !isConstant(bias)))
      return freezeAll("conv with non-constant weights");
    ArrayRef<int64_t> w = conv.getFilter().getType().getShape();
    // A fused residual is added to the output channel by channel.
    if (Value residual = conv.getResidual())
      unite(residual, out);
    if (conv.isDepthwise() && w[0] == channelsOf(in)) {
      unite(in, out);
      addOperand(out, 1, 0);
      if (bias)
        addOperand(out, 2, 0);
      return;
    }
    if (conv.getGroups() != 1)
      return freezeAll("grouped conv");
    addOperand(in, 1, 1);
    pendingProducers.push_back({spaceOf(out), op});
    addOperand(out, 1, 0);
    if (bias)
      addOperand(out, 2, 0);
    return;
  }
  if (auto gemm = dyn_cast<GemmOp>(op)) {
    Value a = gemm.getA(), out = gemm.getOutput(), c = gemm.getC();
    if (gemm.getTransA() || !isConstant(gemm.getB()) || (c && !isConstant(c)))
      return freezeAll("gemm without constant B and C");
    bool tb = gemm.getTransB();
    addOperand(a, 1, tb ? 1 : 0);
    pendingProducers.push_back({spaceOf(out), op});
    addOperand(out, 1, tb ? 0 : 1);
    if (c) {
      auto cShape = cast<RankedTensorType>(c.getType()).getShape();
      if (!cShape.empty() && cShape.back() == channelsOf(out) &&
          channelsOf(out) != 1)
        addOperand(out, 2, cShape.size() - 1);
    }
    return;
  }
  if (auto mm = dyn_cast<MatMulOp>(op)) {
    TypedValue<RankedTensorType> lhs = mm.getLhs();
    Value out = mm.getOutput();
    if (lhs.getType().getRank() != 2 || mm.getRhs().getType().getRank() != 2 ||
        !isConstant(mm.getRhs()))
      return freezeAll("matmul without a constant 2-D right operand");
    addOperand(lhs, 1, 0);
    pendingProducers.push_back({spaceOf(out), op});
    addOperand(out, 1, 1);
    return;
  }
  if (auto bn = dyn_cast<BatchNormOp>(op)) {
    unite(bn.getInput(), bn.getOutput());
    for (unsigned i = 1; i < 5; ++i) {
      if (!isConstant(op->getOperand(i)))
        return freezeAll("batch_norm with non-constant parameters");
      addOperand(bn.getOutput(), i, 0);
    }
    return;
  }
  if (isa<ReluOp, SigmoidOp, HardSwishOp, ClipOp, HardSigmoidOp, SoftmaxOp,
          MaxPoolOp, AveragePoolOp, GlobalAveragePoolOp>(op))
    return unite(op->getOperand(0), op->getResult(0));
  if (isa<AddOp, SubOp, MulOp, DivOp>(op)) {
    Value out = op->getResult(0);
    if (!hasChannels(out))
      return;
    int64_t rank = cast<RankedTensorType>(out.getType()).getRank();
    for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(operand.getType()).getShape();
      int64_t axis = 1 - (rank - static_cast<int64_t>(shape.size()));
      if (axis < 0 || (shape[axis] == 1 && channelsOf(out) != 1))
        continue; // broadcast along channels: nothing to permute
      if (isConstant(operand))
        addOperand(out, i, axis);
      else if (axis == 1)
        unite(operand, out);
      else
        return freezeAll("elementwise operand of lower rank");
    }
    return;
  }
  if (auto concat = dyn_cast<ConcatOp>(op)) {
    if (concat.getAxis() != 1) {
      for (Value in : concat.getInputs())
        unite(in, concat.getOutput());
      return;
    }
    SmallVector<unsigned> segments;
    for (Value in : concat.getInputs()) {
      if (isConstant(in))
        return freezeAll("concat of a constant");
      segments.push_back(spaceOf(in));
    }
    pendingConcats.push_back({spaceOf(concat.getOutput()), segments});
    return;
  }
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    // [N, C, 1, ...] <-> [N, C] keeps the channel dim; anything else mixes.
    auto trailingOnes = [](ArrayRef<int64_t> s) {
      return llvm::all_of(s.drop_front(2), [](int64_t d) { return d == 1; });
    };
    ArrayRef<int64_t> in = reshape.getInput().getType().getShape();
    ArrayRef<int64_t> out = reshape.getOutput().getType().getShape();
    if (in.size() >= 2 && out.size() >= 2 && in[0] == out[0] &&
        in[1] == out[1] && trailingOnes(in) && trailingOnes(out))
      return unite(reshape.getInput(), reshape.getOutput());
    return freezeAll("reshape that moves the channel dim");
  }
  if (isa<arith::ConstantOp>(op))
    return;
  if (isa<func::ReturnOp>(op))
    return freezeAll("graph output");
  freezeAll(("unhandled op " + op->getName().getStringRef()).str());
}

ChannelSets::ChannelSets(func::FuncOp func) {
  for (BlockArgument arg : func.getArguments())
    freeze(arg, "graph input");
  func.walk([&](Operation *op) {
    if (op != func.getOperation())
      visit(op);
  });

  // One ChannelSet per equivalence class.
  DenseMap<unsigned, unsigned> setOf;
  for (unsigned space = 0; space < values.size(); ++space) {
    unsigned leader = classes.getLeaderValue(space);
    auto [it, inserted] = setOf.try_emplace(leader, finalSets.size());
    if (inserted) {
      finalSets.emplace_back();
      finalSets.back().channels = channelsOf(values[space]);
    }
    setOf[space] = it->second;
  }
  auto setFor = [&](unsigned space) -> ChannelSet & {
    return finalSets[setOf.lookup(classes.getLeaderValue(space))];
  };
  for (auto &[space, why] : pendingFrozen) {
    ChannelSet &set = setFor(space);
    if (!set.frozen)
      set.frozenReason = why;
    set.frozen = true;
  }
  for (auto &[space, op] : pendingProducers)
    setFor(space).producers.push_back(op);
  for (Pending &p : pendingOperands)
    setFor(p.space).operands.push_back(p.operand);
  for (auto &[space, segments] : pendingConcats) {
    ChannelSet &set = setFor(space);
    // A concat output joined with another producer or another concat has
    // no single order to follow: freeze it (and below, its segments).
    if (!set.segments.empty() || !set.producers.empty()) {
      set.frozen = true;
      set.frozenReason = "concat output with other producers";
    }
    for (unsigned s : segments)
      set.segments.push_back(setOf.lookup(classes.getLeaderValue(s)));
  }
  // A frozen concat output can only keep its order if its segments do.
  bool changed = true;
  while (changed) {
    changed = false;
    for (ChannelSet &set : finalSets)
      if (set.frozen)
        for (unsigned s : set.segments)
          if (!finalSets[s].frozen) {
            finalSets[s].frozen = true;
            finalSets[s].frozenReason = "feeds a frozen concat";
            changed = true;
          }
  }
}

} // namespace sparrow
