//===- ParallelizeLoops.cpp - Kernel loops onto the runtime's threads -----===//
//
// The compiled model stays free of any threading library: a parallel loop
// becomes a plain function over an iteration range plus a call through the
// dispatcher the runtime passes in. What crosses that boundary is one array
// of indices (the ctx), so the same outlined body serves the single-thread
// path (called directly) and the pool (called once per chunk per thread).
//
//===----------------------------------------------------------------------===//

#include "dialects/Sparrow/SparrowDialect.h"
#include "passes/Parallel/LoopCaptures.h"
#include "passes/Parallel/ParallelAttr.h"
#include "passes/Parallel/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

namespace sparrow {
#define GEN_PASS_DEF_PARALLELIZELOOPS
#include "passes/Parallel/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {

/// A loop whose iterations may run on different threads: a marked scf.for
/// or an scf.parallel without reductions. Its first `split` dimensions,
/// flattened, are shared out; the others stay loops inside each iteration.
struct ParallelNest {
  Operation *op = nullptr;
  SmallVector<Value> lbs, ubs, steps;
  SmallVector<int64_t> trips; // static trip counts, -1 if unknown
  unsigned split = 1;

  Block *body() const { return &op->getRegion(0).front(); }
};

std::optional<int64_t> constantOf(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
    return c.value();
  return std::nullopt;
}

int64_t staticTrip(Value lb, Value ub, Value step) {
  std::optional<int64_t> l = constantOf(lb), u = constantOf(ub),
                         s = constantOf(step);
  if (!l || !u || !s || *s <= 0)
    return -1;
  return *u > *l ? (*u - *l + *s - 1) / *s : 0;
}

/// Operations executed by `op`, with loops multiplied out (unknown trip
/// counts count as 1): a coarse measure of the work a dispatch must beat.
int64_t workOf(Operation *op) {
  int64_t inner = 0;
  for (Region &r : op->getRegions())
    for (Operation &o : r.getOps())
      inner += workOf(&o);
  int64_t trips = 1;
  if (auto f = dyn_cast<scf::ForOp>(op))
    trips = std::max<int64_t>(
        staticTrip(f.getLowerBound(), f.getUpperBound(), f.getStep()), 1);
  if (auto p = dyn_cast<scf::ParallelOp>(op))
    for (auto [l, u, s] :
         llvm::zip(p.getLowerBound(), p.getUpperBound(), p.getStep()))
      trips *= std::max<int64_t>(staticTrip(l, u, s), 1);
  return 1 + trips * inner;
}

std::optional<ParallelNest> asParallelNest(Operation *op) {
  ParallelNest nest;
  nest.op = op;
  if (auto f = dyn_cast<scf::ForOp>(op)) {
    if (!f->hasAttr(sparrow::kParallelAttrName) || f.getNumResults())
      return std::nullopt;
    nest.lbs = {f.getLowerBound()};
    nest.ubs = {f.getUpperBound()};
    nest.steps = {f.getStep()};
  } else if (auto p = dyn_cast<scf::ParallelOp>(op)) {
    if (p.getNumReductions())
      return std::nullopt;
    nest.lbs = p.getLowerBound();
    nest.ubs = p.getUpperBound();
    nest.steps = p.getStep();
  } else {
    return std::nullopt;
  }
  for (auto [l, u, s] : llvm::zip(nest.lbs, nest.ubs, nest.steps))
    nest.trips.push_back(staticTrip(l, u, s));
  // Share out enough leading dimensions for every thread to get several
  // pieces; the rest stay whole (and vectorisable) inside an iteration.
  constexpr int64_t kMinPieces = 64;
  int64_t pieces = 1;
  for (nest.split = 0; nest.split < nest.trips.size();) {
    int64_t t = nest.trips[nest.split++];
    if (t < 0)
      break;
    pieces *= t;
    if (pieces >= kMinPieces)
      break;
  }
  return nest;
}

/// `<node>_parallel` after the ONNX node the loop computes (its NameLoc),
/// so profiles name layers; `<fallback>_parallel` without one.
std::string bodyName(Location loc, StringRef fallback) {
  std::string name;
  loc->walk([&](Location l) {
    if (auto n = dyn_cast<NameLoc>(l)) {
      name = n.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (name.empty())
    name = fallback.str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  return name + "_parallel";
}

/// The outlined bodies so far, by structure. The layers of a transformer
/// (and repeated blocks of a convnet) are the same loops over other
/// buffers: one function serves them all, and everything after this pass,
/// MLIR's lowering and LLVM's optimiser and code generator, sees it once
/// (ViT-Ti: twelve copies of each encoder kernel before).
class BodyIndex {
public:
  /// `body`, or an earlier function with the same body (then `body` is
  /// erased).
  func::FuncOp share(func::FuncOp body, SymbolTable &symbols) {
    SmallVector<func::FuncOp> &same = byHash[size_t(hashOf(body))];
    for (func::FuncOp earlier : same)
      if (OperationEquivalence::isRegionEquivalentTo(
              &earlier.getBody(), &body.getBody(),
              OperationEquivalence::IgnoreLocations)) {
        symbols.erase(body);
        return earlier;
      }
    same.push_back(body);
    return body;
  }

private:
  static llvm::hash_code hashOf(func::FuncOp body) {
    llvm::hash_code hash = 0;
    body.getBody().walk([&](Operation *op) {
      hash = llvm::hash_combine(hash,
                                OperationEquivalence::computeHash(
                                    op, OperationEquivalence::ignoreHashValue,
                                    OperationEquivalence::ignoreHashValue,
                                    OperationEquivalence::IgnoreLocations));
    });
    return hash;
  }

  DenseMap<size_t, SmallVector<func::FuncOp>> byHash;
};

struct ParallelizeLoopsPass
    : sparrow::impl::ParallelizeLoopsBase<ParallelizeLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    TargetAttr target = TargetAttr::lookup(getOperation());
    bool dispatch =
        threads.hasValue() ? bool(threads) : target && target.hasThreads();
    if (!dispatch)
      return;
    SymbolTable symbols(getOperation());
    BodyIndex bodies;
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>())) {
      if (func.isDeclaration() || !func.isPublic())
        continue;
      std::vector<ParallelNest> nests;
      func.walk<WalkOrder::PreOrder>([&](Operation *op) {
        std::optional<ParallelNest> nest = asParallelNest(op);
        if (!nest)
          return WalkResult::advance();
        // Inner loops of a nest run inside its iterations.
        if (workOf(op) >= minWork)
          nests.push_back(*nest);
        return WalkResult::skip();
      });
      Value dispatch;
      for (ParallelNest &nest : nests) {
        SmallVector<Capture> captures;
        unsigned slots = 0;
        if (!collectCaptures(nest, captures, slots))
          continue;
        if (!dispatch) {
          auto ptrType = LLVM::LLVMPointerType::get(&getContext());
          if (failed(func.insertArgument(func.getNumArguments(), ptrType, {},
                                         func.getLoc())))
            return signalPassFailure();
          dispatch = func.getArguments().back();
        }
        outline(func, nest, captures, slots, dispatch, symbols, bodies);
      }
    }
  }

