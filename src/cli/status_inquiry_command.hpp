// `claimgate claim status-inquiry ENCOUNTER.json`: the 276 claim status request (005010X212) for
// a claim already sent as an 837, built from its encounter JSON. Exit codes: 0 built, 1 the
// encounter lacks what a 276 needs (each field named on standard error), 2 unreadable input or
// unwritable output.
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds `status-inquiry` under the `claim` subcommand of `app`. REQUIRES: AddClaimCommands(app)
// ran first; `exit_code` outlives `app`.
void AddStatusInquiryCommand(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
