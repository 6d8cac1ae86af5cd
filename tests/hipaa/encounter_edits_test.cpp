#include "edi/hipaa/encounter_edits.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "edi/hipaa/codesets.hpp"
#include "tests/hipaa/claim_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::SampleInstitutional;
using testing::SampleProfessional;

std::vector<EncounterFinding> Check(const Encounter& e, std::string prefix = "") {
  std::vector<EncounterFinding> out;
  EditOptions options;
  options.today = testing::kToday;
  options.path_prefix = std::move(prefix);
  CheckEncounter(e, options, &out);
  return out;
}

std::string Describe(const std::vector<EncounterFinding>& findings) {
  std::string s;
  for (const auto& f : findings) s += FormatFinding(f, true) + "\n";
  return s;
}

struct EditCase {
  const char* name;
  std::function<void(Encounter&)> change;
  std::string path;
  const char* code;
  std::string message;
  bool institutional = false;
};

// Each case changes one thing in a clean encounter and expects exactly one finding.
std::vector<EditCase> Cases() {
  const std::string icd10 = std::string(CodeSets::BuiltIn().Version(CodeSystem::kIcd10Cm));
  const std::string pos = std::string(CodeSets::BuiltIn().Version(CodeSystem::kPlaceOfService));
  const std::string hcpcs = std::string(CodeSets::BuiltIn().Version(CodeSystem::kHcpcs));
  const std::string pcs = std::string(CodeSets::BuiltIn().Version(CodeSystem::kIcd10Pcs));
  const std::string tob = std::string(CodeSets::BuiltIn().Version(CodeSystem::kTypeOfBill));
  const std::string retired_icd =
      std::string(CodeSets::BuiltIn().Check(CodeSystem::kIcd10Cm, "S301XXA").version);
  const std::string header_icd =
      std::string(CodeSets::BuiltIn().Check(CodeSystem::kIcd10Cm, "R05").version);
  const std::string retired_drg =
      std::string(CodeSets::BuiltIn().Check(CodeSystem::kMsDrg, "343").version);
  const std::string pointers =
      "claimInformation.serviceLines[0].professionalService.compositeDiagnosisCodePointers."
      "diagnosisCodePointers";
  return {
      {"MissingMemberId", [](Encounter& e) { e.subscriber.member_id.clear(); },
       "subscriber.memberId", "required", "The subscriber's member ID is missing."},
      {"MissingPayerName", [](Encounter& e) { e.payer_name.clear(); }, "tradingPartnerName",
       "required", "The payer's name (tradingPartnerName) is missing."},
      {"NpiCheckDigit", [](Encounter& e) { e.billing.npi = "1234567890"; }, "billing.npi",
       "invalid_npi",
       "The billing provider's NPI is not valid: the NPI check digit (the last digit) does not "
       "match the other nine: a digit is mistyped."},
      {"RenderingNpiLength",
       [](Encounter& e) {
         e.rendering.npi = "12345";
         e.rendering.last_name = "DOE";
       },
       "rendering.npi", "invalid_npi",
       "The rendering provider's NPI is not valid: an NPI has 10 digits, this one has 5."},
      {"TaxIdLength", [](Encounter& e) { e.billing.employer_id = "12345678"; },
       "billing.employerId", "invalid_tax_id",
       "The billing provider's tax ID is not valid: a tax id (EIN) has 9 digits, this one has 8."},
      {"BillingZipPlusFour", [](Encounter& e) { e.billing.address.postal_code = "78701"; },
       "billing.address.postalCode", "invalid_format",
       "The billing provider's ZIP code must have all 9 digits (ZIP+4)."},
      {"SubscriberZip", [](Encounter& e) { e.subscriber.address.postal_code = "7870"; },
       "subscriber.address.postalCode", "invalid_format",
       "The subscriber's ZIP code must be 5 or 9 digits without a dash."},
      {"NotARealDate", [](Encounter& e) { e.subscriber.date_of_birth = "19800231"; },
       "subscriber.dateOfBirth", "invalid_date",
       "The subscriber's date of birth is not a real date written CCYYMMDD, e.g. 20260115."},
      {"ServiceInTheFuture",
       [](Encounter& e) { e.claim.service_lines[1].service_date = "20261128"; },
       "claimInformation.serviceLines[1].serviceDate", "date_in_future",
       "The service date is after today (20261127)."},
      {"ServiceRangeReversed",
       [](Encounter& e) { e.claim.service_lines[0].service_date_end = "20261102"; },
       "claimInformation.serviceLines[0].serviceDateEnd", "date_range_reversed",
       "The service end date is before the service date."},
      {"ChargeIsNotTheSumOfLines", [](Encounter& e) { e.claim.charge_cents = 15000; },
       "claimInformation.claimChargeAmount", "charge_mismatch",
       "The claim charge 150.00 does not equal the sum of the service line charges 145.00."},
      {"PointerToNoDiagnosis",
       [](Encounter& e) {
         e.claim.service_lines[0].diagnosis_pointers = {1, 3};
       },
       pointers + "[1]", "diagnosis_pointer_invalid",
       "Diagnosis pointer 3 points at no diagnosis: the claim lists 2."},
      {"LineWithoutPointer",
       [](Encounter& e) { e.claim.service_lines[0].diagnosis_pointers.clear(); }, pointers,
       "required", "The service line does not point at any diagnosis; give at least one pointer."},
      {"Icd9AfterTheSwitch",
       [](Encounter& e) {
         e.claim.diagnoses[0] = {"401.9", CodingSystem::kIcd9Cm, "", "", ""};
       },
       "claimInformation.healthCareCodeInformation[0].diagnosisCode", "icd_version_mismatch",
       "ICD-9-CM codes cannot be billed for services on or after 2015-10-01; code this diagnosis "
       "in ICD-10-CM."},
      {"Icd10BeforeTheSwitch",
       [](Encounter& e) {
         e.claim.diagnoses.resize(1);
         for (auto& l : e.claim.service_lines) {
           l.service_date = "20150930";
           l.diagnosis_pointers = {1};
         }
       },
       "claimInformation.healthCareCodeInformation[0].diagnosisCode", "icd_version_mismatch",
       "ICD-10-CM codes cannot be billed for services before 2015-10-01; code this diagnosis in "
       "ICD-9-CM."},
      {"Icd9QualifierAfterTheSwitch", [](Encounter& e) { e.claim.diagnoses[1].qualifier = "BF"; },
       "claimInformation.healthCareCodeInformation[1].diagnosisCode", "icd_version_mismatch",
       "ICD-9-CM codes cannot be billed for services on or after 2015-10-01; code this diagnosis "
       "in ICD-10-CM."},
      {"RetiredIcd10", [](Encounter& e) { e.claim.diagnoses[1].value = "S30.1XXA"; },
       "claimInformation.healthCareCodeInformation[1].diagnosisCode", "code_retired",
       "This ICD-10-CM diagnosis code is no longer valid: " + retired_icd +
           ". Code it with the current code set."},
      {"HeaderIcd10", [](Encounter& e) { e.claim.diagnoses[1].value = "R05"; },
       "claimInformation.healthCareCodeInformation[1].diagnosisCode", "code_not_billable",
       "This ICD-10-CM diagnosis code is a category header, not a billable code (" + header_icd +
           "): add the remaining characters."},
      {"UnknownIcd10", [](Encounter& e) { e.claim.diagnoses[1].value = "J06.99"; },
       "claimInformation.healthCareCodeInformation[1].diagnosisCode", "code_unknown",
       "This ICD-10-CM diagnosis code does not exist in " + icd10 +
           " or any older list claimgate ships; check it for typing errors."},
      {"UnknownHcpcs", [](Encounter& e) { e.claim.service_lines[1].procedure.value = "V9999"; },
       "claimInformation.serviceLines[1].professionalService.procedureCode", "code_unknown",
       "This HCPCS code does not exist in " + hcpcs +
           " or any older list claimgate ships; check it for typing errors."},
      {"UnknownPlaceOfService", [](Encounter& e) { e.claim.place_of_service = "88"; },
       "claimInformation.placeOfServiceCode", "code_unknown",
       "The place of service does not exist in " + pos +
           " or any older list claimgate ships; check it for typing errors."},
      {"MalformedModifier", [](Encounter& e) { e.claim.service_lines[0].modifiers = {"2"}; },
       "claimInformation.serviceLines[0].professionalService.procedureModifiers[0]",
       "invalid_modifier", "A procedure modifier is two letters or digits."},
      {"FiveModifiers",
       [](Encounter& e) {
         e.claim.service_lines[0].modifiers = {"25", "59", "GT", "95", "76"};
       },
       "claimInformation.serviceLines[0].professionalService.procedureModifiers",
       "too_many_modifiers", "A service line carries at most 4 procedure modifiers."},
      {"CptForm", [](Encounter& e) { e.claim.service_lines[0].procedure.value = "9921"; },
       "claimInformation.serviceLines[0].professionalService.procedureCode", "invalid_cpt_form",
       "A CPT code is five characters: four digits then a digit, F or T."},
      {"CdtOnAProfessionalClaim",
       [](Encounter& e) {
         e.claim.service_lines[0].procedure = {"D0120", CodingSystem::kCdt, "", "", ""};
       },
       "claimInformation.serviceLines[0].professionalService.codeSystem", "wrong_code_system",
       "A professional service line is coded in CPT or HCPCS, not CDT."},
      {"ReplacementWithoutOriginal", [](Encounter& e) { e.claim.frequency_code = "7"; },
       "claimInformation.claimSupplementalInformation.claimControlNumber", "original_claim_missing",
       "A replacement claim (frequency 7) must carry the payer's claim control number of the "
       "original claim."},
      {"VoidWithoutOriginal", [](Encounter& e) { e.claim.frequency_code = "8"; },
       "claimInformation.claimSupplementalInformation.claimControlNumber", "original_claim_missing",
       "A void claim (frequency 8) must carry the payer's claim control number of the original "
       "claim."},
      {"ThirteenDiagnoses",
       [](Encounter& e) {
         e.claim.diagnoses.clear();
         for (const char* c : {"J069", "R059", "E119", "I10", "J189", "Z23", "N179", "E871", "A419",
                               "K0252", "R0789", "Z0000", "Z0001"}) {
           e.claim.diagnoses.push_back({c, CodingSystem::kIcd10Cm, "", "", ""});
         }
       },
       "claimInformation.healthCareCodeInformation", "too_many_diagnoses",
       "The claim lists 13 diagnoses; a professional claim carries at most 12."},
      {"LongPatientControlNumber",
       [](Encounter& e) { e.claim.patient_control_number = std::string(21, 'A'); },
       "claimInformation.patientControlNumber", "too_long",
       "The patient control number has 21 characters; payers accept at most 20."},
      {"LongClaimNote", [](Encounter& e) { e.claim.note = std::string(81, 'N'); },
       "claimInformation.claimNote.additionalInformation", "too_long",
       "The claim note has 81 characters; the 837 allows 80."},
      // The security review's case: a 200-character contact name was accepted, then the payer's
      // 999 refused the PER02 it became (at most 60).
      {"LongSubmitterContactName",
       [](Encounter& e) { e.submitter.contact.name = std::string(200, 'N'); },
       "submitter.contactInformation.name", "too_long",
       "The submitter's contact name has 200 characters; the 837 allows 60."},
      {"LongReceiverName",
       [](Encounter& e) { e.receiver.organization_name = std::string(61, 'R'); },
       "receiver.organizationName", "too_long",
       "The receiver's organization name has 61 characters; the 837 allows 60."},
      {"LongCity", [](Encounter& e) { e.subscriber.address.city = std::string(31, 'C'); },
       "subscriber.address.city", "too_long",
       "The subscriber's city has 31 characters; the 837 allows 30."},
      {"DependentRelationship",
       [](Encounter& e) {
         testing::AddDependent(e);
         e.dependent.relationship_to_subscriber = "99";
       },
       "dependent.relationshipToSubscriberCode", "invalid_code",
       "The patient's relationship to the subscriber is not one of the allowed codes (01 19 20 21 "
       "39 40 53 G8)."},
      {"DependentBirthDate",
       [](Encounter& e) {
         testing::AddDependent(e);
         e.dependent.date_of_birth.clear();
       },
       "dependent.dateOfBirth", "required", "The patient's date of birth is missing."},
      {"Gender", [](Encounter& e) { e.subscriber.gender = "X"; }, "subscriber.gender",
       "invalid_code", "The subscriber's gender is not one of the allowed codes (M F U)."},
      {"ServiceOutsideStatementPeriod",
       [](Encounter& e) { e.claim.service_lines[1].service_date = "20261005"; },
       "claimInformation.serviceLines[1].serviceDate", "service_outside_statement_period",
       "The service date is outside the statement period 20261001 to 20261004.", true},
      {"StatementPeriodReversed", [](Encounter& e) { e.claim.statement_end_date = "20260930"; },
       "claimInformation.claimDateInformation.statementEndDate", "date_range_reversed",
       "The statement period ends before it begins.", true},
      {"UnknownTypeOfBill", [](Encounter& e) { e.claim.place_of_service = "99"; },
       "claimInformation.placeOfServiceCode", "code_unknown",
       "The type of bill (facility type code and frequency) does not exist in " + tob +
           " or any older list claimgate ships; check it for typing errors.",
       true},
      {"RetiredDrg", [](Encounter& e) { e.claim.drg = "343"; },
       "claimInformation.diagnosisRelatedGroupInformation.drugRelatedGroupCode", "code_retired",
       "The DRG is no longer valid: " + retired_drg + ". Code it with the current code set.", true},
      {"PresentOnAdmission", [](Encounter& e) { e.claim.principal_diagnosis.poa = "X"; },
       "claimInformation.principalDiagnosis.presentOnAdmissionIndicator", "invalid_code",
       "The present-on-admission indicator is not one of the allowed codes (Y N U W 1).", true},
      {"UnknownPcs", [](Encounter& e) { e.claim.principal_procedure.value = "0DTJ4ZX"; },
       "claimInformation.principalProcedureInformation.principalProcedureCode", "code_unknown",
       "This procedure code does not exist in " + pcs +
           " or any older list claimgate ships; check it for typing errors.",
       true},
      {"MissingPrincipalDiagnosis", [](Encounter& e) { e.claim.principal_diagnosis = {}; },
       "claimInformation.principalDiagnosis.principalDiagnosisCode", "required",
       "The principal diagnosis is missing.", true},
      {"UnknownRevenueCode", [](Encounter& e) { e.claim.service_lines[0].revenue_code = "0009"; },
       "claimInformation.serviceLines[0].institutionalService.serviceLineRevenueCode",
       "code_unknown",
       "This revenue code does not exist in " +
           std::string(CodeSets::BuiltIn().Version(CodeSystem::kRevenue)) +
           " or any older list claimgate ships; check it for typing errors.",
       true},
      {"InpatientWithoutAdmissionDate", [](Encounter& e) { e.claim.admission_date.clear(); },
       "claimInformation.claimDateInformation.admissionDateAndHour", "required",
       "The admission date (required on inpatient claims) is missing.", true},
  };
}

