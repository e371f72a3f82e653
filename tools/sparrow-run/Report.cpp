//===- Report.cpp - The readable summary sparrow-run prints ---------------===//

#include "lib/Import/Npy.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;
using namespace sparrow;

extern cl::opt<std::string> modelPath;

static std::string shapeString(const json::Array *shape) {
  std::string s = "[";
  if (shape)
    for (const json::Value &d : *shape)
      s += (s.size() > 1 ? "x" : "") +
           std::to_string(d.getAsInteger().value_or(0));
  return s + "]";
}

int printReport(const json::Object &result, StringRef kindName) {
  outs() << "model   " << modelPath << " (" << kindName << ")\n";
  if (const json::Array *outsArr = result.getArray("outputs"))
    for (const json::Value &o : *outsArr) {
      const json::Object *obj = o.getAsObject();
      if (!obj)
        continue;
      StringRef dtype = obj->getString("dtype").value_or("float32");
      outs() << "output  " << obj->getString("name").value_or("?") << " "
             << shapeString(obj->getArray("shape")) << " " << dtype;
      // Statistics for float outputs; int64 and bool ones are in the file.
      if (auto path = obj->getString("path"); path && dtype == "float32") {
        auto array = readNpy(*path);
        if (!array) {
          consumeError(array.takeError());
        } else if (!array->data.empty()) {
          const std::vector<float> &d = array->data;
          auto lo = std::min_element(d.begin(), d.end());
          auto hi = std::max_element(d.begin(), d.end()); // first maximum
          double sum = 0;
          for (float v : d)
            sum += v;
          outs() << format("  min %.6g max %.6g mean %.6g argmax %zu", *lo, *hi,
                           sum / d.size(), size_t(hi - d.begin()));
          outs() << "\n        first:";
          for (size_t i = 0; i < std::min<size_t>(6, d.size()); ++i)
            outs() << format(" %.6g", d[i]);
        }
      }
      if (auto file = obj->getString("file"))
        outs() << "\n        written to " << *file;
      outs() << "\n";
    }
  outs() << format("latency median %.3f ms, min %.3f ms over %lld run(s)\n",
                   result.getNumber("median_ms").value_or(0),
                   result.getNumber("min_ms").value_or(0),
                   (long long)result.getInteger("runs").value_or(0));
  return 0;
}
