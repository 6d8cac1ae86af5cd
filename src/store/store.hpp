// The claim store: the one interface the API and the pipeline use (SQLite engine: sqlite_store.hpp;
// a PostgreSQL engine can implement the same interface). Thread-safe: every method may be called
// from any thread concurrently.
// Writes are asynchronous: they are queued and `done` runs once the write is DURABLE (committed
// and fsynced) or has failed. Reads are blocking: call them from a worker thread, never from a
// thread that runs an io_context. Tenant-scoped reads return "not_found" for another tenant's rows.
#pragma once

#include <array>
#include <cstdint>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "src/store/exchange_types.hpp"
#include "src/store/store_types.hpp"

namespace claimgate::store {

struct StoreStats {
  int64_t writes = 0;        // write operations completed (ok or failed)
  int64_t transactions = 0;  // committed transactions (= durable syncs of claim data)
  int64_t commit_us_total = 0;
  int64_t max_batch = 0;
  // Time of each group transaction (BEGIN to COMMIT returned, fsync included), counted per
  // bucket: upper bounds kCommitBucketsUs (microseconds), the last count for larger ones.
  static constexpr std::array<int64_t, 12> kCommitBucketsUs = {
      250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000};
  std::array<int64_t, kCommitBucketsUs.size() + 1> commit_buckets{};
  int64_t pending_writes = 0;  // queued or running, not yet completed
  // Group transactions that failed as a whole or in part for a storage reason (disk full, I/O
  // error, a lock not obtained): their failed writes were answered with an error, none was lost.
  int64_t commit_failures = 0;
  // True from such a failure until a transaction commits again (the store is not ready).
  bool commit_failing = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- tenants and keys ----
  virtual void CreateTenant(std::string name, Done<Tenant> done) = 0;
  virtual Result<std::vector<Tenant>> ListTenants() = 0;
  virtual Result<Tenant> GetTenant(const std::string& tenant_id) = 0;
  // Stores the key's hash and metadata; generate the key with GenerateApiKey().
  // Fails "not_found" when the tenant does not exist.
  virtual void CreateApiKey(std::string tenant_id, Role role, GeneratedKey key, std::string label,
                            Done<ApiKey> done) = 0;
  // Revokes by key id; revoking a revoked key succeeds and keeps the first revocation time.
  virtual void RevokeApiKey(std::string key_id, Done<ApiKey> done) = 0;
  // Authentication: finds an unrevoked key by the SHA-256 hex of the presented secret.
  virtual Result<ApiKey> FindActiveApiKey(const std::string& hash_hex) = 0;
  virtual Result<std::vector<ApiKey>> ListApiKeys(const std::string& tenant_id) = 0;

  // ---- claims ----
  // Inserts a claim with its first events, or (same tenant + idempotency key) returns the first
  // stored response (kReplayed) or kKeyReused when request_hash differs. Concurrent calls with
  // one key create exactly one claim. Fails "conflict" when the id or (tenant, payer, patient
  // control number) exists already outside an idempotent replay; "invalid" without events
  // (REQUIRES: claim.events holds at least the first event, e.g. pipeline::ReceivedEvent()).
  virtual void InsertClaim(NewClaim claim, Done<InsertClaimResult> done) = 0;
  // Tenant-scoped reads. with_phi: decrypt the encounter and claim segments too.
  virtual Result<Claim> GetClaim(const std::string& tenant_id, const std::string& claim_id,
                                 bool with_phi) = 0;
  virtual Result<ClaimPage> ListClaims(const std::string& tenant_id, const ClaimFilter& filter) = 0;
  virtual Result<std::vector<ClaimEvent>> ListClaimEvents(const std::string& tenant_id,
                                                          const std::string& claim_id) = 0;
  // Applies an event to a claim atomically: `decide` sees the current state inside the write
  // transaction; kMove changes the state and records the event, kRecordOnly records it without a
  // state change, kRefuse fails with code "transition_refused" and the reason (nothing recorded).
  // tenant_id empty: unscoped (pipeline use only). Returns the recorded event.
  virtual void ApplyClaimEvent(std::string tenant_id, std::string claim_id, ClaimEventInput event,
                               DecideFn decide, Done<ClaimEvent> done) = 0;
  // Pipeline (unscoped) lookups: claims waiting for a payer, and response matching by CLM01.
  virtual Result<std::vector<Claim>> ListClaimsByState(const std::string& payer_id,
                                                       const std::string& state, int limit) = 0;
  virtual Result<Claim> FindClaimByControlNumber(const std::string& payer_id,
                                                 const std::string& patient_control_number) = 0;
  // The claim a payer knows by its own claim number (277CA/277 REF*1K, 835 CLP07) from the
  // responses already matched; not_found when none, "ambiguous" when two claims have it.
  virtual Result<Claim> FindClaimByPayerClaimNumber(const std::string& payer_id,
                                                    const std::string& payer_claim_number) = 0;
  // Operations (metrics "claims by state"): state -> number of claims, all tenants.
  virtual Result<std::map<std::string, int64_t>> CountClaimsByState() = 0;

