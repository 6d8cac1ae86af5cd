// CoreLink: PayerLink over transport::CoreClient (CAQH CORE vC2.2.0 batch mode, message types and
// PayloadTypes as in notes/CONTRACTS.md). CORE has no way to ask "did you get it?", so an unknown
// submission is resolved by sending the same bytes again with the same PayloadID (StablePayloadId)
// once the 90 s no-resend window has passed: the CoreClient's CoreResendGuard refuses sooner
// resends inside the process, and last_attempt_ms (the interchange's stored update time) enforces
// the window across restarts. Only unknown outcomes open the window; a definite failure (not
// transmitted, HTTP status, CORE error) is retried on the scheduler's backoff. The payer
// de-duplicates by PayloadID / ISA13. Responses are fetched one retrieval at a time (FetchNext).
#include <openssl/evp.h>

#include <cstdio>
#include <iterator>
#include <optional>

#include "spdlog/spdlog.h"
#include "src/pipeline/core_channel.hpp"
#include "src/pipeline/payer_link.hpp"
#include "src/store/store_types.hpp"
#include "src/transport/core_client.hpp"

namespace claimgate::pipeline {
namespace {

using transport::CoreMessageType;

constexpr int64_t kResendWindowMs = 90'000;

std::string ResponseKind(std::string_view payload_type) {
  for (std::string_view k : {"TA1", "277CA", "999", "835"}) {
    if (payload_type.find(k) != std::string_view::npos) return std::string(k);
  }
  return "unknown";
}

class CoreLink : public PayerLink {
 public:
  CoreLink(core::PayerConfig payer, transport::CoreClientOptions options,
           transport::CoreCredentials credentials)
      : payer_(std::move(payer)),
        client_(std::move(options)),
        credentials_(std::move(credentials)),
        encoding_(payer_.core.encoding == core::CoreEncoding::kSoap
                      ? transport::CoreEncoding::kSoap
                      : transport::CoreEncoding::kMime) {}

  ConnectResult Connect() override { return ConnectResult{true, false, "", false}; }
  bool connected() const override { return last_ok_; }

  SendResult Send(const OutboundFile& file) override {
    SendResult r;
    auto answer = Submit(file, &r.payload_id);
    if (answer) {
      r.kind = SendResult::Kind::kDelivered;
      return r;
    }
    const std::string& code = answer.error().code;
    r.reason = code + ": " + answer.error().message;
    if (transport::IsOutcomeUnknown(answer.error())) {
      r.kind = SendResult::Kind::kUnknown;  // the POST went out and may have been processed
      return r;
    }
    r.kind = SendResult::Kind::kFailed;
    r.retryable = code != "bad_url" && code != "config_error";
    return r;
  }

  ResolveResult Resolve(const OutboundFile& file) override {
    ResolveResult r;
    if (file.last_attempt_ms > 0 && store::NowMs() - file.last_attempt_ms < kResendWindowMs) {
      r.kind = ResolveResult::Kind::kNotYet;
      r.reason = "CORE resend window (90 s) not passed";
      return r;
    }
    std::string payload_id;
    auto answer = Submit(file, &payload_id);
    if (answer) {
      r.kind = ResolveResult::Kind::kDelivered;
      return r;
    }
    const std::string& code = answer.error().code;
    r.reason = code + ": " + answer.error().message;
    if (code == "resend_refused") {
      r.kind = ResolveResult::Kind::kNotYet;
    } else if (code == "core_error" || code == "http_status") {
      r.kind = ResolveResult::Kind::kAbsent;  // the payer answered and did not take it
      r.attempted = true;
    } else if (transport::IsOutcomeUnknown(answer.error())) {
      r.kind = ResolveResult::Kind::kError;  // unknown again: the window restarts
      r.attempted = true;
    } else {
      r.kind = ResolveResult::Kind::kError;  // not transmitted: ask again after the backoff
    }
    return r;
  }

  edi::Result<std::optional<ResponseFile>> FetchNext() override {
    const std::pair<CoreMessageType, const char*> kinds[] = {
        {CoreMessageType::kBatchSubmissionAckRetrievalRequest,
         "X12_999_RetrievalRequest_005010X231A1"},
        {CoreMessageType::kBatchResultsRetrievalRequest, "X12_005010_Request_Batch_Results"}};
    while (phase_ < std::size(kinds)) {
      const auto& [type, payload_type] = kinds[phase_];
      auto request = transport::MakeCoreEnvelope(type, payload_type, payer_.core.sender_id,
                                                 payer_.core.receiver_id, "");
      auto answer = client_.Exchange(payer_.core.url, request, credentials_, encoding_);
      last_ok_ = static_cast<bool>(answer);
      if (!answer) {
        phase_ = 0;  // the next pass starts with acknowledgments again
        return answer.error();
      }
      const auto& e = answer->envelope;
      if (e.payload.empty() || e.error_message == "NoResultsPending") {
        ++phase_;
        continue;
      }
      std::string id = e.payload_id.empty() ? request.payload_id : e.payload_id;
      return std::optional<ResponseFile>(ResponseFile{ResponseKind(e.payload_type) + "_" + id,
                                                      std::move(answer->envelope.payload)});
    }
    phase_ = 0;
    return std::optional<ResponseFile>();
  }

  edi::Result<void> Done(const std::string&) override { return {}; }
  void Close() override {}

 private:
  edi::Result<transport::CoreMessage> Submit(const OutboundFile& file, std::string* payload_id) {
    auto request = transport::MakeCoreEnvelope(
        CoreMessageType::kBatchSubmission, SubmissionPayloadType(file.claim_types),
        payer_.core.sender_id, payer_.core.receiver_id, file.bytes);
    request.payload_id = StablePayloadId(file.bytes);
    *payload_id = request.payload_id;
    auto answer = client_.Exchange(payer_.core.url, request, credentials_, encoding_);
    last_ok_ = static_cast<bool>(answer) || answer.error().code == "core_error";
    return answer;
  }

  core::PayerConfig payer_;
  transport::CoreClient client_;
  transport::CoreCredentials credentials_;
  transport::CoreEncoding encoding_;
  bool last_ok_ = false;
  size_t phase_ = 0;  // FetchNext: 0 acknowledgments, 1 batch results, then the pass ends
};

}  // namespace

std::string StablePayloadId(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x40);  // version 4 layout
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

std::string SubmissionPayloadType(const std::vector<core::ClaimType>& types) {
  core::ClaimType first = types.empty() ? core::ClaimType::kProfessional : types.front();
  switch (first) {
    case core::ClaimType::kInstitutional:
      return "X12_837_Request_005010X223A2";
    case core::ClaimType::kDental:
      return "X12_837_Request_005010X224A2";
    default:
      return "X12_837_Request_005010X222A1";
  }
}

edi::Result<std::unique_ptr<PayerLink>> MakeCoreLink(const core::PayerConfig& payer) {
  return MakeCoreLink(payer, transport::CoreClientOptions{}.timeout);
}

edi::Result<std::unique_ptr<PayerLink>> MakeCoreLink(const core::PayerConfig& payer,
                                                     std::chrono::milliseconds exchange_timeout) {
  auto channel = MakeCoreChannel(payer);
  if (!channel) return channel.error();
  channel->options.timeout = exchange_timeout;
  return std::unique_ptr<PayerLink>(std::make_unique<CoreLink>(payer, std::move(channel->options),
                                                               std::move(channel->credentials)));
}

}  // namespace claimgate::pipeline