TEST(EncounterEdits, EachEditReportsItsPathCodeAndMessage) {
  for (const EditCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    Encounter e = c.institutional ? SampleInstitutional() : SampleProfessional();
    ASSERT_EQ(Check(e).size(), 0u) << Describe(Check(e));
    c.change(e);
    auto findings = Check(e);
    ASSERT_EQ(findings.size(), 1u) << Describe(findings);
    EXPECT_EQ(findings[0].path, c.path);
    EXPECT_EQ(findings[0].code, c.code);
    EXPECT_EQ(findings[0].message, c.message);
  }
}

TEST(EncounterEdits, PrefixesPathsForAnEncounterInAnArray) {
  Encounter e = SampleProfessional();
  e.billing.npi = "1234567890";
  auto findings = Check(e, "[3].");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].path, "[3].billing.npi");
  EXPECT_EQ(findings[0].value, "1234567890");
  EXPECT_EQ(FormatFinding(findings[0], false),
            "[3].billing.npi: invalid_npi: " + findings[0].message);
}

TEST(EncounterEdits, SecondaryClaimMustBalanceThePrimaryPayment) {
  Encounter e = SampleProfessional();
  e.subscriber.payment_responsibility = "S";
  OtherPayer o;
  o.payment_responsibility = "P";
  o.claim_filing_code = "CI";
  o.has_paid_amount = true;
  o.paid_cents = 10000;
  o.adjustments = {{"CO", {{"45", 3000, ""}}}};
  o.subscriber_last_name = "SAMPLE";
  o.subscriber_id = "PRI1";
  o.payer_name = "FIRST PLAN";
  o.payer_id = "PRIMARY01";
  e.claim.other_payers = {o};
  auto findings = Check(e);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].path, "claimInformation.otherSubscriberInformation[0].payerPaidAmount");
  EXPECT_EQ(findings[0].code, "cob_unbalanced");
  EXPECT_EQ(findings[0].message,
            "The other payer's paid amount 100.00 plus its adjustments 30.00 do not equal the "
            "claim charge 145.00.");
  e.claim.other_payers[0].adjustments[0].adjustments[0].amount_cents = 4500;
  EXPECT_EQ(Check(e).size(), 0u) << Describe(Check(e));
  e.claim.other_payers[0].adjustments[0].adjustments[0].reason_code = "ZZZ";
  findings = Check(e);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].path,
            "claimInformation.otherSubscriberInformation[0].claimLevelAdjustments[0]."
            "adjustmentDetails[0].adjustmentReasonCode");
  EXPECT_EQ(findings[0].code, "code_unknown");
}

