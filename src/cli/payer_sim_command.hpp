// `claimgate payer-sim --config FILE`: the payer simulator (src/sim/README.md). Starts the SFTP
// side (a managed OpenSSH sshd + the drop-folder responder) and the CAQH CORE HTTPS endpoint as
// configured, prints `key=value` lines (sftp_port, sftp_host_key_fingerprint, sftp_user,
// sftp_root, core_url) then "ready", and runs until SIGTERM/SIGINT. Exit codes: 0 after a clean
// stop, 2 bad config, 1 a side could not start.
#pragma once

namespace CLI {
class App;
}

namespace claimgate::cli {

// Adds the `payer-sim` subcommand. REQUIRES: `exit_code` outlives `app`.
void AddPayerSimCommand(CLI::App& app, int* exit_code);

}  // namespace claimgate::cli
