// Real-time claim status over CAQH CORE (CONTRACTS.md, "Session 4"): for one stored claim of a
// tenant, a 276 (fresh ISA13/GS06 from the payer's control-number sequences) sent as a CORE
// RealTimeRequest with a fresh PayloadID to the claim's payer, and the 277 answer imported
// through InboundImporter (stored raw first, then matched to the claim like a batch 277).
// Blocking (network I/O with a deadline, durable store writes): call from a worker thread.
// Thread-safe: each inquiry uses its own CoreClient; the payer list is read-only.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"
#include "src/pipeline/inbound.hpp"
#include "src/store/store.hpp"

namespace claimgate::pipeline {

inline constexpr std::string_view kRealtimeStatusRequestType = "X12_276_Request_005010X212";
inline constexpr std::string_view kRealtimeStatusResponseType = "X12_277_Response_005010X212";

struct RealtimeStatusOptions {
  std::chrono::milliseconds timeout{30000};  // the whole CORE exchange
  std::function<std::string()> now;          // "CCYYMMDDHHMM" UTC; default: the clock
};

struct RealtimeStatusResult {
  std::string claim_id;
  std::string payer_id;
  std::string payload_id;                     // of the request
  std::string inbound_file_id;                // the stored 277
  std::vector<store::StatusRecord> statuses;  // this 277's records for the claim
};

class RealtimeStatus {
 public:
  // `store` (and `metrics`, which may be null) must outlive this object.
  RealtimeStatus(store::Store& store, std::vector<core::PayerConfig> payers,
                 ops::Registry* metrics = nullptr, RealtimeStatusOptions options = {});

  // Error codes (messages carry no PHI):
  //   not_found            no such claim for this tenant
  //   no_realtime_channel  the claim's payer has no payer file or no CORE transport
  //   unreadable_encounter, required_for_276, or a writer code: no 276 can be built
  //   payer_unavailable    the exchange failed (connection, TLS, HTTP status, CORE ErrorCode,
  //                        an answer that is not a 277); nothing was stored
  //   store_unavailable    the store failed
  edi::Result<RealtimeStatusResult> Inquire(const std::string& tenant_id,
                                            const std::string& claim_id);

  // Whether `payer_id` has a payer file with a CORE transport.
  bool HasChannel(const std::string& payer_id) const;

 private:
  const core::PayerConfig* Find(const std::string& payer_id) const;

  store::Store& store_;
  std::vector<core::PayerConfig> payers_;
  InboundImporter importer_;
  RealtimeStatusOptions options_;
};

}  // namespace claimgate::pipeline
