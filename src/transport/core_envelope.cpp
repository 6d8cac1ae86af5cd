// CORE Connectivity vC2.2.0 envelopes: model helpers, validation, SOAP 1.2 and MIME encodings.
#include "src/transport/core_envelope.hpp"
#include "src/transport/core_envelope_internal.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <pugixml.hpp>

namespace claimgate::transport {
namespace {

constexpr std::array<std::string_view, kCoreMessageTypeCount> kElementNames = {
    "COREEnvelopeRealTimeRequest",
    "COREEnvelopeRealTimeResponse",
    "COREEnvelopeBatchSubmission",
    "COREEnvelopeBatchSubmissionResponse",
    "COREEnvelopeBatchSubmissionAckRetrievalRequest",
    "COREEnvelopeBatchSubmissionAckRetrievalResponse",
    "COREEnvelopeBatchResultsRetrievalRequest",
    "COREEnvelopeBatchResultsRetrievalResponse",
};

edi::Error Err(std::string code, std::string message) {
  return detail::CoreError(std::move(code), std::move(message));
}

std::string DigestHex(const EVP_MD* md, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 0xF]);
  }
  return hex;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// xs:dateTime with a time zone: YYYY-MM-DDThh:mm:ss[.f+](Z|(+|-)hh:mm).
bool IsDateTime(std::string_view s) {
  auto digits = [&](std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return false;
    for (std::size_t i = pos; i < pos + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
  };
  if (s.size() < 20 || !digits(0, 4) || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2) || s[10] != 'T' || !digits(11, 2) || s[13] != ':' || !digits(14, 2) ||
      s[16] != ':' || !digits(17, 2))
    return false;
  std::size_t p = 19;
  if (s[p] == '.') {
    ++p;
    const std::size_t start = p;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
    if (p == start) return false;
  }
  std::string_view tz = s.substr(p);
  if (tz == "Z") return true;
  return tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && digits(p + 1, 2) && tz[3] == ':' &&
         digits(p + 4, 2);
}

bool IsPrintableField(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return true;
}

}  // namespace

std::string_view CoreElementName(CoreMessageType type) {
  return kElementNames[static_cast<std::size_t>(type)];
}

std::optional<CoreMessageType> CoreMessageTypeFromElement(std::string_view local_name) {
  for (std::size_t i = 0; i < kElementNames.size(); ++i)
    if (kElementNames[i] == local_name) return static_cast<CoreMessageType>(i);
  return std::nullopt;
}

bool IsResponse(CoreMessageType type) {
  switch (type) {
    case CoreMessageType::kRealTimeResponse:
    case CoreMessageType::kBatchSubmissionResponse:
    case CoreMessageType::kBatchSubmissionAckRetrievalResponse:
    case CoreMessageType::kBatchResultsRetrievalResponse:
      return true;
    default:
      return false;
  }
}

bool CarriesPayload(CoreMessageType type) {
  switch (type) {
    case CoreMessageType::kRealTimeRequest:
    case CoreMessageType::kRealTimeResponse:
    case CoreMessageType::kBatchSubmission:
    case CoreMessageType::kBatchSubmissionAckRetrievalResponse:
    case CoreMessageType::kBatchResultsRetrievalResponse:
      return true;
    default:
      return false;
  }
}

std::string NewPayloadId() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) return {};
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof(out),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string CoreTimeStampNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string Sha1Hex(std::string_view data) { return DigestHex(EVP_sha1(), data); }
std::string Sha256Hex(std::string_view data) { return DigestHex(EVP_sha256(), data); }

CoreEnvelope MakeCoreEnvelope(CoreMessageType type, std::string payload_type, std::string sender_id,
                              std::string receiver_id, std::string payload) {
  CoreEnvelope e;
  e.type = type;
  e.payload_type = std::move(payload_type);
  e.processing_mode =
      (type == CoreMessageType::kRealTimeRequest || type == CoreMessageType::kRealTimeResponse)
          ? "RealTime"
          : "Batch";
  e.payload_id = NewPayloadId();
  e.timestamp = CoreTimeStampNow();
  e.sender_id = std::move(sender_id);
  e.receiver_id = std::move(receiver_id);
  e.payload = std::move(payload);
  if (CarriesPayload(type)) {
    e.checksum = Sha1Hex(e.payload);
    if (e.processing_mode == "Batch") e.payload_length = e.payload.size();
  }
  if (IsResponse(type)) e.error_code = "Success";
  return e;
}

