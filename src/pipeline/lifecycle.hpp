// The claim lifecycle: the ONE state machine every claim follows, as a table of legal transitions
// and a pure function Apply(state, event). The store applies it atomically with the event record
// (Decider + Store::ApplyClaimEvent). Pure functions and constant data: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/store/store.hpp"

namespace claimgate::pipeline {

// RECEIVED        stored by the API                 | REJECTED_EDITS  failed its edits (final)
// VALIDATED       passed edits, 837 segments built  | QUEUED          waiting for its payer batch
// BATCHED         inside a built interchange        | DEAD_LETTER     sending gave up (operator
// retry) SENT            interchange delivered             | TA1_REJECTED    interchange envelope
// rejected ACK_ACCEPTED    999 accepted its transaction      | ACK_REJECTED    999 rejected it
// PAYER_ACCEPTED  277CA A1/A2                       | PAYER_REJECTED  277CA A3/A4/A6/A7/A8 (final*)
// PENDING         277 P* status                     | PAID            835 paid (in full or in part)
// DENIED          835 denied (CLP02 4)              | REVERSED        835 reversal (CLP02 22)
// (*) final unless an 835 arrives: an adjudication outranks an acknowledgment.
enum class ClaimState {
  kReceived,
  kValidated,
  kRejectedEdits,
  kQueued,
  kBatched,
  kDeadLetter,
  kSent,
  kTa1Rejected,
  kAckAccepted,
  kAckRejected,
  kPayerAccepted,
  kPayerRejected,
  kPending,
  kPaid,
  kDenied,
  kReversed,
};
inline constexpr int kStateCount = 16;

enum class ClaimEventKind {
  kValidated,      // edits passed                       -> VALIDATED
  kEditsFailed,    // edits failed (intake or payer edits) -> REJECTED_EDITS
  kQueued,         // released to the payer queue        -> QUEUED
  kBatched,        // put into an interchange            -> BATCHED
  kSent,           // interchange delivered              -> SENT
  kSendFailed,     // sending gave up                    -> DEAD_LETTER
  kRetry,          // operator retry                     -> QUEUED
  kTa1Rejected,    // TA1 rejected the interchange       -> TA1_REJECTED
  kAckAccepted,    // 999 accepted (A, E)                -> ACK_ACCEPTED
  kAckRejected,    // 999 rejected (R, M, W, X)          -> ACK_REJECTED
  kPayerAccepted,  // 277CA accepted                     -> PAYER_ACCEPTED
  kPayerRejected,  // 277CA rejected                     -> PAYER_REJECTED
  kPending,        // 277 pending                        -> PENDING
  kPaid,           // 835 payment                        -> PAID
  kDenied,         // 835 denial                         -> DENIED
  kReversed,       // 835 reversal                       -> REVERSED
};
inline constexpr int kEventCount = 16;

std::string_view StateName(ClaimState state);  // "RECEIVED" ...
std::optional<ClaimState> ParseState(std::string_view name);
std::string_view EventName(ClaimEventKind event);  // "validated", "ack_accepted" ...
std::optional<ClaimEventKind> ParseEvent(std::string_view name);
// The state an event moves a claim to when it moves it.
ClaimState TargetState(ClaimEventKind event);

// Result of applying an event to a state.
//   kMove:       the claim moves to `to` and the event is recorded.
//   kRecordOnly: the event is recorded, the state stays (a late or repeated response, e.g. a 277CA
//                that arrives after the 835 already paid the claim).
//   kRefuse:     the event is not legal in this state; `reason` says why; nothing is recorded.
struct Outcome {
  enum class Kind { kMove, kRecordOnly, kRefuse };
  Kind kind = Kind::kRefuse;
  ClaimState to = ClaimState::kReceived;
  std::string reason;
};

// The transition function (see lifecycle.cpp for the table and the out-of-order rules).
Outcome Apply(ClaimState from, ClaimEventKind event);

// Apply() as a Store::DecideFn for `event` (refuses states the store holds that it does not know).
store::DecideFn Decider(ClaimEventKind event);

// The first event of every claim (RECEIVED).
store::NewEvent ReceivedEvent();
// The history a claim that passed intake is stored with: received -> validated -> queued (its
// state is then QUEUED).
std::vector<store::NewEvent> IntakeEvents();

// Applies `event` to a claim in the store, atomically with its history record.
// tenant_id empty: unscoped (pipeline). `detail` REQUIRES no PHI.
void ApplyEvent(store::Store& store, std::string tenant_id, std::string claim_id,
                ClaimEventKind event, std::string detail, std::string source_ref,
                store::Done<store::ClaimEvent> done);

}  // namespace claimgate::pipeline
