// The CAQH CORE Connectivity Rule vC2.2.0 message model and its two encodings: a SOAP 1.2 envelope
// with a WS-Security UsernameToken, and HTTP MIME multipart/form-data. Pure functions over strings
// (no sockets); parsing is strict, size-limited and reports failures with the rule's error code
// names. Values are plain structs; all functions are thread-safe (RAND_bytes is thread-safe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edi/result.hpp"

namespace claimgate::transport {

inline constexpr std::string_view kCoreNamespace =
    "http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd";
inline constexpr std::string_view kSoap12Namespace = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kCoreRuleVersion = "2.2.0";

// The message kinds of the rule; each maps to one SOAP body element name (COREEnvelope...).
enum class CoreMessageType {
  kRealTimeRequest,
  kRealTimeResponse,
  kBatchSubmission,
  kBatchSubmissionResponse,
  kBatchSubmissionAckRetrievalRequest,
  kBatchSubmissionAckRetrievalResponse,
  kBatchResultsRetrievalRequest,
  kBatchResultsRetrievalResponse,
};
inline constexpr int kCoreMessageTypeCount = 8;

std::string_view CoreElementName(CoreMessageType type);
std::optional<CoreMessageType> CoreMessageTypeFromElement(std::string_view local_name);
bool IsResponse(CoreMessageType type);      // carries ErrorCode/ErrorMessage
bool CarriesPayload(CoreMessageType type);  // Payload + CheckSum required

// One CORE envelope. Field names follow the rule; optional ones are empty when absent.
struct CoreEnvelope {
  CoreMessageType type = CoreMessageType::kRealTimeRequest;
  std::string payload_type;                     // e.g. X12_837_Request_005010X222A1
  std::string processing_mode;                  // RealTime | Batch
  std::string payload_id;                       // UUID
  std::optional<std::uint64_t> payload_length;  // bytes of payload (batch)
  std::string timestamp;                        // xs:dateTime, UTC (…Z)
  std::string sender_id;
  std::string receiver_id;
  std::string core_rule_version{kCoreRuleVersion};
  std::string checksum;    // SHA-1 of payload, lower-case hex
  std::string payload;     // X12 text (or empty for retrieval requests)
  std::string error_code;  // responses: "Success" or a rule error code
  std::string error_message;
};

struct CoreCredentials {
  std::string username;
  std::string password;  // WS-Security PasswordText / MIME "Password" part
};

// An envelope as received, with the credentials it carried.
struct CoreMessage {
  CoreEnvelope envelope;
  CoreCredentials credentials;
};

struct CoreParseLimits {
  std::size_t max_message_bytes = 64u << 20;  // whole HTTP body
  std::size_t max_payload_bytes = 60u << 20;
  std::size_t max_field_bytes = 512;  // every field except Payload
  std::size_t max_parts = 32;         // MIME parts
};

// A fresh UUID v4 from OpenSSL RAND_bytes (lower-case, 36 chars). Empty if RAND_bytes fails.
std::string NewPayloadId();
// Now as xs:dateTime in UTC, e.g. 2026-11-27T01:02:03Z.
std::string CoreTimeStampNow();
// Lower-case hex digests via OpenSSL EVP.
std::string Sha1Hex(std::string_view data);
std::string Sha256Hex(std::string_view data);

// A complete envelope: new PayloadID, TimeStamp now, rule version, and for payload-carrying types
// CheckSum (SHA-1) and PayloadLength.
CoreEnvelope MakeCoreEnvelope(CoreMessageType type, std::string payload_type, std::string sender_id,
                              std::string receiver_id, std::string payload);

// Checks required fields, formats, PayloadLength and CheckSum. Error.code is the rule's name
// (PayloadIDRequired, CheckSumIllegal, ...); Error.message names the field.
edi::Result<void> ValidateCoreEnvelope(const CoreEnvelope& envelope, const CoreParseLimits& limits);

// (a) SOAP 1.2. Payload is escaped XML text. Content type: application/soap+xml; charset=utf-8.
std::string BuildCoreSoap(const CoreEnvelope& envelope, const CoreCredentials& credentials);
// Parses and validates. Error codes besides the rule's: EnvelopeTooLarge, MalformedEnvelope,
// WrongNamespace, UnknownEnvelope.
edi::Result<CoreMessage> ParseCoreSoap(std::string_view body, const CoreParseLimits& limits = {});

// (b) MIME multipart/form-data: one part per field, named as in the rule.
struct MimeBody {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string body;
};
MimeBody BuildCoreMime(const CoreEnvelope& envelope, const CoreCredentials& credentials);
// MIME carries no element name, so the caller says which message it expects.
edi::Result<CoreMessage> ParseCoreMime(std::string_view content_type, std::string_view body,
                                       CoreMessageType expected,
                                       const CoreParseLimits& limits = {});

}  // namespace claimgate::transport
