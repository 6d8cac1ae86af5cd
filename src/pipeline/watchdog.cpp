#include "src/pipeline/watchdog.hpp"

#include <array>
#include <utility>

#include "src/ops/metrics.hpp"

namespace claimgate::pipeline {
namespace {

constexpr const char* kKinds[3] = {"ack_999_overdue", "ack_277ca_overdue", "remit_835_overdue"};
constexpr int64_t kDayMs = 86'400'000;

std::string Duration(int64_t ms) {
  int64_t s = ms / 1000;
  if (s < 120) return std::to_string(s) + " s";
  if (s < 7200) return std::to_string(s / 60) + " min";
  if (s < 2 * 86400) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 86400) + " days";
}

}  // namespace

Watchdog::Watchdog(store::Store& store, std::vector<core::PayerConfig> payers,
                   ops::Registry* metrics, WatchdogOptions options)
    : store_(store), payers_(std::move(payers)), metrics_(metrics), options_(options) {}

edi::Result<void> Watchdog::CheckPayer(const core::PayerConfig& payer, int64_t now_ms,
                                       std::vector<WatchdogAlert>* out, int counts[3]) {
  const core::WatchdogConfig& w = payer.watchdog;
  auto add = [&](int kind, std::string object_id, int64_t since, int64_t window_ms,
                 std::string message) {
    ++counts[kind];
    if (counts[kind] > options_.max_listed) return;
    out->push_back(WatchdogAlert{kKinds[kind], payer.id, std::move(object_id), since,
                                 now_ms - since - window_ms, std::move(message)});
  };

  // Interchanges delivered but not acknowledged by a 999 (or TA1) within the window.
  const int64_t ack_window = int64_t{w.ack_999_seconds} * 1000;
  auto sent = store_.ListInterchanges(payer.id, "SENT", options_.scan_limit);
  if (!sent) return sent.error();
  for (const store::Interchange& x : *sent) {
    if (now_ms - x.updated_ms <= ack_window) continue;
    add(0, x.id, x.updated_ms, ack_window,
        "interchange " + x.id + " (ISA13 " + std::to_string(x.isa13) + ") sent " +
            Duration(now_ms - x.updated_ms) + " ago has no 999 (window " + Duration(ack_window) +
            ")");
  }

  // Claims accepted by the 999 that the payer has not acknowledged with a 277CA.
  const int64_t ca_window = int64_t{w.ack_277ca_seconds} * 1000;
  auto acked = store_.ListClaimsByState(payer.id, "ACK_ACCEPTED", options_.scan_limit);
  if (!acked) return acked.error();
  for (const store::Claim& c : *acked) {
    if (now_ms - c.updated_ms <= ca_window) continue;
    add(1, c.id, c.updated_ms, ca_window,
        "claim " + c.id + " accepted by the 999 " + Duration(now_ms - c.updated_ms) +
            " ago has no 277CA (window " + Duration(ca_window) + ")");
  }

  // A payer that has claims out but no 835 for remit_835_days: the clock starts at the last
  // 835 file, or at the first interchange that left when none came yet.
  const int64_t remit_window = int64_t{w.remit_835_days} * kDayMs;
  auto first_sent = store_.FirstSentInterchangeMs(payer.id);
  if (!first_sent) return first_sent.error();
  if (*first_sent > 0) {
    auto last_835 = store_.LastInboundFileMs(payer.id, "835");
    if (!last_835) return last_835.error();
    int64_t since = *last_835 > 0 ? *last_835 : *first_sent;
    if (now_ms - since > remit_window) {
      add(2, payer.id, since, remit_window,
          "payer " + payer.id + ": no 835 for " + Duration(now_ms - since) +
              (*last_835 > 0 ? "" : " (none since its first interchange)") + " (window " +
              Duration(remit_window) + ")");
    }
  }
  return {};
}

edi::Result<std::vector<WatchdogAlert>> Watchdog::Check(int64_t now_ms) {
  std::vector<WatchdogAlert> alerts;
  std::vector<std::pair<std::string, std::array<int, 3>>> counts;
  for (const core::PayerConfig& payer : payers_) {
    int c[3] = {0, 0, 0};
    if (auto r = CheckPayer(payer, now_ms, &alerts, c); !r) return r.error();
    counts.push_back({payer.id, {c[0], c[1], c[2]}});
  }
  // Payers' files held back because their envelope is broken wait for a platform operator.
  auto held = store_.ListInboundFilesInState("HELD", options_.max_listed);
  if (!held) return held.error();
  for (const store::InboundFile& f : *held) {
    alerts.push_back(WatchdogAlert{"inbound_file_held", f.payer_id, f.id, f.received_ms,
                                   now_ms - f.received_ms,
                                   "payer file " + f.id + " (" + f.kind +
                                       ") is held, not applied: its envelope is broken; review "
                                       "it, then apply it or ask the payer to send it again"});
  }
  if (metrics_ != nullptr) {
    auto& gauge = metrics_->AddGauge("claimgate_watchdog_alerts",
                                     "Overdue payer responses the watchdog reports, by payer and "
                                     "kind (999, 277CA, 835)",
                                     {"payer", "kind"});
    for (const auto& [payer, c] : counts) {
      for (int k = 0; k < 3; ++k) gauge.Set({payer, kKinds[k]}, c[static_cast<size_t>(k)]);
    }
  }
  std::lock_guard lock(mu_);
  current_ = alerts;
  last_check_ms_ = now_ms;
  return alerts;
}

std::vector<WatchdogAlert> Watchdog::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

int64_t Watchdog::last_check_ms() const {
  std::lock_guard lock(mu_);
  return last_check_ms_;
}

}  // namespace claimgate::pipeline
