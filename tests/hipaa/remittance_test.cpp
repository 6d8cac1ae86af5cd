#include "edi/hipaa/remittance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/segment_reader.hpp"
#include "tests/hipaa/response_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::Interchange;
using testing::kFirstBodySegment;

// A balanced 835: two claims (one with two lines and a claim-level adjustment), a reversal and
// its correction, and a PLB.
// Segment k of the body is input segment kFirstBodySegment + k (BPR = 4).
const std::vector<std::string> kBody = {
    "BPR*I*150.00*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240115",
    "TRN*1*EFT0001*1512345678",                             // 5
    "REF*EV*RECEIVER01",                                    // 6
    "DTM*405*20240114",                                     // 7
    "N1*PR*ACME HEALTH*XV*PAYER01",                         // 8
    "N3*1 MAIN ST",                                         // 9
    "REF*2U*OTHERID",                                       // 10
    "N1*PE*GOOD CLINIC*XX*1234567893",                      // 11
    "REF*TJ*123456789",                                     // 12
    "LX*1",                                                 // 13
    "CLP*PCN001*1*210*150*40*12*PAYERCLM1*11*1**470*1.25",  // 14
    "CAS*CO*45*10",                                         // 15
    "NM1*QC*1*DOE*JANE*Q***MI*MEMBER01",                    // 16
    "MOA***MA01*MA18",                                      // 17
    "REF*1L*GROUP7",                                        // 18
    "DTM*232*20240101",                                     // 19
    "DTM*233*20240102",                                     // 20
    "DTM*050*20240105",                                     // 21
    "AMT*AU*190",                                           // 22
    "SVC*HC:99213:25:59:GT:95*120*90*0510*1*HC:99214*2",    // 23
    "DTM*472*20240101",                                     // 24
    "CAS*CO*45*10*1*253*0",                                 // 25
    "CAS*PR*1*20",                                          // 26
    "REF*6R*LINE1",                                         // 27
    "AMT*B6*110",                                           // 28
    "LQ*HE*N130",                                           // 29
    "LQ*RX*70",                                             // 30
    "SVC*HC:80053*90*70**1*HC:80053",                       // 31
    "DTM*150*20240101",                                     // 32
    "DTM*151*20240102",                                     // 33
    "CAS*PR*2*10*1*3*10",                                   // 34
    "REF*6R*LINE2",                                         // 35
    "CLP*PCN002*22*-50*-50*0*12*PAYERCLM0*11*8",            // 36
    "CLP*PCN002*1*50*45*5*12*PAYERCLM2*11*7",               // 37
    "CAS*PR*3*5",                                           // 38
    "PLB*1234567893*20241231*WO:ABC123*-10*L6:INT*5",       // 39
};

std::string Balanced835() { return Interchange("835", "005010X221A1", "HP", kBody); }

Remittance ReadOne(const std::string& text, DiagnosticList* diags = nullptr) {
  auto all = ReadRemittances(text, diags);
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? Remittance{} : all.front();
}

std::vector<std::string> Codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.code);
  return out;
}

