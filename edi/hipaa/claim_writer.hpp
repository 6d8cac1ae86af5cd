// Internal to the 837 builder (claim_builder.cpp): writes the loops of one encounter with a
// SegmentWriter — names and addresses, the subscriber and patient loops, and the 2300 claim with
// its providers, other payers and service lines for each claim type. Not thread-safe; one per
// transaction set being written. The writer must outlive it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "edi/writer.hpp"

namespace edi::hipaa::detail {

// Free text (a name, an address line) with delimiters and characters outside the X12 extended
// set replaced by spaces and the ends trimmed: such text never stops a transaction set.
std::string CleanText(std::string_view v, const Delimiters& d);

class ClaimWriter {
 public:
  ClaimWriter(SegmentWriter& w, ClaimType type) : w_(w), type_(type) {}

  // NM1 for a provider (organization or person) with its NPI (XX). `entity` is NM101.
  void ProviderName(std::string_view entity, const Provider& p);
  // NM1 for a person with an optional id (`id_qualifier` NM108, e.g. MI).
  void PersonName(std::string_view entity, const Person& p, std::string_view id_qualifier,
                  std::string_view id);
  // N3 and N4 when the address is set.
  void WriteAddress(const Address& a);
  void Demographics(const Person& p);  // DMG*D8 when a date of birth is set
  // PRV*<code>*PXC*taxonomy when the provider has one.
  void Specialty(std::string_view code, const Provider& p);
  // One REF per secondary identifier.
  void SecondaryIds(const std::vector<SecondaryId>& ids);
  // PER*IC*name*TE*..*EX*..*EM*.. when the contact has a phone number or an email (or
  // `always`).
  void WriteContact(const Contact& c, bool always = false);
  // PAT with the relationship (2000C) and the patient's death date, weight and pregnancy; left
  // out when all are empty.
  void PatientDetails(std::string_view relationship, const Person& p);
  // REF*Y4 and PER of a 2010BA/2010CA person (property and casualty).
  void PersonTail(const Person& p);

  // 2300 and everything under it.
  void Claim(const Encounter& e);

 private:
  void ClaimSegment(const Encounter& e);
  void ClaimDates(const ClaimInformation& c);
  void ClaimReferences(const ClaimInformation& c);
  void Attachments(const std::vector<Attachment>& attachments);
  void WriteRepricing(const Repricing& r, bool line);
  void OptionalAmount(std::string_view qualifier, const std::optional<std::int64_t>& cents);
  void Adjustments(const std::vector<AdjustmentGroup>& groups);
  // A provider loop: NM1, then address, PRV (`prv` code, empty for none), REF and PER as asked.
  void ProviderLoop(std::string_view entity, const Provider& p, std::string_view prv,
                    bool address, bool contact);
  void ProfessionalDiagnoses(const Encounter& e, std::size_t max);
  void InstitutionalCodes(const Encounter& e);
  void ClaimProviders(const Encounter& e);
  void OtherPayers(const Encounter& e);
  void ProfessionalLine(const Encounter& e, const ServiceLine& line, int n);
  void InstitutionalLine(const ServiceLine& line, int n);
  void DentalLine(const Encounter& e, const ServiceLine& line, int n);
  void Lx(int n);  // LX with the line number
  void LineTail(const ServiceLine& line);
  void LineDates(const ServiceLine& line);
  void LineProviders(const ServiceLine& line);
  void Drug(const ServiceLine& line);
  void LineAdjudications(const ServiceLine& line);
  void Forms(const ServiceLine& line);
  void OtherPayerProviders(const OtherPayer& o);
  void ServiceDate(std::string_view qualifier, std::string_view from, std::string_view to);
  void Pointers(const ServiceLine& line, std::size_t diagnosis_count);
  // C003: qualifier, code, up to 4 modifiers.
  void ProcedureComposite(std::string_view qualifier, const ServiceLine& line);

  // `v`, or CleanText(v) in a scratch slot when `v` holds a character it replaces. The view
  // lives until the same slot is used again.
  std::string_view Text(std::string_view v, std::size_t slot);
  // An amount in a scratch slot; same lifetime rule.
  std::string_view Amount(std::int64_t cents, std::size_t slot);
  // A diagnosis code without its dot.
  std::string_view Bare(std::string_view code, std::size_t slot);

  SegmentWriter& w_;
  ClaimType type_;
  std::array<std::string, 24> scratch_;
};

}  // namespace edi::hipaa::detail
