#include "src/pipeline/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "tests/store/store_test_util.hpp"

namespace claimgate::pipeline {
namespace {

using S = ClaimState;
using E = ClaimEventKind;

// The expected table, written out independently of lifecycle.cpp: for each state, the events
// that move it (to the event's target) and those only recorded; every other event is refused.
struct Row {
  S state;
  std::set<E> moves;
  std::set<E> records;
};

const std::set<E> kAnswers = {E::kTa1Rejected,   E::kAckAccepted,   E::kAckRejected,
                              E::kPayerAccepted, E::kPayerRejected, E::kPending,
                              E::kPaid,          E::kDenied};

std::set<E> Without(std::set<E> s, std::initializer_list<E> out) {
  for (E e : out) s.erase(e);
  return s;
}

const std::vector<Row>& Expected() {
  static const std::vector<Row> rows = {
      {S::kReceived, {E::kValidated, E::kEditsFailed}, {}},
      {S::kValidated, {E::kEditsFailed, E::kQueued}, {}},
      {S::kRejectedEdits, {}, {}},
      {S::kQueued, {E::kEditsFailed, E::kBatched}, {}},
      {S::kBatched,
       [] {
         auto m = kAnswers;
         m.insert({E::kSent, E::kSendFailed});
         return m;
       }(),
       {}},
      {S::kDeadLetter,
       [] {
         auto m = kAnswers;
         m.insert(E::kRetry);
         return m;
       }(),
       {}},
      {S::kSent, kAnswers, {E::kSent}},
      {S::kTa1Rejected,
       [] {
         auto m = Without(kAnswers, {E::kTa1Rejected});
         m.insert(E::kRetry);
         return m;
       }(),
       {E::kSent, E::kTa1Rejected}},
      {S::kAckAccepted,
       {E::kPayerAccepted, E::kPayerRejected, E::kPending, E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected}},
      {S::kAckRejected,
       {E::kRetry, E::kPayerAccepted, E::kPayerRejected, E::kPending, E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected}},
      {S::kPayerAccepted,
       {E::kPending, E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected}},
      {S::kPayerRejected,
       {E::kPending, E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected}},
      {S::kPending,
       {E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected, E::kPending}},
      {S::kPaid,
       {E::kReversed},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected, E::kPending, E::kPaid, E::kDenied}},
      {S::kDenied,
       {E::kPaid, E::kReversed},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected, E::kPending, E::kDenied}},
      {S::kReversed,
       {E::kPaid, E::kDenied},
       {E::kSent, E::kTa1Rejected, E::kAckAccepted, E::kAckRejected, E::kPayerAccepted,
        E::kPayerRejected, E::kPending, E::kReversed}},
  };
  return rows;
}

const std::map<E, S> kTargets = {
    {E::kValidated, S::kValidated},
    {E::kEditsFailed, S::kRejectedEdits},
    {E::kQueued, S::kQueued},
    {E::kBatched, S::kBatched},
    {E::kSent, S::kSent},
    {E::kSendFailed, S::kDeadLetter},
    {E::kRetry, S::kQueued},
    {E::kTa1Rejected, S::kTa1Rejected},
    {E::kAckAccepted, S::kAckAccepted},
    {E::kAckRejected, S::kAckRejected},
    {E::kPayerAccepted, S::kPayerAccepted},
    {E::kPayerRejected, S::kPayerRejected},
    {E::kPending, S::kPending},
    {E::kPaid, S::kPaid},
    {E::kDenied, S::kDenied},
    {E::kReversed, S::kReversed},
};

TEST(Lifecycle, EveryStateAndEventPairMatchesTheExpectedTable) {
  ASSERT_EQ(Expected().size(), static_cast<size_t>(kStateCount));
  int moves = 0, records = 0, refusals = 0;
  for (const Row& row : Expected()) {
    for (int e = 0; e < kEventCount; ++e) {
      E event = static_cast<E>(e);
      Outcome o = Apply(row.state, event);
      SCOPED_TRACE(std::string(StateName(row.state)) + " + " + std::string(EventName(event)));
      if (row.moves.count(event) != 0) {
        EXPECT_EQ(o.kind, Outcome::Kind::kMove);
        EXPECT_EQ(o.to, kTargets.at(event));
        ++moves;
      } else if (row.records.count(event) != 0) {
        EXPECT_EQ(o.kind, Outcome::Kind::kRecordOnly);
        EXPECT_EQ(o.to, row.state);
        ++records;
      } else {
        EXPECT_EQ(o.kind, Outcome::Kind::kRefuse);
        EXPECT_NE(o.reason.find(std::string(StateName(row.state))), std::string::npos);
        EXPECT_NE(o.reason.find(std::string(EventName(event))), std::string::npos);
        ++refusals;
      }
    }
  }
  EXPECT_EQ(moves + records + refusals, kStateCount * kEventCount);
}