const Finding* FindingWith(const std::vector<Finding>& findings, const std::string& code) {
  for (const auto& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(ParseCents, ReadsX12DecimalsExactly) {
  struct Case {
    const char* text;
    AmountStatus status;
    Cents cents;
  };
  const Case cases[] = {
      {"12", AmountStatus::kOk, 1200},
      {"12.3", AmountStatus::kOk, 1230},
      {"12.34", AmountStatus::kOk, 1234},
      {".5", AmountStatus::kOk, 50},
      {"5.", AmountStatus::kOk, 500},
      {"-0.01", AmountStatus::kOk, -1},
      {"1.230", AmountStatus::kOk, 123},
      {"1159840.69", AmountStatus::kOk, 115984069},
      {"1.239", AmountStatus::kTooPrecise, 123},
      {"-1.001", AmountStatus::kTooPrecise, -100},
      {"", AmountStatus::kEmpty, 0},
      {"-", AmountStatus::kInvalid, 0},
      {".", AmountStatus::kInvalid, 0},
      {"1e3", AmountStatus::kInvalid, 0},
      {"--1", AmountStatus::kInvalid, 0},
      {"1.2.3", AmountStatus::kInvalid, 0},
      {"+5", AmountStatus::kInvalid, 0},
      {"1 000", AmountStatus::kInvalid, 0},
      {"999999999999999", AmountStatus::kOk, 99999999999999900},
      {"1000000000000000", AmountStatus::kInvalid, 0},
  };
  for (const auto& c : cases) {
    Cents cents = 7;
    EXPECT_EQ(ParseCents(c.text, &cents), c.status) << c.text;
    EXPECT_EQ(cents, c.cents) << c.text;
  }
}

TEST(FormatCents, WritesTwoDecimalsAndSign) {
  EXPECT_EQ(FormatCents(0), "0.00");
  EXPECT_EQ(FormatCents(5), "0.05");
  EXPECT_EQ(FormatCents(-1230), "-12.30");
  EXPECT_EQ(FormatCents(115984069), "1159840.69");
  EXPECT_EQ(FormatCents(INT64_MIN), "-92233720368547758.08");
}

TEST(Remittance, ReadsPaymentTraceAndParties) {
  DiagnosticList diags;
  Remittance r = ReadOne(Balanced835(), &diags);
  EXPECT_EQ(diags.errors(), 0u);
  EXPECT_EQ(r.keys.interchange_control_number, "000000101");
  EXPECT_EQ(r.keys.group_control_number, "77");
  EXPECT_EQ(r.keys.transaction_control_number, "0001");
  EXPECT_EQ(r.keys.version, "005010X221A1");
  EXPECT_EQ(r.segment, 3u);
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(r.handling, "I");
  EXPECT_EQ(r.payment_amount, 15000);
  EXPECT_EQ(r.credit_debit, "C");
  EXPECT_EQ(r.method, "ACH");
  EXPECT_EQ(PaymentMethodMeaning(r.method), "automated clearing house (ACH) transfer");
  EXPECT_EQ(r.format, "CCP");
  EXPECT_EQ(r.payment_date, "20240115");
  EXPECT_EQ(r.trace_number, "EFT0001");
  EXPECT_EQ(r.trace_payer_id, "1512345678");
  EXPECT_EQ(r.receiver_id, "RECEIVER01");
  EXPECT_EQ(r.production_date, "20240114");
  EXPECT_EQ(r.payer_name, "ACME HEALTH");
  EXPECT_EQ(r.payer_id_qualifier, "XV");
  EXPECT_EQ(r.payer_id, "PAYER01");  // N104 wins over REF*2U
  EXPECT_EQ(r.payee_name, "GOOD CLINIC");
  EXPECT_EQ(r.payee_id_qualifier, "XX");
  EXPECT_EQ(r.payee_npi, "1234567893");
  EXPECT_EQ(r.payee_tax_id, "123456789");
}

TEST(Remittance, BalancedFileHasNoFindingsAndMatchingTotals) {
  Remittance r = ReadOne(Balanced835());
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Codes(r.findings));
  EXPECT_EQ(r.claim_count, 3u);
  ASSERT_EQ(r.claims.size(), 3u);
  EXPECT_EQ(r.total_billed, 21000 - 5000 + 5000);
  EXPECT_EQ(r.total_paid, 15000 - 5000 + 4500);
  EXPECT_EQ(r.total_provider_adjustments, -500);
}

TEST(Remittance, ReadsClaimPayment) {
  Remittance r = ReadOne(Balanced835());
  ASSERT_FALSE(r.claims.empty());
  const ClaimPayment& c = r.claims[0];
  EXPECT_EQ(c.segment, 14u);
  EXPECT_EQ(c.patient_control_number, "PCN001");
  EXPECT_EQ(c.status, "1");
  EXPECT_EQ(ClaimStatusMeaning(c.status), "processed as primary");
  EXPECT_FALSE(c.reversal);
  EXPECT_EQ(c.billed, 21000);
  EXPECT_EQ(c.paid, 15000);
  EXPECT_TRUE(c.has_patient_responsibility);
  EXPECT_EQ(c.patient_responsibility, 4000);
  EXPECT_EQ(c.filing_indicator, "12");
  EXPECT_EQ(c.payer_claim_control_number, "PAYERCLM1");
  EXPECT_EQ(c.facility_type, "11");
  EXPECT_EQ(c.frequency, "1");
  EXPECT_EQ(c.drg, "470");
  EXPECT_EQ(c.drg_weight, "1.25");
  EXPECT_EQ(c.header_number, "1");
  ASSERT_EQ(c.adjustments.size(), 1u);
  EXPECT_EQ(c.adjustments[0], (RemitAdjustment{"CO", "45", 1000, "", 15}));
  const RemitName* patient = c.Name("QC");
  ASSERT_NE(patient, nullptr);
  EXPECT_EQ(patient->last_or_organization, "DOE");
  EXPECT_EQ(patient->first, "JANE");
  EXPECT_EQ(patient->middle, "Q");
  EXPECT_EQ(patient->id_qualifier, "MI");
  EXPECT_EQ(patient->id, "MEMBER01");
  EXPECT_EQ(c.Name("IL"), nullptr);
  EXPECT_EQ(c.remarks, (std::vector<Remark>{{"MOA", "MA01"}, {"MOA", "MA18"}}));
  EXPECT_EQ(c.references, (std::vector<Reference>{{"1L", "GROUP7"}}));
  EXPECT_EQ(c.statement_from, "20240101");
  EXPECT_EQ(c.statement_to, "20240102");
  EXPECT_EQ(c.received_date, "20240105");
  EXPECT_EQ(c.amounts, (std::vector<QualifiedAmount>{{"AU", 19000}}));
  EXPECT_EQ(c.services.size(), 2u);
}

TEST(Remittance, ReadsServicePayments) {
  Remittance r = ReadOne(Balanced835());
  ASSERT_FALSE(r.claims.empty());
  ASSERT_EQ(r.claims[0].services.size(), 2u);
  const ServicePayment& a = r.claims[0].services[0];
  EXPECT_EQ(a.segment, 23u);
  EXPECT_EQ(a.procedure.qualifier, "HC");
  EXPECT_EQ(a.procedure.code, "99213");
  EXPECT_EQ(a.procedure.modifiers, (std::array<std::string, 4>{"25", "59", "GT", "95"}));
  EXPECT_EQ(a.procedure.modifier_count(), 4);
  EXPECT_EQ(a.charge, 12000);
  EXPECT_EQ(a.paid, 9000);
  EXPECT_EQ(a.revenue_code, "0510");
  EXPECT_EQ(a.units_paid, "1");
  EXPECT_EQ(a.billed_procedure.code, "99214");  // billed differently from what was paid
  EXPECT_EQ(a.original_units, "2");
  EXPECT_EQ(a.service_date, "20240101");
  ASSERT_EQ(a.adjustments.size(), 3u);
  EXPECT_EQ(a.adjustments[0], (RemitAdjustment{"CO", "45", 1000, "1", 25}));
  EXPECT_EQ(a.adjustments[1], (RemitAdjustment{"CO", "253", 0, "", 25}));
  EXPECT_EQ(a.adjustments[2], (RemitAdjustment{"PR", "1", 2000, "", 26}));
  EXPECT_EQ(a.line_control_number, "LINE1");
  EXPECT_TRUE(a.has_allowed);
  EXPECT_EQ(a.allowed, 11000);
  EXPECT_EQ(a.remarks, (std::vector<Remark>{{"HE", "N130"}, {"RX", "70"}}));

  const ServicePayment& b = r.claims[0].services[1];
  EXPECT_EQ(b.segment, 31u);
  EXPECT_EQ(FormatProcedure(b.procedure), "HC:80053");
  EXPECT_TRUE(b.billed_procedure.empty());  // SVC06 equal to SVC01 is not kept
  EXPECT_EQ(b.period_start, "20240101");
  EXPECT_EQ(b.period_end, "20240102");
  EXPECT_FALSE(b.has_allowed);
  EXPECT_EQ(b.adjustments.size(), 2u);
  EXPECT_EQ(b.line_control_number, "LINE2");
}

TEST(Remittance, CasSegmentHoldsUpToSixTriplets) {
  std::string text = Interchange(
      "835", "005010X221A1", "HP",
      {"BPR*I*0*C*NON************20240115", "TRN*1*X*1", "N1*PR*P", "N1*PE*E*XX*1",
       "CLP*A*4*600*0**12*X", "CAS*CO*1*1*1*2*1**3*1**4*1**5*1**6*1*9", "CAS*OA*7*594"});
  Remittance r = ReadOne(text);
  ASSERT_EQ(r.claims.size(), 1u);
  const auto& adj = r.claims[0].adjustments;
  ASSERT_EQ(adj.size(), 7u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(adj[i].reason, std::to_string(i + 1));
  EXPECT_EQ(adj[0].quantity, "1");
  EXPECT_EQ(adj[5].quantity, "9");
  EXPECT_EQ(adj[6].amount, 59400);
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Codes(r.findings));
}

TEST(Remittance, ReversalIsKeptAsItsOwnClaimBesideTheCorrection) {
  Remittance r = ReadOne(Balanced835());
  ASSERT_EQ(r.claims.size(), 3u);
  const ClaimPayment& reversal = r.claims[1];
  const ClaimPayment& correction = r.claims[2];
  EXPECT_EQ(reversal.segment, 36u);
  EXPECT_TRUE(reversal.reversal);
  EXPECT_EQ(ClaimStatusMeaning(reversal.status), "reversal of previous payment");
  EXPECT_EQ(reversal.billed, -5000);
  EXPECT_EQ(reversal.paid, -5000);
  EXPECT_EQ(reversal.frequency, "8");
  EXPECT_EQ(correction.segment, 37u);
  EXPECT_FALSE(correction.reversal);
  EXPECT_EQ(correction.patient_control_number, reversal.patient_control_number);
  EXPECT_EQ(correction.paid, 4500);
}

TEST(Remittance, ReadsProviderAdjustments) {
  std::vector<std::string> body = kBody;
  body.back() = "PLB*1234567893*20241231*WO:A1*1*L6:B2*2*FB:C3*3*72*4*CS:E5*5*J1*-20";
  Remittance r = ReadOne(Interchange("835", "005010X221A1", "HP", body));
  ASSERT_EQ(r.provider_adjustments.size(), 1u);
  const ProviderAdjustment& p = r.provider_adjustments[0];
  EXPECT_EQ(p.segment, 39u);
  EXPECT_EQ(p.provider_id, "1234567893");
  EXPECT_EQ(p.fiscal_period, "20241231");
  ASSERT_EQ(p.items.size(), 6u);
  EXPECT_EQ(p.items[0], (ProviderAdjustmentItem{"WO", "A1", 100}));
  EXPECT_EQ(p.items[3], (ProviderAdjustmentItem{"72", "", 400}));
  EXPECT_EQ(p.items[5], (ProviderAdjustmentItem{"J1", "", -2000}));
  EXPECT_EQ(r.total_provider_adjustments, -500);
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Codes(r.findings));
}

