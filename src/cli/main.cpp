// claimgate: one executable, one subcommand per job.
#include <CLI/CLI.hpp>

#include "src/cli/admin_command.hpp"
#include "src/cli/claim_command.hpp"
#include "src/cli/response_commands.hpp"
#include "src/cli/payer_sim_command.hpp"
#include "src/cli/serve_command.hpp"
#include "src/cli/status_inquiry_command.hpp"
#include "src/cli/x12_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"claimgate: a self-hosted HIPAA 5010 X12 claims clearinghouse gateway"};
  app.set_version_flag("--version", "claimgate 0.1.0");
  app.require_subcommand(1);
  int exit_code = 0;
  claimgate::cli::AddX12Commands(app, &exit_code);
  claimgate::cli::AddAdminCommands(app, &exit_code);
  claimgate::cli::AddClaimCommands(app, &exit_code);
  claimgate::cli::AddStatusInquiryCommand(app, &exit_code);  // under `claim`
  claimgate::cli::AddResponseCommands(app, &exit_code);
  claimgate::cli::AddServeCommand(app, &exit_code);
  claimgate::cli::AddPayerSimCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
