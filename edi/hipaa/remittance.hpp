// 835 Health Care Claim Payment/Advice (005010X221A1) -> typed remittance records, read segment by
// segment: a Remittance per transaction set (payer, payee, BPR payment, TRN trace, PLB provider
// adjustments), a ClaimPayment per CLP and a ServicePayment per SVC, with balancing at the line,
// claim and transaction level reported as findings. Streaming: claims are handed to a callback
// as each one ends, so memory stays bounded whatever the file size. Amounts are integer cents.
// Not thread-safe; one RemittanceReader per input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/response_common.hpp"
#include "edi/segment.hpp"

namespace edi::hipaa {

// One CAS triplet: group code (CO, PR, OA, PI, CR), reason code (CARC), amount and quantity.
struct RemitAdjustment {
  std::string group;
  std::string reason;
  Cents amount = 0;
  std::string quantity;       // as written; empty when absent
  std::uint64_t segment = 0;  // the CAS segment index
  bool operator==(const RemitAdjustment&) const = default;
};

// A remark code: LQ01 qualifier (HE = RARC, RX = NCPDP reject code) and the code; for claim
// remarks from MIA/MOA the qualifier is "MIA" or "MOA".
struct Remark {
  std::string qualifier;
  std::string code;
  bool operator==(const Remark&) const = default;
};

// A person or organisation named in an NM1 of the claim loop (patient QC, insured IL, corrected
// patient/insured 74, rendering provider 82, crossover carrier TT, corrected priority payer PR).
struct RemitName {
  std::string entity;  // NM101
  std::string last_or_organization, first, middle, suffix;
  std::string id_qualifier;  // NM108 (MI member id, XX NPI, ...)
  std::string id;            // NM109
  bool operator==(const RemitName&) const = default;
};

struct ServicePayment {
  Procedure procedure;         // SVC01: as adjudicated
  Cents charge = 0;            // SVC02
  Cents paid = 0;              // SVC03
  std::string revenue_code;    // SVC04
  std::string units_paid;      // SVC05 as written (X12 says 1 when absent)
  Procedure billed_procedure;  // SVC06: as submitted, only when it differs from SVC01
  std::string original_units;  // SVC07
  std::string service_date;    // DTM*472
  std::string period_start;    // DTM*150
  std::string period_end;      // DTM*151
  std::vector<RemitAdjustment> adjustments;
  std::string line_control_number;    // REF*6R
  std::vector<Reference> references;  // other REFs (LU location, 0K policy, HPI rendering...)
  bool has_allowed = false;
  Cents allowed = 0;                     // AMT*B6
  std::vector<QualifiedAmount> amounts;  // other AMTs (KH late filing, T tax, ...)
  std::vector<Remark> remarks;           // LQ*HE / LQ*RX
  std::uint64_t segment = 0;             // SVC segment index
};

struct ClaimPayment {
  std::string patient_control_number;  // CLP01 (= the CLM01 we sent)
  std::string status;                  // CLP02
  bool reversal = false;               // CLP02 = 22: reversal of a previous payment
  Cents billed = 0;                    // CLP03
  Cents paid = 0;                      // CLP04
  bool has_patient_responsibility = false;
  Cents patient_responsibility = 0;          // CLP05
  std::string filing_indicator;              // CLP06 (12 PPO, MB Medicare B, MC Medicaid, ...)
  std::string payer_claim_control_number;    // CLP07
  std::string facility_type;                 // CLP08
  std::string frequency;                     // CLP09
  std::string drg;                           // CLP11
  std::string drg_weight;                    // CLP12 as written
  std::string header_number;                 // LX01 of the enclosing header loop
  std::vector<RemitAdjustment> adjustments;  // claim-level CAS
  std::vector<RemitName> names;              // NM1 QC / IL / 74 / 82 / TT / PR (PHI)
  std::string statement_from;                // DTM*232
  std::string statement_to;                  // DTM*233
  std::string received_date;                 // DTM*050
  std::string coverage_expiration;           // DTM*036
  std::vector<Reference> references;         // REF (1L group, EA medical record, F8 original ...)
  std::vector<QualifiedAmount> amounts;      // AMT (AU coverage, D8 discount, I interest, ...)
  std::vector<Remark> remarks;               // MIA / MOA remark codes
  std::vector<ServicePayment> services;
  std::uint64_t segment = 0;  // CLP segment index

