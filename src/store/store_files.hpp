// The store's files on disk are private to the user that runs claimgate, whatever its umask:
// directories the store creates are 0700; the database and SQLite's companions (-wal, -shm,
// -journal) are 0600. SQLite gives the -wal and -shm files the mode of the database file, so the
// database is created 0600 before SQLite opens it, and files an older claimgate left readable by
// others are narrowed at open. Plain functions; thread-safe (they touch only the file system).
#pragma once

#include <string>

#include "src/store/crypto.hpp"

namespace claimgate::store {

// Creates the missing directories of `db_path`'s parent (0700 each), creates the database file
// (empty, 0600) when it is missing, and removes group and other permissions from the database
// and its companion files that exist. Fails "store_open_failed" naming the path and the system
// error when a directory or the file cannot be created, or a mode cannot be changed.
Result<void> MakeStoreFilesPrivate(const std::string& db_path);

// The companion files SQLite keeps beside `db_path` ("-wal", "-shm", "-journal").
inline constexpr const char* kStoreFileSuffixes[] = {"-wal", "-shm", "-journal"};

}  // namespace claimgate::store
