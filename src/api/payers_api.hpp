// The payer operator routes: GET /v1/payers, GET /v1/payers/{id} (connection and circuit state,
// last success/failure, queue depth, interchanges in flight, acknowledgment lag, reject rates)
// and POST /v1/payers/{id}/pause|resume|retry. Operator or admin keys only; every action is
// audited. Handlers block on the store: registered as blocking routes. Thread-safe.
#pragma once

#include "src/api/router.hpp"
#include "src/pipeline/scheduler.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

class PayersApi {
 public:
  // `store` and `scheduler` must outlive the API and every router it was registered on.
  PayersApi(store::Store& store, pipeline::Scheduler& scheduler);

  void Register(Router& router);

  Response ListPayers(const Request& request);
  Response GetPayer(const Request& request);
  // action: "pause", "resume" or "retry".
  Response Act(const Request& request, const std::string& action);

 private:
  store::Store& store_;
  pipeline::Scheduler& scheduler_;
};

}  // namespace claimgate::api