// An 835 with every balancing rule broken once; each finding names its segment and element.
TEST(Remittance, ReportsEachBalancingFindingAtItsPosition) {
  std::string text = Interchange("835", "005010X221A1", "HP",
                                 {
                                     "BPR*I*100*C*CHK************20240115",  // 4
                                     "TRN*1*CHK1*1999",                      // 5
                                     "N1*PR*P",                              // 6
                                     "N1*PE*X*XX*1",                         // 7
                                     "CLP*A*1*100*80*10*12*X",               // 8
                                     "SVC*HC:99211*100*70",                  // 9
                                     "CAS*CO*45*20",                         // 10
                                     "CLP*B*1*100*50**12*Y",                 // 11
                                 });
  Remittance r = ReadOne(text);
  EXPECT_EQ(Codes(r.findings),
            (std::vector<std::string>{"service_unbalanced", "claim_lines_paid_mismatch",
                                      "patient_responsibility_mismatch", "claim_unbalanced",
                                      "transaction_unbalanced"}));
  struct Where {
    const char* code;
    std::uint64_t segment;
    const char* segment_id;
    std::uint32_t element;
    const char* value;
    Severity severity;
  };
  const Where expected[] = {
      {"service_unbalanced", 9, "SVC", 3, "charge 100.00 - adjustments 20.00 != paid 70.00",
       Severity::kError},
      {"claim_lines_paid_mismatch", 8, "CLP", 4,
       "lines 70.00 - claim adjustments 0.00 != paid 80.00", Severity::kError},
      // CLP05 is a consistency check outside balancing: a warning.
      {"patient_responsibility_mismatch", 8, "CLP", 5,
       "patient responsibility 10.00 != PR adjustments 0.00 difference 10.00", Severity::kWarning},
      {"claim_unbalanced", 11, "CLP", 4, "billed 100.00 - adjustments 0.00 != paid 50.00",
       Severity::kError},
      {"transaction_unbalanced", 4, "BPR", 2,
       "payment 100.00 != claims 130.00 - provider adjustments 0.00", Severity::kError},
  };
  for (const auto& w : expected) {
    const Finding* f = FindingWith(r.findings, w.code);
    ASSERT_NE(f, nullptr) << w.code;
    EXPECT_EQ(f->segment, w.segment) << w.code;
    EXPECT_EQ(f->segment_id, w.segment_id) << w.code;
    EXPECT_EQ(f->element, w.element) << w.code;
    EXPECT_EQ(f->value, w.value) << w.code;
    EXPECT_EQ(f->severity, w.severity) << w.code;
    EXPECT_FALSE(f->message.empty());
  }
}

