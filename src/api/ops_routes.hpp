// GET /healthz, /readyz and /metrics. Readiness is a list of named checks (store open, ...)
// that other modules add; /readyz answers 503 naming the checks that fail, and while the
// server drains. Checks must be cheap and thread-safe; they run on socket threads.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "src/api/router.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::api {

class Readiness {
 public:
  // Adds a check; `ready` returns true when the part is usable. Thread-safe.
  void AddCheck(std::string name, std::function<bool()> ready);
  // After this, /readyz answers 503 ("draining"). Thread-safe.
  void SetDraining() { draining_ = true; }
  // Names of the failing checks ("draining" first when draining); empty when ready.
  std::vector<std::string> Failing() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::function<bool()>>> checks_;
  std::atomic<bool> draining_{false};
};

// Adds the three routes. `registry` and `readiness` must outlive the router.
void AddOpsRoutes(Router& router, const ops::Registry& registry, const Readiness& readiness);

}  // namespace claimgate::api
