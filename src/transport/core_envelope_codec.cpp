// CORE envelope encodings: SOAP 1.2 + WS-Security UsernameToken (pugixml) and MIME
// multipart/form-data. Parsing is strict: size limits first, then structure, then the rule's
// checks.
#include <array>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "src/transport/core_envelope.hpp"
#include "src/transport/core_envelope_internal.hpp"

namespace claimgate::transport {
namespace {

constexpr std::string_view kWsseNamespace =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
constexpr std::string_view kPasswordTextType =
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-username-token-profile-1.0#PasswordText";

edi::Error Err(std::string code, std::string message) {
  return detail::CoreError(std::move(code), std::move(message));
}

// The fields in the order they are written, with their values; empty optional fields are skipped.
std::vector<std::pair<std::string_view, std::string>> OrderedFields(const CoreEnvelope& e) {
  std::vector<std::pair<std::string_view, std::string>> out = {
      {"PayloadType", e.payload_type},
      {"ProcessingMode", e.processing_mode},
      {"PayloadID", e.payload_id}};
  if (e.payload_length) out.emplace_back("PayloadLength", std::to_string(*e.payload_length));
  out.emplace_back("TimeStamp", e.timestamp);
  out.emplace_back("SenderID", e.sender_id);
  out.emplace_back("ReceiverID", e.receiver_id);
  out.emplace_back("CORERuleVersion", e.core_rule_version);
  if (!e.checksum.empty()) out.emplace_back("CheckSum", e.checksum);
  if (IsResponse(e.type)) {
    out.emplace_back("ErrorCode", e.error_code);
    out.emplace_back("ErrorMessage", e.error_message);
  }
  if (!e.payload.empty() || CarriesPayload(e.type)) out.emplace_back("Payload", e.payload);
  return out;
}

std::string_view LocalName(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The namespace URI of an element, resolved through the xmlns declarations in scope.
std::string_view NamespaceOf(pugi::xml_node node) {
  const std::string_view qname = node.name();
  const auto colon = qname.find(':');
  const std::string attr = colon == std::string_view::npos
                               ? std::string("xmlns")
                               : "xmlns:" + std::string(qname.substr(0, colon));
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

pugi::xml_node ChildNs(pugi::xml_node parent, std::string_view local, std::string_view ns) {
  for (pugi::xml_node c : parent.children())
    if (c.type() == pugi::node_element && LocalName(c.name()) == local && NamespaceOf(c) == ns)
      return c;
  return {};
}

}  // namespace

std::string BuildCoreSoap(const CoreEnvelope& e, const CoreCredentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node env = doc.append_child("soapenv:Envelope");
  env.append_attribute("xmlns:soapenv") = std::string(kSoap12Namespace).c_str();
  env.append_attribute("xmlns:cor") = std::string(kCoreNamespace).c_str();
  pugi::xml_node header = env.append_child("soapenv:Header");
  pugi::xml_node sec = header.append_child("wsse:Security");
  sec.append_attribute("xmlns:wsse") = std::string(kWsseNamespace).c_str();
  sec.append_attribute("soapenv:mustUnderstand") = "true";
  pugi::xml_node token = sec.append_child("wsse:UsernameToken");
  token.append_child("wsse:Username").text() = credentials.username.c_str();
  pugi::xml_node pw = token.append_child("wsse:Password");
  pw.append_attribute("Type") = std::string(kPasswordTextType).c_str();
  pw.text() = credentials.password.c_str();
  pugi::xml_node core = env.append_child("soapenv:Body")
                            .append_child(("cor:" + std::string(CoreElementName(e.type))).c_str());
  for (const auto& [name, value] : OrderedFields(e))
    core.append_child(("cor:" + std::string(name)).c_str()).text() = value.c_str();
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

edi::Result<CoreMessage> ParseCoreSoap(std::string_view body, const CoreParseLimits& limits) {
  if (body.size() > limits.max_message_bytes)
    return Err("EnvelopeTooLarge", "SOAP message exceeds the size limit");
  if (body.find("<!DOCTYPE") != std::string_view::npos ||
      body.find("<!ENTITY") != std::string_view::npos)
    return Err("MalformedEnvelope", "DTDs are not accepted");
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed)
    return Err("MalformedEnvelope",
               "XML error at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
  pugi::xml_node env = doc.document_element();
  if (LocalName(env.name()) != "Envelope") return Err("MalformedEnvelope", "root is not Envelope");
  if (NamespaceOf(env) != kSoap12Namespace)
    return Err("WrongNamespace", "Envelope is not in the SOAP 1.2 namespace");
  pugi::xml_node soap_body = ChildNs(env, "Body", kSoap12Namespace);
  if (!soap_body) return Err("MalformedEnvelope", "SOAP Body is missing");
  pugi::xml_node core =
      soap_body.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
  if (!core) return Err("MalformedEnvelope", "SOAP Body is empty");
  if (NamespaceOf(core) != kCoreNamespace)
    return Err("WrongNamespace", "body element is not in the CORE 2.2.0 namespace");
  const auto type = CoreMessageTypeFromElement(LocalName(core.name()));
  if (!type) return Err("UnknownEnvelope", "unknown CORE body element");

  CoreMessage msg;
  msg.envelope.type = *type;
  msg.envelope.core_rule_version.clear();
  std::set<std::string, std::less<>> seen;
  for (pugi::xml_node f : core.children()) {
    if (f.type() != pugi::node_element) continue;
    const std::string name(LocalName(f.name()));
    if (NamespaceOf(f) != kCoreNamespace)
      return Err("WrongNamespace", name + " is not in the CORE 2.2.0 namespace");
    if (!seen.insert(name).second) return Err(name + "Illegal", name + " appears twice");
    bool bad_number = false;
    if (!detail::SetCoreField(msg.envelope, name, f.text().get(), bad_number))
      return Err("MalformedEnvelope", "unknown CORE field " + name);
    if (bad_number) return Err(name + "Illegal", name + " is not a number");
  }
  if (pugi::xml_node header = ChildNs(env, "Header", kSoap12Namespace)) {
    pugi::xml_node token =
        ChildNs(ChildNs(header, "Security", kWsseNamespace), "UsernameToken", kWsseNamespace);
    msg.credentials.username = ChildNs(token, "Username", kWsseNamespace).text().get();
    pugi::xml_node pw = ChildNs(token, "Password", kWsseNamespace);
    const std::string_view pw_type = pw.attribute("Type").value();
    if (pw && !pw_type.empty() && pw_type != kPasswordTextType)
      return Err("UnAuthorized", "only PasswordText is supported");
    msg.credentials.password = pw.text().get();
  }
  if (auto ok = ValidateCoreEnvelope(msg.envelope, limits); !ok) return ok.error();
  return msg;
}

}  // namespace claimgate::transport