TEST(EncounterEdits, DentalToothAndSurfaceAreChecked) {
  Encounter e = SampleProfessional();
  e.type = ClaimType::kDental;
  e.claim.diagnoses.clear();
  e.claim.service_lines.resize(1);
  ServiceLine& l = e.claim.service_lines[0];
  l.procedure = {"D2392", CodingSystem::kCdt, "", "", ""};
  l.modifiers.clear();
  l.diagnosis_pointers.clear();
  l.teeth = {{"30", {"M", "O"}}};
  e.claim.charge_cents = l.charge_cents;
  ASSERT_EQ(Check(e).size(), 0u) << Describe(Check(e));
  l.teeth = {{"33", {"M", "Q"}}};
  auto findings = Check(e);
  ASSERT_EQ(findings.size(), 2u) << Describe(findings);
  EXPECT_EQ(findings[0].path, "claimInformation.serviceLines[0].toothInformation[0].toothCode");
  EXPECT_EQ(findings[0].code, "invalid_tooth");
  EXPECT_EQ(findings[1].path,
            "claimInformation.serviceLines[0].toothInformation[0].toothSurface[1]."
            "toothSurfaceCode");
  EXPECT_EQ(findings[1].message,
            "The tooth surface is not one of the allowed codes (B D F I L M O).");
  l.teeth.clear();
  l.procedure.value = "D012";
  findings = Check(e);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].path, "claimInformation.serviceLines[0].dentalService.procedureCode");
  EXPECT_EQ(findings[0].message, "A CDT code is the letter D followed by four digits.");
}

TEST(EncounterEdits, ReportsEveryMissingPartyField) {
  Encounter e;  // nothing set
  auto findings = Check(e);
  std::vector<std::string> paths;
  for (const auto& f : findings) paths.push_back(f.path);
  for (const char* want :
       {"tradingPartnerServiceId", "submitter.organizationName", "billing.npi",
        "billing.employerId", "billing.address.address1", "subscriber.memberId",
        "subscriber.lastName", "claimInformation.patientControlNumber",
        "claimInformation.placeOfServiceCode", "claimInformation.claimChargeAmount",
        "claimInformation.serviceLines", "claimInformation.healthCareCodeInformation"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
  }
}

}  // namespace
}  // namespace edi::hipaa
