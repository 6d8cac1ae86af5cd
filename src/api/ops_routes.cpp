#include "src/api/ops_routes.hpp"

#include "src/api/api_common.hpp"

#include <chrono>

#include "src/ops/metrics.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

void Readiness::AddCheck(std::string name, std::function<bool()> ready) {
  std::lock_guard lock(mu_);
  checks_.emplace_back(std::move(name), std::move(ready));
}

std::vector<std::string> Readiness::Failing() const {
  std::vector<std::string> failing;
  if (draining_) failing.emplace_back("draining");
  std::lock_guard lock(mu_);
  for (const auto& [name, ready] : checks_) {
    if (!ready()) failing.push_back(name);
  }
  return failing;
}

void AddOpsRoutes(Router& router, const ops::Registry& registry, const Readiness& readiness,
                  store::Store* platform_keys) {
  router.Add("GET", "/healthz", [](const Request&) { return Response::Text(200, "ok\n"); },
             {.public_route = true});
  router.Add("GET", "/readyz", [&readiness](const Request&) {
    const std::vector<std::string> failing = readiness.Failing();
    if (failing.empty()) return Response::Text(200, "ready\n");
    std::string body = "not ready:";
    for (const std::string& name : failing) body += " " + name;
    return Response::Text(503, body + "\n");
  }, {.public_route = true});
  // The figures are the whole gateway's (every tenant's traffic, every payer): the platform's.
  RouteOptions metrics{.blocking = true};
  if (platform_keys != nullptr) {
    metrics.roles = {store::Role::kPlatformOperator, store::Role::kPlatformAdmin};
  } else {
    metrics.public_route = true;
  }
  router.Add("GET", "/metrics",
             [&registry, platform_keys](const Request& request) {
               if (platform_keys != nullptr) {
                 auto auth = Authenticate(*platform_keys, request);
                 if (auto* refused = std::get_if<Response>(&auth)) return std::move(*refused);
               }
               Response r = Response::Text(200, registry.Render());
               r.content_type = ops::kPrometheusContentType;
               return r;
             },
             metrics);
}

void AddStoreMetrics(ops::Registry& registry, store::Store& store, int claims_cache_ms) {
  ops::Counter& writes = registry.AddCounter(
      "claimgate_store_writes_total", "Store write operations completed (committed or failed)");
  ops::Counter& commits = registry.AddCounter(
      "claimgate_store_commits_total",
      "Store transactions committed; each is one fsync of the write-ahead log (group commit)");
  std::vector<double> bounds;
  for (int64_t us : store::StoreStats::kCommitBucketsUs)
    bounds.push_back(static_cast<double>(us) / 1e6);
  ops::Histogram& commit_seconds = registry.AddHistogram(
      "claimgate_store_commit_duration_seconds",
      "Time of one group transaction, BEGIN to COMMIT returned, fsync included", {}, bounds);
  ops::Gauge& max_group = registry.AddGauge("claimgate_store_max_group_size",
                                            "Most writes committed in one transaction since start");
  ops::Gauge& pending = registry.AddGauge("claimgate_store_pending_writes",
                                          "Writes queued or running, not yet durable");
  ops::Counter& failures = registry.AddCounter(
      "claimgate_store_commit_failures_total",
      "Store transactions that failed for a storage reason (disk full, I/O error, lock timeout); "
      "their writes were answered with an error");
  ops::Gauge& failing = registry.AddGauge(
      "claimgate_store_commit_failing",
      "1 from a failed store transaction until one commits again (then /readyz is not ready)");
  registry.AddCollector([&store, &writes, &commits, &commit_seconds, &max_group, &pending,
                         &failures, &failing] {
    const store::StoreStats s = store.Stats();
    writes.SetTotal({}, static_cast<double>(s.writes));
    commits.SetTotal({}, static_cast<double>(s.transactions));
    commit_seconds.SetSnapshot(
        {}, std::vector<uint64_t>(s.commit_buckets.begin(), s.commit_buckets.end()),
        static_cast<double>(s.commit_us_total) / 1e6);
    max_group.Set({}, static_cast<double>(s.max_batch));
    pending.Set({}, static_cast<double>(s.pending_writes));
    failures.SetTotal({}, static_cast<double>(s.commit_failures));
    failing.Set({}, s.commit_failing ? 1 : 0);
  });

  ops::Gauge& claims = registry.AddGauge("claimgate_claims",
                                         "Claims in the store by state (all tenants)", {"state"});
  claims.SetCallback(ops::CachedSampler(
      [&store] {
        std::vector<std::pair<ops::Labels, double>> out;
        auto counts = store.CountClaimsByState();
        if (!counts) return out;  // the series keep their last stored values (none)
        for (const auto& [state, n] : *counts) out.push_back({{state}, static_cast<double>(n)});
        return out;
      },
      std::chrono::milliseconds(claims_cache_ms)));
}

}  // namespace claimgate::api