TEST(Remittance, ClaimBalancingCountsClaimAndLineAdjustments) {
  // 100 - (claim CO 5 + line CO 15) = 80 paid; unbalanced if either level were left out.
  std::string text =
      Interchange("835", "005010X221A1", "HP",
                  {"BPR*I*80*C*CHK************20240115", "TRN*1*C*1", "N1*PR*P", "N1*PE*X*XX*1",
                   "CLP*A*1*100*80*0*12*X", "CAS*CO*45*5", "SVC*HC:99211*100*85", "CAS*CO*45*15"});
  Remittance r = ReadOne(text);
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Codes(r.findings));
}

TEST(Remittance, DebitPaymentBalancesAgainstNegativeTotal) {
  std::string text =
      Interchange("835", "005010X221A1", "HP",
                  {"BPR*H*25*D*NON************20240115", "TRN*1*C*1", "N1*PR*P", "N1*PE*X*XX*1",
                   "CLP*A*22*-25*-25*0*12*X", "PLB*1*20241231*WO*0"});
  Remittance r = ReadOne(text);
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(Codes(r.findings));
}

TEST(Remittance, ReportsAmountAndStructureFindings) {
  std::string text = Interchange("835", "005010X221A1", "HP",
                                 {
                                     "TRN*1*C*1",                  // 4: no BPR at all
                                     "SVC*HC:1*10*10",             // 5: before any CLP
                                     "CLP*A*1*10.001*ABC*0*12*X",  // 6
                                     "CAS*CO**5",                  // 7: no reason
                                     "PLB*1*20241231*WO",          // 8: no amount
                                 });
  Remittance r = ReadOne(text);
  struct Where {
    const char* code;
    std::uint64_t segment;
    std::uint32_t element;
  };
  const Where expected[] = {{"service_outside_claim", 5, 0}, {"amount_precision", 6, 3},
                            {"amount_invalid", 6, 4},        {"adjustment_incomplete", 7, 2},
                            {"adjustment_incomplete", 8, 4}, {"payment_missing", 3, 0}};
  for (const auto& w : expected) {
    bool found = false;
    for (const auto& f : r.findings) {
      if (f.code == w.code && f.segment == w.segment && f.element == w.element) found = true;
    }
    EXPECT_TRUE(found) << w.code << " at " << w.segment << "/" << w.element;
  }
  EXPECT_EQ(FindingWith(r.findings, "amount_precision")->value, "10.001");
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.claims[0].billed, 1000);  // truncated to cents, and flagged
  EXPECT_EQ(r.claims[0].paid, 0);
}

