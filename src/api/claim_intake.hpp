// Storing one claim that passed its intake edits: claimgate's own CLM01 is drawn, the 837
// transaction body is built (pipeline::BuildClaimBody) and the claim is inserted with its first
// events (received -> validated -> queued), retrying the draw on a CLM01 collision. Shared by
// POST /v1/claims, /v1/claims/batch and /v1/x12. The asynchronous form lets a batch issue every
// insert before waiting, so many claims share one group commit. Stateless; thread-safe.
#pragma once

#include <functional>
#include <future>
#include <optional>
#include <string>

#include "edi/hipaa/encounter.hpp"
#include "src/api/http_types.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

struct IntakeClaim {
  std::string tenant_id;            // the caller's tenant
  edi::hipaa::Encounter encounter;  // REQUIRES: passed edi::hipaa::CheckEncounter
  std::string encounter_json;       // stored as the claim's encounter (PHI)
  std::string idempotency_key;      // empty: none
  std::string request_hash;         // REQUIRES: non-empty with a key (hex SHA-256)
  std::string date;                 // CCYYMMDD: BHT04 of the built body
  std::string time;                 // HHMM: BHT05
  // Stored with the claim in one transaction (see store::NewClaim::audit); the store fills the
  // claim id and the outcome. A claim that is not built writes no audit entry here.
  std::optional<store::AuditEntry> audit;
};

struct IntakeOutcome {
  enum class Kind {
    kCreated,      // 201: stored
    kReplayed,     // 201 (the first status): the key was used with the same request before
    kKeyReused,    // 422 idempotency_key_reused: the key was used with another request
    kNotBuilt,     // 422 claim_not_built: the 837 body could not be built; nothing stored
    kStoreFailed,  // 503 store_unavailable
  };
  Kind kind = Kind::kStoreFailed;
  int status = 503;
  std::string claim_id;  // kCreated, kReplayed (and kKeyReused: the key's claim)
  // kCreated/kReplayed: the stored response (JSON claim summary); otherwise an {"error": {...}}
  // object naming the code and the reason in plain words.
  std::string body;
};

using IntakeDone = std::function<void(IntakeOutcome)>;

// Starts storing `claim`. `done` runs exactly once: on the calling thread when the 837 body cannot
// be built, else on the store's writer thread once the claim is durable (or failed); it must not
// block (see store::Done).
void StartIntake(store::Store& store, IntakeClaim claim, IntakeDone done);
// The same with a future (get() it from a thread that is not the store's writer).
std::future<IntakeOutcome> StartIntake(store::Store& store, IntakeClaim claim);
// Blocking form.
IntakeOutcome Intake(store::Store& store, IntakeClaim claim);

// Reads the optional Idempotency-Key header into `*key` (empty when absent); the 400 response
// when it is not 1 to 255 printable ASCII characters.
std::optional<Response> ReadIdempotencyKey(const Request& request, std::string* key);

// The outcome as an HTTP response (Location header for a stored claim).
Response IntakeResponse(const IntakeOutcome& outcome);

// "837P", "837I", "837D".
std::string ClaimTypeCode(edi::hipaa::ClaimType type);
// CCYYMMDD / HHMM of the current UTC time.
std::string UtcDate();
std::string UtcTime();

}  // namespace claimgate::api
