#include "src/pipeline/realtime_status.hpp"

#include <utility>

#include "spdlog/spdlog.h"
#include "src/pipeline/claim_276.hpp"
#include "src/pipeline/core_channel.hpp"
#include "src/transport/core_client.hpp"

namespace claimgate::pipeline {
namespace {

std::shared_ptr<spdlog::logger> Log() {
  auto l = spdlog::get("claimgate");
  return l ? l : spdlog::default_logger();
}

edi::Error StoreError(const edi::Error& e) {
  if (e.code == "not_found") return e;
  return edi::Error{"store_unavailable", e.code};
}

}  // namespace

RealtimeStatus::RealtimeStatus(store::Store& store, std::vector<core::PayerConfig> payers,
                               ops::Registry* metrics, RealtimeStatusOptions options)
    : store_(store),
      payers_(std::move(payers)),
      importer_(store, metrics),
      options_(std::move(options)) {
  if (!options_.now) options_.now = UtcMinuteNow;
}

const core::PayerConfig* RealtimeStatus::Find(const std::string& payer_id) const {
  for (const core::PayerConfig& p : payers_) {
    if (p.id == payer_id) return &p;
  }
  return nullptr;
}

bool RealtimeStatus::HasChannel(const std::string& payer_id) const {
  const core::PayerConfig* p = Find(payer_id);
  return p != nullptr && p->transport == core::TransportKind::kCore;
}

edi::Result<RealtimeStatusResult> RealtimeStatus::Inquire(const std::string& tenant_id,
                                                          const std::string& claim_id) {
  const auto started = std::chrono::steady_clock::now();
  auto claim = store_.GetClaim(tenant_id, claim_id, /*with_phi=*/true);
  if (!claim) return StoreError(claim.error());
  const core::PayerConfig* payer = Find(claim->payer_id);
  if (payer == nullptr || payer->transport != core::TransportKind::kCore) {
    return edi::Error{"no_realtime_channel",
                      "payer " + claim->payer_id + " has no CAQH CORE transport configured"};
  }
  auto channel = MakeCoreChannel(*payer);
  if (!channel) {
    Log()->error("realtime_status_config payer={} message=\"{}\"", payer->id,
                 channel.error().message);
    return edi::Error{"payer_unavailable",
                      "the payer's CORE settings cannot be used (see the server log)"};
  }
  channel->options.timeout = options_.timeout;
  auto statuses = store_.ListStatusRecords(tenant_id, claim_id);
  if (!statuses) return StoreError(statuses.error());

  // Control numbers from the sequences the scheduler's interchanges use (never repeated).
  const std::string isa_seq = "ISA:" + payer->isa.sender_id + ":" + payer->isa.receiver_id;
  const std::string gs_seq = "GS:" + payer->gs.sender_code + ":" + payer->gs.receiver_code;
  auto isa13 =
      store::Wait<int64_t>([&](auto done) { store_.AllocateControlNumbers(isa_seq, 1, done); });
  auto gs06 =
      store::Wait<int64_t>([&](auto done) { store_.AllocateControlNumbers(gs_seq, 1, done); });
  if (!isa13) return StoreError(isa13.error());
  if (!gs06) return StoreError(gs06.error());

  Claim276Options build;
  build.interchange.sender_qualifier = payer->isa.sender_qualifier;
  build.interchange.sender_id = payer->isa.sender_id;
  build.interchange.receiver_qualifier = payer->isa.receiver_qualifier;
  build.interchange.receiver_id = payer->isa.receiver_id;
  build.interchange.usage = payer->isa.usage;
  build.interchange.control_number = static_cast<std::uint64_t>(*isa13);
  build.application_sender = payer->gs.sender_code;
  build.application_receiver = payer->gs.receiver_code;
  build.group_control_number = static_cast<std::uint64_t>(*gs06);
  build.now = options_.now();
  auto built = BuildClaim276(*claim, *statuses, std::move(build));
  if (!built) return built.error();

  auto request = transport::MakeCoreEnvelope(
      transport::CoreMessageType::kRealTimeRequest, std::string(kRealtimeStatusRequestType),
      channel->sender_id, channel->receiver_id, std::move(*built));
  RealtimeStatusResult result;
  result.claim_id = claim_id;
  result.payer_id = payer->id;
  result.payload_id = request.payload_id;
  auto log = [&](std::string_view outcome, std::string_view reason) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    Log()->log(outcome == "ok" ? spdlog::level::info : spdlog::level::warn,
               "realtime_status claim={} payer={} payload_id={} isa13={:09d} outcome={} "
               "inbound_file={} statuses={} duration_ms={}{}{}",
               claim_id, payer->id, request.payload_id, *isa13, outcome, result.inbound_file_id,
               result.statuses.size(), ms, reason.empty() ? "" : " reason=", reason);
  };
  if (request.payload_id.empty()) {
    log("payer_unavailable", "no_payload_id");
    return edi::Error{"payer_unavailable", "no PayloadID could be made (RAND_bytes failed)"};
  }
  // A fresh guard: every inquiry carries new control numbers and a new PayloadID.
  transport::CoreClient client(channel->options);
  auto answer = client.Exchange(channel->url, request, channel->credentials, channel->encoding);
  if (!answer) {
    log("payer_unavailable", answer.error().code);
    return edi::Error{"payer_unavailable", answer.error().code + ": " + answer.error().message};
  }
  const transport::CoreEnvelope& e = answer->envelope;
  if (e.payload_type != kRealtimeStatusResponseType || e.payload.empty()) {
    log("payer_unavailable", "not_a_277");
    return edi::Error{"payer_unavailable", "the payer answered PayloadType " + e.payload_type +
                                               " instead of " +
                                               std::string(kRealtimeStatusResponseType)};
  }
  const std::string source = "277_" + (e.payload_id.empty() ? request.payload_id : e.payload_id);
  auto report = importer_.Import({payer->id, source, tenant_id}, e.payload);
  if (!report) {
    log("store_unavailable", report.error().code);
    return edi::Error{"store_unavailable", report.error().code};
  }
  result.inbound_file_id = report->inbound_file_id;
  auto after = store_.ListStatusRecords(tenant_id, claim_id);
  if (!after) return StoreError(after.error());
  for (store::StatusRecord& s : *after) {
    if (s.inbound_file_id == result.inbound_file_id) result.statuses.push_back(std::move(s));
  }
  log(report->kind == "277" ? "ok" : "unexpected_kind", report->kind == "277" ? "" : report->kind);
  return result;
}

}  // namespace claimgate::pipeline
