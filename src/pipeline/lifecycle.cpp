#include "src/pipeline/lifecycle.hpp"

#include <array>

namespace claimgate::pipeline {
namespace {

constexpr std::array<std::string_view, kStateCount> kStateNames = {
    "RECEIVED",     "VALIDATED",    "REJECTED_EDITS", "QUEUED",
    "BATCHED",      "DEAD_LETTER",  "SENT",           "TA1_REJECTED",
    "ACK_ACCEPTED", "ACK_REJECTED", "PAYER_ACCEPTED", "PAYER_REJECTED",
    "PENDING",      "PAID",         "DENIED",         "REVERSED",
};

constexpr std::array<std::string_view, kEventCount> kEventNames = {
    "validated", "edits_failed", "queued",       "batched",      "sent",           "send_failed",
    "retry",     "ta1_rejected", "ack_accepted", "ack_rejected", "payer_accepted", "payer_rejected",
    "pending",   "paid",         "denied",       "reversed",
};

constexpr std::array<ClaimState, kEventCount> kTargets = {
    ClaimState::kValidated,   ClaimState::kRejectedEdits, ClaimState::kQueued,
    ClaimState::kBatched,     ClaimState::kSent,          ClaimState::kDeadLetter,
    ClaimState::kQueued,      ClaimState::kTa1Rejected,   ClaimState::kAckAccepted,
    ClaimState::kAckRejected, ClaimState::kPayerAccepted, ClaimState::kPayerRejected,
    ClaimState::kPending,     ClaimState::kPaid,          ClaimState::kDenied,
    ClaimState::kReversed,
};

// The transition table. Rows: current state; columns: events in ClaimEventKind order
//   validated, edits_failed, queued, batched, sent, send_failed, retry, ta1_rejected,
//   ack_accepted, ack_rejected, payer_accepted, payer_rejected, pending, paid, denied, reversed.
// M = move to the event's target state, R = record the event and keep the state, - = refuse.
//
// Out-of-order responses follow one rule: payer answers rank SENT < TA1 < 999 < 277CA < 277
// pending < 835 < reversal; an answer that ranks above the claim's state moves it forward (so an
// 835 arriving before the 999 or the 277CA pays the claim at once), one that ranks at or below it
// is recorded without moving the state back (a late 277CA after PAID). Exceptions: DENIED -> PAID
// (a reconsidered claim is paid), REVERSED -> PAID/DENIED (the corrected claim after a reversal),
// and a reversal needs a recorded adjudication. BATCHED and DEAD_LETTER accept answers because
// the payer may have received the interchange before a crash or a lost reply. Claims not yet
// batched refuse every payer answer.
constexpr std::array<std::string_view, kStateCount> kTable = {
    "MM--------------",  // RECEIVED
    "-MM-------------",  // VALIDATED
    "----------------",  // REJECTED_EDITS
    "-M-M------------",  // QUEUED
    "----MM-MMMMMMMM-",  // BATCHED
    "------MMMMMMMMM-",  // DEAD_LETTER
    "----R--MMMMMMMM-",  // SENT
    "----R-MRMMMMMMM-",  // TA1_REJECTED
    "----R--RRRMMMMM-",  // ACK_ACCEPTED
    "----R-MRRRMMMMM-",  // ACK_REJECTED
    "----R--RRRRRMMM-",  // PAYER_ACCEPTED
    "----R--RRRRRMMM-",  // PAYER_REJECTED
    "----R--RRRRRRMM-",  // PENDING
    "----R--RRRRRRRRM",  // PAID
    "----R--RRRRRRMRM",  // DENIED
    "----R--RRRRRRMMR",  // REVERSED
};

bool IsPreSend(ClaimState s) {
  return s == ClaimState::kReceived || s == ClaimState::kValidated ||
         s == ClaimState::kRejectedEdits || s == ClaimState::kQueued;
}

bool IsResponse(ClaimEventKind e) {
  return static_cast<int>(e) >= static_cast<int>(ClaimEventKind::kTa1Rejected);
}

std::string RefusalReason(ClaimState from, ClaimEventKind event) {
  std::string base = "event " + std::string(EventName(event)) + " is not allowed in state " +
                     std::string(StateName(from));
  if (event == ClaimEventKind::kReversed) return base + ": no payment or denial to reverse";
  if (IsResponse(event) && IsPreSend(from)) return base + ": the claim was never sent";
  if (from == ClaimState::kRejectedEdits) return base + ": the claim failed its edits (final)";
  return base;
}

}  // namespace

std::string_view StateName(ClaimState state) { return kStateNames[static_cast<size_t>(state)]; }

std::optional<ClaimState> ParseState(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<ClaimState>(i);
  }
  return std::nullopt;
}

