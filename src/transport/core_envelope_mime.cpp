// CORE envelopes as HTTP MIME multipart/form-data (RFC 7578): one part per rule field, plus
// Username and Password parts. The parser bounds every size before it copies anything.
#include <algorithm>
#include <cctype>
#include <set>

#include "src/transport/core_envelope.hpp"
#include "src/transport/core_envelope_internal.hpp"

namespace claimgate::transport {
namespace {

constexpr std::size_t kMaxHeaderBlock = 1024;
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046

edi::Error Err(std::string code, std::string message) {
  return detail::CoreError(std::move(code), std::move(message));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AddPart(std::string& body, std::string_view boundary, std::string_view name,
             std::string_view value, bool file) {
  body += "--";
  body += boundary;
  body += "\r\nContent-Disposition: form-data; name=\"";
  body += name;
  body += file ? "\"; filename=\"payload\"\r\nContent-Type: application/octet-stream\r\n\r\n"
               : "\"\r\n\r\n";
  body += value;
  body += "\r\n";
}

// The boundary parameter of a multipart/form-data content type, or empty.
std::string BoundaryOf(std::string_view content_type) {
  const std::string lower = Lower(content_type);
  if (lower.rfind("multipart/form-data", 0) != 0) return {};
  const auto pos = lower.find("boundary=");
  if (pos == std::string::npos) return {};
  std::string_view b = content_type.substr(pos + 9);
  if (!b.empty() && b.front() == '"') {
    b.remove_prefix(1);
    const auto end = b.find('"');
    if (end == std::string_view::npos) return {};
    b = b.substr(0, end);
  } else {
    b = b.substr(0, std::min(b.find(';'), b.size()));
    while (!b.empty() && (b.back() == ' ' || b.back() == '\t')) b.remove_suffix(1);
  }
  if (b.empty() || b.size() > kMaxBoundary) return {};
  return std::string(b);
}

// The name="..." of a part's Content-Disposition header, or empty.
std::string PartName(std::string_view headers) {
  const std::string lower = Lower(headers);
  const auto cd = lower.find("content-disposition:");
  if (cd == std::string::npos) return {};
  const auto line_end = std::min(lower.find("\r\n", cd), lower.size());
  const std::string_view line = std::string_view(headers).substr(cd, line_end - cd);
  const auto name = Lower(line).find(" name=\"");
  const auto name2 = Lower(line).find(";name=\"");
  const auto at = name != std::string::npos ? name : name2;
  if (at == std::string::npos) return {};
  const std::string_view rest = line.substr(at + 7);
  const auto end = rest.find('"');
  if (end == std::string_view::npos) return {};
  return std::string(rest.substr(0, end));
}

}  // namespace

MimeBody BuildCoreMime(const CoreEnvelope& e, const CoreCredentials& credentials) {
  std::string boundary;
  do {
    boundary = "CoreBoundary" + NewPayloadId();
  } while (e.payload.find(boundary) != std::string::npos);
  MimeBody out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  AddPart(out.body, boundary, "Username", credentials.username, false);
  AddPart(out.body, boundary, "Password", credentials.password, false);
  const std::pair<std::string_view, std::string> fields[] = {
      {"PayloadType", e.payload_type},
      {"ProcessingMode", e.processing_mode},
      {"PayloadID", e.payload_id},
      {"TimeStamp", e.timestamp},
      {"SenderID", e.sender_id},
      {"ReceiverID", e.receiver_id},
      {"CORERuleVersion", e.core_rule_version}};
  for (const auto& [name, value] : fields) AddPart(out.body, boundary, name, value, false);
  if (e.payload_length)
    AddPart(out.body, boundary, "PayloadLength", std::to_string(*e.payload_length), false);
  if (!e.checksum.empty()) AddPart(out.body, boundary, "CheckSum", e.checksum, false);
  if (IsResponse(e.type)) {
    AddPart(out.body, boundary, "ErrorCode", e.error_code, false);
    AddPart(out.body, boundary, "ErrorMessage", e.error_message, false);
  }
  if (!e.payload.empty() || CarriesPayload(e.type))
    AddPart(out.body, boundary, "Payload", e.payload, true);
  out.body += "--" + boundary + "--\r\n";
  return out;
}

edi::Result<CoreMessage> ParseCoreMime(std::string_view content_type, std::string_view body,
                                       CoreMessageType expected, const CoreParseLimits& limits) {
  if (body.size() > limits.max_message_bytes)
    return Err("EnvelopeTooLarge", "MIME message exceeds the size limit");
  const std::string boundary = BoundaryOf(content_type);
  if (boundary.empty())
    return Err("MalformedEnvelope", "content type is not multipart/form-data with a boundary");
  const std::string first = "--" + boundary;
  const std::string delimiter = "\r\n--" + boundary;
  // Preamble is allowed by RFC 2046; the first delimiter may sit at the very start.
  std::size_t pos = body.rfind(first, 0) == 0 ? 0 : body.find(delimiter);
  if (pos == std::string_view::npos) return Err("MalformedEnvelope", "no opening boundary");
  pos += (pos == 0 ? first.size() : delimiter.size());

  CoreMessage msg;
  msg.envelope.type = expected;
  msg.envelope.core_rule_version.clear();
  std::set<std::string, std::less<>> seen;
  for (std::size_t parts = 0;; ++parts) {
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (parts >= limits.max_parts) return Err("MalformedEnvelope", "too many MIME parts");
    if (body.substr(pos, 2) != "\r\n") return Err("MalformedEnvelope", "bad boundary line");
    pos += 2;
    const auto header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos || header_end - pos > kMaxHeaderBlock)
      return Err("MalformedEnvelope", "part headers missing or too long");
    const std::string name = PartName(body.substr(pos, header_end - pos));
    if (name.empty()) return Err("MalformedEnvelope", "part without a form-data name");
    const std::size_t content = header_end + 4;
    const auto next = body.find(delimiter, content);
    if (next == std::string_view::npos)
      return Err("MalformedEnvelope", "part " + name + " has no closing boundary");
    const std::size_t size = next - content;
    const std::size_t limit = name == "Payload" ? limits.max_payload_bytes : limits.max_field_bytes;
    if (size > limit) return Err(name + "Illegal", name + " exceeds the size limit");
    if (!seen.insert(name).second) return Err(name + "Illegal", name + " appears twice");
    std::string value(body.substr(content, size));
    bool bad_number = false;
    if (name == "Username") {
      msg.credentials.username = std::move(value);
    } else if (name == "Password") {
      msg.credentials.password = std::move(value);
    } else if (!detail::SetCoreField(msg.envelope, name, std::move(value), bad_number)) {
      return Err("MalformedEnvelope", "unknown form part " + name);
    }
    if (bad_number) return Err(name + "Illegal", name + " is not a number");
    pos = next + delimiter.size();
  }
  if (auto ok = ValidateCoreEnvelope(msg.envelope, limits); !ok) return ok.error();
  return msg;
}

}  // namespace claimgate::transport
