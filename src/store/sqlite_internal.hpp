// Internal to the SQLite engine (not for other modules): the write-op template behind
// SqliteStore::Submit, cursor encoding and the associated-data strings that bind each encrypted
// value to its table, column and row.
#pragma once

#include <optional>
#include <string>

#include "src/store/sqlite_store.hpp"

namespace claimgate::store {

template <typename T>
class SqliteStore::TypedOp final : public SqliteStore::WriteOp {
 public:
  TypedOp(std::function<Result<T>(Db&)> body, Done<T> done)
      : body_(std::move(body)), done_(std::move(done)) {}
  bool Run(Db& db) override {
    result_.emplace(body_(db));
    return result_->has_value();
  }
  void Fail(Error error) override { result_.emplace(std::move(error)); }
  void Complete() override {
    if (done_) done_(std::move(*result_));
  }

 private:
  std::function<Result<T>(Db&)> body_;
  Done<T> done_;
  std::optional<Result<T>> result_;
};

template <typename T, typename Body>
void SqliteStore::Submit(Body body, Done<T> done) {
  auto op =
      std::make_unique<TypedOp<T>>(std::function<Result<T>(Db&)>(std::move(body)), std::move(done));
  {
    std::lock_guard lock(queue_mu_);
    if (!stopping_) {
      queue_.push_back(std::move(op));
      ++submitted_;
    }
  }
  if (op) {  // the store is closing: refuse rather than lose the write silently
    op->Fail(Error{"store_closed", "the store is shutting down"});
    op->Complete();
    return;
  }
  queue_cv_.notify_one();
}

// "<table>.<column>:<row id>": a value copied to another row or column fails to decrypt.
inline std::string Aad(std::string_view table_column, std::string_view row_id) {
  std::string aad(table_column);
  aad += ':';
  aad += row_id;
  return aad;
}

// Opaque page cursors: base64url of "<kind>:<last seq>".
std::string EncodeCursor(std::string_view kind, int64_t seq);
// 0 for an empty cursor; an error "bad_cursor" for anything not made by EncodeCursor(kind, ...).
Result<int64_t> DecodeCursor(std::string_view kind, std::string_view cursor);
inline int ClampLimit(int limit, int max) { return limit < 1 ? 1 : (limit > max ? max : limit); }
// One audit_log row (AppendAudit, and claim inserts that carry their audit entry).
Result<void> InsertAuditRow(Db& db, const AuditEntry& entry);
inline Error NotFound(std::string_view what) {
  return Error{"not_found", std::string(what) + " not found"};
}

}  // namespace claimgate::store
