// GET /v1/claims/{id}/276: the 276 claim status request (005010X212) for a stored claim, as X12
// text (Content-Type application/edi-x12) the biller can send or hand to a transport. Built from
// the claim's stored encounter with claimgate's CLM01 (TRN02 and REF*EJ) and, when a 277/277CA
// gave one, the payer's claim control number (REF*1K). Roles biller, operator and admin; the read
// is audited. POST /v1/claims/{id}/status-inquiry sends that 276 to the claim's payer over CAQH
// CORE in real time and answers with the status records of the 277 it got back
// (pipeline::RealtimeStatus). The handlers block on the store and the network: both are
// registered as blocking routes. Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "src/api/router.hpp"
#include "src/pipeline/realtime_status.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

struct StatusInquiryApiOptions {
  // The creation time as "CCYYMMDDHHMM" (UTC) for ISA/GS/BHT. Default: now.
  std::function<std::string()> now;
  // ISA06/GS02 when set; else the encounter's submitter id, else "CLAIMGATE". ISA08/GS03 is the
  // encounter's receiver id, else the payer id.
  std::string sender_id;
  // The real-time CORE channel (must outlive the API); null: every claim answers 409
  // no_realtime_channel on POST .../status-inquiry.
  pipeline::RealtimeStatus* realtime = nullptr;
};

class StatusInquiryApi {
 public:
  // `store` must outlive the API and every router it was registered on.
  explicit StatusInquiryApi(store::Store& store, StatusInquiryApiOptions options = {});

  void Register(Router& router);

  // Query: lines=true (one 2210 loop per service line), trace=X (TRN02; default CLM01),
  // controlNumber=N (ISA13, 1..999999999; default 1), usage=P|T (ISA15; default P).
  Response Get276(const Request& request);

  // POST /v1/claims/{id}/status-inquiry: 200 {"claimId", "inboundFileId", "payloadId",
  // "statuses": [...]}; 404 not_found (unknown claim or another tenant's); 409
  // no_realtime_channel; 422 when no 276 can be built; 502 payer_unavailable with the reason
  // (nothing stored); 503 store_unavailable.
  Response PostInquiry(const Request& request);

 private:
  store::Store& store_;
  StatusInquiryApiOptions options_;
};

}  // namespace claimgate::api
