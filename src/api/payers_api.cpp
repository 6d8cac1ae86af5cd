#include "src/api/payers_api.hpp"

#include <nlohmann/json.hpp>

#include "src/api/api_common.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using store::Role;

json PayerJson(const pipeline::PayerSnapshot& s) {
  return json{
      {"id", s.payer_id},
      {"name", s.name},
      {"transport", s.transport},
      {"connection", s.connection},
      {"circuit", s.circuit},
      {"paused", s.paused},
      {"blocked", s.blocked},
      {"last_success_at", IsoTime(s.last_success_ms)},
      {"last_failure_at", IsoTime(s.last_failure_ms)},
      {"last_failure_reason", s.last_failure_reason},
      {"consecutive_failures", s.consecutive_failures},
      {"queue_depth", s.queue_depth},
      {"interchanges_in_flight", s.in_flight},
      {"interchanges_dead_letter", s.dead_letter},
      {"interchanges_awaiting_ack", s.awaiting_ack},
      {"ack_lag_seconds", s.ack_lag_seconds},
      {"reject_rate_999", s.reject_rate_999},
      {"reject_rate_277ca", s.reject_rate_277ca},
      {"interchanges_sent", s.interchanges_sent},
      {"last_poll_at", IsoTime(s.last_poll_ms)},
  };
}

// What a practice may know of a payer connection it shares with every other practice: whom it
// can bill and whether claims flow now; no traffic figures, which are every tenant's together.
json TenantPayerJson(const pipeline::PayerSnapshot& s) {
  return json{{"id", s.payer_id},
              {"name", s.name},
              {"transport", s.transport},
              {"available", !s.paused && !s.blocked && s.circuit == "closed"}};
}

}  // namespace

PayersApi::PayersApi(store::Store& store, pipeline::Scheduler& scheduler)
    : store_(store), scheduler_(scheduler) {}

void PayersApi::Register(Router& router) {
  // Every tenant bills through the same connections: tenants see the directory and whether a
  // payer is available; the platform sees the figures and pauses, resumes and retries.
  const std::vector<Role> everyone = {Role::kSubmitter,        Role::kBiller,
                                      Role::kOperator,         Role::kAdmin,
                                      Role::kPlatformOperator, Role::kPlatformAdmin};
  router.Add("GET", "/v1/payers", [this](const Request& r) { return ListPayers(r); },
             {.blocking = true, .roles = everyone});
  router.Add("GET", "/v1/payers/{id}", [this](const Request& r) { return GetPayer(r); },
             {.blocking = true, .roles = everyone});
  for (const char* action : {"pause", "resume", "retry"}) {
    std::string a = action;
    router.Add("POST", "/v1/payers/{id}/" + a, [this, a](const Request& r) { return Act(r, a); },
               {.blocking = true, .roles = {Role::kPlatformOperator, Role::kPlatformAdmin}});
  }
}

Response PayersApi::ListPayers(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const bool platform = store::IsPlatformRole(std::get<store::ApiKey>(auth).role);
  json payers = json::array();
  for (const auto& s : scheduler_.Snapshots()) {
    payers.push_back(platform ? PayerJson(s) : TenantPayerJson(s));
  }
  return Response::Json(200, json{{"payers", payers}}.dump());
}

Response PayersApi::GetPayer(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const bool platform = store::IsPlatformRole(std::get<store::ApiKey>(auth).role);
  auto s = scheduler_.Snapshot(request.path_params.at("id"));
  if (!s) return Response::Error(404, "not_found", "no such payer");
  return Response::Json(200, (platform ? PayerJson(*s) : TenantPayerJson(*s)).dump());
}

Response PayersApi::Act(const Request& request, const std::string& action) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  if (!scheduler_.HasPayer(id)) {
    Audit(store_, key, request, "payer." + action, id, "not_found");
    return Response::Error(404, "not_found", "no such payer");
  }
  json body{{"id", id}, {"action", action}};
  if (action == "pause") {
    scheduler_.Pause(id);
  } else if (action == "resume") {
    scheduler_.Resume(id);
  } else {
    auto found = scheduler_.Retry(id);
    if (!found) {
      Audit(store_, key, request, "payer.retry", id, "error");
      return StoreFailure(found.error(), "payer");
    }
    body["dead_letter_interchanges"] = *found;
  }
  Audit(store_, key, request, "payer." + action, id, "ok");
  auto s = scheduler_.Snapshot(id);
  body["payer"] = PayerJson(*s);
  return Response::Json(202, body.dump());
}

}  // namespace claimgate::api
