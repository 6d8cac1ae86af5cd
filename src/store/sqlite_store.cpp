#include "src/store/sqlite_store.hpp"

#include <chrono>
#include <optional>

#include "src/store/key_check.hpp"
#include "src/store/sqlite_internal.hpp"
#include "src/store/sqlite_schema.hpp"
#include "src/store/store_files.hpp"

namespace claimgate::store {
namespace {

// Result codes that say the storage itself failed (no room, I/O, a lock not obtained, a damaged
// file), as opposed to a write refused for its content (a constraint) or by its own logic.
bool IsStorageFailure(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOLFS:
      return true;
    default:
      return false;
  }
}

// Records the active key's check in its own transaction (after the migrations made store_meta).
Result<void> RecordStoreKey(Db& db, const Keyring& keys) {
  if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return r.error();
  auto checked = CheckStoreKey(db, keys, KeyCheckMode::kRecord);
  if (checked) checked = db.Exec("COMMIT");
  if (!checked) {
    (void)db.Exec("ROLLBACK");
    return checked.error();
  }
  return {};
}

}  // namespace

struct SqliteStore::GroupFailure {
  const char* stage = "write";  // "begin", "write" or "commit"
  int code = SQLITE_ERROR;
};

std::string EncodeCursor(std::string_view kind, int64_t seq) {
  return Base64UrlEncode(std::string(kind) + ":" + std::to_string(seq));
}

Result<int64_t> DecodeCursor(std::string_view kind, std::string_view cursor) {
  if (cursor.empty()) return int64_t{0};
  Error bad{"bad_cursor", "the cursor is not valid for this list"};
  auto text = Base64UrlDecode(cursor);
  if (!text || text->size() <= kind.size() + 1 || text->compare(0, kind.size(), kind) != 0 ||
      (*text)[kind.size()] != ':') {
    return bad;
  }
  int64_t seq = 0;
  for (size_t i = kind.size() + 1; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9' || seq > (INT64_MAX - 9) / 10) return bad;
    seq = seq * 10 + (c - '0');
  }
  return seq;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(SqliteOptions options) {
  if (!options.keyring || options.keyring->empty()) {
    return Error{"no_encryption_key", "the store needs an encryption key (key file or env)"};
  }
  // Made 0600 before SQLite opens it: SQLite creates -wal and -shm with the database's mode.
  if (auto r = MakeStoreFilesPrivate(options.path); !r) return r.error();
  auto db = Db::Open(options.path, /*create=*/true, /*read_only=*/false, options.busy_timeout_ms);
  if (!db) return db.error();
  // The key is checked before anything is written, migrations included; then recorded.
  if (auto r = CheckStoreKey(**db, *options.keyring, KeyCheckMode::kVerify); !r) return r.error();
  if (auto v = Migrate(**db); !v) return v.error();
  if (auto r = RecordStoreKey(**db, *options.keyring); !r) return r.error();
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(options)));
  store->writer_db_ = std::move(*db);
  store->writer_ = std::thread([s = store.get()] { s->WriterLoop(); });
  return store;
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(pool_mu_);
  idle_readers_.clear();
}

void SqliteStore::WriterLoop() {
  std::vector<std::unique_ptr<WriteOp>> group;
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      auto ready = [&] { return !queue_.empty() || stopping_; };
      if (failure_run_ == 0) {
        queue_cv_.wait(lock, ready);
      } else if (!queue_cv_.wait_for(lock, options_.failure_probe_interval, ready)) {
        lock.unlock();
        RunProbe();  // failing and idle: is there room again?
        continue;
      }
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < options_.max_group) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunGroup(group);
    {
      std::lock_guard lock(queue_mu_);
      completed_ += static_cast<int64_t>(group.size());
    }
    flushed_cv_.notify_all();
    group.clear();
  }
}

void SqliteStore::RunGroup(std::vector<std::unique_ptr<WriteOp>>& group) {
  Db& db = *writer_db_;
  auto start = std::chrono::steady_clock::now();
  std::optional<GroupFailure> failure;
  int64_t failed_writes = 0;  // writes refused for a storage reason
  auto begun = db.Exec("BEGIN IMMEDIATE");
  if (begun) {
    bool aborted = false;
    for (auto& op : group) {
      // Each write in its own savepoint: a failed write is undone alone, the group commits.
      if (aborted || !db.Exec("SAVEPOINT w")) {
        op->Fail(Error{"store_failed", "the write transaction was aborted"});
        if (!failure) failure = GroupFailure{"write", sqlite3_extended_errcode(db.raw())};
        continue;
      }
      db.ClearFirstError();
      if (op->Run(db)) {
        (void)db.Exec("RELEASE w");
      } else {
        // A write can fail for its content (a constraint, a refused transition: the group goes
        // on) or because the storage failed (disk full: counted, the store is not ready). The
        // first failing call names the cause; SQLite may have rolled everything back since.
        const int code = db.first_error();
        if (IsStorageFailure(code) || sqlite3_get_autocommit(db.raw()) != 0) {
          ++failed_writes;
          if (!failure) failure = GroupFailure{"write", code != 0 ? code : SQLITE_ABORT};
        }
        (void)db.Exec("ROLLBACK TO w; RELEASE w");
      }
      // Some errors (disk full, I/O) make SQLite roll the whole transaction back; nothing of
      // this group may then be reported durable.
      aborted = sqlite3_get_autocommit(db.raw()) != 0;
    }
    auto committed = aborted ? Result<void>(Error{"store_failed", "transaction rolled back"})
                             : db.Exec("COMMIT");
    if (!committed) {
      if (!aborted) failure = GroupFailure{"commit", sqlite3_extended_errcode(db.raw())};
      if (!failure) failure = GroupFailure{"write", SQLITE_ABORT};
      (void)db.Exec("ROLLBACK");
      for (auto& op : group) op->Fail(Error{"commit_failed", committed.error().message});
      failed_writes = static_cast<int64_t>(group.size());
    } else {
      stat_transactions_.fetch_add(1, std::memory_order_relaxed);
    }
  } else {
    failure = GroupFailure{"begin", sqlite3_extended_errcode(db.raw())};
    failed_writes = static_cast<int64_t>(group.size());
    for (auto& op : group) op->Fail(Error{"store_busy", begun.error().message});
  }
  // Before the callers hear of it: a client answered 503 then finds /readyz not ready.
  RecordCommitOutcome(failure ? &*failure : nullptr, failed_writes);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  stat_commit_us_.fetch_add(us, std::memory_order_relaxed);
  size_t bucket = 0;
  const auto& bounds = StoreStats::kCommitBucketsUs;
  while (bucket < bounds.size() && us > bounds[bucket]) ++bucket;
  stat_commit_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  stat_writes_.fetch_add(static_cast<int64_t>(group.size()), std::memory_order_relaxed);
  auto n = static_cast<int64_t>(group.size());
  auto prev = stat_max_batch_.load(std::memory_order_relaxed);
  while (n > prev && !stat_max_batch_.compare_exchange_weak(prev, n)) {
  }
  for (auto& op : group) op->Complete();
}