std::string_view EventName(ClaimEventKind event) { return kEventNames[static_cast<size_t>(event)]; }

std::optional<ClaimEventKind> ParseEvent(std::string_view name) {
  for (size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == name) return static_cast<ClaimEventKind>(i);
  }
  return std::nullopt;
}

ClaimState TargetState(ClaimEventKind event) { return kTargets[static_cast<size_t>(event)]; }

Outcome Apply(ClaimState from, ClaimEventKind event) {
  char cell = kTable[static_cast<size_t>(from)][static_cast<size_t>(event)];
  Outcome out;
  out.to = from;
  if (cell == 'M') {
    out.kind = Outcome::Kind::kMove;
    out.to = TargetState(event);
  } else if (cell == 'R') {
    out.kind = Outcome::Kind::kRecordOnly;
    out.reason = "recorded; state stays " + std::string(StateName(from));
  } else {
    out.kind = Outcome::Kind::kRefuse;
    out.reason = RefusalReason(from, event);
  }
  return out;
}

store::DecideFn Decider(ClaimEventKind event) {
  return [event](std::string_view current) {
    store::TransitionDecision d;
    auto from = ParseState(current);
    if (!from) {
      d.kind = store::TransitionDecision::Kind::kRefuse;
      d.reason = "the claim is in an unknown state";
      return d;
    }
    Outcome o = Apply(*from, event);
    switch (o.kind) {
      case Outcome::Kind::kMove:
        d.kind = store::TransitionDecision::Kind::kMove;
        d.to_state = std::string(StateName(o.to));
        break;
      case Outcome::Kind::kRecordOnly:
        d.kind = store::TransitionDecision::Kind::kRecordOnly;
        d.reason = std::move(o.reason);
        break;
      case Outcome::Kind::kRefuse:
        d.kind = store::TransitionDecision::Kind::kRefuse;
        d.reason = std::move(o.reason);
        break;
    }
    return d;
  };
}

store::NewEvent ReceivedEvent() {
  return store::NewEvent{"received", "", std::string(StateName(ClaimState::kReceived)), "", ""};
}

std::vector<store::NewEvent> IntakeEvents() {
  auto state = [](ClaimState s) { return std::string(StateName(s)); };
  return {ReceivedEvent(),
          {std::string(EventName(ClaimEventKind::kValidated)), state(ClaimState::kReceived),
           state(ClaimState::kValidated), "passed the intake edits; 837 claim segments built", ""},
          {std::string(EventName(ClaimEventKind::kQueued)), state(ClaimState::kValidated),
           state(ClaimState::kQueued), "waiting for the payer's next batch", ""}};
}

void ApplyEvent(store::Store& store, std::string tenant_id, std::string claim_id,
                ClaimEventKind event, std::string detail, std::string source_ref,
                store::Done<store::ClaimEvent> done) {
  store.ApplyClaimEvent(std::move(tenant_id), std::move(claim_id),
                        store::ClaimEventInput{std::string(EventName(event)), std::move(detail),
                                               std::move(source_ref)},
                        Decider(event), std::move(done));
}

}  // namespace claimgate::pipeline
