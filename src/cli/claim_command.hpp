// `claimgate claim build ENCOUNTER.json`: coded encounters (docs/encounter-json.md) -> one 837
// interchange. Exit codes: 0 built, 1 findings in the encounters (listed with their JSON paths on
// standard error), 2 unreadable input or unwritable output.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `claim` subcommand and its `build` command to `app`. The chosen command's exit code
// is written to `*exit_code`. REQUIRES: `exit_code` outlives `app`.
void AddClaimCommands(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
