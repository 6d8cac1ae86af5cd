// Plain value types the Store interface takes and returns (no engine, no I/O). Strings marked PHI
// are held in plain text in memory only; every engine stores them encrypted. Times are Unix
// milliseconds UTC, amounts are integer cents. Plain values: not synchronized.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/store/crypto.hpp"

namespace claimgate::store {

// Completion of an asynchronous write. Called exactly once, on the store's writer thread, after
// the write is durable (or failed). It must not block and must not call a blocking Store method;
// post to your own executor for anything heavier.
template <typename T>
using Done = std::function<void(Result<T>)>;

// ---- tenants, API keys ----

struct Tenant {
  std::string id;  // "ten_" + 16 hex
  std::string name;
  int64_t created_ms = 0;
};

// A tenant's roles (a practice's people and systems) and the platform's (the organisation that
// runs the gateway). Tenant keys see and change only their tenant's records; platform keys act
// on what tenants share: payer connections, payers' files, the unmatched queue, alerts, metrics.
// The routes each role may call are declared where the routes are registered (src/api).
enum class Role { kSubmitter, kBiller, kOperator, kAdmin, kPlatformOperator, kPlatformAdmin };
inline constexpr Role kAllRoles[] = {Role::kSubmitter,        Role::kBiller,
                                     Role::kOperator,         Role::kAdmin,
                                     Role::kPlatformOperator, Role::kPlatformAdmin};
std::string_view RoleName(Role role);  // "submitter" ... "platform_admin"
std::optional<Role> ParseRole(std::string_view name);
bool IsPlatformRole(Role role);
// The reserved tenant id platform keys belong to (schema migration 5); never a practice.
inline constexpr std::string_view kPlatformTenantId = "platform";

struct ApiKey {
  std::string id;  // "key_" + 16 hex; safe to log
  std::string tenant_id;
  Role role = Role::kSubmitter;
  std::string prefix;  // the first 12 characters of the key, for people to recognise it
  std::string label;
  int64_t created_ms = 0;
  std::optional<int64_t> revoked_ms;
};

// A freshly generated key: `secret` is shown once and never stored; `hash_hex` is.
struct GeneratedKey {
  std::string secret;    // "cg_live_" + base64url(32 random bytes)
  std::string hash_hex;  // Sha256Hex(secret)
  std::string prefix;
};
GeneratedKey GenerateApiKey(std::string_view kind = "live");
// Random entity id: prefix + "_" + 16 hex characters (64 random bits).
std::string NewId(std::string_view prefix);
int64_t NowMs();

// ---- claims ----

struct NewEvent {
  std::string type;        // "received", "validated", "ack_999", ... (lifecycle event names)
  std::string from_state;  // empty for the first event
  std::string to_state;
  std::string detail;      // plain words; REQUIRES: no PHI (codes and ids only)
  std::string source_ref;  // e.g. inbound file id or interchange id; may be empty
};

struct ClaimEvent {
  int64_t seq = 0;  // per claim, 1, 2, 3 ...
  std::string type, from_state, to_state, detail, source_ref;
  int64_t at_ms = 0;
};

struct AuditEntry {
  int64_t at_ms = 0;      // 0: now
  std::string tenant_id;  // may be empty (operator/admin actions)
  std::string actor;      // API key id, "admin-cli", "pipeline"
  std::string action;     // "claim.read", "claim.create", "key.create" ...
  std::string object_id;  // claim id, remittance id ...
  std::string remote;     // client address, or "local"
  std::string outcome;    // "ok", "denied", "not_found", "invalid", "error"
  std::string detail;     // REQUIRES no PHI
};

struct NewClaim {
  std::string tenant_id;
  std::string id;                      // empty: the store assigns NewId("clm")
  std::string patient_control_number;  // CLM01 (owned by claimgate)
  std::string payer_id;
  std::string claim_type;  // "837P", "837I", "837D"
  std::string state;       // initial state, e.g. "RECEIVED"
  int64_t total_charge_cents = 0;
  std::string encounter_json;    // PHI
  std::string claim_segments;    // PHI: built 837 claim segments (may be empty)
  std::vector<NewEvent> events;  // recorded with the claim, in order
  // Idempotency (optional): with a key, request_hash (hex SHA-256 of the request) is required and
  // response_status/response_body are what a replay gets back (PHI-safe: stored encrypted).
  std::string idempotency_key;
  std::string request_hash;
  int response_status = 201;
  std::string response_body;
  // Written in the same transaction as the claim (one write, one commit). The store fills
  // object_id (the claim) and outcome: "created", "replayed" or "key_reused".
  std::optional<AuditEntry> audit;
};

struct InsertClaimResult {
  enum class Kind { kCreated, kReplayed, kKeyReused };  // kKeyReused: same key, other request
  Kind kind = Kind::kCreated;
  std::string claim_id;
  int response_status = 0;
  std::string response_body;  // the first stored response (kCreated/kReplayed)
};

struct Claim {
  std::string id, tenant_id, patient_control_number, payer_id, claim_type, state;
  std::string interchange_id;  // empty until batched
  int64_t total_charge_cents = 0;
  int64_t created_ms = 0, updated_ms = 0;
  int64_t event_count = 0;
  std::string encounter_json;  // PHI; filled only when asked for
  std::string claim_segments;  // PHI; filled only when asked for
};

struct ClaimFilter {
  std::string state, payer_id, patient_control_number;  // empty: any
  int64_t since_ms = 0;                                 // created at or after
  std::string cursor;                                   // opaque, from ClaimPage::next_cursor
  int limit = 50;                                       // 1..500
};

struct ClaimPage {
  std::vector<Claim> claims;  // oldest first; without PHI fields
  std::string next_cursor;    // empty when there is no more
};

// A state change decided inside the store's write transaction from the claim's current state.
struct TransitionDecision {
  enum class Kind { kMove, kRecordOnly, kRefuse };
  Kind kind = Kind::kMove;
  std::string to_state;  // kMove
  std::string reason;    // kRefuse: why (plain words); kRecordOnly: note for the event
};
using DecideFn = std::function<TransitionDecision(std::string_view current_state)>;

struct ClaimEventInput {
  std::string type, detail, source_ref;  // detail: REQUIRES no PHI
};

// ---- audit ----

struct AuditFilter {
  std::string tenant_id;  // empty: all
  int64_t since_ms = 0;
  int limit = 100;
};

}  // namespace claimgate::store