  // The named party with NM101 = `entity` ("QC" patient), or nullptr.
  const RemitName* Name(std::string_view entity) const;
};

// PLB: one provider-level adjustment (PLB03/05/07/09/11/13 reason:reference + amount).
struct ProviderAdjustmentItem {
  std::string reason;     // composite component 1 (WO, L6, FB, 72, ...)
  std::string reference;  // component 2
  Cents amount = 0;       // positive reduces the payment
  bool operator==(const ProviderAdjustmentItem&) const = default;
};

struct ProviderAdjustment {
  std::string provider_id;    // PLB01
  std::string fiscal_period;  // PLB02 (CCYYMMDD, the last day of the provider's fiscal year)
  std::vector<ProviderAdjustmentItem> items;
  std::uint64_t segment = 0;
};

struct Remittance {
  EnvelopeKeys keys;
  // Payment (BPR).
  std::string handling;      // BPR01: I remittance+payment, H notification only, ...
  Cents payment_amount = 0;  // BPR02
  std::string credit_debit;  // BPR03: C or D
  std::string method;        // BPR04: ACH, CHK, NON, FWT, BOP
  std::string format;        // BPR05 (CCP, CTX) for ACH
  std::string payment_date;  // BPR16
  // Trace (TRN).
  std::string trace_number;     // TRN02: check or EFT trace number
  std::string trace_payer_id;   // TRN03: payer's identifier ("1" + tax id)
  std::string production_date;  // DTM*405
  std::string receiver_id;      // REF*EV
  // Payer (N1*PR loop) and payee (N1*PE loop).
  std::string payer_name;
  std::string payer_id_qualifier;  // N103 (XV CMS plan id, ...)
  std::string payer_id;            // N104, else REF*2U
  std::string payee_name;
  std::string payee_id_qualifier;    // N103: XX NPI, FI tax id, ...
  std::string payee_id;              // N104
  std::string payee_npi;             // N104 when XX
  std::string payee_tax_id;          // N104 when FI, or REF*TJ
  std::vector<ClaimPayment> claims;  // only with RemittanceOptions::keep_claims
  std::vector<ProviderAdjustment> provider_adjustments;
  // Totals over every claim of the set (also when claims are not kept).
  std::uint64_t claim_count = 0;
  Cents total_billed = 0;                // sum of CLP03
  Cents total_paid = 0;                  // sum of CLP04
  Cents total_provider_adjustments = 0;  // sum of PLB amounts
  std::vector<Finding> findings;         // balancing and amount findings of this set
  std::uint64_t segment = 0;             // ST segment index
  std::uint64_t payment_segment = 0;     // BPR segment index (0: no BPR seen)
  bool closed = false;                   // its SE was seen
};

// The 835 guide's balancing rules for one claim, each break appended to `findings` with its
// segment and element. Adjustments decrease the payment when positive, increase it when negative.
//   rule          holds when                                code (where)
//   service line  SVC02 - line CAS = SVC03                  service_unbalanced (SVC03)
//   claim         CLP03 - claim CAS - line CAS = CLP04      claim_unbalanced (CLP04)
//   claim lines   sum SVC03 - claim CAS = CLP04, when the   claim_lines_paid_mismatch (CLP04)
//                 claim has service lines
//   reversal      CLP02 22: CLP03 and CLP04 not positive    reversal_not_negated (CLP03, CLP04)
//   patient       CLP05 = sum of group PR adjustments at    patient_responsibility_mismatch
//                 claim and line level, when CLP05 is       (CLP05), severity warning: a
//                 present, except on reversals              consistency check, not balancing
void CheckClaimBalance(const ClaimPayment& claim, std::vector<Finding>* findings);
// Per transaction: BPR02 (negated when BPR03 = D) = sum of CLP04 - sum of PLB amounts of every
// reason code, from the totals of `remittance` ("transaction_unbalanced", BPR02), or
// "payment_missing" (ST) without a BPR.
void CheckRemittanceBalance(const Remittance& remittance, std::vector<Finding>* findings);
// True when none of the set's findings is an error. Warnings (CLP05 against the PR adjustments)
// are consistency notes, not an imbalance.
bool IsBalanced(const Remittance& remittance);

// Meaning of CLP02 ("processed as primary", "reversal of previous payment"); "" when unknown.
std::string_view ClaimStatusMeaning(std::string_view clp02);
// Descriptions of the adjustment codes an 835 carries, from the shipped code sets
// (edi/hipaa/codesets.hpp): CAS01 group codes, CAS reason codes (CARC) and remark codes (RARC,
// LQ*HE / MIA / MOA). "code NNN (no description shipped)" when the code is not in the list.
std::string DescribeAdjustmentGroup(std::string_view group);
std::string DescribeCarc(std::string_view reason);
std::string DescribeRarc(std::string_view remark);

// Meaning of BPR04 ("automated clearing house (ACH)", "check", ...); "" when unknown.
std::string_view PaymentMethodMeaning(std::string_view bpr04);

struct RemittanceOptions {
  // Keep every ClaimPayment in Remittance::claims. Default true; set false to stream a file of
  // any size: claims then reach only the on_claim callback.
  bool keep_claims = true;
  // Check the balancing rules. Default true.
  bool check_balancing = true;
};

class RemittanceReader {
 public:
  // Called when a claim ends (next CLP, PLB or SE), after its balancing checks. `claim` and
  // `remittance` (the set so far: header, totals so far) are valid only during the call.
  using ClaimCallback =
      std::function<void(const Remittance& remittance, const ClaimPayment& claim)>;
  // Called at SE (or at the end of the input for an unclosed set) with the whole set.
  using RemittanceCallback = std::function<void(Remittance&& remittance)>;

