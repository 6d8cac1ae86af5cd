#include "src/api/claim_intake.hpp"

#include <cctype>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "src/api/api_common.hpp"
#include "src/pipeline/claim_body.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;

// A CLM01 collision is a 1-in-2^64 event per pair of claims; three draws make a failure from it
// impossible in practice while a store that answers "conflict" for another reason still ends.
constexpr int kMaxDraws = 3;

// claimgate's own CLM01: "CG" and 16 hex digits (64 random bits), 18 characters, so that every
// payer response matches exactly one claim (the practice's number is kept as accountNumber).
std::string NewPatientControlNumber() {
  std::string hex = store::HexEncode(store::RandomBytes(8));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "CG" + hex;
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  return json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

IntakeOutcome Failed(IntakeOutcome::Kind kind, int status, std::string_view code,
                     std::string_view message) {
  IntakeOutcome out;
  out.kind = kind;
  out.status = status;
  out.body = ErrorBody(code, message);
  return out;
}

std::string UtcNow(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

// One attempt: a fresh claim id and CLM01, the body built for them, the insert started. The
// request stays alive (shared) so a collision can draw again from the completion.
struct Attempt : std::enable_shared_from_this<Attempt> {
  store::Store& store;
  IntakeClaim request;
  std::string account_number;  // the practice's own CLM01, as sent
  IntakeDone done;
  int draws = 0;

  Attempt(store::Store& s, IntakeClaim r, IntakeDone d)
      : store(s), request(std::move(r)), done(std::move(d)) {
    account_number = request.encounter.claim.patient_control_number;
  }

  void Start() {
    ++draws;
    store::NewClaim claim;
    claim.tenant_id = request.tenant_id;
    claim.id = store::NewId("clm");
    claim.patient_control_number = NewPatientControlNumber();
    // The stored body carries claimgate's CLM01, the number every payer response comes back with.
    request.encounter.claim.patient_control_number = claim.patient_control_number;
    auto body = pipeline::BuildClaimBody(request.encounter, claim.id, request.date, request.time);
    request.encounter.claim.patient_control_number = account_number;
    if (!body) {
      done(Failed(IntakeOutcome::Kind::kNotBuilt, 422, "claim_not_built",
                  "the 837 claim could not be built: " + body.error().message));
      return;
    }
    claim.claim_segments = pipeline::JoinClaimBody(*body);
    claim.payer_id = request.encounter.payer_id;
    claim.claim_type = ClaimTypeCode(request.encounter.type);
    claim.total_charge_cents = request.encounter.claim.charge_cents;
    claim.encounter_json = request.encounter_json;
    claim.events = pipeline::IntakeEvents();
    claim.state = std::string(pipeline::StateName(pipeline::ClaimState::kQueued));
    json summary = {{"id", claim.id},
                    {"state", claim.state},
                    {"claimType", claim.claim_type},
                    {"payerId", claim.payer_id},
                    {"patientControlNumber", claim.patient_control_number},
                    {"accountNumber", account_number},
                    {"totalCharge", Money(claim.total_charge_cents)}};
    claim.response_status = 201;
    claim.response_body = summary.dump();
    if (!request.idempotency_key.empty()) {
      claim.idempotency_key = request.idempotency_key;
      claim.request_hash = request.request_hash;
    }
    claim.audit = request.audit;
    store.InsertClaim(std::move(claim),
                      [self = shared_from_this()](store::Result<store::InsertClaimResult> result) {
                        self->Finish(std::move(result));
                      });
  }

  void Finish(store::Result<store::InsertClaimResult> result) {
    if (!result) {
      // A CLM01 (or id) collision: draw again. Starting an insert only queues it, so this is
      // allowed on the writer thread.
      if (result.error().code == "conflict" && draws < kMaxDraws) return Start();
      done(Failed(IntakeOutcome::Kind::kStoreFailed, 503, "store_unavailable",
                  result.error().code == "conflict"
                      ? "could not assign a patient control number; retry"
                      : "the store could not save the claim; retry"));
      return;
    }
    IntakeOutcome out;
    out.claim_id = result->claim_id;
    switch (result->kind) {
      case store::InsertClaimResult::Kind::kCreated:
      case store::InsertClaimResult::Kind::kReplayed:
        out.kind = result->kind == store::InsertClaimResult::Kind::kCreated
                       ? IntakeOutcome::Kind::kCreated
                       : IntakeOutcome::Kind::kReplayed;
        out.status = result->response_status;
        out.body = std::move(result->response_body);
        break;
      case store::InsertClaimResult::Kind::kKeyReused:
        out.kind = IntakeOutcome::Kind::kKeyReused;
        out.status = 422;
        out.body = ErrorBody("idempotency_key_reused",
                             "this Idempotency-Key was used with a different request body");
        break;
    }
    done(std::move(out));
  }
};

}  // namespace

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

std::string UtcDate() { return UtcNow("%Y%m%d"); }
std::string UtcTime() { return UtcNow("%H%M"); }

void StartIntake(store::Store& store, IntakeClaim claim, IntakeDone done) {
  std::make_shared<Attempt>(store, std::move(claim), std::move(done))->Start();
}

std::future<IntakeOutcome> StartIntake(store::Store& store, IntakeClaim claim) {
  auto promise = std::make_shared<std::promise<IntakeOutcome>>();
  std::future<IntakeOutcome> future = promise->get_future();
  StartIntake(store, std::move(claim),
              [promise](IntakeOutcome outcome) { promise->set_value(std::move(outcome)); });
  return future;
}

IntakeOutcome Intake(store::Store& store, IntakeClaim claim) {
  return StartIntake(store, std::move(claim)).get();
}

std::optional<Response> ReadIdempotencyKey(const Request& request, std::string* key) {
  constexpr std::size_t kMaxIdempotencyKey = 255;
  key->clear();
  std::optional<std::string_view> header = request.headers.Get("Idempotency-Key");
  if (!header) return std::nullopt;
  bool printable = !header->empty() && header->size() <= kMaxIdempotencyKey;
  for (char c : *header) printable = printable && c > 0x20 && c < 0x7f;
  if (!printable) {
    return Response::Error(400, "bad_idempotency_key",
                           "Idempotency-Key must be 1 to 255 printable characters");
  }
  *key = std::string(*header);
  return std::nullopt;
}

Response IntakeResponse(const IntakeOutcome& outcome) {
  Response r = Response::Json(outcome.status, outcome.body);
  if (outcome.kind == IntakeOutcome::Kind::kCreated ||
      outcome.kind == IntakeOutcome::Kind::kReplayed) {
    r.headers.Set("Location", "/v1/claims/" + outcome.claim_id);
  }
  return r;
}

}  // namespace claimgate::api
