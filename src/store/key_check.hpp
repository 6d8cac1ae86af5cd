// The store's key check (internal to the SQLite engine): is the configured encryption key the one
// this database was written with? A constant sealed under each key id the file has been written
// with is kept in store_meta ("key_check:<key id>", schema 6); SqliteStore::Open checks it before
// anything is written and refuses a wrong key. Functions act on one connection the caller owns.
#pragma once

#include "src/store/crypto.hpp"
#include "src/store/sqlite_db.hpp"

namespace claimgate::store {

enum class KeyCheckMode {
  kVerify,  // read only: check what can be checked (any schema version, also none)
  kRecord,  // also writes the active key's record when it has none. REQUIRES: schema >= 6 and
            // a write transaction the caller commits
};

// Succeeds when `keys` can be the database's keys:
// - every recorded key id must be loaded, and its record must open under the loaded key;
// - a database with no record at all (new, or written before schema 6) is checked against its
//   oldest sealed value (the oldest claim's encounter, else interchange, inbound file or status
//   record), which must open; a database with no sealed value accepts any key.
// Fails "wrong_store_key" (a message for the operator that names no key material) or with the
// SQLite error.
Result<void> CheckStoreKey(Db& db, const Keyring& keys, KeyCheckMode mode);

}  // namespace claimgate::store