TEST(Remittance, StreamingHandsOutClaimsWithoutKeepingThem) {
  std::vector<std::string> pcns;
  std::vector<Remittance> sets;
  std::uint64_t lines = 0;
  RemittanceOptions options;
  options.keep_claims = false;
  RemittanceReader reader([&](Remittance&& r) { sets.push_back(std::move(r)); },
                          [&](const Remittance& r, const ClaimPayment& c) {
                            EXPECT_EQ(r.trace_number, "EFT0001");
                            pcns.push_back(c.patient_control_number);
                            lines += c.services.size();
                          },
                          options);
  std::string text = Balanced835();
  DiagnosticList diags;
  SegmentReader segments(text, diags);
  Segment s;
  while (segments.Next(&s)) reader.Add(s);
  reader.Finish();
  EXPECT_EQ(pcns, (std::vector<std::string>{"PCN001", "PCN002", "PCN002"}));
  EXPECT_EQ(lines, 2u);
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_TRUE(sets[0].claims.empty());
  EXPECT_EQ(sets[0].claim_count, 3u);
  EXPECT_EQ(sets[0].total_paid, 14500);
  EXPECT_TRUE(sets[0].findings.empty());
}

TEST(Remittance, SameRecordsWhenInputArrivesInPiecesOfAnySize) {
  const std::string text = Balanced835();
  const Remittance whole = ReadOne(text);
  for (std::size_t piece = 1; piece <= 64; piece += 7) {
    MemorySource source(text, piece);
    DiagnosticList diags;
    ReaderOptions ro;
    ro.chunk_size = 256;
    SegmentReader segments(source, diags, ro);
    std::vector<Remittance> got;
    RemittanceReader reader([&](Remittance&& r) { got.push_back(std::move(r)); });
    Segment s;
    while (segments.Next(&s)) reader.Add(s);
    reader.Finish();
    ASSERT_EQ(got.size(), 1u) << piece;
    EXPECT_EQ(got[0].claims.size(), whole.claims.size()) << piece;
    EXPECT_EQ(got[0].total_paid, whole.total_paid) << piece;
    EXPECT_EQ(got[0].claims[0].services[0].procedure, whole.claims[0].services[0].procedure);
    EXPECT_EQ(got[0].findings.size(), whole.findings.size()) << piece;
  }
}

