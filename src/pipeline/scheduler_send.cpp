// The scheduler's outbound work for one payer: resolve unknown outcomes, (re)send stored
// interchanges, batch queued claims into new ones, and the operator's dead-letter retry.
// Order of durable writes (crash safety): bytes are stored (BUILT) before any send; SENDING is
// durable before the first byte leaves; on delivery the claims become SENT before the
// interchange does, so a restart that finds SENDING resolves it and re-applies "sent" harmlessly.
#include <algorithm>
#include <future>

#include "spdlog/spdlog.h"
#include "src/ops/metrics.hpp"
#include "src/pipeline/batcher.hpp"
#include "src/pipeline/claim_body.hpp"
#include "src/pipeline/scheduler_worker.hpp"

namespace claimgate::pipeline {
namespace {

std::shared_ptr<spdlog::logger> Log() {
  auto l = spdlog::get("claimgate");
  return l ? l : spdlog::default_logger();
}

OutboundFile FileOf(const store::Interchange& x) {
  return OutboundFile{x.id, x.file_name, x.bytes, ClaimTypesOf(x.bytes), x.updated_ms};
}

}  // namespace

std::vector<core::ClaimType> ClaimTypesOf(std::string_view bytes) {
  std::vector<std::pair<size_t, core::ClaimType>> found;
  for (auto type : {core::ClaimType::kProfessional, core::ClaimType::kInstitutional,
                    core::ClaimType::kDental}) {
    size_t at = bytes.find(ImplementationGuide(type));
    if (at != std::string_view::npos) found.emplace_back(at, type);
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<core::ClaimType> out;
  for (const auto& f : found) out.push_back(f.second);
  return out;
}

std::optional<core::ClaimType> ClaimTypeFromCode(std::string_view code) {
  if (code == "837P") return core::ClaimType::kProfessional;
  if (code == "837I") return core::ClaimType::kInstitutional;
  if (code == "837D") return core::ClaimType::kDental;
  return std::nullopt;
}

edi::Result<store::Interchange> Scheduler::Worker::Update(const std::string& id, std::string state,
                                                          bool count_attempt, std::string error,
                                                          bool reset) {
  store::InterchangeUpdate u;
  u.state = std::move(state);
  u.count_attempt = count_attempt;
  u.reset_attempts = reset;
  u.last_error = std::move(error);
  auto r = store::Wait<store::Interchange>(
      [&](auto done) { store.UpdateInterchange(id, std::move(u), done); });
  if (!r) {
    Log()->error("interchange_update_failed payer={} interchange={} code={}", payer.id, id,
                 r.error().code);
  }
  return r;
}

void Scheduler::Worker::ApplyToClaims(const store::Interchange& x, ClaimEventKind kind,
                                      const std::string& detail) {
  std::vector<std::future<store::Result<store::ClaimEvent>>> pending;
  for (const std::string& claim_id : x.claim_ids) {
    auto promise = std::make_shared<std::promise<store::Result<store::ClaimEvent>>>();
    pending.push_back(promise->get_future());
    store.ApplyClaimEvent(
        "", claim_id, store::ClaimEventInput{std::string(EventName(kind)), detail, x.id},
        Decider(kind),
        [promise](store::Result<store::ClaimEvent> r) { promise->set_value(std::move(r)); });
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    auto r = pending[i].get();
    if (!r) {
      Log()->warn("claim_event_not_applied payer={} interchange={} claim={} event={} code={}",
                  payer.id, x.id, x.claim_ids[i], EventName(kind), r.error().code);
    }
  }
}

void Scheduler::Worker::MarkSent(const store::Interchange& x) {
  ApplyToClaims(x, ClaimEventKind::kSent, "interchange delivered");
  // An acknowledgment may have been imported while a resend was on the wire (the payer had the
  // file all along): its verdict stands, the interchange does not go back to SENT.
  auto now = store.GetInterchange(x.id, false);
  const bool acknowledged = now && IsAcknowledgedState(now->state);
  if (!acknowledged && !Update(x.id, "SENT", true, "")) return;
  next_attempt.erase(x.id);
  {
    std::lock_guard<std::mutex> lock(mu);
    ++stats.interchanges_sent;
  }
  Log()->info("interchange_sent payer={} interchange={} isa13={:09d} file={} claims={}", payer.id,
              x.id, x.isa13, x.file_name, x.claim_ids.size());
  if (metrics) {
    metrics
        ->AddCounter("claimgate_interchanges_sent_total", "Interchanges delivered to payers.",
                     {"payer"})
        .Inc({payer.id});
  }
}

void Scheduler::Worker::MarkDeadLetter(const store::Interchange& x, const std::string& reason) {
  if (!Update(x.id, "DEAD_LETTER", false, reason)) return;
  next_attempt.erase(x.id);
  ApplyToClaims(x, ClaimEventKind::kSendFailed, "sending gave up");
  Log()->error(
      "operator_alert event=interchange_dead_letter payer={} interchange={} isa13={:09d} "
      "reason=\"{}\" action=\"POST /v1/payers/{}/retry\"",
      payer.id, x.id, x.isa13, reason, payer.id);
}

void Scheduler::Worker::MarkFailed(const store::Interchange& x, const std::string& reason,
                                   bool count_attempt, int64_t min_wait_ms) {
  int attempts = x.attempts + (count_attempt ? 1 : 0);
  if (policy.IsDeadLetter(attempts)) {
    if (count_attempt && !Update(x.id, "FAILED", true, reason)) return;
    MarkDeadLetter(x, reason + " (after " + std::to_string(attempts) + " attempts)");
    return;
  }
  if (!Update(x.id, "FAILED", count_attempt, reason)) return;
  auto delay = policy.NextDelay(attempts).value_or(Duration(0));
  delay = std::max(delay, Duration(min_wait_ms));
  next_attempt[x.id] = Clock::now() + delay;
  Log()->warn(
      "interchange_failed payer={} interchange={} isa13={:09d} attempts={} retry_in_ms={} "
      "reason=\"{}\"",
      payer.id, x.id, x.isa13, attempts, delay.count(), reason);
}

bool Scheduler::Worker::ResolveInFlight() {
  bool all_resolved = true;
  for (const char* state : {"SENDING", "UNKNOWN"}) {
    auto list = store.ListInterchanges(payer.id, state, 1000);
    if (!list) return false;
    for (const store::Interchange& listed : *list) {
      if (!EnsureConnected()) return false;
      auto x = store.GetInterchange(listed.id, true);
      if (!x) return false;
      // An acknowledgment imported since the listing settled it: the payer has the file.
      if (x->state != state) continue;
      ResolveResult r = link->Resolve(FileOf(*x));
      switch (r.kind) {
        case ResolveResult::Kind::kDelivered:
          Success();
          Log()->info("interchange_resolved payer={} interchange={} isa13={:09d} outcome=delivered",
                      payer.id, x->id, x->isa13);
          MarkSent(*x);
          break;
        case ResolveResult::Kind::kAbsent:
          Log()->info("interchange_resolved payer={} interchange={} isa13={:09d} outcome=absent",
                      payer.id, x->id, x->isa13);
          if (r.attempted) {  // CORE: the resend was refused definitely: a failed send
            Failure("resolve: " + r.reason);
            MarkFailed(*x, "not delivered: " + r.reason, true, 0);  // backoff applies
            break;
          }
          Success();
          // An attempt that ended SENDING (crash) was not counted yet: count it now.
          MarkFailed(*x, "not delivered: " + r.reason, x->state == "SENDING", 0);
          next_attempt[x->id] = Clock::now();  // resend the same bytes at once
          break;
        case ResolveResult::Kind::kConflict:
          Success();
          MarkDeadLetter(*x, "conflict: " + r.reason);
          break;
        case ResolveResult::Kind::kNotYet:
          all_resolved = false;
          break;
        case ResolveResult::Kind::kError:
          if (r.attempted) {  // CORE: sent again, outcome unknown again: the window restarts
            (void)Update(x->id, "UNKNOWN", true, r.reason);
          }
          if (r.blocked) {
            Block(r.reason);
          } else {
            Failure("resolve: " + r.reason);
          }
          return false;
      }
    }
  }
  return all_resolved;
}

bool Scheduler::Worker::SendOne(const store::Interchange& listed) {
  auto x = store.GetInterchange(listed.id, true);
  if (!x) return false;
  if (!Update(x->id, "SENDING", false, "")) return false;
  SendResult r = link->Send(FileOf(*x));
  switch (r.kind) {
    case SendResult::Kind::kDelivered:
      Success();
      if (!r.payload_id.empty()) {
        Log()->info("core_submitted payer={} interchange={} payload_id={}", payer.id, x->id,
                    r.payload_id);
      }
      MarkSent(*x);
      return true;
    case SendResult::Kind::kUnknown:
      Failure("send: " + r.reason);
      (void)Update(x->id, "UNKNOWN", true, r.reason);
      Log()->warn("interchange_unknown payer={} interchange={} isa13={:09d} reason=\"{}\"",
                  payer.id, x->id, x->isa13, r.reason);
      return false;
    case SendResult::Kind::kFailed:
      break;
  }
  if (r.blocked) {
    (void)Update(x->id, "BUILT", false, r.reason);  // nothing was sent
    Block(r.reason);
    return false;
  }
  if (r.reason.rfind("resend_refused", 0) == 0) {  // CORE 90 s window: nothing was sent
    MarkFailed(*x, r.reason, false, 90'000);
    return true;
  }
  if (!r.retryable) {
    (void)Update(x->id, "FAILED", true, r.reason);
    MarkDeadLetter(*x, r.reason);
    return true;
  }
  Failure("send: " + r.reason);
  MarkFailed(*x, r.reason, true, 0);
  return link->connected();
}

bool Scheduler::Worker::SendReady() {
  for (const char* state : {"BUILT", "FAILED"}) {
    auto list = store.ListInterchanges(payer.id, state, 1000);
    if (!list) return false;
    for (const store::Interchange& x : *list) {
      auto due = next_attempt.find(x.id);
      if (due != next_attempt.end() && Clock::now() < due->second) continue;
      if (!EnsureConnected()) return false;
      if (!SendOne(x)) return false;
    }
  }
  return true;
}

void Scheduler::Worker::BuildNew() {
  const int max_claims = payer.batching.max_claims;
  auto queued = store.ListClaimsByState(payer.id, "QUEUED", std::min(100000, max_claims * 4));
  if (!queued || queued->empty()) return;
  int64_t oldest = queued->front().updated_ms;
  for (const auto& c : *queued) oldest = std::min(oldest, c.updated_ms);
  const bool full = static_cast<int>(queued->size()) >= max_claims;
  if (!full && store::NowMs() - oldest < int64_t{payer.batching.window_seconds} * 1000) return;
  if (!EnsureConnected()) return;  // build only when it can be sent at once

  std::vector<QueuedClaim> claims;
  for (const store::Claim& listed : *queued) {
    auto type = ClaimTypeFromCode(listed.claim_type);
    auto claim = store.GetClaim(listed.tenant_id, listed.id, true);
    if (!claim) return;
    std::string problem;
    if (!type || !payer.Accepts(*type)) {
      problem = "payer " + payer.id + " does not accept claim type " + listed.claim_type;
    } else if (claim->claim_segments.empty()) {
      problem = "the claim has no 837 segments";
    }
    if (!problem.empty()) {
      ApplyEvent(store, "", listed.id, ClaimEventKind::kEditsFailed, problem, "", [](auto) {});
      Log()->warn("claim_not_batchable payer={} claim={} reason=\"{}\"", payer.id, listed.id,
                  problem);
      continue;
    }
    claims.push_back(QueuedClaim{listed.id, *type, SplitClaimBody(claim->claim_segments)});
  }
  if (claims.empty()) return;
  auto plans = PlanBatches(claims, payer);
  if (!plans) {
    Log()->error("batch_plan_failed payer={} code={} message=\"{}\"", payer.id, plans.error().code,
                 plans.error().message);
    return;
  }
  const std::string isa_seq = IsaSequenceName(payer);
  const std::string gs_seq = GsSequenceName(payer);
  for (const PlannedInterchange& plan : *plans) {
    auto isa13 =
        store::Wait<int64_t>([&](auto done) { store.AllocateControlNumbers(isa_seq, 1, done); });
    auto gs06 = store::Wait<int64_t>([&](auto done) {
      store.AllocateControlNumbers(gs_seq, static_cast<int64_t>(plan.groups.size()), done);
    });
    if (!isa13 || !gs06) {
      Log()->error("control_numbers_failed payer={} code={}", payer.id,
                   (!isa13 ? isa13.error() : gs06.error()).code);
      return;
    }
    EnvelopeNumbers numbers;
    numbers.isa13 = static_cast<uint64_t>(*isa13);
    for (size_t g = 0; g < plan.groups.size(); ++g) numbers.gs06.push_back(*gs06 + g);
    auto built = BuildInterchange(plan, claims, payer, numbers, std::chrono::system_clock::now());
    if (!built) {
      Log()->error("interchange_build_failed payer={} isa13={:09d} code={}", payer.id, *isa13,
                   built.error().code);
      return;
    }
    store::NewInterchange n;
    n.payer_id = payer.id;
    n.sender_id = payer.isa.sender_id;
    n.receiver_id = payer.isa.receiver_id;
    n.isa13 = *isa13;
    n.gs06 = *gs06;
    n.file_name = built->file_name;
    n.bytes = built->bytes;
    for (const auto& placement : built->claims) n.claim_ids.push_back(placement.claim_id);
    n.batch_transition = Decider(ClaimEventKind::kBatched);
    auto inserted = store::Wait<store::Interchange>(
        [&](auto done) { store.InsertInterchange(std::move(n), done); });
    if (!inserted) {
      Log()->error("interchange_insert_failed payer={} isa13={:09d} code={}", payer.id, *isa13,
                   inserted.error().code);
      return;
    }
    Log()->info(
        "interchange_built payer={} interchange={} isa13={:09d} claims={} bytes={} sha256={}",
        payer.id, inserted->id, *isa13, inserted->claim_ids.size(), inserted->size_bytes,
        inserted->sha256_hex);
    if (!EnsureConnected() || !SendOne(*inserted)) return;
  }
}

void Scheduler::Worker::DoRetry() {
  auto dead = store.ListInterchanges(payer.id, "DEAD_LETTER", 10000);
  if (!dead) return;
  for (const store::Interchange& listed : *dead) {
    auto read = store.GetInterchange(listed.id, false);  // with its claim ids
    if (!read) continue;
    const store::Interchange& x = *read;
    // Claims first (DEAD_LETTER -> QUEUED -> BATCHED, same interchange), then the interchange
    // back to BUILT with its attempts reset: it is sent again with the same bytes and name.
    ApplyToClaims(x, ClaimEventKind::kRetry, "operator retry");
    ApplyToClaims(x, ClaimEventKind::kBatched, "operator retry: same interchange");
    if (!Update(x.id, "BUILT", false, "operator retry", true)) continue;
    next_attempt.erase(x.id);
    Log()->info("interchange_retry payer={} interchange={} isa13={:09d}", payer.id, x.id, x.isa13);
  }
  next_connect = {};
}

}  // namespace claimgate::pipeline
