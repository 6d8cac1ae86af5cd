// `claimgate remit FILE.835 [--json|--csv]`, `claimgate status FILE.277 [--json]` and
// `claimgate ack FILE.999|TA1 [--json]`: what a payer sent back, as records a biller can read.
// Exit codes: 0 read cleanly, 1 findings (an unbalanced remittance, envelope errors, a broken
// acknowledgment), 2 unreadable. Output is written as the file is read (bounded memory).
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `remit`, `status` and `ack` subcommands to `app`. The chosen command's exit code is
// written to `*exit_code` when it runs. REQUIRES: `exit_code` outlives `app`.
void AddResponseCommands(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