TEST(Remittance, SetWithoutTrailerIsDeliveredOpen) {
  std::string text = Balanced835();
  text = text.substr(0, text.find("SE*"));  // cut at the SE: no SE, GE, IEA
  DiagnosticList diags;
  auto all = ReadRemittances(text, &diags);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].closed);
  EXPECT_EQ(all[0].claim_count, 3u);
  EXPECT_TRUE(diags.HasErrors());  // the envelope checker reports the missing trailers
}

TEST(Remittance, IgnoresOtherTransactionSets) {
  std::string text = Interchange("277", "005010X214", "HN", {"BHT*0085*08*1*20240101*1200*TH"});
  EXPECT_TRUE(ReadRemittances(text, nullptr).empty());
}

TEST(Remittance, AdjustmentCodeDescriptionsComeFromTheCodeSets) {
  EXPECT_FALSE(DescribeCarc("45").empty());
  EXPECT_EQ(DescribeCarc("45").find("no description shipped"), std::string::npos);
  EXPECT_EQ(DescribeAdjustmentGroup("PR").find("no description shipped"), std::string::npos);
  EXPECT_EQ(DescribeRarc("N130").find("no description shipped"), std::string::npos);
  EXPECT_EQ(DescribeCarc("ZZZ9"), "code ZZZ9 (no description shipped)");
}

// --- Corpus: every 835 turns into records; totals equal an independent scan of the segments.

