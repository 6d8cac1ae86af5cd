#include "src/cli/serve_command.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"
#include "src/api/claims_api.hpp"
#include "src/api/inbound_api.hpp"
#include "src/api/intake_api.hpp"
#include "src/api/ops_routes.hpp"
#include "src/api/payers_api.hpp"
#include "src/api/server.hpp"
#include "src/api/status_inquiry_api.hpp"
#include "src/core/config.hpp"
#include "src/core/payer_config.hpp"
#include "src/ops/log_throttle.hpp"
#include "src/ops/metrics.hpp"
#include "src/pipeline/inbound.hpp"
#include "src/pipeline/realtime_status.hpp"
#include "src/pipeline/scheduler.hpp"
#include "src/store/sqlite_store.hpp"

namespace claimgate::cli {
namespace {

// Named loggers, created once: every line is `event key=value`; journal format leaves the time
// stamp to systemd.
void SetUpLogging(const core::LogConfig& log) {
  const char* pattern =
      log.format == core::LogFormat::kJournal ? "%l %n %v" : "%Y-%m-%dT%H:%M:%S.%e %l %n %v";
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  for (const char* name : {"claimgate", "http"}) {
    if (spdlog::get(name)) continue;
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_pattern(pattern);
    logger->set_level(spdlog::level::from_str(log.level));
    spdlog::register_logger(logger);
  }
  spdlog::set_default_logger(spdlog::get("claimgate"));
}

// Failed store commits (disk full, I/O errors) at error level: the first of a run, then one line
// per 10 s counting the failures it stands for; the end of the run once. Runs on the store's
// writer thread; the logger may be gone during the last writes after spdlog::shutdown().
std::function<void(const store::CommitHealthEvent&)> StoreHealthLog() {
  auto throttle = std::make_shared<ops::LogThrottle>(std::chrono::seconds(10));
  return [throttle](const store::CommitHealthEvent& e) {
    auto log = spdlog::get("claimgate");
    if (e.recovered) {
      throttle->Success();
      if (log) {
        log->info("store_commit_recovered failed_transactions={} outage_ms={}", e.consecutive,
                  e.outage.count());
      }
      return;
    }
    const int64_t lines_worth = throttle->Failure(ops::LogThrottle::Clock::now());
    if (lines_worth > 0 && log) {
      log->error(
          "store_commit_failed stage={} sqlite_code={} error=\"{}\" failed_writes={} "
          "consecutive={} failures={}",
          e.stage, e.sqlite_code, e.sqlite_error, e.failed_writes, e.consecutive, lines_worth);
    }
  };
}

int RunServe(const std::string& config_path) {
  core::Result<core::GatewayConfig> config = core::LoadConfig(config_path);
  if (!config) {
    std::cerr << "claimgate serve: invalid configuration\n" << config.error().message << "\n";
    return 2;
  }
  SetUpLogging(config->log);

  // The store: PHI is encrypted under the configured key (key id 1).
  auto keys = std::make_shared<store::Keyring>();
  const core::SecretRef& key = config->store.encryption_key;
  edi::Result<void> key_loaded =
      key.kind == core::SecretRef::Kind::kFile ? keys->AddFromFile(1, key.location)
      : key.kind == core::SecretRef::Kind::kEnv
          ? keys->AddFromEnv(1, key.location)
          : edi::Result<void>(edi::Error{"config", "store.encryption_key is not set"});
  if (!key_loaded) {
    std::cerr << "claimgate serve: " << config_path
              << ": store.encryption_key: " << key_loaded.error().message << "\n";
    return 2;
  }
  store::SqliteOptions store_options;
  store_options.path = config->store.path;
  store_options.keyring = keys;
  store_options.on_commit_health = StoreHealthLog();
  auto opened = store::SqliteStore::Open(std::move(store_options));
  if (!opened) {
    // A key the database was not written with is a configuration mistake: exit 2, nothing written.
    const bool wrong_key = opened.error().code == "wrong_store_key";
    std::cerr << "claimgate serve: " << config->store.path << ": " << opened.error().message;
    if (wrong_key) std::cerr << " (store.encryption_key in " << config_path << ")";
    std::cerr << "\n";
    return wrong_key ? 2 : 1;
  }
  std::unique_ptr<store::SqliteStore> claim_store = std::move(*opened);

  ops::Registry metrics;
  api::Readiness readiness;
  api::Router router;
  api::AddOpsRoutes(router, metrics, readiness, claim_store.get());
  api::AddStoreMetrics(metrics, *claim_store);
  // Not ready while store commits fail (disk full ...): until one commits again.
  readiness.AddCheck("store", [s = claim_store.get()] { return !s->CommitFailing(); });
  // Payers: one scheduler worker per payer file; responses go to the inbound importer.
  std::vector<core::PayerConfig> payer_configs;
  if (config->payers.enabled && !std::filesystem::is_directory(config->payers.dir)) {
    spdlog::get("claimgate")->warn("payers_dir_missing dir={} payers=0", config->payers.dir);
  } else if (config->payers.enabled) {
    auto loaded = core::LoadPayerDirectory(config->payers.dir);
    if (!loaded) {
      std::cerr << "claimgate serve: invalid payer configuration\n"
                << loaded.error().message << "\n";
      return 2;
    }
    payer_configs = std::move(*loaded);
  }
  // A fresh or restored store continues each payer's ISA13/GS06 from its configured start, before
  // anything can be sent (the scheduler, a real-time 276).
  if (auto seeded = pipeline::SeedControlNumbers(*claim_store, payer_configs); !seeded) {
    std::cerr << "claimgate serve: " << seeded.error().message << "\n";
    return 1;
  }
  // With payer files, intake refuses claims for a payer id none of them has.
  api::KnownPayerFn known_payer;
  if (!payer_configs.empty()) {
    // Each payer's companion-guide rules (SNIP 7) are checked at intake too.
    auto rules = std::make_shared<std::map<std::string, core::CompanionConfig, std::less<>>>();
    for (const core::PayerConfig& p : payer_configs) (*rules)[p.id] = p.companion;
    known_payer = [rules](std::string_view id) -> const core::CompanionConfig* {
      auto it = rules->find(id);
      return it == rules->end() ? nullptr : &it->second;
    };
  }
  api::ClaimsApi claims(*claim_store, {.today = {}, .time_of_day = {}, .known_payer = known_payer});
  claims.Register(router);
  api::IntakeApi intake(*claim_store,
                        {.today = {},
                         .time_of_day = {},
                         .max_batch_items = static_cast<std::size_t>(config->limits.batch_items),
                         .known_payer = known_payer});
  intake.Register(router);
  // Real-time 276/277 over CAQH CORE with the payers whose transport is core.
  pipeline::RealtimeStatus realtime_status(*claim_store, payer_configs, &metrics);
  api::StatusInquiryApi status_inquiry(*claim_store,
                                       {.now = {}, .sender_id = {}, .realtime = &realtime_status});
  status_inquiry.Register(router);

  pipeline::InboundImporter importer(*claim_store, &metrics);
  pipeline::SchedulerOptions scheduler_options;
  scheduler_options.tick = std::chrono::milliseconds(config->payers.tick_ms);
  pipeline::Scheduler scheduler(
      *claim_store, std::move(payer_configs),
      [&importer](const std::string& payer_id, const std::string& name,
                  std::string bytes) -> edi::Result<void> {
        auto report = importer.Import({payer_id, name, ""}, std::move(bytes));
        if (!report) return report.error();
        return {};
      },
      &metrics, scheduler_options);
  api::PayersApi payers_api(*claim_store, scheduler);
  payers_api.Register(router);
  api::InboundApi inbound_api(
      *claim_store, {.metrics = &metrics,
                     .payers = {},
                     .payers_dir = config->payers.enabled ? config->payers.dir : std::string()});
  inbound_api.Register(router);

  api::Server server(config->server, config->limits, std::move(router), &metrics);
  edi::Result<void> started = server.Start();
  if (!started) {
    std::cerr << "claimgate serve: " << started.error().message << "\n";
    return started.error().code == "tls_setup_failed" ? 2 : 1;
  }
  edi::Result<void> scheduler_started = scheduler.Start();
  if (!scheduler_started) {
    std::cerr << "claimgate serve: invalid payer configuration\n"
              << scheduler_started.error().message << "\n";
    return 2;
  }
  server.SetDrainHook([&readiness] { readiness.SetDraining(); });
  server.SetStoppedHook([&claim_store, &scheduler] {
    scheduler.Stop();  // workers finish their current operation; the rest resumes on restart
    claim_store->Flush();
    spdlog::get("claimgate")->info("shutdown_complete");
  });
  server.Run(/*handle_signals=*/true);
  spdlog::shutdown();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto config_path = std::make_shared<std::string>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the HTTPS gateway (config: deploy/claimgate.toml documents every key)");
  serve->add_option("--config,-c", *config_path, "TOML config file")->required();
  serve->callback([config_path, exit_code] { *exit_code = RunServe(*config_path); });
}

}  // namespace claimgate::cli
