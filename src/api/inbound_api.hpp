// The payer-response routes of the JSON API: POST /v1/inbound (operator: import a TA1, 999,
// 277CA, 277 or 835 file; raw body, ?payer= required, ?name= optional), GET /v1/inbound/{id},
// GET /v1/unmatched (the unmatched queue), GET /v1/alerts (the watchdog), and the tenant-scoped
// GET /v1/remittances and GET /v1/remittances/{id} (?format=x12: the raw 835, only when every
// claim of the file belongs to the caller's remittance). Handlers block on the store: register
// them as blocking routes. Every PHI read or write is audited. Thread-safe; when payers are
// given, a background thread runs the watchdog every watchdog_interval_ms until destruction.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/api/router.hpp"
#include "src/core/payer_config.hpp"
#include "src/pipeline/inbound.hpp"
#include "src/pipeline/watchdog.hpp"
#include "src/store/store.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::api {

struct InboundApiOptions {
  ops::Registry* metrics = nullptr;  // inbound counters and watchdog gauges; may be null
  // Payers for the watchdog: taken from `payers`, or loaded from `payers_dir` when `payers` is
  // empty and the directory is set. No payers: GET /v1/alerts answers an empty, disabled list.
  std::vector<core::PayerConfig> payers;
  std::string payers_dir;
  int watchdog_interval_ms = 60000;  // 0: no background checks (GET /v1/alerts?refresh=1 only)
};

class InboundApi {
 public:
  // `store` (and options.metrics) must outlive the API and every router it was registered on.
  explicit InboundApi(store::Store& store, InboundApiOptions options = {});
  ~InboundApi();
  InboundApi(const InboundApi&) = delete;
  InboundApi& operator=(const InboundApi&) = delete;

  void Register(Router& router);

  Response ImportFile(const Request& request);
  Response GetInboundFile(const Request& request);
  Response ApplyHeldFile(const Request& request);
  Response ListUnmatched(const Request& request);
  Response ListAlerts(const Request& request);
  Response ListRemittances(const Request& request);
  Response GetRemittance(const Request& request);

  pipeline::Watchdog* watchdog() { return watchdog_.get(); }

 private:
  void WatchdogLoop();

  store::Store& store_;
  InboundApiOptions options_;
  pipeline::InboundImporter importer_;
  std::unique_ptr<pipeline::Watchdog> watchdog_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread loop_;
};

}  // namespace claimgate::api
