// `claimgate admin ...`: tenants and API keys in the store (creates, lists, revokes), for the
// person who installs claimgate. Opens the store itself (--db, --key-file or CLAIMGATE_STORE_KEY);
// run it while the server is stopped or alongside it (SQLite WAL allows both).
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `admin` subcommand tree to `app`. Exit codes: 0 done, 1 refused (unknown tenant or
// key, bad role), 2 the store or the key could not be opened. REQUIRES: `exit_code` outlives `app`.
void AddAdminCommands(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
