#include "src/store/sqlite_db.hpp"

#include <cstdio>
#include <cstdlib>

namespace claimgate::store {

Stmt::~Stmt() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Stmt& Stmt::BindOptional(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

bool Stmt::Step() {
  rc_ = sqlite3_step(stmt_);
  if (!ok() && first_error_ != nullptr && *first_error_ == 0) *first_error_ = rc_;
  return rc_ == SQLITE_ROW;
}

std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) return {};
  return std::string(static_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool create, bool read_only,
                                     int busy_timeout_ms) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close_v2(raw);
    return Error{"store_open_failed", "cannot open database " + path + ": " + msg};
  }
  std::unique_ptr<Db> db(new Db(raw));
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  const char* pragmas = read_only ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                  : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
  if (auto r = db->Exec(pragmas); !r) return r.error();
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<void> Db::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    if (first_error_ == 0) first_error_ = sqlite3_extended_errcode(db_);
    std::string msg = err != nullptr ? err : "unknown";
    sqlite3_free(err);
    return Error{"store_sql_failed", msg};
  }
  return {};
}

Stmt Db::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(it->second, &first_error_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "claimgate store: cannot prepare statement: %s\n", sqlite3_errmsg(db_));
    std::abort();
  }
  cache_.emplace(sql, stmt);
  return Stmt(stmt, &first_error_);
}

Error Db::LastError(std::string_view what) const {
  int rc = sqlite3_extended_errcode(db_);
  std::string code = (rc & 0xff) == SQLITE_CONSTRAINT ? "conflict" : "store_failed";
  return Error{code, std::string(what) + ": " + sqlite3_errmsg(db_)};
}

}  // namespace claimgate::store
