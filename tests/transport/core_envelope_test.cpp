// CORE vC2.2.0 envelopes: round trips through SOAP and MIME for every message type, and strict
// rejection of hand-written hostile or incomplete messages with the rule's error code names.
#include "src/transport/core_envelope.hpp"

#include <gtest/gtest.h>

#include <string>

namespace claimgate::transport {
namespace {

constexpr std::string_view kX12 =
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261127*0101*^*00501*"
    "000000001*0*T*:~GS*HC*S*R*20261127*0101*1*X*005010X222A1~ST*837*0001~SE*2*0001~GE*1*1~"
    "IEA*1*000000001~";

CoreCredentials Creds() { return {"submitter01", "p&ss<word>"}; }

CoreEnvelope Sample(CoreMessageType type) {
  const bool payload = CarriesPayload(type);
  return MakeCoreEnvelope(type, "X12_837_Request_005010X222A1", "SENDER01", "RECEIVER01",
                          payload ? std::string(kX12) : std::string());
}

void ExpectSame(const CoreEnvelope& a, const CoreEnvelope& b) {
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.payload_type, b.payload_type);
  EXPECT_EQ(a.processing_mode, b.processing_mode);
  EXPECT_EQ(a.payload_id, b.payload_id);
  EXPECT_EQ(a.payload_length, b.payload_length);
  EXPECT_EQ(a.timestamp, b.timestamp);
  EXPECT_EQ(a.sender_id, b.sender_id);
  EXPECT_EQ(a.receiver_id, b.receiver_id);
  EXPECT_EQ(a.core_rule_version, b.core_rule_version);
  EXPECT_EQ(a.checksum, b.checksum);
  EXPECT_EQ(a.payload, b.payload);
  EXPECT_EQ(a.error_code, b.error_code);
  EXPECT_EQ(a.error_message, b.error_message);
}

class EveryMessageType : public ::testing::TestWithParam<int> {};

TEST_P(EveryMessageType, RoundTripsThroughSoap) {
  const CoreEnvelope e = Sample(static_cast<CoreMessageType>(GetParam()));
  const auto parsed = ParseCoreSoap(BuildCoreSoap(e, Creds()));
  ASSERT_TRUE(parsed) << parsed.error().code << ": " << parsed.error().message;
  ExpectSame(parsed->envelope, e);
  EXPECT_EQ(parsed->credentials.username, "submitter01");
  EXPECT_EQ(parsed->credentials.password, "p&ss<word>");
}

TEST_P(EveryMessageType, RoundTripsThroughMime) {
  const CoreEnvelope e = Sample(static_cast<CoreMessageType>(GetParam()));
  const MimeBody mime = BuildCoreMime(e, Creds());
  const auto parsed = ParseCoreMime(mime.content_type, mime.body, e.type);
  ASSERT_TRUE(parsed) << parsed.error().code << ": " << parsed.error().message;
  ExpectSame(parsed->envelope, e);
  EXPECT_EQ(parsed->credentials.password, "p&ss<word>");
}

INSTANTIATE_TEST_SUITE_P(CoreEnvelope, EveryMessageType,
                         ::testing::Range(0, kCoreMessageTypeCount));

TEST(CoreEnvelope, PayloadIdIsRandomUuidV4AndChecksumIsSha1OfPayload) {
  const CoreEnvelope a = Sample(CoreMessageType::kBatchSubmission);
  const CoreEnvelope b = Sample(CoreMessageType::kBatchSubmission);
  EXPECT_NE(a.payload_id, b.payload_id);
  ASSERT_EQ(a.payload_id.size(), 36u);
  EXPECT_EQ(a.payload_id[14], '4');
  EXPECT_NE(std::string("89ab").find(a.payload_id[19]), std::string::npos);
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");  // FIPS 180 vector
  EXPECT_EQ(a.checksum, Sha1Hex(kX12));
  EXPECT_EQ(a.payload_length, kX12.size());
  EXPECT_EQ(a.timestamp.back(), 'Z');
}

// A hand-written SOAP request; `drop` removes one field, `core_ns` and `extra` alter it.
std::string HandSoap(std::string_view drop = "",
                     std::string_view core_ns = "http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd",
                     std::string_view length = "11", std::string_view checksum = "") {
  const std::string payload = "ISA*00*X~ok";
  const std::string sum = checksum.empty() ? Sha1Hex(payload) : std::string(checksum);
  const std::pair<std::string_view, std::string> fields[] = {
      {"PayloadType", "X12_837_Request_005010X222A1"},
      {"ProcessingMode", "Batch"},
      {"PayloadID", "f81d4fae-7dec-41d0-a765-00a0c91e6bf6"},
      {"PayloadLength", std::string(length)},
      {"TimeStamp", "2026-11-27T01:02:03Z"},
      {"SenderID", "S1"},
      {"ReceiverID", "R1"},
      {"CORERuleVersion", "2.2.0"},
      {"CheckSum", sum},
      {"Payload", payload}};
  std::string xml =
      "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
      "<s:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
      "oasis-200401-wss-wssecurity-secext-1.0.xsd\"><wsse:UsernameToken><wsse:Username>u"
      "</wsse:Username><wsse:Password>pw</wsse:Password></wsse:UsernameToken></wsse:Security>"
      "</s:Header><s:Body><c:COREEnvelopeBatchSubmission xmlns:c=\"" +
      std::string(core_ns) + "\">";
  for (const auto& [name, value] : fields) {
    if (name == drop) continue;
    xml += "<c:" + std::string(name) + ">" + value + "</c:" + std::string(name) + ">";
  }
  return xml + "</c:COREEnvelopeBatchSubmission></s:Body></s:Envelope>";
}

TEST(CoreSoapParse, AcceptsHandWrittenBatchSubmission) {
  const auto parsed = ParseCoreSoap(HandSoap());
  ASSERT_TRUE(parsed) << parsed.error().code;
  EXPECT_EQ(parsed->envelope.type, CoreMessageType::kBatchSubmission);
  EXPECT_EQ(parsed->credentials.username, "u");
  EXPECT_EQ(parsed->envelope.payload, "ISA*00*X~ok");
}

TEST(CoreSoapParse, NamesEachMissingRequiredField) {
  for (std::string_view field :
       {"PayloadType", "ProcessingMode", "PayloadID", "PayloadLength", "TimeStamp", "SenderID",
        "ReceiverID", "CORERuleVersion", "CheckSum", "Payload"}) {
    const auto parsed = ParseCoreSoap(HandSoap(field));
    ASSERT_FALSE(parsed) << field;
    EXPECT_EQ(parsed.error().code, std::string(field) + "Required") << field;
  }
}

TEST(CoreSoapParse, RejectsWrongCoreNamespace) {
  const auto parsed =
      ParseCoreSoap(HandSoap("", "http://www.caqh.org/SOAP/WSDL/CORERule2.1.0.xsd"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "WrongNamespace");
}

TEST(CoreSoapParse, RejectsPayloadLengthMismatch) {
  const auto parsed = ParseCoreSoap(HandSoap("", kCoreNamespace, "12"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "PayloadLengthIllegal");
  EXPECT_EQ(ParseCoreSoap(HandSoap("", kCoreNamespace, "1x")).error().code, "PayloadLengthIllegal");
}

TEST(CoreSoapParse, RejectsCheckSumMismatch) {
  const auto parsed = ParseCoreSoap(HandSoap("", kCoreNamespace, "11", std::string(40, '0')));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "CheckSumIllegal");
}

TEST(CoreSoapParse, RejectsOversizeMessageBeforeParsing) {
  CoreParseLimits limits;
  limits.max_message_bytes = 100;
  EXPECT_EQ(ParseCoreSoap(HandSoap(), limits).error().code, "EnvelopeTooLarge");
}

TEST(CoreSoapParse, RejectsMalformedXmlAndDtds) {
  std::string cut = HandSoap();
  cut.resize(cut.size() - 20);
  EXPECT_EQ(ParseCoreSoap(cut).error().code, "MalformedEnvelope");
  EXPECT_EQ(ParseCoreSoap("<!DOCTYPE x [<!ENTITY a \"b\">]>" + HandSoap()).error().code,
            "MalformedEnvelope");
  EXPECT_EQ(ParseCoreSoap("").error().code, "MalformedEnvelope");
}

TEST(CoreSoapParse, RejectsDuplicateField) {
  std::string xml = HandSoap();
  const std::string dup = "<c:SenderID>S2</c:SenderID>";
  xml.insert(xml.find("<c:ReceiverID>"), dup);
  EXPECT_EQ(ParseCoreSoap(xml).error().code, "SenderIDIllegal");
}

TEST(CoreMimeParse, NamesEachMissingRequiredField) {
  const CoreEnvelope e = Sample(CoreMessageType::kBatchSubmission);
  const MimeBody mime = BuildCoreMime(e, Creds());
  for (std::string_view field :
       {"PayloadType", "ProcessingMode", "PayloadID", "PayloadLength", "TimeStamp", "SenderID",
        "ReceiverID", "CORERuleVersion", "CheckSum", "Payload"}) {
    // Cut the part named `field` out of the body: from its delimiter to the next one.
    std::string body = mime.body;
    const auto at = body.find("name=\"" + std::string(field) + "\"");
    ASSERT_NE(at, std::string::npos) << field;
    const auto start = body.rfind("--CoreBoundary", at);
    const auto end = body.find("--CoreBoundary", at);
    body.erase(start, end - start);
    const auto parsed = ParseCoreMime(mime.content_type, body, e.type);
    ASSERT_FALSE(parsed) << field;
    EXPECT_EQ(parsed.error().code, std::string(field) + "Required") << field;
  }
}

TEST(CoreMimeParse, RejectsMissingClosingBoundary) {
  const CoreEnvelope e = Sample(CoreMessageType::kRealTimeRequest);
  const MimeBody mime = BuildCoreMime(e, Creds());
  const std::string body = mime.body.substr(0, mime.body.rfind("\r\n--CoreBoundary"));
  const auto parsed = ParseCoreMime(mime.content_type, body, e.type);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "MalformedEnvelope");
}

TEST(CoreMimeParse, RejectsBadContentTypeOversizePartAndChecksumMismatch) {
  const CoreEnvelope e = Sample(CoreMessageType::kRealTimeRequest);
  const MimeBody mime = BuildCoreMime(e, Creds());
  EXPECT_EQ(ParseCoreMime("text/plain", mime.body, e.type).error().code, "MalformedEnvelope");
  EXPECT_EQ(ParseCoreMime("multipart/form-data", mime.body, e.type).error().code,
            "MalformedEnvelope");
  CoreParseLimits small;
  small.max_payload_bytes = 10;
  EXPECT_EQ(ParseCoreMime(mime.content_type, mime.body, e.type, small).error().code,
            "PayloadIllegal");
  small = {};
  small.max_message_bytes = 64;
  EXPECT_EQ(ParseCoreMime(mime.content_type, mime.body, e.type, small).error().code,
            "EnvelopeTooLarge");
  CoreEnvelope tampered = e;
  tampered.checksum = Sha1Hex("something else");
  const MimeBody bad = BuildCoreMime(tampered, Creds());
  EXPECT_EQ(ParseCoreMime(bad.content_type, bad.body, e.type).error().code, "CheckSumIllegal");
}

TEST(CoreMimeParse, RejectsTooManyPartsAndUnknownPart) {
  const CoreEnvelope e = Sample(CoreMessageType::kRealTimeRequest);
  const MimeBody mime = BuildCoreMime(e, Creds());
  CoreParseLimits few;
  few.max_parts = 3;
  EXPECT_EQ(ParseCoreMime(mime.content_type, mime.body, e.type, few).error().code,
            "MalformedEnvelope");
  const std::string boundary = mime.content_type.substr(mime.content_type.find('=') + 1);
  const std::string extra =
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"Bogus\"\r\n\r\nx\r\n";
  EXPECT_EQ(ParseCoreMime(mime.content_type, extra + mime.body, e.type).error().code,
            "MalformedEnvelope");
}


TEST(CoreEnvelope, RetrievalAnswerWithNoResultsPendingNeedsNoPayloadButASuccessWithDataDoes) {
  for (auto type : {CoreMessageType::kBatchSubmissionAckRetrievalResponse,
                    CoreMessageType::kBatchResultsRetrievalResponse}) {
    CoreEnvelope none = MakeCoreEnvelope(type, "X12_999_Response_005010X231A1", "PAYER01",
                                         "SENDER01", "");
    none.checksum.clear();
    none.payload_length.reset();
    none.error_message = "NoResultsPending";
    EXPECT_TRUE(ValidateCoreEnvelope(none, {}));
    auto mime = BuildCoreMime(none, {});
    auto parsed = ParseCoreMime(mime.content_type, mime.body, type);
    ASSERT_TRUE(parsed) << parsed.error().code;
    EXPECT_EQ(parsed->envelope.error_message, "NoResultsPending");
    CoreEnvelope missing = none;
    missing.error_message.clear();
    auto refused = ValidateCoreEnvelope(missing, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "PayloadRequired");
  }
}

}  // namespace
}  // namespace claimgate::transport
