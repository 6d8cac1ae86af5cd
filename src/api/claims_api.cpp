#include "src/api/claims_api.hpp"

#include "src/api/api_common.hpp"

#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "edi/hipaa/encounter_edits.hpp"
#include "src/core/encounter_json.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdempotencyKey = 255;

std::string UtcToday() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

std::string ClaimTypeCode(edi::hipaa::ClaimType type) {
  switch (type) {
    case edi::hipaa::ClaimType::kProfessional:
      return "837P";
    case edi::hipaa::ClaimType::kInstitutional:
      return "837I";
    case edi::hipaa::ClaimType::kDental:
      return "837D";
  }
  return "837P";
}

// claimgate's own CLM01: "CG" and 16 hex digits (64 random bits), 18 characters, so that every
// payer response matches exactly one claim (the practice's number is kept as accountNumber).
std::string NewPatientControlNumber() {
  std::string hex = store::HexEncode(store::RandomBytes(8));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "CG" + hex;
}

json Summary(const store::Claim& c) {
  json j = {{"id", c.id},
            {"state", c.state},
            {"claimType", c.claim_type},
            {"payerId", c.payer_id},
            {"patientControlNumber", c.patient_control_number},
            {"totalCharge", Money(c.total_charge_cents)},
            {"createdAt", IsoTime(c.created_ms)},
            {"updatedAt", IsoTime(c.updated_ms)}};
  if (!c.interchange_id.empty()) j["interchangeId"] = c.interchange_id;
  return j;
}

Response JsonResponse(int status, const json& body) { return Response::Json(status, body.dump()); }

}  // namespace

ClaimsApi::ClaimsApi(store::Store& store, ClaimsApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.today) options_.today = UtcToday;
}

void ClaimsApi::Register(Router& router) {
  router.Add("POST", "/v1/claims", [this](const Request& r) { return CreateClaim(r); },
             {.body = BodyClass::kNormal, .blocking = true});
  router.Add("GET", "/v1/claims/{id}", [this](const Request& r) { return GetClaim(r); },
             {.blocking = true});
  router.Add("GET", "/v1/claims", [this](const Request& r) { return ListClaims(r); },
             {.blocking = true});
}

Response ClaimsApi::CreateClaim(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request, {Role::kSubmitter, Role::kAdmin});
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);

  std::string idempotency_key;
  if (auto h = request.headers.Get("Idempotency-Key")) {
    idempotency_key = std::string(*h);
    bool printable = !idempotency_key.empty() && idempotency_key.size() <= kMaxIdempotencyKey;
    for (char c : idempotency_key) printable = printable && c > 0x20 && c < 0x7f;
    if (!printable) {
      return Response::Error(400, "bad_idempotency_key",
                             "Idempotency-Key must be 1 to 255 printable characters");
    }
  }

  core::EncounterParse parse = core::ParseEncounterJson(request.body);
  if (parse.array) {
    return Response::Error(400, "one_encounter_expected",
                           "POST /v1/claims takes one encounter object; send arrays to "
                           "/v1/claims/batch");
  }
  std::vector<edi::hipaa::EncounterFinding> findings = parse.findings;
  if (parse.encounters.size() == 1) {
    edi::hipaa::CheckEncounter(parse.encounters[0], {.today = options_.today(), .path_prefix = ""},
                               &findings);
  }
  if (!findings.empty() || parse.encounters.size() != 1) {
    json list = json::array();
    for (const auto& f : findings) {
      json item = {{"path", f.path}, {"code", f.code}, {"message", f.message}};
      if (!f.value.empty()) item["value"] = f.value;  // shown to the sender only, never logged
      list.push_back(std::move(item));
    }
    Audit(store_, key, request, "claim.create", "", "rejected_edits");
    return JsonResponse(
        422, {{"error",
               {{"code", "edits_failed"},
                {"message", std::to_string(findings.size()) +
                                " finding(s); nothing was stored. Fix them and send again."}}},
              {"findings", std::move(list)}});
  }
  const edi::hipaa::Encounter& encounter = parse.encounters[0];

  for (int attempt = 0; attempt < 3; ++attempt) {
    store::NewClaim claim;
    claim.tenant_id = key.tenant_id;
    claim.id = store::NewId("clm");
    claim.patient_control_number = NewPatientControlNumber();
    claim.payer_id = encounter.payer_id;
    claim.claim_type = ClaimTypeCode(encounter.type);
    claim.total_charge_cents = encounter.claim.charge_cents;
    claim.encounter_json = request.body;
    using pipeline::ClaimEventKind;
    using pipeline::ClaimState;
    auto state = [](ClaimState s) { return std::string(pipeline::StateName(s)); };
    claim.events.push_back(pipeline::ReceivedEvent());
    claim.events.push_back({std::string(pipeline::EventName(ClaimEventKind::kValidated)),
                            state(ClaimState::kReceived), state(ClaimState::kValidated),
                            "passed the intake edits", ""});
    claim.events.push_back({std::string(pipeline::EventName(ClaimEventKind::kQueued)),
                            state(ClaimState::kValidated), state(ClaimState::kQueued),
                            "waiting for the payer's next batch", ""});
    claim.state = state(ClaimState::kQueued);
    json body = {{"id", claim.id},
                 {"state", claim.state},
                 {"claimType", claim.claim_type},
                 {"payerId", claim.payer_id},
                 {"patientControlNumber", claim.patient_control_number},
                 {"accountNumber", encounter.claim.patient_control_number},
                 {"totalCharge", Money(claim.total_charge_cents)}};
    claim.response_status = 201;
    claim.response_body = body.dump();
    if (!idempotency_key.empty()) {
      claim.idempotency_key = idempotency_key;
      claim.request_hash = store::Sha256Hex(request.body);
    }
    const std::string claim_id = claim.id;
    auto result = store::Wait<store::InsertClaimResult>(
        [&](auto done) { store_.InsertClaim(std::move(claim), std::move(done)); });
    if (!result) {
      if (result.error().code == "conflict") continue;  // a CLM01 collision: draw again
      return StoreFailure(result.error());
    }
    switch (result->kind) {
      case store::InsertClaimResult::Kind::kCreated:
        Audit(store_, key, request, "claim.create", result->claim_id, "created");
        break;
      case store::InsertClaimResult::Kind::kReplayed:
        Audit(store_, key, request, "claim.create", result->claim_id, "replayed");
        break;
      case store::InsertClaimResult::Kind::kKeyReused:
        return Response::Error(422, "idempotency_key_reused",
                               "this Idempotency-Key was used with a different request body");
    }
    Response r = Response::Json(result->response_status, result->response_body);
    r.headers.Set("Location", "/v1/claims/" + result->claim_id);
    return r;
  }
  return Response::Error(503, "store_unavailable", "could not assign a patient control number");
}

