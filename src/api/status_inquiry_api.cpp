#include "src/api/status_inquiry_api.hpp"

#include <charconv>
#include <ctime>
#include <utility>
#include <vector>

#include "edi/hipaa/status_inquiry.hpp"
#include "src/api/api_common.hpp"
#include "src/core/encounter_json.hpp"

namespace claimgate::api {
namespace {

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M", &tm);
  return buf;
}

}  // namespace

StatusInquiryApi::StatusInquiryApi(store::Store& store, StatusInquiryApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.now) options_.now = UtcNow;
}

void StatusInquiryApi::Register(Router& router) {
  router.Add("GET", "/v1/claims/{id}/276", [this](const Request& r) { return Get276(r); },
             {.blocking = true});
}

Response StatusInquiryApi::Get276(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request, {Role::kBiller, Role::kOperator, Role::kAdmin});
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
  // The newest payer claim control number a 277 or 277CA reported.
  for (const store::StatusRecord& s : *statuses) {
    if (!s.payer_claim_control_number.empty()) {
      inquiry.payer_claim_control_number = s.payer_claim_control_number;
    }
  }
  inquiry.patient_control_number = claim->patient_control_number;

  core::EncounterParse parse = core::ParseEncounterJson(claim->encounter_json);
  if (parse.encounters.size() != 1 || !parse.findings.empty()) {
    std::string at;  // JSON paths only: never the values (PHI)
    for (const auto& f : parse.findings) at += (at.empty() ? " at " : ", ") + f.path;
    Audit(store_, key, request, "claim.status_inquiry", id, "unreadable_encounter");
    return Response::Error(500, "unreadable_encounter",
                           "the stored encounter of this claim cannot be read" + at);
  }
  const edi::hipaa::Encounter& e = parse.encounters[0];
  std::vector<edi::hipaa::EncounterFinding> missing;
  std::string sender = !options_.sender_id.empty() ? options_.sender_id
                       : !e.submitter.id.empty()   ? e.submitter.id
                                                   : std::string("CLAIMGATE");
  if (!edi::hipaa::CheckStatusInquiry(e, inquiry, sender, "", &missing)) {
    std::string fields;
    for (const auto& f : missing) fields += (fields.empty() ? "" : ", ") + f.path;
    Audit(store_, key, request, "claim.status_inquiry", id, "missing_fields");
    return Response::Error(422, "required_for_276",
                           "the claim's encounter lacks what a 276 needs: " + fields);
  }
  std::string now = options_.now();
  edi::hipaa::StatusInquiryOptions options;
  options.interchange.sender_id = sender;
  options.interchange.receiver_id = !e.receiver.id.empty() ? e.receiver.id : e.payer_id;
  options.interchange.control_number = control_number;
  options.interchange.usage = usage;
  options.date = now.substr(0, 8);
  options.time = now.substr(8, 4);
  auto built = edi::hipaa::BuildStatusInquiry(e, inquiry, options);
  if (!built) {
    Audit(store_, key, request, "claim.status_inquiry", id, "build_failed");
    return Response::Error(422, built.error().code, built.error().message);
  }
  Audit(store_, key, request, "claim.status_inquiry", id, "ok");
  Response r = Response::Text(200, std::move(*built));
  r.content_type = "application/edi-x12";
  return r;
}

}  // namespace claimgate::api
