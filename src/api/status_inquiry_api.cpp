#include "src/api/status_inquiry_api.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include "edi/hipaa/status_inquiry.hpp"
#include "src/api/api_common.hpp"
#include "src/api/inbound_json.hpp"
#include "src/pipeline/claim_276.hpp"

namespace claimgate::api {

StatusInquiryApi::StatusInquiryApi(store::Store& store, StatusInquiryApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.now) options_.now = pipeline::UtcMinuteNow;
}

void StatusInquiryApi::Register(Router& router) {
  using store::Role;
  // The tenant's own claims.
  router.Add("GET", "/v1/claims/{id}/276", [this](const Request& r) { return Get276(r); },
             {.blocking = true, .roles = {Role::kBiller, Role::kOperator, Role::kAdmin}});
  router.Add("POST", "/v1/claims/{id}/status-inquiry",
             [this](const Request& r) { return PostInquiry(r); },
             {.blocking = true, .roles = {Role::kBiller, Role::kOperator, Role::kAdmin}});
}

Response StatusInquiryApi::Get276(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");

  edi::hipaa::StatusInquiryClaim inquiry;
  std::uint64_t control_number = 1;
  if (auto v = request.Query("lines")) {
    if (*v != "true" && *v != "false") {
      return Response::Error(400, "bad_query", "lines: true or false");
    }
    inquiry.include_service_lines = *v == "true";
  }
  if (auto v = request.Query("trace")) {
    bool ok = !v->empty() && v->size() <= 50;
    for (char c : *v) ok = ok && c > 0x20 && c < 0x7f && c != '*' && c != '~' && c != ':';
    if (!ok) {
      return Response::Error(400, "bad_query",
                             "trace: 1 to 50 printable characters, without * ~ or :");
    }
    inquiry.trace_number = *v;
  }
  if (auto v = request.Query("controlNumber")) {
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), control_number);
    if (ec != std::errc() || end != v->data() + v->size() || control_number < 1 ||
        control_number > 999999999) {
      return Response::Error(400, "bad_query", "controlNumber: a number from 1 to 999999999");
    }
  }

  char usage = 'P';
  if (auto v = request.Query("usage")) {
    if (*v != "P" && *v != "T") return Response::Error(400, "bad_query", "usage: P or T");
    usage = (*v)[0];
  }

  auto claim = store_.GetClaim(key.tenant_id, id, /*with_phi=*/true);
  if (!claim) {
    Audit(store_, key, request, "claim.status_inquiry", id, claim.error().code);
    return StoreFailure(claim.error());
  }
  auto statuses = store_.ListStatusRecords(key.tenant_id, id);
  if (!statuses) return StoreFailure(statuses.error());
  pipeline::Claim276Options options;
  options.inquiry = inquiry;
  options.interchange.sender_id = options_.sender_id;
  options.interchange.control_number = control_number;
  options.interchange.usage = usage;
  options.now = options_.now();
  auto built = pipeline::BuildClaim276(*claim, *statuses, std::move(options));
  if (!built) {
    const std::string& code = built.error().code;
    if (code == "unreadable_encounter") {
      Audit(store_, key, request, "claim.status_inquiry", id, code);
      return Response::Error(500, code, built.error().message);
    }
    Audit(store_, key, request, "claim.status_inquiry", id,
          code == "required_for_276" ? "missing_fields" : "build_failed");
    return Response::Error(422, code, built.error().message);
  }
  Audit(store_, key, request, "claim.status_inquiry", id, "ok");
  Response r = Response::Text(200, std::move(*built));
  r.content_type = "application/edi-x12";
  return r;
}

Response StatusInquiryApi::PostInquiry(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  constexpr const char* kAction = "claim.status_inquiry_realtime";
  if (options_.realtime == nullptr) {
    auto claim = store_.GetClaim(key.tenant_id, id, /*with_phi=*/false);
    if (!claim) {
      Audit(store_, key, request, kAction, id, claim.error().code);
      return StoreFailure(claim.error());
    }
    Audit(store_, key, request, kAction, id, "no_realtime_channel");
    return Response::Error(409, "no_realtime_channel",
                           "no payer is configured for real-time claim status");
  }
  auto result = options_.realtime->Inquire(key.tenant_id, id);
  if (!result) {
    const edi::Error& e = result.error();
    Audit(store_, key, request, kAction, id, e.code);
    if (e.code == "not_found") return StoreFailure(e);
    if (e.code == "no_realtime_channel") return Response::Error(409, e.code, e.message);
    if (e.code == "payer_unavailable") return Response::Error(502, e.code, e.message);
    if (e.code == "store_unavailable") return StoreFailure(e);
    if (e.code == "unreadable_encounter") return Response::Error(500, e.code, e.message);
    return Response::Error(422, e.code, e.message);
  }
  Audit(store_, key, request, kAction, id, "ok");
  nlohmann::json statuses = nlohmann::json::array();
  for (const store::StatusRecord& s : result->statuses) statuses.push_back(StatusRecordJson(s));
  nlohmann::json body = {{"claimId", result->claim_id},
                         {"inboundFileId", result->inbound_file_id},
                         {"payloadId", result->payload_id},
                         {"statuses", std::move(statuses)}};
  return Response::Json(200, body.dump());
}

}  // namespace claimgate::api
