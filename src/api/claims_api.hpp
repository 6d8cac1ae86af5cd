// The claims routes of the JSON API: POST /v1/claims (one encounter, with Idempotency-Key; the
// claim is stored with its built 837 segments by claim_intake.hpp), GET /v1/claims/{id} (state,
// timeline, encounter, payments and payer status records) and GET /v1/claims (filtered, paginated).
// Handlers are pure functions of a Request over the Store interface: tests call them without a
// socket. Every caller is authenticated by an API key (Authorization: Bearer ...) bound to one
// tenant; another tenant's claim is "not found". Every read or write of PHI is audited. The
// handlers block on the store (reads, the key lookup): register them as blocking routes;
// CreateClaim answers asynchronously once the claim is durable. Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "src/api/api_common.hpp"
#include "src/api/router.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

struct ClaimsApiOptions {
  // Today's date as CCYYMMDD (edits refuse dates after it). Default: the UTC date.
  std::function<std::string()> today;
  // The time of day as HHMM (BHT05 of the built claim). Default: the UTC time.
  std::function<std::string()> time_of_day;
  // Payers claims may be sent to; empty: any (no payer files, or tests).
  KnownPayerFn known_payer;
};

class ClaimsApi {
 public:
  // `store` must outlive the API and every router it was registered on.
  explicit ClaimsApi(store::Store& store, ClaimsApiOptions options = {});

  void Register(Router& router);

  // Answers through `respond` from the store's writer thread once the claim (with its audit
  // entry) is durable, or at once when the request is refused.
  void CreateClaim(const Request& request, Respond respond);
  Response GetClaim(const Request& request);
  Response ListClaims(const Request& request);

 private:
  store::Store& store_;
  ClaimsApiOptions options_;
};

}  // namespace claimgate::api