edi::Result<void> ValidateCoreEnvelope(const CoreEnvelope& e, const CoreParseLimits& limits) {
  struct Field {
    std::string_view name;
    const std::string* value;
    bool required;
  };
  const bool response = IsResponse(e.type);
  // A retrieval answer with nothing to hand out ("NoResultsPending") or an error answer carries
  // no payload (CONTRACTS.md): Payload, CheckSum and PayloadLength are then optional.
  const bool empty_answer = response && e.payload.empty() &&
                            (e.error_code != "Success" || e.error_message == "NoResultsPending");
  const bool payload = CarriesPayload(e.type) && !empty_answer;
  const Field fields[] = {
      {"PayloadType", &e.payload_type, true},
      {"ProcessingMode", &e.processing_mode, true},
      {"PayloadID", &e.payload_id, true},
      {"TimeStamp", &e.timestamp, true},
      {"SenderID", &e.sender_id, true},
      {"ReceiverID", &e.receiver_id, true},
      {"CORERuleVersion", &e.core_rule_version, true},
      {"CheckSum", &e.checksum, payload},
      {"ErrorCode", &e.error_code, response},
      {"ErrorMessage", &e.error_message, false},
  };
  // A missing payload is named before its checksum (the checksum follows from the payload).
  if (payload && e.payload.empty()) return Err("PayloadRequired", "Payload is missing or empty");
  for (const Field& f : fields) {
    if (f.required && f.value->empty())
      return Err(std::string(f.name) + "Required", std::string(f.name) + " is missing or empty");
    if (f.value->size() > limits.max_field_bytes || !IsPrintableField(*f.value))
      return Err(std::string(f.name) + "Illegal", std::string(f.name) + " is too long or not text");
  }
  if (e.processing_mode != "RealTime" && e.processing_mode != "Batch")
    return Err("ProcessingModeIllegal", "ProcessingMode must be RealTime or Batch");
  if (!IsUuid(e.payload_id)) return Err("PayloadIDIllegal", "PayloadID is not a UUID");
  if (!IsDateTime(e.timestamp)) return Err("TimeStampIllegal", "TimeStamp is not xs:dateTime");
  if (e.core_rule_version != kCoreRuleVersion)
    return Err("VersionMismatch", "CORERuleVersion is not 2.2.0");
  if (e.payload.size() > limits.max_payload_bytes)
    return Err("PayloadIllegal", "Payload exceeds the size limit");
  if (payload && e.processing_mode == "Batch" && !e.payload_length)
    return Err("PayloadLengthRequired", "PayloadLength is missing");
  if (e.payload_length && *e.payload_length != e.payload.size())
    return Err("PayloadLengthIllegal", "PayloadLength does not match the payload size");
  if (!e.checksum.empty()) {
    std::string lower = e.checksum;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != Sha1Hex(e.payload))
      return Err("CheckSumIllegal", "CheckSum does not match the SHA-1 of the payload");
  }
  return {};
}

// Field access by rule name, shared by both encodings.
namespace detail {
bool SetCoreField(CoreEnvelope& e, std::string_view name, std::string value, bool& bad_number) {
  if (name == "PayloadType")
    e.payload_type = std::move(value);
  else if (name == "ProcessingMode")
    e.processing_mode = std::move(value);
  else if (name == "PayloadID")
    e.payload_id = std::move(value);
  else if (name == "TimeStamp")
    e.timestamp = std::move(value);
  else if (name == "SenderID")
    e.sender_id = std::move(value);
  else if (name == "ReceiverID")
    e.receiver_id = std::move(value);
  else if (name == "CORERuleVersion")
    e.core_rule_version = std::move(value);
  else if (name == "CheckSum")
    e.checksum = std::move(value);
  else if (name == "Payload")
    e.payload = std::move(value);
  else if (name == "ErrorCode")
    e.error_code = std::move(value);
  else if (name == "ErrorMessage")
    e.error_message = std::move(value);
  else if (name == "PayloadLength") {
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    bad_number = value.empty() || ec != std::errc() || ptr != value.data() + value.size();
    if (!bad_number) e.payload_length = n;
  } else {
    return false;
  }
  return true;
}
}  // namespace detail

}  // namespace claimgate::transport
