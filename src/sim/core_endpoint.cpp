#include "src/sim/core_endpoint.hpp"

#include <array>

#include "src/sim/status_answer.hpp"
#include "src/transport/core_envelope.hpp"

namespace claimgate::sim {
namespace {

using transport::CoreMessage;
using transport::CoreMessageType;

constexpr std::string_view kAckRetrieval = "X12_999_RetrievalRequest_005010X231A1";
constexpr std::string_view kResultsRetrieval = "X12_005010_Request_Batch_Results";

std::string_view PayloadTypeOf(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::kTa1: return "X12_TA1_Response_00501X231A1";
    case ResponseKind::k999: return "X12_999_Response_005010X231A1";
    case ResponseKind::k277ca: return "X12_277CA_Response_005010X214";
    case ResponseKind::k835: return "X12_835_Response_005010X221A1";
  }
  return "";
}

// MIME carries no element name: the PayloadType says which request it is.
edi::Result<CoreMessage> ParseMime(std::string_view content_type, std::string_view body) {
  constexpr std::array kTypes{CoreMessageType::kBatchSubmission,
                              CoreMessageType::kBatchSubmissionAckRetrievalRequest,
                              CoreMessageType::kBatchResultsRetrievalRequest};
  edi::Result<CoreMessage> first = edi::Error{"MalformedEnvelope", "no parts"};
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    edi::Result<CoreMessage> m = transport::ParseCoreMime(content_type, body, kTypes[i]);
    if (!m) {
      if (i == 0) first = m;
      continue;
    }
    if (m->envelope.processing_mode == "RealTime") {
      m->envelope.type = CoreMessageType::kRealTimeRequest;  // MIME names no message type
      return m;
    }
    const std::string& type = m->envelope.payload_type;
    const bool ack = type == kAckRetrieval, results = type == kResultsRetrieval;
    if ((kTypes[i] == CoreMessageType::kBatchSubmission && !ack && !results) ||
        (kTypes[i] == CoreMessageType::kBatchSubmissionAckRetrievalRequest && ack) ||
        (kTypes[i] == CoreMessageType::kBatchResultsRetrievalRequest && results)) {
      return m;
    }
  }
  return first;
}

}  // namespace

CoreEndpoint::CoreEndpoint(State& state) : state_(state) {}

void CoreEndpoint::Register(api::Router& router) {
  api::RouteOptions options;
  options.body = api::BodyClass::kBulk;
  options.blocking = true;  // files under the state directory
  // No API key: the CORE envelope carries its own credentials, which Handle() checks.
  options.public_route = true;
  router.Add("POST", "/core", [this](const api::Request& r) { return Handle(r); }, options);
}

api::Response CoreEndpoint::Handle(const api::Request& request) {
  const std::uint64_t n = ++requests_;
  const FaultConfig& faults = state_.config().faults;
  const CoreSideConfig& core = state_.config().core;
  if (n <= static_cast<std::uint64_t>(faults.http_5xx_first_n) ||
      (faults.http_5xx_every_n > 0 && n % static_cast<std::uint64_t>(faults.http_5xx_every_n) == 0)) {
    return api::Response::Text(503, "simulated outage (faults.http_5xx_*)\n");
  }
  const std::string content_type(request.headers.Get("Content-Type").value_or(""));
  const bool mime = content_type.rfind("multipart/", 0) == 0;
  edi::Result<CoreMessage> in =
      mime ? ParseMime(content_type, request.body) : transport::ParseCoreSoap(request.body);
  if (!in) {
    return api::Response::Text(400, in.error().code + ": " + in.error().message + "\n");
  }
  if (in->credentials.username != core.username || in->credentials.password != core.password) {
    return api::Response::Text(401, "UnAuthorized: wrong username or password\n");
  }
  const transport::CoreEnvelope& req = in->envelope;
  CoreMessageType type = req.type;
  if (mime && req.payload_type == kAckRetrieval) {
    type = CoreMessageType::kBatchSubmissionAckRetrievalRequest;
  } else if (mime && req.payload_type == kResultsRetrieval) {
    type = CoreMessageType::kBatchResultsRetrievalRequest;
  }
  std::string payload_type, payload, error_code = "Success", error_message;
  CoreMessageType answer_type;
  switch (type) {
    case CoreMessageType::kBatchSubmission: {
      answer_type = CoreMessageType::kBatchSubmissionResponse;
      payload_type = req.payload_type;
      edi::Result<bool> received = state_.Receive("core", "core:" + req.payload_id, req.payload);
      if (!received) {
        return api::Response::Text(500, "the simulator cannot store its answer\n");
      }
      break;
    }
    case CoreMessageType::kBatchSubmissionAckRetrievalRequest:
    case CoreMessageType::kBatchResultsRetrievalRequest: {
      const bool acks = type == CoreMessageType::kBatchSubmissionAckRetrievalRequest;
      answer_type = acks ? CoreMessageType::kBatchSubmissionAckRetrievalResponse
                         : CoreMessageType::kBatchResultsRetrievalResponse;
      payload_type = req.payload_type;
      std::optional<std::string> taken;
      for (const OutboxItem& item : state_.Due("core", State::NowMs(), acks)) {
        taken = state_.Take(item);
        if (taken) {
          payload_type = PayloadTypeOf(item.kind);
          payload = std::move(*taken);
          break;
        }
      }
      if (payload.empty()) error_message = "NoResultsPending";
      break;
    }
    case CoreMessageType::kRealTimeRequest: {
      answer_type = CoreMessageType::kRealTimeResponse;
      payload_type = req.payload_type;
      if (req.payload_type != kStatusRequestPayloadType) {
        error_code = "PayloadTypeIllegal";
        error_message = "real time answers X12_276_Request_005010X212 only";
        break;
      }
      StatusInquiryAnswer status = state_.AnswerRealTime(req.payload);
      if (status.bytes.empty()) {
        error_code = "PayloadIllegal";
        error_message = "the payload is not an X12 interchange that can be answered";
        break;
      }
      payload_type = status.payload_type;
      payload = std::move(status.bytes);
      break;
    }
    default:
      return api::Response::Text(400, "UnsupportedMessage: not a request\n");
  }
  transport::CoreEnvelope out = transport::MakeCoreEnvelope(
      answer_type, payload_type, core.receiver_id, req.sender_id, std::move(payload));
  out.error_code = error_code;
  out.error_message = error_message;
  api::Response response;
  if (mime) {
    transport::MimeBody body = transport::BuildCoreMime(out, {});
    response.content_type = body.content_type;
    response.body = std::move(body.body);
  } else {
    response.content_type = "application/soap+xml; charset=utf-8";
    response.body = transport::BuildCoreSoap(out, {});
  }
  return response;
}

}  // namespace claimgate::sim
