// SqliteStore: the embedded Store engine. One file (WAL, synchronous=FULL, foreign keys), schema
// migrated at Open. All writes go through ONE writer thread that takes every queued write into one
// transaction (group commit: one fsync for the group) and completes each caller only after COMMIT
// returned. Reads use a pool of separate WAL reader connections and block the calling thread.
// Thread-safe; the destructor drains the queue (every queued write completes) before returning.
// Open refuses a key the database was not written with, and keeps the files private (0600).
// A transaction that fails for a storage reason (disk full, I/O error) is counted in Stats(),
// reported to SqliteOptions::on_commit_health and marks the store failing until one commits again.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/store/sqlite_db.hpp"
#include "src/store/store.hpp"

namespace claimgate::store {

// What the writer reports about storage failures: each failed group transaction, and the first
// commit after a run of them. Carries codes and counts only (no SQL text, no values).
struct CommitHealthEvent {
  bool recovered = false;     // false: a transaction failed; true: one committed after failures
  std::string stage;          // failed: "begin", "write" or "commit"
  int sqlite_code = 0;        // failed: SQLite's extended result code (SQLITE_FULL = 13 ...)
  std::string sqlite_error;   // failed: SQLite's generic text for the code (sqlite3_errstr)
  int64_t failed_writes = 0;  // failed: writes of the group answered with an error
  int64_t consecutive = 0;    // failed transactions in a row (this one included, or the run's)
  std::chrono::milliseconds outage{0};  // recovered: since the run's first failure
};

struct SqliteOptions {
  std::string path = "var/claimgate.db";   // parent directories are created
  std::shared_ptr<const Keyring> keyring;  // REQUIRES: non-null, non-empty
  int reader_connections = 4;              // upper bound of the reader pool
  int busy_timeout_ms = 5000;
  size_t max_group = 4096;  // most writes in one transaction
  // While commits fail, the writer tries a small write (a row of store_meta) this often when no
  // other write comes, so the store turns ready again without traffic once the disk has room.
  std::chrono::milliseconds failure_probe_interval{5000};
  // Called on the writer thread (see CommitHealthEvent); must not block or call the store.
  std::function<void(const CommitHealthEvent&)> on_commit_health;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the file and migrates it to the newest schema.
  static Result<std::unique_ptr<SqliteStore>> Open(SqliteOptions options);
  ~SqliteStore() override;

  void CreateTenant(std::string name, Done<Tenant> done) override;
  Result<std::vector<Tenant>> ListTenants() override;
  Result<Tenant> GetTenant(const std::string& tenant_id) override;
  void CreateApiKey(std::string tenant_id, Role role, GeneratedKey key, std::string label,
                    Done<ApiKey> done) override;
  void RevokeApiKey(std::string key_id, Done<ApiKey> done) override;
  Result<ApiKey> FindActiveApiKey(const std::string& hash_hex) override;
  Result<std::vector<ApiKey>> ListApiKeys(const std::string& tenant_id) override;

  void InsertClaim(NewClaim claim, Done<InsertClaimResult> done) override;
  Result<Claim> GetClaim(const std::string& tenant_id, const std::string& claim_id,
                         bool with_phi) override;
  Result<ClaimPage> ListClaims(const std::string& tenant_id, const ClaimFilter& filter) override;
  Result<std::vector<ClaimEvent>> ListClaimEvents(const std::string& tenant_id,
                                                  const std::string& claim_id) override;
  void ApplyClaimEvent(std::string tenant_id, std::string claim_id, ClaimEventInput event,
                       DecideFn decide, Done<ClaimEvent> done) override;
  Result<std::vector<Claim>> ListClaimsByState(const std::string& payer_id,
                                               const std::string& state, int limit) override;
  Result<Claim> FindClaimByControlNumber(const std::string& payer_id,
                                         const std::string& patient_control_number) override;
  Result<Claim> FindClaimByPayerClaimNumber(const std::string& payer_id,
                                            const std::string& payer_claim_number) override;
  Result<std::map<std::string, int64_t>> CountClaimsByState() override;

  void AllocateControlNumbers(std::string name, int64_t count, Done<int64_t> done) override;
  void SeedControlNumbers(std::string name, int64_t start, Done<int64_t> done) override;
  void InsertInterchange(NewInterchange interchange, Done<Interchange> done) override;
  void UpdateInterchange(std::string id, InterchangeUpdate update, Done<Interchange> done) override;
  Result<Interchange> GetInterchange(const std::string& id, bool with_bytes) override;
  Result<Interchange> FindInterchangeByIsa13(const std::string& sender_id,
                                             const std::string& receiver_id,
                                             int64_t isa13) override;
  Result<std::vector<Interchange>> ListInterchanges(const std::string& payer_id,
                                                    const std::string& state, int limit) override;
  Result<std::vector<Interchange>> ListInterchangesUpToGs06(const std::string& payer_id,
                                                            int64_t gs06, int limit) override;
  Result<int64_t> FirstSentInterchangeMs(const std::string& payer_id) override;

