// The helpers every loop of the 837 uses (free text, amounts and codes in scratch slots) and the
// loops of names: NM1 for providers and people, N3/N4, DMG, PRV, REF, PER, PAT. The 2300 claim is
// in claim_writer_claim.cpp; the 2320/2400 loops in claim_writer_lines.cpp.
#include "edi/hipaa/claim_writer.hpp"

#include <algorithm>

#include "edi/delimiters.hpp"

namespace edi::hipaa::detail {

namespace {

bool IsTextChar(char c, const Delimiters& d) { return IsExtendedChar(c) && !d.IsDelimiter(c); }

}  // namespace

std::string CleanText(std::string_view v, const Delimiters& d) {
  std::string s(v);
  for (char& c : s) {
    if (!IsTextChar(c, d)) c = ' ';
  }
  // A replaced character at either end would leave padding the receiver may keep.
  std::size_t first = s.find_first_not_of(' ');
  s.erase(0, first == std::string::npos ? s.size() : first);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string_view ClaimWriter::Text(std::string_view v, std::size_t slot) {
  const Delimiters& d = w_.delimiters();
  if (std::all_of(v.begin(), v.end(), [&](char c) { return IsTextChar(c, d); })) return v;
  scratch_[slot] = CleanText(v, d);
  return scratch_[slot];
}

std::string_view ClaimWriter::Amount(std::int64_t cents, std::size_t slot) {
  std::string& s = scratch_[slot];
  s.clear();
  AppendAmount(cents, &s);
  return s;
}

std::string_view ClaimWriter::Bare(std::string_view code, std::size_t slot) {
  if (code.find('.') == std::string_view::npos &&
      std::none_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return code;
  }
  std::string& s = scratch_[slot];
  s.clear();
  for (char c : code) {
    if (c == '.') continue;
    s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return s;
}

void ClaimWriter::ProviderName(std::string_view entity, const Provider& p) {
  w_.Begin("NM1").Add(entity);
  if (p.is_organization()) {
    w_.Add("2").Add(Text(p.organization_name, 0)).Add("").Add("").Add("").Add("");
  } else {
    w_.Add("1")
        .Add(Text(p.last_name, 0))
        .Add(Text(p.first_name, 1))
        .Add(Text(p.middle_name, 2))
        .Add("")
        .Add(Text(p.suffix, 3));
  }
  if (!p.npi.empty()) {
    w_.Add("XX").Add(p.npi);
  }
  w_.End();
}

void ClaimWriter::PersonName(std::string_view entity, const Person& p,
                             std::string_view id_qualifier, std::string_view id) {
  w_.Begin("NM1")
      .Add(entity)
      .Add("1")
      .Add(Text(p.last_name, 0))
      .Add(Text(p.first_name, 1))
      .Add(Text(p.middle_name, 2))
      .Add("")
      .Add(Text(p.suffix, 3));
  if (!id.empty()) w_.Add(id_qualifier).Add(id);
  w_.End();
}

void ClaimWriter::WriteAddress(const Address& a) {
  if (a.empty()) return;
  w_.Write("N3", {Text(a.address1, 0), Text(a.address2, 1)});
  w_.Write("N4", {Text(a.city, 0), a.state, a.postal_code});
}

void ClaimWriter::Demographics(const Person& p) {
  if (p.date_of_birth.empty()) return;
  w_.Write("DMG", {"D8", p.date_of_birth, p.gender});
}

void ClaimWriter::Specialty(std::string_view code, const Provider& p) {
  if (p.taxonomy_code.empty()) return;
  w_.Write("PRV", {code, "PXC", p.taxonomy_code});
}

void ClaimWriter::ServiceDate(std::string_view qualifier, std::string_view from,
                              std::string_view to) {
  if (from.empty()) return;
  // A one-day range the sender gave as RD8 stays RD8.
  if (to.empty()) {
    w_.Write("DTP", {qualifier, "D8", from});
    return;
  }
  std::string& s = scratch_[15];
  s.assign(from).append("-").append(to);
  w_.Write("DTP", {qualifier, "RD8", s});
}

void ClaimWriter::SecondaryIds(const std::vector<SecondaryId>& ids) {
  for (const SecondaryId& id : ids) w_.Write("REF", {id.qualifier, id.identifier});
}

void ClaimWriter::WriteContact(const Contact& c, bool always) {
  if (!always && c.phone_number.empty() && c.email.empty() && c.name.empty()) return;
  w_.Begin("PER").Add("IC").Add(Text(c.name, 0));
  if (!c.phone_number.empty()) w_.Add("TE").Add(c.phone_number);
  if (!c.phone_extension.empty()) w_.Add("EX").Add(c.phone_extension);
  if (!c.email.empty()) w_.Add("EM").Add(c.email);
  w_.End();
}

void ClaimWriter::PatientDetails(std::string_view relationship, const Person& p) {
  if (relationship.empty() && p.death_date.empty() && p.weight_pounds.empty() &&
      p.pregnancy_indicator.empty()) {
    return;
  }
  w_.Write("PAT", {relationship, "", "", "", p.death_date.empty() ? "" : "D8", p.death_date,
                   p.weight_pounds.empty() ? "" : "01", p.weight_pounds, p.pregnancy_indicator});
}

void ClaimWriter::PersonTail(const Person& p) {
  if (!p.property_casualty_claim_number.empty()) {
    w_.Write("REF", {"Y4", p.property_casualty_claim_number});
  }
  WriteContact(p.contact);
}

void ClaimWriter::ProviderLoop(std::string_view entity, const Provider& p, std::string_view prv,
                               bool address, bool contact) {
  if (!p.present()) return;
  ProviderName(entity, p);
  if (address) WriteAddress(p.address);
  if (!prv.empty()) Specialty(prv, p);
  SecondaryIds(p.secondary_ids);
  if (contact) WriteContact(p.contact);
}

}  // namespace edi::hipaa::detail