  // ---- interchanges and control numbers ----
  // Reserves `count` consecutive numbers of the sequence `name` (e.g. "ISA:SENDER:RECEIVER"); the
  // first is returned. Numbers run 1..999999999 and never repeat, also across crashes (a number
  // is only handed out after its reservation is durable); exhaustion fails "exhausted".
  virtual void AllocateControlNumbers(std::string name, int64_t count, Done<int64_t> done) = 0;
  // Raises the sequence `name` so that its next number is at least `start` (1..999999999), never
  // lowering it: a configured first number for a fresh or restored store. Returns the next number.
  virtual void SeedControlNumbers(std::string name, int64_t start, Done<int64_t> done) = 0;
  virtual void InsertInterchange(NewInterchange interchange, Done<Interchange> done) = 0;
  virtual void UpdateInterchange(std::string id, InterchangeUpdate update,
                                 Done<Interchange> done) = 0;
  virtual Result<Interchange> GetInterchange(const std::string& id, bool with_bytes) = 0;
  virtual Result<Interchange> FindInterchangeByIsa13(const std::string& sender_id,
                                                     const std::string& receiver_id,
                                                     int64_t isa13) = 0;
  virtual Result<std::vector<Interchange>> ListInterchanges(const std::string& payer_id,
                                                            const std::string& state,
                                                            int limit) = 0;
  // Response matching (999): the payer's interchanges whose first GS06 is at most `gs06`, the
  // highest GS06 first, at most `limit` (the group sits in one of them; confirm from its bytes).
  virtual Result<std::vector<Interchange>> ListInterchangesUpToGs06(const std::string& payer_id,
                                                                    int64_t gs06, int limit) = 0;
  // Watchdog: created_ms of the payer's oldest interchange that left (any state but BUILT,
  // SENDING, FAILED, DEAD_LETTER); 0 when none did.
  virtual Result<int64_t> FirstSentInterchangeMs(const std::string& payer_id) = 0;

  // ---- inbound files ----
  // Stores the raw bytes encrypted with their SHA-256; the same bytes again return the first
  // file's id with duplicate = true and change nothing.
  virtual void InsertInboundFile(NewInboundFile file, Done<InboundFileInsert> done) = 0;
  virtual void UpdateInboundFile(std::string id, std::string state, std::string last_error,
                                 Done<InboundFile> done) = 0;
  virtual Result<InboundFile> GetInboundFile(const std::string& id, bool with_bytes) = 0;
  // The tenants whose records an inbound file changed or added to (claim events, remittances,
  // status records), sorted; empty when it touched none (or does not exist). Who may read it.
  virtual Result<std::vector<std::string>> TenantsOfInboundFile(const std::string& id) = 0;
  // Inbound files in `state` ("HELD" ...), oldest first, without their bytes.
  virtual Result<std::vector<InboundFile>> ListInboundFilesInState(const std::string& state,
                                                                   int limit) = 0;
  // Watchdog: received_ms of the payer's newest inbound file of `kind` ("835" ...); 0: none.
  virtual Result<int64_t> LastInboundFileMs(const std::string& payer_id,
                                            const std::string& kind) = 0;

  // ---- remittances and status ----
  virtual void InsertRemittance(NewRemittance remittance, Done<Remittance> done) = 0;
  virtual Result<Remittance> GetRemittance(const std::string& tenant_id,
                                           const std::string& remittance_id) = 0;
  virtual Result<RemittancePage> ListRemittances(const std::string& tenant_id,
                                                 const RemittanceFilter& filter) = 0;
  // Claim payments of one claim (newest last), with their adjustments and service lines.
  virtual Result<std::vector<ClaimPayment>> ListClaimPayments(const std::string& tenant_id,
                                                              const std::string& claim_id) = 0;
  virtual void InsertStatusRecord(StatusRecord record, Done<StatusRecord> done) = 0;
  virtual Result<std::vector<StatusRecord>> ListStatusRecords(const std::string& tenant_id,
                                                              const std::string& claim_id) = 0;
  virtual Result<std::vector<StatusRecord>> ListUnmatchedStatus(int limit) = 0;

  // ---- audit log (append-only) ----
  virtual void AppendAudit(AuditEntry entry, Done<void> done) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;

  // Blocks until every write queued before the call is durable (shutdown, tests).
  virtual void Flush() = 0;
  virtual StoreStats Stats() const = 0;
};

// Blocking adapter for a write: Wait([&](auto done) { store.CreateTenant("x", done); }).
// REQUIRES: not called on the store's writer thread (i.e. not from inside a Done callback).
template <typename T, typename Fn>
Result<T> Wait(Fn&& start) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  start(Done<T>([promise](Result<T> r) { promise->set_value(std::move(r)); }));
  return future.get();
}

}  // namespace claimgate::store
