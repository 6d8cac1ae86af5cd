// GET /healthz, /readyz and /metrics. Readiness is a list of named checks (store open, ...)
// that other modules add; /readyz answers 503 naming the checks that fail, and while the
// server drains. Checks must be cheap and thread-safe; they run on socket threads. /metrics
// runs on the worker pool (its collectors may read the store). AddStoreMetrics exports the
// store's statistics and the claims by state at scrape time.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "src/api/router.hpp"

namespace claimgate::store {
class Store;
}

namespace claimgate::ops {
class Registry;
}
namespace claimgate::store {
class Store;
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

// Adds the three routes: /healthz and /readyz for anyone (load balancers, systemd), /metrics
// for platform keys (platform_operator, platform_admin; Prometheus sends one as a bearer token)
// checked against `platform_keys`. With no store (tests of the server alone) /metrics is open.
// `registry`, `readiness` and `platform_keys` must outlive the router.
void AddOpsRoutes(Router& router, const ops::Registry& registry, const Readiness& readiness,
                  store::Store* platform_keys);

// How long the claims-by-state counts are reused between scrapes (they are a COUNT over the
// claims table).
inline constexpr int kClaimsByStateCacheMs = 2000;

// Registers the store's metrics in `registry`, read at every scrape: claimgate_store_writes_total,
// claimgate_store_commits_total (one fsync each), claimgate_store_commit_duration_seconds,
// claimgate_store_max_group_size, claimgate_store_pending_writes,
// claimgate_store_commit_failures_total and claimgate_store_commit_failing (disk full, I/O
// errors), and claimgate_claims{state} (cached for `claims_cache_ms`). `store` must outlive the
// registry's scrapes.
void AddStoreMetrics(ops::Registry& registry, store::Store& store,
                     int claims_cache_ms = kClaimsByStateCacheMs);

}  // namespace claimgate::api
