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

}  // namespace

PayersApi::PayersApi(store::Store& store, pipeline::Scheduler& scheduler)
    : store_(store), scheduler_(scheduler) {}

void PayersApi::Register(Router& router) {
  router.Add("GET", "/v1/payers", [this](const Request& r) { return ListPayers(r); },
             {.blocking = true});
  router.Add("GET", "/v1/payers/{id}", [this](const Request& r) { return GetPayer(r); },
             {.blocking = true});
  for (const char* action : {"pause", "resume", "retry"}) {
    std::string a = action;
    router.Add("POST", "/v1/payers/{id}/" + a, [this, a](const Request& r) { return Act(r, a); },
               {.blocking = true});
  }
}

Response PayersApi::ListPayers(const Request& request) {
  auto auth = Authenticate(store_, request, {Role::kOperator, Role::kAdmin});
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  json payers = json::array();
  for (const auto& s : scheduler_.Snapshots()) payers.push_back(PayerJson(s));
  return Response::Json(200, json{{"payers", payers}}.dump());
}

Response PayersApi::GetPayer(const Request& request) {
  auto auth = Authenticate(store_, request, {Role::kOperator, Role::kAdmin});
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  auto s = scheduler_.Snapshot(request.path_params.at("id"));
  if (!s) return Response::Error(404, "not_found", "no such payer");
  return Response::Json(200, PayerJson(*s).dump());
}

Response PayersApi::Act(const Request& request, const std::string& action) {
  auto auth = Authenticate(store_, request, {Role::kOperator, Role::kAdmin});
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
