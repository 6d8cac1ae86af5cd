#include "src/api/claims_api.hpp"

#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "edi/hipaa/encounter_edits.hpp"
#include "edi/hipaa/remittance.hpp"
#include "edi/hipaa/status_codes.hpp"
#include "src/api/api_common.hpp"
#include "src/api/claim_intake.hpp"
#include "src/api/inbound_json.hpp"
#include "src/core/encounter_json.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;

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

// Events that reject the claim (their detail is the reason in plain words).
bool IsRejection(std::string_view event) {
  using pipeline::ClaimEventKind;
  for (ClaimEventKind k :
       {ClaimEventKind::kEditsFailed, ClaimEventKind::kTa1Rejected, ClaimEventKind::kAckRejected,
        ClaimEventKind::kPayerRejected, ClaimEventKind::kDenied}) {
    if (pipeline::EventName(k) == event) return true;
  }
  return false;
}

// The 835 payments of one claim (oldest first) and their totals: a reversal carries negative
// amounts, so the totals are what the payer paid net.
json PaymentSummary(const std::vector<store::ClaimPayment>& payments) {
  int64_t paid = 0, patient = 0;
  json list = json::array();
  for (const store::ClaimPayment& p : payments) {
    paid += p.paid_cents;
    patient += p.patient_responsibility_cents;
    json item = {{"status", p.status_code},
                 {"charge", Money(p.charge_cents)},
                 {"paid", Money(p.paid_cents)},
                 {"patientResponsibility", Money(p.patient_responsibility_cents)},
                 {"adjustments", AdjustmentsJson(p.adjustments)}};
    if (!p.remarks.empty()) item["remarks"] = RemarksJson(p.remarks);
    std::string_view meaning = edi::hipaa::ClaimStatusMeaning(p.status_code);
    if (!meaning.empty()) item["statusDescription"] = meaning;
    if (!p.payer_claim_control_number.empty()) {
      item["payerClaimControlNumber"] = p.payer_claim_control_number;
    }
    json lines = json::array();
    for (const store::ServicePayment& s : p.services) {
      json line = {{"procedure", s.procedure},
                   {"charge", Money(s.charge_cents)},
                   {"paid", Money(s.paid_cents)},
                   {"adjustments", AdjustmentsJson(s.adjustments)}};
      if (!s.remarks.empty()) line["remarks"] = RemarksJson(s.remarks);
      if (!s.units.empty()) line["units"] = s.units;
      if (!s.line_control_number.empty()) line["lineControlNumber"] = s.line_control_number;
      lines.push_back(std::move(line));
    }
    item["serviceLines"] = std::move(lines);
    list.push_back(std::move(item));
  }
  return {{"paid", Money(paid)},
          {"patientResponsibility", Money(patient)},
          {"payments", std::move(list)}};
}

