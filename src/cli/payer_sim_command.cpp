#include "src/cli/payer_sim_command.hpp"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "src/api/server.hpp"
#include "src/sim/core_endpoint.hpp"
#include "src/sim/responder.hpp"
#include "src/sim/sim_config.hpp"
#include "src/sim/sshd.hpp"
#include "src/sim/state.hpp"

namespace claimgate::cli {
namespace {

// Waits for SIGINT/SIGTERM. REQUIRES: both blocked in every thread.
void WaitForStopSignal(const sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
}

int RunPayerSim(const std::string& config_path) {
  edi::Result<sim::SimConfig> config = sim::LoadSimConfig(config_path);
  if (!config) {
    std::cerr << "claimgate payer-sim: invalid configuration\n" << config.error().message << "\n";
    return 2;
  }
  sim::State state(*config);
  if (auto opened = state.Open(); !opened) {
    std::cerr << "claimgate payer-sim: " << opened.error().message << "\n";
    return 1;
  }

  // Without the HTTPS server (which handles SIGTERM/SIGINT itself) the signals are blocked before
  // any thread starts, so that WaitForStopSignal() receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  if (!config->core.enabled) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<sim::ManagedSshd> sshd;
  std::unique_ptr<sim::FolderResponder> responder;
  std::thread responder_thread, cut_thread;
  std::atomic<bool> cut_done{false};
  const sim::SftpSideConfig& sftp = config->sftp;
  if (sftp.enabled) {
    if (sftp.manage_sshd) {
      sshd = std::make_unique<sim::ManagedSshd>(sftp, config->state_dir,
                                                config->faults.change_host_key);
      if (auto started = sshd->Start(); !started) {
        std::cerr << "claimgate payer-sim: " << started.error().message << "\n";
        return 1;
      }
      std::cout << "sftp_port=" << sshd->port() << "\n"
                << "sftp_user=" << sshd->user() << "\n"
                << "sftp_host_key_fingerprint=" << sshd->fingerprint() << "\n";
    }
    std::cout << "sftp_root=" << sftp.root << "\n";
    responder = std::make_unique<sim::FolderResponder>(
        state, sftp.root + "/" + sftp.inbound_dir, sftp.root + "/" + sftp.outbound_dir);
    const int cut_ms = config->faults.cut_connection_ms;
    responder_thread = std::thread([&, cut_ms] {
      responder->Run(sftp.poll_ms, [&](const sim::PollReport& report) {
        for (const std::string& e : report.errors) std::cerr << "sim_error " << e << "\n";
        if (report.received > 0 || report.delivered > 0) {
          std::cerr << "sim_sftp received=" << report.received
                    << " delivered=" << report.delivered
                    << " duplicates=" << state.duplicate_control_numbers() << "\n";
        }
        // faults.cut_connection_ms: sshd goes away once, after the first interchange.
        if (cut_ms > 0 && sshd && report.received > 0 && !cut_done.exchange(true)) {
          sshd->Stop();
          std::cerr << "sim_fault sshd_stopped ms=" << cut_ms << "\n";
          cut_thread = std::thread([&, cut_ms] {
            std::this_thread::sleep_for(std::chrono::milliseconds(cut_ms));
            if (auto again = sshd->Start(); !again) {
              std::cerr << "sim_error " << again.error().message << "\n";
            }
          });
        }
      });
    });
  }

  int code = 0;
  if (config->core.enabled) {
    core::ServerConfig server_config;
    server_config.address = config->core.address;
    server_config.port = config->core.port;
    server_config.io_threads = 1;
    server_config.worker_threads = 2;
    server_config.shutdown_grace_ms = 2000;
    server_config.tls.cert_file = config->core.cert_file;
    server_config.tls.key_file = config->core.key_file;
    api::Router router;
    sim::CoreEndpoint endpoint(state);
    endpoint.Register(router);
    api::Server server(server_config, core::LimitsConfig{}, std::move(router), nullptr);
    if (auto started = server.Start(); !started) {
      std::cerr << "claimgate payer-sim: " << started.error().message << "\n";
      code = 1;
    } else {
      std::cout << "core_url=https://" << config->core.address << ":" << server.port()
                << "/core\nready" << std::endl;
      server.Run(true);
    }
  } else {
    std::cout << "ready" << std::endl;
    WaitForStopSignal(stop_signals);
  }
  if (responder) {
    responder->Stop();
    responder_thread.join();
  }
  if (cut_thread.joinable()) cut_thread.join();
  if (sshd) sshd->Stop();
  std::cerr << "sim_stopped interchanges=" << state.interchanges()
            << " duplicate_isa13=" << state.duplicate_control_numbers() << "\n";
  return code;
}

}  // namespace

void AddPayerSimCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "payer-sim", "Run the payer simulator (SFTP drop folder + CAQH CORE endpoint) for demos "
                   "and tests");
  auto config_path = std::make_shared<std::string>("deploy/payer-sim.toml");
  cmd->add_option("--config", *config_path, "simulator config (TOML)")->capture_default_str();
  cmd->callback([config_path, exit_code] { *exit_code = RunPayerSim(*config_path); });
}

}  // namespace claimgate::cli