  void InsertInboundFile(NewInboundFile file, Done<InboundFileInsert> done) override;
  void UpdateInboundFile(std::string id, std::string state, std::string last_error,
                         Done<InboundFile> done) override;
  Result<InboundFile> GetInboundFile(const std::string& id, bool with_bytes) override;
  Result<std::vector<std::string>> TenantsOfInboundFile(const std::string& id) override;
  Result<std::vector<InboundFile>> ListInboundFilesInState(const std::string& state,
                                                           int limit) override;
  Result<int64_t> LastInboundFileMs(const std::string& payer_id, const std::string& kind) override;

  void InsertRemittance(NewRemittance remittance, Done<Remittance> done) override;
  Result<Remittance> GetRemittance(const std::string& tenant_id,
                                   const std::string& remittance_id) override;
  Result<RemittancePage> ListRemittances(const std::string& tenant_id,
                                         const RemittanceFilter& filter) override;
  Result<std::vector<ClaimPayment>> ListClaimPayments(const std::string& tenant_id,
                                                      const std::string& claim_id) override;
  void InsertStatusRecord(StatusRecord record, Done<StatusRecord> done) override;
  Result<std::vector<StatusRecord>> ListStatusRecords(const std::string& tenant_id,
                                                      const std::string& claim_id) override;
  Result<std::vector<StatusRecord>> ListUnmatchedStatus(int limit) override;

  void AppendAudit(AuditEntry entry, Done<void> done) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) override;

  void Flush() override;
  StoreStats Stats() const override;
  // Stats().commit_failing without taking a lock (readiness checks on socket threads).
  bool CommitFailing() const { return commit_failing_.load(); }

  // `PRAGMA integrity_check` on a reader connection: "ok" or SQLite's findings.
  Result<std::string> IntegrityCheck();

 private:
  // A queued write. Run() executes inside the group transaction (in its own savepoint) on the
  // writer thread; Complete() runs after COMMIT (or the failure) and calls the caller back.
  class WriteOp {
   public:
    virtual ~WriteOp() = default;
    virtual bool Run(Db& db) = 0;
    virtual void Fail(Error error) = 0;
    virtual void Complete() = 0;
  };
  template <typename T>
  class TypedOp;

  // Reader pool lease: returns the connection on destruction.
  class Reader {
   public:
    Reader(SqliteStore* store, std::unique_ptr<Db> db) : store_(store), db_(std::move(db)) {}
    ~Reader();
    Reader(Reader&&) = default;
    Db& operator*() { return *db_; }
    Db* operator->() { return db_.get(); }

   private:
    SqliteStore* store_;
    std::unique_ptr<Db> db_;
  };

  explicit SqliteStore(SqliteOptions options) : options_(std::move(options)) {}
  template <typename T, typename Body>
  void Submit(Body body, Done<T> done);
  Result<Reader> AcquireReader();
  void WriterLoop();
  void RunGroup(std::vector<std::unique_ptr<WriteOp>>& group);
  // The probe write while commits fail; clears the failure when it commits.
  void RunProbe();
  // Counts a storage failure of one transaction, or (failure == nullptr) a commit.
  struct GroupFailure;
  void RecordCommitOutcome(const GroupFailure* failure, int64_t failed_writes);
  const Keyring& keys() const { return *options_.keyring; }

  // Row readers shared by the read and write paths (defined in sqlite_claims.cpp etc.).
  Result<Claim> ReadClaim(Db& db, const std::string& tenant_id, const std::string& claim_id,
                          bool with_phi);
  Result<Interchange> ReadInterchange(Db& db, const std::string& id, bool with_bytes);
  Result<InboundFile> ReadInboundFile(Db& db, const std::string& id, bool with_bytes);
  Result<ClaimEvent> AppendEvent(Db& db, const std::string& tenant_id, const std::string& claim_id,
                                 const ClaimEventInput& event, const DecideFn& decide);
  // `rows` yields: seq, remittance id, ordinal, claim_id, pcn, status, charge, paid,
  // patient responsibility, payer claim control number, patient_enc.
  Result<std::vector<ClaimPayment>> ReadClaimPayments(Db& db, Stmt& rows);

  SqliteOptions options_;
  std::unique_ptr<Db> writer_db_;

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::condition_variable flushed_cv_;
  std::deque<std::unique_ptr<WriteOp>> queue_;
  int64_t submitted_ = 0;  // guarded by queue_mu_
  int64_t completed_ = 0;  // guarded by queue_mu_
  bool stopping_ = false;  // guarded by queue_mu_
  std::thread writer_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_readers_;  // guarded by pool_mu_
  int open_readers_ = 0;                           // guarded by pool_mu_

  std::atomic<int64_t> stat_writes_{0}, stat_transactions_{0}, stat_commit_us_{0},
      stat_max_batch_{0};
  std::array<std::atomic<int64_t>, StoreStats::kCommitBucketsUs.size() + 1> stat_commit_buckets_{};
  std::atomic<int64_t> stat_commit_failures_{0};
  std::atomic<bool> commit_failing_{false};
  // The current run of failed transactions (writer thread only).
  int64_t failure_run_ = 0;
  std::chrono::steady_clock::time_point failure_run_start_;
};

}  // namespace claimgate::store