  RemittanceReader(RemittanceCallback on_remittance, ClaimCallback on_claim = {},
                   const RemittanceOptions& options = {});

  // Feeds the next segment of the input (envelope segments included).
  void Add(const Segment& segment);
  // End of input: delivers a transaction set left open.
  void Finish();

  std::uint64_t transaction_sets() const { return sets_; }

 private:
  enum class Loop { kNone, kHeader, kPayer, kPayee, kClaim, kService };
  void OnSt(const Segment& s);
  void OnSe();
  void OnBpr(const Segment& s);
  void OnN1(const Segment& s);
  void OnClp(const Segment& s);
  void OnSvc(const Segment& s);
  void OnCas(const Segment& s);
  void OnPlb(const Segment& s);
  void OnRef(const Segment& s);
  void OnDtm(const Segment& s);
  void OnAmt(const Segment& s);
  void OnNm1(const Segment& s);
  void CloseClaim();

  RemittanceCallback on_remittance_;
  ClaimCallback on_claim_;
  RemittanceOptions options_;
  EnvelopeTracker envelope_;
  bool in_set_ = false;
  Loop loop_ = Loop::kNone;
  Remittance remit_;
  ClaimPayment claim_;  // the claim being read; its storage is reused when claims are not kept
  bool in_claim_ = false;
  std::string header_number_;
  std::uint64_t sets_ = 0;
};

// Reads every 835 transaction set of an in-memory input. Reader and envelope findings go to
// `diagnostics` (may be null). Other transaction sets are ignored.
std::vector<Remittance> ReadRemittances(std::string_view input, DiagnosticSink* diagnostics,
                                        const RemittanceOptions& options = {});

}  // namespace edi::hipaa