// Amounts parsed a different way from the reader (floating point, rounded): fine for checking.
Cents Money(const std::string& s) {
  return s.empty() ? 0 : static_cast<Cents>(std::llround(std::strtod(s.c_str(), nullptr) * 100));
}

struct RawTotals {
  std::size_t sets = 0, claims = 0, lines = 0, plbs = 0, adjustments = 0;
  Cents bpr = 0, billed = 0, paid = 0, line_paid = 0, plb = 0, cas = 0;
};

RawTotals ScanTotals(const std::string& text) {
  RawTotals t;
  char component = ':';
  bool in835 = false;
  for (const auto& s : testing::RawSegments(text, &component)) {
    const std::string& id = s.fields[0];
    if (id == "ST") in835 = s.Field(1) == "835";
    if (!in835) continue;
    if (id == "ST") ++t.sets;
    if (id == "BPR") t.bpr += (s.Field(3) == "D" ? -1 : 1) * Money(s.Field(2));
    if (id == "CLP") {
      ++t.claims;
      t.billed += Money(s.Field(3));
      t.paid += Money(s.Field(4));
    }
    if (id == "SVC") {
      ++t.lines;
      t.line_paid += Money(s.Field(3));
    }
    if (id == "CAS") {
      for (std::size_t e = 3; e <= 18; e += 3) {
        if (s.Field(e).empty()) continue;
        ++t.adjustments;
        t.cas += Money(s.Field(e));
      }
    }
    if (id == "PLB") {
      ++t.plbs;
      for (std::size_t e = 4; e <= 14; e += 2) t.plb += Money(s.Field(e));
    }
  }
  return t;
}

TEST(RemittanceCorpus, EveryFileTurnsIntoRecordsWhoseTotalsMatchTheSegments) {
  auto files = testing::CorpusFiles("835");
  ASSERT_GE(files.size(), 20u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::string text = testing::ReadFile(path);
    RawTotals raw = ScanTotals(text);
    DiagnosticList diags;
    auto remits = ReadRemittances(text, &diags);
    ASSERT_FALSE(remits.empty());
    RawTotals got;
    got.sets = remits.size();
    for (const auto& r : remits) {
      got.bpr += r.credit_debit == "D" ? -r.payment_amount : r.payment_amount;
      got.claims += r.claim_count;
      got.billed += r.total_billed;
      got.paid += r.total_paid;
      got.plbs += r.provider_adjustments.size();
      got.plb += r.total_provider_adjustments;
      Cents sum_billed = 0, sum_paid = 0;
      for (const auto& c : r.claims) {
        sum_billed += c.billed;
        sum_paid += c.paid;
        for (const auto& a : c.adjustments) got.cas += a.amount;
        got.adjustments += c.adjustments.size();
        for (const auto& line : c.services) {
          ++got.lines;
          got.line_paid += line.paid;
          for (const auto& a : line.adjustments) got.cas += a.amount;
          got.adjustments += line.adjustments.size();
        }
      }
      EXPECT_EQ(sum_billed, r.total_billed);
      EXPECT_EQ(sum_paid, r.total_paid);
      // Every transaction-level imbalance is reported, never silently passed.
      bool balanced = (r.credit_debit == "D" ? -r.payment_amount : r.payment_amount) ==
                      r.total_paid - r.total_provider_adjustments;
      EXPECT_EQ(FindingWith(r.findings, "transaction_unbalanced") == nullptr, balanced);
    }
    EXPECT_EQ(got.sets, raw.sets);
    EXPECT_EQ(got.claims, raw.claims);
    EXPECT_EQ(got.lines, raw.lines);
    EXPECT_EQ(got.plbs, raw.plbs);
    EXPECT_EQ(got.adjustments, raw.adjustments);
    EXPECT_EQ(got.bpr, raw.bpr);
    EXPECT_EQ(got.billed, raw.billed);
    EXPECT_EQ(got.paid, raw.paid);
    EXPECT_EQ(got.line_paid, raw.line_paid);
    EXPECT_EQ(got.plb, raw.plb);
    EXPECT_EQ(got.cas, raw.cas);
  }
}

}  // namespace
}  // namespace edi::hipaa
