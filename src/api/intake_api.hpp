// The bulk intake routes: POST /v1/claims/batch (a JSON array of encounters or NDJSON, per-item
// results) and POST /v1/x12 (a raw 837 interchange: 999/TA1 back, one claim per accepted CLM).
// Every claim that passes its edits is stored through claim_intake.hpp; all inserts of a request
// are started before the first is waited for, so they share group commits. Handlers are pure
// functions of a Request over the Store (tests call them without a socket); they block on the
// store: register them as blocking routes. Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "src/api/api_common.hpp"
#include "src/api/router.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

struct IntakeApiOptions {
  // Today's date as CCYYMMDD (edits refuse dates after it). Default: the UTC date.
  std::function<std::string()> today;
  // The time of day as HHMM (BHT05 of built claims, the acknowledgments' time). Default: UTC.
  std::function<std::string()> time_of_day;
  // Most encounters in one batch; more is refused whole with 413. Default 1000.
  std::size_t max_batch_items = 1000;
  // Payers claims may be sent to; empty: any (no payer files, or tests).
  KnownPayerFn known_payer;
};

class IntakeApi {
 public:
  // `store` must outlive the API and every router it was registered on.
  explicit IntakeApi(store::Store& store, IntakeApiOptions options = {});

  void Register(Router& router);

  Response CreateBatch(const Request& request);
  Response SubmitX12(const Request& request);

 private:
  store::Store& store_;
  IntakeApiOptions options_;
};

}  // namespace claimgate::api