void SqliteStore::RecordCommitOutcome(const GroupFailure* failure, int64_t failed_writes) {
  const auto now = std::chrono::steady_clock::now();
  CommitHealthEvent event;
  if (failure != nullptr) {
    stat_commit_failures_.fetch_add(1, std::memory_order_relaxed);
    if (failure_run_++ == 0) failure_run_start_ = now;
    commit_failing_.store(true);
    event.stage = failure->stage;
    event.sqlite_code = failure->code;
    event.sqlite_error = sqlite3_errstr(failure->code);
    event.failed_writes = failed_writes;
    event.consecutive = failure_run_;
  } else if (failure_run_ > 0) {
    event.recovered = true;
    event.consecutive = failure_run_;
    event.outage =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - failure_run_start_);
    failure_run_ = 0;
    commit_failing_.store(false);
  } else {
    return;
  }
  if (options_.on_commit_health) options_.on_commit_health(event);
}

void SqliteStore::RunProbe() {
  Db& db = *writer_db_;
  if (!db.Exec("BEGIN IMMEDIATE")) return;
  bool written = false;
  {
    auto s = db.Prepare(
        "INSERT INTO store_meta(name, value, updated_ms) VALUES ('write_probe', ?1, ?1) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms");
    s.Bind(1, NowMs());
    s.Step();
    written = s.ok();
  }
  if (sqlite3_get_autocommit(db.raw()) != 0) return;  // SQLite rolled it back already
  if (written && db.Exec("COMMIT")) {
    stat_transactions_.fetch_add(1, std::memory_order_relaxed);
    RecordCommitOutcome(nullptr, 0);
    return;
  }
  (void)db.Exec("ROLLBACK");
}

void SqliteStore::Flush() {
  std::unique_lock lock(queue_mu_);
  int64_t target = submitted_;
  flushed_cv_.wait(lock, [&] { return completed_ >= target; });
}

StoreStats SqliteStore::Stats() const {
  StoreStats s;
  s.writes = stat_writes_.load();
  s.transactions = stat_transactions_.load();
  s.commit_us_total = stat_commit_us_.load();
  s.max_batch = stat_max_batch_.load();
  for (size_t i = 0; i < s.commit_buckets.size(); ++i) {
    s.commit_buckets[i] = stat_commit_buckets_[i].load();
  }
  {
    std::lock_guard lock(queue_mu_);
    s.pending_writes = submitted_ - completed_;
  }
  s.commit_failures = stat_commit_failures_.load();
  s.commit_failing = commit_failing_.load();
  return s;
}

SqliteStore::Reader::~Reader() {
  if (!db_) return;
  {
    std::lock_guard lock(store_->pool_mu_);
    store_->idle_readers_.push_back(std::move(db_));
  }
  store_->pool_cv_.notify_one();
}

Result<SqliteStore::Reader> SqliteStore::AcquireReader() {
  std::unique_lock lock(pool_mu_);
  for (;;) {
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(db));
    }
    if (open_readers_ < options_.reader_connections) break;
    pool_cv_.wait(lock);
  }
  ++open_readers_;
  lock.unlock();
  auto db = Db::Open(options_.path, false, /*read_only=*/true, options_.busy_timeout_ms);
  if (!db) {
    std::lock_guard relock(pool_mu_);
    --open_readers_;
    pool_cv_.notify_one();
    return db.error();
  }
  return Reader(this, std::move(*db));
}

Result<std::string> SqliteStore::IntegrityCheck() {
  auto reader = AcquireReader();
  if (!reader) return reader.error();
  auto stmt = (*reader)->Prepare("PRAGMA integrity_check");
  std::string out;
  while (stmt.Step()) {
    if (!out.empty()) out += "\n";
    out += stmt.Text(0);
  }
  if (!stmt.ok()) return (*reader)->LastError("integrity_check");
  return out;
}

}  // namespace claimgate::store
