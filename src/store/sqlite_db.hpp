// A thin owner of one sqlite3 connection with a prepared-statement cache, used by SqliteStore.
// One Db is used by one thread at a time (the writer thread, or a reader that checked it out of
// the pool); it is not synchronized.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/store/crypto.hpp"

namespace claimgate::store {

// A reset-on-destruction handle to a cached prepared statement. Bind indexes start at 1, column
// indexes at 0. Text views returned by Text() live until the next Step() or the handle's end.
class Stmt {
 public:
  // `first_error` (may be null) receives the result code of the first failing Step() while it
  // holds 0 (Db::first_error).
  explicit Stmt(sqlite3_stmt* stmt, int* first_error = nullptr)
      : stmt_(stmt), first_error_(first_error) {}
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int index, std::string_view text);
  Stmt& Bind(int index, int64_t value);
  Stmt& BindBlob(int index, std::string_view bytes);
  Stmt& BindNull(int index);
  // Text or NULL when empty.
  Stmt& BindOptional(int index, std::string_view text);

  // SQLITE_ROW: true; SQLITE_DONE: false; anything else: false and ok() turns false.
  bool Step();
  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }
  int rc() const { return rc_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
  int* first_error_;
  int rc_ = SQLITE_OK;
};

class Db {
 public:
  // Opens (creating if asked) and applies the connection pragmas: WAL, synchronous=FULL,
  // foreign_keys=ON, temp_store=MEMORY (no PHI in temporary files), busy_timeout.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool create, bool read_only,
                                          int busy_timeout_ms);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* raw() const { return db_; }
  // Runs SQL without results (may hold several statements).
  Result<void> Exec(const char* sql);
  // A cached statement for `sql` (keyed by the pointer: pass string literals). Aborts on a
  // prepare error, which is a programming error (the schema is ours).
  Stmt Prepare(const char* sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  Error LastError(std::string_view what) const;

  // The extended result code of the first statement or Exec() that failed since the last
  // ClearFirstError(), or 0: the cause when later calls only report its consequences (a disk
  // full rolls the transaction back; what runs after it sees SQLITE_ABORT).
  int first_error() const { return first_error_; }
  void ClearFirstError() { first_error_ = 0; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  int first_error_ = 0;
};

}  // namespace claimgate::store
