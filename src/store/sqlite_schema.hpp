// The SQLite schema as numbered migrations. Each migration runs in its own transaction together
// with its row in schema_version, so a crash leaves the file at the previous or the next version.
// Functions act on one connection the caller owns exclusively.
#pragma once

#include "src/store/sqlite_db.hpp"

namespace claimgate::store {

// The newest schema version this build knows.
int LatestSchemaVersion();
// The version recorded in the file (0 for a new, empty file).
Result<int> SchemaVersion(Db& db);
// Applies every migration above the file's version up to `target` (default: the newest).
// Fails "schema_too_new" when the file was written by a newer claimgate.
Result<int> Migrate(Db& db, int target = -1);

}  // namespace claimgate::store
