// `claimgate x12 ...`: inspect, to-json and validate X12 files from the command line.
// Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 unreadable.
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `x12` subcommand and its own subcommands to `app`. The chosen command's exit code is
// written to `*exit_code` when it runs. REQUIRES: `exit_code` outlives `app`.
void AddX12Commands(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
