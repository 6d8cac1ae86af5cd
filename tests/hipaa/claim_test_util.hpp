// Helpers shared by the encounter/837 tests (tests/hipaa and tests/core): a complete synthetic
// professional encounter, the fixed build options, segment splitting, and a run of claimgate's
// own validator (built-in schemas) over a built interchange.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/hipaa/claim_builder.hpp"
#include "edi/hipaa/encounter.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace edi::hipaa::testing {

inline constexpr char kToday[] = "20261127";

// A clean 837P encounter (synthetic data; NPIs with valid check digits).
inline Encounter SampleProfessional() {
  Encounter e;
  e.type = ClaimType::kProfessional;
  e.payer_id = "SYNPAYER01";
  e.payer_name = "SYNTHETIC HEALTH PLAN";
  e.submitter.organization_name = "SAMPLE FAMILY PRACTICE";
  e.submitter.id = "SUBMITTER01";
  e.submitter.contact.name = "BILLING OFFICE";
  e.submitter.contact.phone_number = "5555550100";
  e.receiver.organization_name = "SYNTHETIC HEALTH PLAN";
  e.receiver.id = "RECEIVER01";
  e.billing.npi = "1234567893";
  e.billing.employer_id = "123456789";
  e.billing.organization_name = "SAMPLE FAMILY PRACTICE";
  e.billing.address = {"100 EXAMPLE WAY", "", "AUSTIN", "TX", "787010001"};
  e.subscriber.member_id = "SYN000111";
  e.subscriber.first_name = "ALEX";
  e.subscriber.last_name = "SAMPLE";
  e.subscriber.gender = "F";
  e.subscriber.date_of_birth = "19800515";
  e.subscriber.address = {"12 TEST STREET", "", "AUSTIN", "TX", "78702"};
  ClaimInformation& c = e.claim;
  c.patient_control_number = "PCN0001";
  c.charge_cents = 14500;
  c.has_charge = true;
  c.place_of_service = "11";
  c.diagnoses.push_back({"J06.9", CodingSystem::kIcd10Cm, "", "", ""});
  c.diagnoses.push_back({"R05.9", CodingSystem::kUnspecified, "", "", ""});
  ServiceLine l1;
  l1.service_date = "20261103";
  l1.procedure = {"99213", CodingSystem::kCpt, "", "", ""};
  l1.modifiers = {"25"};
  l1.charge_cents = 12000;
  l1.diagnosis_pointers = {1, 2};
  ServiceLine l2;
  l2.service_date = "20261103";
  l2.procedure = {"G0008", CodingSystem::kHcpcs, "", "", ""};
  l2.charge_cents = 2500;
  l2.diagnosis_pointers = {1};
  c.service_lines = {l1, l2};
  return e;
}

// A clean inpatient 837I encounter with DRG, POA, ICD-10-PCS and NUBC codes.
inline Encounter SampleInstitutional() {
  Encounter e = SampleProfessional();
  e.type = ClaimType::kInstitutional;
  e.billing.npi = "1777888995";
  e.attending = {"1444555662", "", "", "207R00000X", "", "ATTENDING", "MORGAN", "", "", {}, {}};
  ClaimInformation& c = e.claim;
  c.diagnoses.clear();
  c.patient_control_number = "HOSP0001";
  c.charge_cents = 1500000;
  c.place_of_service = "11";
  c.signature_indicator.clear();
  c.statement_begin_date = "20261001";
  c.statement_end_date = "20261004";
  c.admission_date = "20261001";
  c.admission_hour = "0830";
  c.admission_type = "1";
  c.admission_source = "1";
  c.patient_status = "01";
  c.principal_diagnosis = {"K35.80", CodingSystem::kIcd10Cm, "", "Y", ""};
  c.admitting_diagnosis = {"R10.31", CodingSystem::kUnspecified, "", "", ""};
  c.other_diagnoses = {{"E11.9", CodingSystem::kUnspecified, "", "Y", ""}};
  c.principal_procedure = {"0DTJ4ZZ", CodingSystem::kIcd10Pcs, "", "", "20261001"};
  c.drg = "398";
  ServiceLine room;
  room.service_date = "20261001";
  room.revenue_code = "0120";
  room.charge_cents = 600000;
  room.unit = "DA";
  room.units = "3";
  ServiceLine surgery;
  surgery.service_date = "20261001";
  surgery.revenue_code = "0360";
  surgery.procedure = {"44970", CodingSystem::kCpt, "", "", ""};
  surgery.charge_cents = 900000;
  c.service_lines = {room, surgery};
  return e;
}

// Makes the patient a dependent child of the subscriber.
inline void AddDependent(Encounter& e) {
  e.has_dependent = true;
  e.dependent.first_name = "RIVER";
  e.dependent.last_name = "SAMPLE";
  e.dependent.gender = "U";
  e.dependent.date_of_birth = "20180704";
  e.dependent.relationship_to_subscriber = "19";
  e.dependent.address = {"34 TEST AVENUE", "", "AUSTIN", "TX", "78703"};
}

inline BuildOptions TestBuildOptions() {
  BuildOptions o;
  o.interchange.sender_id = "SUBMITTER01";
  o.interchange.receiver_id = "RECEIVER01";
  o.interchange.control_number = 101;
  o.interchange.usage = 'T';
  o.group_control_number = 7;
  o.date = "20261127";
  o.time = "0930";
  return o;
}

// The segments of an interchange written with the default delimiters, without terminators.
inline std::vector<std::string> Segments(std::string_view x12) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < x12.size()) {
    std::size_t end = x12.find('~', at);
    if (end == std::string_view::npos) end = x12.size();
    std::string s(x12.substr(at, end - at));
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.erase(0, 1);
    if (!s.empty()) out.push_back(s);
    at = end + 1;
  }
  return out;
}

// The body of the first transaction set: from ST to SE inclusive.
inline std::vector<std::string> SetSegments(std::string_view x12) {
  std::vector<std::string> all = Segments(x12), out;
  bool in = false;
  for (const auto& s : all) {
    if (s.rfind("ST*", 0) == 0) in = true;
    if (in) out.push_back(s);
    if (s.rfind("SE*", 0) == 0) break;
  }
  return out;
}

// Every error (and warning) claimgate's validator reports, as "SEG loop: message" lines.
inline std::vector<std::string> ValidationProblems(const std::string& x12) {
  static const auto registry = schema::SchemaRegistry::LoadBuiltIn();
  DiagnosticList findings;
  SegmentReader reader(x12, findings);
  X12Validator validator(registry ? registry->get() : nullptr, findings);
  Segment segment;
  while (reader.Next(&segment)) validator.Add(segment, reader.header());
  validator.Finish();
  std::vector<std::string> out;
  for (const auto& d : findings.items()) {
    if (d.severity == Severity::kInfo) continue;
    out.push_back(d.segment_id + " #" + std::to_string(d.pos.segment) + " loop " + d.loop + " el " +
                  std::to_string(d.pos.element) + ": " + d.message + " [" + d.value + "]");
  }
  return out;
}

// Whether the built-in registry has a schema for this guide (837I/837D schemas may come later).
inline bool HasSchema(std::string_view guide) {
  static const auto registry = schema::SchemaRegistry::LoadBuiltIn();
  if (!registry) return false;
  bool exact = false;
  return (*registry)->Find("837", guide, &exact) != nullptr && exact;
}

}  // namespace edi::hipaa::testing