// Status records (277CA/277 STC codes, 999/TA1 outcomes) with the meanings of the STC codes.
json StatusRecordsJson(const std::vector<store::StatusRecord>& records) {
  json list = json::array();
  for (const store::StatusRecord& r : records) {
    json item = {{"source", r.source}, {"at", IsoTime(r.created_ms)}};
    bool stc = r.source == "277CA" || r.source == "277";
    if (!r.category_code.empty()) {
      item["category"] = r.category_code;
      if (stc) item["categoryDescription"] = edi::hipaa::DescribeStatusCategory(r.category_code);
    }
    if (!r.status_code.empty()) {
      item["status"] = r.status_code;
      if (stc) item["statusDescription"] = edi::hipaa::DescribeClaimStatus(r.status_code);
    }
    if (!r.entity_code.empty()) {
      item["entity"] = r.entity_code;
      if (stc) item["entityDescription"] = edi::hipaa::DescribeEntity(r.entity_code);
    }
    if (stc && !r.category_code.empty()) {
      item["rejected"] = edi::hipaa::IsRejectionCategory(r.category_code);
    }
    if (!r.effective_date.empty()) item["effectiveDate"] = r.effective_date;
    if (!r.payer_claim_control_number.empty()) {
      item["payerClaimControlNumber"] = r.payer_claim_control_number;
    }
    if (!r.detail.empty()) item["detail"] = r.detail;  // the payer's own words (PHI allowed)
    if (!r.inbound_file_id.empty()) item["inboundFileId"] = r.inbound_file_id;
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace

ClaimsApi::ClaimsApi(store::Store& store, ClaimsApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.today) options_.today = UtcDate;
  if (!options_.time_of_day) options_.time_of_day = UtcTime;
}

void ClaimsApi::Register(Router& router) {
  using store::Role;
  // A tenant's own claims only (every store read is scoped by the key's tenant).
  router.AddAsync("POST", "/v1/claims",
                  [this](const Request& r, Respond respond) { CreateClaim(r, std::move(respond)); },
                  {.body = BodyClass::kNormal,
                   .blocking = true,
                   .roles = {Role::kSubmitter, Role::kAdmin},
                   .content_types = kJsonBody});
  router.Add("GET", "/v1/claims/{id}", [this](const Request& r) { return GetClaim(r); },
             {.blocking = true,
              .roles = {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin}});
  router.Add("GET", "/v1/claims", [this](const Request& r) { return ListClaims(r); },
             {.blocking = true,
              .roles = {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin}});
}

void ClaimsApi::CreateClaim(const Request& request, Respond respond) {
  using store::Role;
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return respond(std::move(*r));
  const store::ApiKey& key = std::get<store::ApiKey>(auth);

  std::string idempotency_key;
  if (auto bad = ReadIdempotencyKey(request, &idempotency_key)) {
    return respond(std::move(*bad));
  }

  core::EncounterParse parse = core::ParseEncounterJson(request.body);
  if (parse.array) {
    return respond(Response::Error(400, "one_encounter_expected",
                                   "POST /v1/claims takes one encounter object; send arrays to "
                                   "/v1/claims/batch"));
  }
  std::vector<edi::hipaa::EncounterFinding> findings = parse.findings;
  if (parse.encounters.size() == 1) {
    edi::hipaa::CheckEncounter(parse.encounters[0], {.today = options_.today(), .path_prefix = ""},
                               &findings);
    CheckPayerKnown(options_.known_payer, parse.encounters[0], "", &findings);
  }
  if (!findings.empty() || parse.encounters.size() != 1) {
    json list = json::array();
    for (const auto& f : findings) {
      json item = {{"path", f.path}, {"code", f.code}, {"message", f.message}};
      if (!f.value.empty()) item["value"] = f.value;  // shown to the sender only, never logged
      list.push_back(std::move(item));
    }
    Audit(store_, key, request, "claim.create", "", "rejected_edits");
    return respond(JsonResponse(
        422, {{"error",
               {{"code", "edits_failed"},
                {"message", std::to_string(findings.size()) +
                                " finding(s); nothing was stored. Fix them and send again."}}},
              {"findings", std::move(list)}}));
  }
  IntakeClaim claim;
  claim.tenant_id = key.tenant_id;
  claim.encounter = std::move(parse.encounters[0]);
  claim.encounter_json = request.body;
  if (!idempotency_key.empty()) {
    claim.idempotency_key = idempotency_key;
    claim.request_hash = store::Sha256Hex(request.body);
  }
  claim.date = options_.today();
  claim.time = options_.time_of_day();
  // The audit entry is written in the claim's own transaction (created, replayed or key_reused);
  // a claim that cannot be built is audited here, as nothing is inserted.
  claim.audit = AuditOf(key, request, "claim.create");
  store::AuditEntry not_built = AuditOf(key, request, "claim.create", "", "not_built");
  StartIntake(store_, std::move(claim),
              [this, not_built = std::move(not_built),
               respond = std::move(respond)](IntakeOutcome outcome) mutable {
                if (outcome.kind == IntakeOutcome::Kind::kNotBuilt) {
                  store_.AppendAudit(std::move(not_built), [](edi::Result<void>) {});
                }
                respond(IntakeResponse(outcome));
              });
}

Response ClaimsApi::GetClaim(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request);
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
  auto payments = store_.ListClaimPayments(key.tenant_id, id);
  if (!payments) return StoreFailure(payments.error());
  auto status = store_.ListStatusRecords(key.tenant_id, id);
  if (!status) return StoreFailure(status.error());
  json body = Summary(*claim);
  json timeline = json::array();
  const store::ClaimEvent* rejecting = nullptr;
  for (const store::ClaimEvent& e : *events) {
    json item = {{"seq", e.seq}, {"event", e.type}, {"to", e.to_state}, {"at", IsoTime(e.at_ms)}};
    if (!e.from_state.empty()) item["from"] = e.from_state;
    if (!e.detail.empty()) item["detail"] = e.detail;
    if (!e.source_ref.empty()) item["source"] = e.source_ref;
    if (IsRejection(e.type)) {
      // The plain-words reason stays with the event that rejected the claim, also when later
      // events follow it.
      item["reason"] = e.detail.empty() ? std::string("no reason was given") : e.detail;
      if (e.to_state == claim->state) rejecting = &e;
    }
    timeline.push_back(std::move(item));
  }
  body["events"] = std::move(timeline);
  if (rejecting != nullptr) {
    body["rejection"] = {{"event", rejecting->type},
                         {"at", IsoTime(rejecting->at_ms)},
                         {"reason", rejecting->detail.empty() ? std::string("no reason was given")
                                                              : rejecting->detail}};
  }
  body["payment"] = PaymentSummary(*payments);
  body["statusRecords"] = StatusRecordsJson(*status);
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
  auto auth = Authenticate(store_, request);
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
  if (auto bad = ReadPageQuery(request, &filter.cursor, &filter.since_ms, &filter.limit)) {
    return std::move(*bad);
  }
  auto page = store_.ListClaims(key.tenant_id, filter);
  if (!page) {
    if (IsBadCursor(page.error())) return Response::Error(400, "bad_query", "cursor: not valid");
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