Response ClaimsApi::GetClaim(const Request& request) {
  using store::Role;
  auto auth =
      Authenticate(store_, request, {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin});
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  auto claim = store_.GetClaim(key.tenant_id, id, /*with_phi=*/true);
  if (!claim) {
    Audit(store_, key, request, "claim.read", id, claim.error().code);
    return StoreFailure(claim.error());
  }
  auto events = store_.ListClaimEvents(key.tenant_id, id);
  if (!events) return StoreFailure(events.error());
  json body = Summary(*claim);
  json timeline = json::array();
  for (const store::ClaimEvent& e : *events) {
    json item = {{"seq", e.seq}, {"event", e.type}, {"to", e.to_state}, {"at", IsoTime(e.at_ms)}};
    if (!e.from_state.empty()) item["from"] = e.from_state;
    if (!e.detail.empty()) item["detail"] = e.detail;
    if (!e.source_ref.empty()) item["source"] = e.source_ref;
    timeline.push_back(std::move(item));
  }
  body["events"] = std::move(timeline);
  json encounter = json::parse(claim->encounter_json, nullptr, /*allow_exceptions=*/false);
  if (!encounter.is_discarded()) {
    const json* info =
        encounter.contains("claimInformation") ? &encounter["claimInformation"] : nullptr;
    if (info && info->is_object() && info->contains("patientControlNumber")) {
      body["accountNumber"] = (*info)["patientControlNumber"];
    }
    body["encounter"] = std::move(encounter);
  }
  Audit(store_, key, request, "claim.read", id, "ok");
  return JsonResponse(200, body);
}

Response ClaimsApi::ListClaims(const Request& request) {
  using store::Role;
  auto auth =
      Authenticate(store_, request, {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin});
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  store::ClaimFilter filter;
  if (auto v = request.Query("state")) {
    if (!pipeline::ParseState(*v)) {
      return Response::Error(400, "bad_query", "state: not a claim state (e.g. QUEUED, PAID)");
    }
    filter.state = *v;
  }
  if (auto v = request.Query("payer")) filter.payer_id = *v;
  if (auto v = request.Query("patientControlNumber")) filter.patient_control_number = *v;
  if (auto v = request.Query("cursor")) filter.cursor = *v;
  if (auto v = request.Query("since")) {
    auto ms = ParseSince(*v);
    if (!ms)
      return Response::Error(400, "bad_query", "since: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
    filter.since_ms = *ms;
  }
  if (auto v = request.Query("limit")) {
    auto n = ParseLimit(*v, 500);
    if (!n) return Response::Error(400, "bad_query", "limit: a number from 1 to 500");
    filter.limit = *n;
  }
  auto page = store_.ListClaims(key.tenant_id, filter);
  if (!page) {
    if (page.error().code == "invalid")
      return Response::Error(400, "bad_query", "cursor: not valid");
    return StoreFailure(page.error());
  }
  json claims = json::array();
  for (const store::Claim& c : page->claims) claims.push_back(Summary(c));
  json body = {{"claims", std::move(claims)}};
  if (!page->next_cursor.empty()) body["nextCursor"] = page->next_cursor;
  Audit(store_, key, request, "claim.list", "", "ok");
  return JsonResponse(200, body);
}

}  // namespace claimgate::api
