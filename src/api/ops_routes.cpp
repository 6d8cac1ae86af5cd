#include "src/api/ops_routes.hpp"

#include "src/ops/metrics.hpp"

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

void AddOpsRoutes(Router& router, const ops::Registry& registry, const Readiness& readiness) {
  router.Add("GET", "/healthz", [](const Request&) { return Response::Text(200, "ok\n"); });
  router.Add("GET", "/readyz", [&readiness](const Request&) {
    const std::vector<std::string> failing = readiness.Failing();
    if (failing.empty()) return Response::Text(200, "ready\n");
    std::string body = "not ready:";
    for (const std::string& name : failing) body += " " + name;
    return Response::Text(503, body + "\n");
  });
  router.Add("GET", "/metrics", [&registry](const Request&) {
    Response r = Response::Text(200, registry.Render());
    r.content_type = ops::kPrometheusContentType;
    return r;
  });
}

}  // namespace claimgate::api
