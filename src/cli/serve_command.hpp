// `claimgate serve --config FILE`: reads and validates the config, sets up logging, starts the
// HTTPS server with the routes available (/healthz, /readyz, /metrics) and runs it until
// SIGTERM/SIGINT. Exit codes: 0 after a graceful shutdown, 2 bad config or certificates,
// 1 the server could not start (e.g. the port is taken).
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `serve` subcommand. REQUIRES: `exit_code` outlives `app`.
void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
