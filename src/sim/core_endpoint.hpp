// The simulator's CAQH CORE side: one route, POST /core, on an api::Server. It accepts SOAP 1.2
// and MIME multipart envelopes (CONTRACTS.md), checks the UsernameToken / Username+Password, and
// answers BatchSubmission (the interchange is answered through the shared State),
// BatchSubmissionAckRetrievalRequest (the oldest due 999/TA1) and
// BatchResultsRetrievalRequest (the oldest due 277CA/835), "NoResultsPending" when none is due,
// and RealTimeRequest with a 276 (answered at once: a 277, or a 999/TA1 for a bad 276; see
// status_answer.hpp; another PayloadType is ErrorCode PayloadTypeIllegal).
// Faults: the first N requests, then every Nth, get HTTP 503. Handle() is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

#include "src/api/http_types.hpp"
#include "src/api/router.hpp"
#include "src/sim/state.hpp"

namespace claimgate::sim {

class CoreEndpoint {
 public:
  // `state` must outlive the endpoint; the config is State's.
  explicit CoreEndpoint(State& state);

  void Register(api::Router& router);
  api::Response Handle(const api::Request& request);

  std::uint64_t requests() const { return requests_; }

 private:
  State& state_;
  std::atomic<std::uint64_t> requests_{0};
};

}  // namespace claimgate::sim
