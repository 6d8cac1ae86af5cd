// Internal to the 837 reader (claim_reader*.cpp): the reader's state between segments and the
// small element readers its three files share. Not thread-safe, like ClaimReader itself.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "edi/hipaa/claim_reader.hpp"
#include "edi/hipaa/response_common.hpp"
#include "edi/validator.hpp"

namespace edi::hipaa {
namespace reader {

// The placement validator's own findings are not this reader's concern (X12Validator reports
// them); they are dropped here.
class DiscardSink final : public DiagnosticSink {
 public:
  void Report(Diagnostic) override {}
};

inline std::string Str(std::string_view v) { return std::string(v); }

inline std::int64_t ToCents(std::string_view v) {
  Cents c = 0;
  ParseCents(v, &c);
  return c;
}

inline bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// "D8*20260101" or "RD8*20260101-20260105" into from/to.
void DateRange(const Segment& s, std::string* from, std::string* to);
void ReadName(const Segment& s, Person* p);
// NM1 of a provider; false when NM108 is neither empty nor XX (an id the model does not hold).
bool ReadProvider(const Segment& s, Provider* p);
void ReadAddressPart(const Segment& s, Address* a);
// PER*IC*name*TE*phone*EX*ext*EM*email; false when PER01 is not IC or a pair the model lacks is
// there.
bool ReadContact(const Segment& s, Contact* c);
// True when any element from `from` on holds a value.
bool HasFrom(const Segment& s, std::size_t from);
// True when any element in [from, to] holds a value.
bool HasIn(const Segment& s, std::size_t from, std::size_t to);
// An optional amount element.
std::optional<std::int64_t> OptionalCents(std::string_view v);
// PWK*type*transmission***AC*control; false when elements the model lacks are set.
bool ReadAttachment(const Segment& s, std::vector<Attachment>* out);
// HCP of a claim (`line` false) or a line; false when elements the model lacks are set.
bool ReadRepricing(const Segment& s, bool line, Repricing* r);
// CAS into groups: a group longer than six reasons continues with the same group code.
void ReadAdjustment(const Segment& s, std::vector<AdjustmentGroup>* groups);
// "SEG*Q" for segments whose first element says what they are.
std::string Describe(const Segment& s);

}  // namespace reader

struct ClaimReader::State {
  reader::DiscardSink discard;
  std::unique_ptr<TransactionValidator> set;
  std::uint64_t in_set = 0;
  std::string gs08;
  ClaimType type = ClaimType::kProfessional;
  // Context shared by the claims that follow.
  Submitter submitter;
  Receiver receiver;
  Provider billing;
  Address pay_to;
  Subscriber subscriber;
  std::string payer_id;
  std::string payer_name;
  std::string payer_id_qualifier = "PI";
  Address payer_address;
  std::vector<SecondaryId> payer_secondary_ids;
  std::string claim_filing_code = "CI";
  bool has_dependent = false;
  Dependent dependent;
  std::string hl04;   // of the 2000B
  std::string sbr02;  // of the 2000B
  // The claim being read.
  std::optional<Encounter> claim;
  Provider* provider = nullptr;  // the provider the last NM1 named (PRV, N3/N4, REF, PER)
  bool provider_prv = false;     // the builder writes a PRV for it
  bool provider_address = false;  // ... an address
  bool provider_contact = false;  // ... a contact
  OtherPayerProvider* other_provider = nullptr;  // the 2330C-G loop being read
};

}  // namespace edi::hipaa
