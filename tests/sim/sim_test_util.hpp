// Helpers for the payer-simulator tests: 837 interchanges built from docs/examples with the
// encounter JSON reader and the 837 builder (member ids and claim numbers varied per test), and a
// run of claimgate's own validator over any X12 text.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/hipaa/claim_builder.hpp"
#include "edi/hipaa/status_inquiry.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "src/core/encounter_json.hpp"

namespace claimgate::sim::testing {

inline edi::hipaa::Encounter Example(const std::string& name) {
  std::ifstream in(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/" + name,
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  core::EncounterParse parse = core::ParseEncounterJson(text.str());
  return parse.encounters.empty() ? edi::hipaa::Encounter{} : parse.encounters.front();
}

// One 837 interchange (ISA13 = `isa13`) holding `encounters`, sender CLAIMGATE -> SIMSFTP.
inline std::string Build837(const std::vector<edi::hipaa::Encounter>& encounters,
                            std::uint64_t isa13, bool ta1_requested = false) {
  edi::hipaa::BuildOptions o;
  o.interchange.sender_id = "CLAIMGATE";
  o.interchange.receiver_id = "SIMSFTP";
  o.interchange.control_number = isa13;
  o.interchange.ack_requested = ta1_requested;
  o.interchange.usage = 'T';
  o.group_control_number = isa13;
  o.date = "20261127";
  o.time = "0300";
  auto built = edi::hipaa::BuildInterchange(encounters, o);
  return built ? *built : std::string();
}

// One 276 interchange (ISA13 41, CLAIMGATE -> SIMCORE) asking about `encounter`'s claim;
// `pcn` and `trace` empty: the encounter's CLM01.
inline std::string Build276(const edi::hipaa::Encounter& encounter, const std::string& pcn = "",
                            const std::string& trace = "") {
  edi::hipaa::StatusInquiryOptions o;
  o.interchange.sender_id = "CLAIMGATE";
  o.interchange.receiver_id = "SIMCORE";
  o.interchange.control_number = 41;
  o.interchange.usage = 'T';
  o.date = "20261127";
  o.time = "0300";
  edi::hipaa::StatusInquiryClaim claim;
  claim.patient_control_number = pcn;
  claim.trace_number = trace;
  auto built = edi::hipaa::BuildStatusInquiry(encounter, claim, o);
  return built ? *built : std::string();
}

// Everything claimgate's validator finds in `x12` (envelope + implementation guide), warnings
// and notes included.
inline std::vector<edi::Diagnostic> Findings(const std::string& x12) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  edi::DiagnosticList findings;
  edi::SegmentReader reader(x12, findings);
  edi::X12Validator validator(registry ? registry->get() : nullptr, findings);
  edi::Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  return findings.items();
}

// The errors among Findings(x12).
inline std::vector<edi::Diagnostic> Errors(const std::string& x12) {
  std::vector<edi::Diagnostic> errors;
  for (const auto& d : Findings(x12)) {
    if (d.severity == edi::Severity::kError) errors.push_back(d);
  }
  return errors;
}

inline std::string Describe(const std::vector<edi::Diagnostic>& errors) {
  std::string out;
  for (const auto& d : errors) {
    out += std::string(edi::DiagCodeName(d.code)) + " " + d.segment_id + " " +
           edi::DescribePosition(d.pos, d.segment_id) + " loop " + d.loop + ": " + d.message +
           " [" + d.value + "]\n";
  }
  return out;
}

}  // namespace claimgate::sim::testing
