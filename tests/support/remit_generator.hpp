// Random 835s that balance by construction, for the balancing property tests (tests/hipaa,
// tests/pipeline): a model of one transaction set (claims with claim- and line-level CAS in every
// group, several adjustments per CAS, claims without service lines, reversals and corrections,
// PLB with every reason code of the guide, credit and debit payments, forwarding balances), its
// X12 text (no ST03, as payers write it) with the segment index of every amount, and the
// findings that changing one amount must produce under the 835 guide's balancing rules.
// Deterministic for a seed on every platform (std::mt19937_64 and our own range reduction, no
// std:: distributions). Synthetic data only. Plain values; thread-safe. Standard library only:
// amounts are integer cents written here, not with the code under test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace claimgate::testing {

using GenCents = std::int64_t;

// One CAS triplet (reason, amount); the quantity is left out.
struct GenAdjustment {
  std::string reason;  // a CARC
  GenCents amount = 0;
};

// One CAS segment: a group code and one to six triplets.
struct GenCas {
  std::string group;  // CO, PR, OA, PI or CR
  std::vector<GenAdjustment> items;
};

struct GenLine {
  std::string procedure;  // CPT code (SVC01-2)
  GenCents charge = 0;    // SVC02
  GenCents paid = 0;      // SVC03
  std::vector<GenCas> cas;
};

struct GenClaim {
  std::string patient_control_number;  // CLP01
  std::string status;                  // CLP02: 1, 2, 3, 4, 19, 20, 21 or 22 (reversal)
  GenCents charge = 0;                 // CLP03
  GenCents paid = 0;                   // CLP04
  bool has_patient_responsibility = false;
  GenCents patient_responsibility = 0;  // CLP05 when present
  std::vector<GenCas> cas;              // claim level (loop 2100)
  std::vector<GenLine> lines;           // may be empty: a claim without service lines
  bool reversal() const { return status == "22"; }
};

struct GenPlbItem {
  std::string reason;     // PLB03-1 ... (WO, L6, FB, 72, ...)
  std::string reference;  // PLB03-2 ...
  GenCents amount = 0;    // positive reduces the payment
};

struct GenPlb {
  std::vector<GenPlbItem> items;  // one to six
};

struct Gen835 {
  std::string trace_number;  // TRN02, unique per seed
  GenCents payment = 0;      // BPR02 as written (never negative)
  bool debit = false;        // BPR03 D: the provider owes `payment`
  std::vector<GenClaim> claims;
  std::vector<GenPlb> provider_adjustments;
  // Sums the model itself holds: sum of CLP04, of PLB amounts; the balance the file states.
  GenCents TotalPaid() const;
  GenCents TotalProviderAdjustments() const;
  GenCents SignedPayment() const { return debit ? -payment : payment; }
};

struct GenOptions {
  // CLP01 values to draw from (a claim may appear more than once: reversal and correction, or
  // several payments); empty: "SEED<seed>C<n>" per claim.
  std::vector<std::string> patient_control_numbers;
  // 1 .. max_claims claim payments; one more when the last is a reversal with its correction.
  int max_claims = 6;
  bool group_cr = true;  // use group CR (4010's corrections group, not in 5010's code list)
};

// The 835 for `seed`: every balancing rule holds.
Gen835 Generate835(std::uint64_t seed, const GenOptions& options = {});

// Where the segments that carry amounts are in the rendered text (segment index, ISA = 1).
struct GenLayout {
  std::uint64_t bpr = 0;
  std::vector<std::uint64_t> clp;               // per claim
  std::vector<std::vector<std::uint64_t>> svc;  // per claim, per line
  std::uint64_t segments = 0;                   // in the whole interchange
};

// The interchange (ISA ... IEA, one GS, one ST without ST03) holding `remit`. `isa13` is its
// interchange control number.
std::string Render835(const Gen835& remit, GenLayout* layout, std::uint64_t isa13 = 1);

// One amount of the model.
struct AmountRef {
  enum Kind { kBpr02, kClp03, kClp04, kClp05, kClaimCas, kSvc02, kSvc03, kLineCas, kPlb };
  Kind kind = kBpr02;
  std::size_t claim = 0, line = 0, cas = 0, item = 0, plb = 0;
};

// Every amount of `remit`, in file order.
std::vector<AmountRef> Amounts(const Gen835& remit);
// The amount `ref` points at. REQUIRES: `ref` is one of Amounts(remit).
GenCents& AmountAt(Gen835& remit, const AmountRef& ref);
// "CLP04 of claim 2", "CAS item 1 of line 0 of claim 3": for failure messages.
std::string Describe(const AmountRef& ref);

// A finding as the balancing rules must report it.
struct ExpectedFinding {
  std::string code;
  std::uint64_t segment = 0;
  std::uint32_t element = 0;
  bool warning = false;
  bool operator<(const ExpectedFinding& o) const;
  bool operator==(const ExpectedFinding& o) const = default;
};

// The findings of every rule that includes the amount `ref` after it was changed in `changed`
// (the model after the change), at their segments: the table of which rule reads which amount.
// REQUIRES: `changed` differs from a generated (balanced) model only at `ref`. Sorted.
std::vector<ExpectedFinding> FindingsForChange(const Gen835& changed, const AmountRef& ref,
                                               const GenLayout& layout);

// Cents as X12 writes them: "-12.30", "0.05".
std::string GenMoney(GenCents cents);

}  // namespace claimgate::testing