TEST(Lifecycle, TargetsAndNamesRoundTrip) {
  for (const auto& [event, state] : kTargets) {
    EXPECT_EQ(TargetState(event), state);
    EXPECT_EQ(ParseEvent(EventName(event)), event);
  }
  for (int s = 0; s < kStateCount; ++s) {
    EXPECT_EQ(ParseState(StateName(static_cast<S>(s))), static_cast<S>(s));
  }
  EXPECT_FALSE(ParseState("paid"));
  EXPECT_FALSE(ParseEvent("PAID"));
}

TEST(Lifecycle, EveryStateIsReachableFromReceived) {
  std::set<S> seen = {S::kReceived};
  std::vector<S> todo = {S::kReceived};
  while (!todo.empty()) {
    S s = todo.back();
    todo.pop_back();
    for (int e = 0; e < kEventCount; ++e) {
      Outcome o = Apply(s, static_cast<E>(e));
      if (o.kind == Outcome::Kind::kMove && seen.insert(o.to).second) todo.push_back(o.to);
    }
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kStateCount));
}

TEST(Lifecycle, An835BeforeThe277caPaysAndTheLate277caIsOnlyRecorded) {
  Outcome paid = Apply(S::kSent, E::kPaid);
  ASSERT_EQ(paid.kind, Outcome::Kind::kMove);
  EXPECT_EQ(paid.to, S::kPaid);
  Outcome late = Apply(paid.to, E::kPayerAccepted);
  EXPECT_EQ(late.kind, Outcome::Kind::kRecordOnly);
  EXPECT_EQ(late.to, S::kPaid);
  Outcome late_ack = Apply(paid.to, E::kAckAccepted);
  EXPECT_EQ(late_ack.kind, Outcome::Kind::kRecordOnly);
}

TEST(Lifecycle, PayerAnswersNeverReachAClaimThatWasNotSent) {
  for (S s : {S::kReceived, S::kValidated, S::kRejectedEdits, S::kQueued}) {
    for (E e : kAnswers) {
      Outcome o = Apply(s, e);
      EXPECT_EQ(o.kind, Outcome::Kind::kRefuse);
      EXPECT_NE(o.reason.find("never sent"), std::string::npos) << o.reason;
    }
  }
}

TEST(Lifecycle, DeciderAppliesTheMachineInsideTheStore) {
  store::testing::TempDir dir;
  auto s = store::testing::OpenStore(dir.File("lc.db"));
  auto t = store::testing::MakeTenant(*s, "T");
  auto c = store::testing::SyntheticClaim(t.id, "PCN-LC");
  c.events = {ReceivedEvent()};
  auto claim = store::testing::Insert(*s, c);
  ASSERT_TRUE(claim);
  auto apply = [&](E e) {
    return store::Wait<store::ClaimEvent>(
        [&](auto done) { ApplyEvent(*s, "", claim->claim_id, e, "", "inb_1", done); });
  };
  for (E e : {E::kValidated, E::kQueued, E::kBatched, E::kSent, E::kPaid}) {
    auto r = apply(e);
    ASSERT_TRUE(r) << EventName(e) << ": " << r.error().message;
    EXPECT_EQ(r->to_state, StateName(TargetState(e)));
  }
  auto late = apply(E::kPayerAccepted);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->to_state, "PAID");
  auto refused = apply(E::kQueued);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "transition_refused");
  auto events = s->ListClaimEvents(t.id, claim->claim_id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 7u);
  EXPECT_EQ((*events)[5].type, "paid");
  EXPECT_EQ((*events)[6].type, "payer_accepted");
  EXPECT_EQ(s->GetClaim(t.id, claim->claim_id, false)->state, "PAID");
}

TEST(Lifecycle, DeciderRefusesAStateItDoesNotKnow) {
  auto d = Decider(E::kPaid)("SOMETHING_ELSE");
  EXPECT_EQ(d.kind, store::TransitionDecision::Kind::kRefuse);
}

}  // namespace
}  // namespace claimgate::pipeline