  static bool collectCaptures(const ParallelNest &nest,
                              SmallVector<Capture> &captures, unsigned &slots) {
    llvm::SetVector<Value> used;
    getUsedValuesDefinedAbove(nest.op->getRegion(0), used);
    for (ValueRange bounds : {nest.lbs, nest.ubs, nest.steps})
      used.insert(bounds.begin(), bounds.end());
    for (Value v : used) {
      Capture c{v};
      if (isCloneable(v)) {
        c.clone = true;
      } else if (std::optional<unsigned> n = slotsFor(v)) {
        c.slot = slots;
        slots += *n;
      } else {
        return false;
      }
      captures.push_back(c);
    }
    return true;
  }

  /// Trip count of dimension d from the (mapped) bounds.
  static Value tripCount(OpBuilder &b, Location loc, const ParallelNest &nest,
                         unsigned d, IRMapping &map) {
    if (nest.trips[d] >= 0)
      return constIndex(b, loc, nest.trips[d]);
    Value lb = map.lookupOrDefault(nest.lbs[d]);
    Value ub = map.lookupOrDefault(nest.ubs[d]);
    Value step = map.lookupOrDefault(nest.steps[d]);
    Value span = arith::MaxSIOp::create(
        b, loc, arith::SubIOp::create(b, loc, ub, lb), constIndex(b, loc, 0));
    Value bump = arith::SubIOp::create(b, loc, step, constIndex(b, loc, 1));
    return arith::DivSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, span, bump), step);
  }

  /// One flattened iteration `i`: the shared dimensions' induction
  /// variables, then the rest of the nest as loops.
  static void emitIteration(OpBuilder &b, Location loc,
                            const ParallelNest &nest, Value i, IRMapping &map) {
    ValueRange ivs = nest.body()->getArguments();
    Value rest = i;
    for (int d = nest.split - 1; d >= 0; --d) {
      Value idx = rest;
      if (d > 0) {
        Value trip = tripCount(b, loc, nest, d, map);
        idx = arith::RemSIOp::create(b, loc, rest, trip);
        rest = arith::DivSIOp::create(b, loc, rest, trip);
      }
      Value iv = arith::AddIOp::create(
          b, loc, map.lookup(nest.lbs[d]),
          arith::MulIOp::create(b, loc, idx, map.lookup(nest.steps[d])));
      map.map(ivs[d], iv);
    }
    auto cloneBody = [&](OpBuilder &ib) {
      for (Operation &op : nest.body()->without_terminator())
        ib.clone(op, map);
    };
    if (nest.split == ivs.size())
      return cloneBody(b);
    auto mapAll = [&](ArrayRef<Value> vs) {
      return llvm::map_to_vector(vs.drop_front(nest.split),
                                 [&](Value v) { return map.lookup(v); });
    };
    scf::ParallelOp::create(
        b, loc, mapAll(nest.lbs), mapAll(nest.ubs), mapAll(nest.steps),
        [&](OpBuilder &ib, Location, ValueRange inner) {
          for (auto [old, now] : llvm::zip(ivs.drop_front(nest.split), inner))
            map.map(old, now);
          cloneBody(ib);
        });
  }

  void outline(func::FuncOp func, const ParallelNest &nest,
               ArrayRef<Capture> captures, unsigned slots, Value dispatch,
               SymbolTable &symbols, BodyIndex &bodies) {
    MLIRContext *ctx = &getContext();
    Location loc = nest.op->getLoc();
    auto index = IndexType::get(ctx);
    auto ctxType = MemRefType::get({std::max(slots, 1u)}, index);
    auto bodyType = FunctionType::get(ctx, {ctxType, index, index}, {});

    // The outlined body: flattened iterations [begin, end) of the nest.
    OpBuilder mb(func);
    mb.setInsertionPointAfter(func);
    auto body = func::FuncOp::create(mb, loc, bodyName(loc, func.getSymName()),
                                     bodyType);
    body.setPrivate();
    // Called (or dispatched) from every layer that shares it: inlined into
    // the graph it would be optimised and compiled once per call again.
    // (func-to-llvm hands `passthrough` on to the llvm.func.)
    OpBuilder ab(ctx);
    body->setAttr("passthrough", ab.getArrayAttr(ab.getStringAttr("noinline")));
    symbols.insert(body); // uniques the name
    Block *entry = body.addEntryBlock();
    OpBuilder b = OpBuilder::atBlockEnd(entry);
    IRMapping map;
    for (const Capture &c : captures) {
      if (c.clone)
        map.map(c.value, b.clone(*c.value.getDefiningOp())->getResult(0));
      else
        map.map(c.value, loadCapture(b, loc, entry->getArgument(0), c));
    }
    auto loop =
        scf::ForOp::create(b, loc, entry->getArgument(1), entry->getArgument(2),
                           constIndex(b, loc, 1));
    b.setInsertionPoint(loop.getBody()->getTerminator());
    emitIteration(b, loc, nest, loop.getInductionVar(), map);
    b.setInsertionPointToEnd(entry);
    func::ReturnOp::create(b, loc);
    body = bodies.share(body, symbols);

    // The call site: ctx on the stack, then the dispatcher or a direct call.
    OpBuilder fb = OpBuilder::atBlockBegin(&func.getBody().front());
    Value ctxBuf = memref::AllocaOp::create(fb, loc, ctxType);
    b.setInsertionPoint(nest.op);
    for (const Capture &c : captures)
      if (!c.clone)
        storeCapture(b, loc, ctxBuf, c);
    IRMapping identity;
    Value count = constIndex(b, loc, 1);
    for (unsigned d = 0; d < nest.split; ++d)
      count = arith::MulIOp::create(b, loc, count,
                                    tripCount(b, loc, nest, d, identity));
    emitDispatch(b, loc, dispatch, body, ctxBuf, count);
    nest.op->erase();
  }

  /// if (!dispatch) body(ctx, 0, n);
  /// else dispatch->parallel_for(dispatch->pool, body, ctx, n);
  static void emitDispatch(OpBuilder &b, Location loc, Value dispatch,
                           func::FuncOp body, Value ctxBuf, Value count) {
    MLIRContext *ctx = b.getContext();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Value null = LLVM::ZeroOp::create(b, loc, ptrType);
    Value serial =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, dispatch, null);
    auto ifOp = scf::IfOp::create(b, loc, serial, /*withElseRegion=*/true);
    OpBuilder tb = ifOp.getThenBodyBuilder();
    func::CallOp::create(tb, loc, body,
                         ValueRange{ctxBuf, constIndex(tb, loc, 0), count});
    OpBuilder eb = ifOp.getElseBodyBuilder();
    Value parallelFor = LLVM::LoadOp::create(eb, loc, ptrType, dispatch);
    Value poolAddr = LLVM::GEPOp::create(eb, loc, ptrType, ptrType, dispatch,
                                         ArrayRef<LLVM::GEPArg>{1});
    Value pool = LLVM::LoadOp::create(eb, loc, ptrType, poolAddr);
    Value fn = func::ConstantOp::create(eb, loc, body.getFunctionType(),
                                        SymbolRefAttr::get(body));
    Value fnPtr =
        UnrealizedConversionCastOp::create(eb, loc, ptrType, fn).getResult(0);
    Value ctxPtr = toPointer(
        eb, loc,
        memref::ExtractAlignedPointerAsIndexOp::create(eb, loc, ctxBuf));
    Value n = arith::IndexCastOp::create(eb, loc, eb.getI64Type(), count);
    auto calleeType = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(ctx),
        {ptrType, ptrType, ptrType, eb.getI64Type()});
    LLVM::CallOp::create(eb, loc, calleeType,
                         ValueRange{parallelFor, pool, fnPtr, ctxPtr, n});
  }
};

} // namespace
