#include "edi/hipaa/status_inquiry.hpp"

#include <algorithm>
#include <array>

#include "edi/delimiters.hpp"
#include "edi/hipaa/claim_writer.hpp"

namespace edi::hipaa {
namespace {

constexpr std::string_view kRequired = "required_for_276";

std::string_view Or(std::string_view a, std::string_view b) { return a.empty() ? b : a; }

// The line's service period: its end date when it spans days.
std::string_view LineEnd(const ServiceLine& line) {
  return Or(line.service_date_end, line.service_date);
}

void WriteDate(SegmentWriter& w, std::string_view from, std::string_view to) {
  if (to.empty() || to == from) {
    w.Write("DTP", {"472", "D8", from});
    return;
  }
  std::string range;
  range.append(from).append("-").append(to);
  w.Write("DTP", {"472", "RD8", range});
}

// SVC01 of a line: CDT on dental claims (AD), HCPCS/CPT (HC), else the revenue code alone (NU).
void WriteServiceLine(SegmentWriter& w, const Encounter& e, const ServiceLine& line) {
  std::string charge = FormatAmount(line.charge_cents);
  std::array<std::string_view, 6> proc{};
  std::size_t n = 2;
  bool revenue_only = !line.procedure.present();
  if (revenue_only) {
    proc[0] = "NU";
    proc[1] = line.revenue_code;
  } else {
    proc[0] = e.type == ClaimType::kDental ? "AD" : "HC";
    proc[1] = line.procedure.value;
    for (std::size_t i = 0; i < line.modifiers.size() && i < 4; ++i) proc[n++] = line.modifiers[i];
  }
  w.Begin("SVC").AddComposite(std::span<const std::string_view>(proc.data(), n)).Add(charge);
  w.Add("").Add(revenue_only ? std::string_view() : std::string_view(line.revenue_code));
  w.Add("").Add("").Add(line.units == "1" ? std::string_view() : std::string_view(line.units));
  w.End();
  if (!line.control_number.empty()) w.Write("REF", {"FJ", line.control_number});
  WriteDate(w, line.service_date, LineEnd(line));
}

// The 2200D/E loop (and its 2210 lines).
void WriteClaim(SegmentWriter& w, const Encounter& e, const StatusInquiryClaim& claim,
                std::string_view clm01) {
  const ClaimInformation& c = e.claim;
  w.Write("TRN", {"1", Or(claim.trace_number, clm01)});
  if (!claim.payer_claim_control_number.empty()) {
    w.Write("REF", {"1K", claim.payer_claim_control_number});
  }
  if (e.type == ClaimType::kInstitutional && !c.place_of_service.empty()) {
    // REF*BLT: facility type code and claim frequency, as CLM05-1 and CLM05-3 were sent.
    w.Write("REF", {"BLT", c.place_of_service + c.frequency_code});
  }
  w.Write("REF", {"EJ", clm01});
  if (!c.clearinghouse_trace_number.empty()) {
    w.Write("REF", {"D9", c.clearinghouse_trace_number});
  }
  std::int64_t total = c.charge_cents;
  if (!c.has_charge) {
    total = 0;
    for (const ServiceLine& line : c.service_lines) total += line.charge_cents;
  }
  w.Write("AMT", {"T3", FormatAmount(total)});
  ServicePeriod period = ClaimServicePeriod(e);
  WriteDate(w, period.from, period.to);
  if (!claim.include_service_lines) return;
  for (const ServiceLine& line : c.service_lines) WriteServiceLine(w, e, line);
}

void Missing(std::vector<EncounterFinding>* findings, std::string_view prefix,
             std::string_view path, std::string message) {
  std::string full(prefix);
  full.append(path);
  findings->push_back({std::move(full), std::string(kRequired), std::move(message), ""});
}

}  // namespace

ServicePeriod ClaimServicePeriod(const Encounter& e) {
  const ClaimInformation& c = e.claim;
  if (e.type == ClaimType::kInstitutional && !c.statement_begin_date.empty()) {
    return {c.statement_begin_date, std::string(Or(c.statement_end_date, c.statement_begin_date))};
  }
  ServicePeriod p;
  for (const ServiceLine& line : c.service_lines) {
    if (line.service_date.empty()) continue;
    if (p.from.empty() || line.service_date < p.from) p.from = line.service_date;
    std::string_view end = LineEnd(line);
    if (p.to.empty() || end > p.to) p.to = std::string(end);
  }
  return p;
}

bool CheckStatusInquiry(const Encounter& e, const StatusInquiryClaim& claim,
                        std::string_view fallback_receiver_id, std::string_view prefix,
                        std::vector<EncounterFinding>* findings) {
  std::size_t before = findings->size();
  if (e.payer_id.empty()) {
    Missing(findings, prefix, "tradingPartnerServiceId",
            "the payer id is needed to address a claim status inquiry (276 NM1*PR)");
  }
  if (e.payer_name.empty() && e.receiver.organization_name.empty()) {
    Missing(findings, prefix, "tradingPartnerName",
            "the payer name is needed for a claim status inquiry (276 NM1*PR)");
  }
  if (e.submitter.id.empty() && fallback_receiver_id.empty()) {
    Missing(findings, prefix, "submitter.submitterIdentification",
            "the submitter id names who asks in a claim status inquiry (276 NM1*41)");
  }
  if (e.billing.npi.empty()) {
    Missing(findings, prefix, "billing.npi",
            "the billing provider's NPI is needed for a claim status inquiry (276 NM1*1P)");
  }
  if (e.subscriber.member_id.empty()) {
    Missing(findings, prefix, "subscriber.memberId",
            "the subscriber's member id is needed for a claim status inquiry (276 NM1*IL)");
  }
  if (e.subscriber.last_name.empty()) {
    Missing(findings, prefix, "subscriber.lastName",
            "the subscriber's last name is needed for a claim status inquiry (276 NM1*IL)");
  }
  if (e.has_dependent) {
    if (e.dependent.last_name.empty()) {
      Missing(findings, prefix, "dependent.lastName",
              "the patient's last name is needed for a claim status inquiry (276 NM1*QC)");
    }
    if (e.dependent.date_of_birth.empty()) {
      Missing(findings, prefix, "dependent.dateOfBirth",
              "the patient's date of birth is needed for a claim status inquiry (276 DMG)");
    }
  }
  if (claim.patient_control_number.empty() && e.claim.patient_control_number.empty()) {
    Missing(findings, prefix, "claimInformation.patientControlNumber",
            "the patient control number (CLM01) identifies the claim in a status inquiry");
  }
  if (ClaimServicePeriod(e).from.empty()) {
    Missing(findings, prefix, "claimInformation.serviceLines[0].serviceDate",
            "a service date is needed for a claim status inquiry (276 DTP*472)");
  }
  if (claim.include_service_lines) {
    for (std::size_t i = 0; i < e.claim.service_lines.size(); ++i) {
      const ServiceLine& line = e.claim.service_lines[i];
      std::string at = "claimInformation.serviceLines[" + std::to_string(i) + "].";
      if (line.service_date.empty()) {
        Missing(findings, prefix, at + "serviceDate",
                "each service line asked about needs its service date (276 2210 DTP*472)");
      }
      if (!line.procedure.present() && line.revenue_code.empty()) {
        Missing(findings, prefix, at + "procedureCode",
                "each service line asked about needs a procedure or revenue code (276 SVC)");
      }
    }
  }
  return findings->size() == before;
}

Result<std::string> BuildStatusInquiry(const Encounter& e, const StatusInquiryClaim& claim,
                                       const StatusInquiryOptions& options) {
  std::vector<EncounterFinding> missing;
  if (!CheckStatusInquiry(e, claim, options.interchange.sender_id, "", &missing)) {
    return Error{std::string(kRequired), missing.front().path + ": " + missing.front().message};
  }
  InterchangeParams isa = options.interchange;
  if (isa.date.empty() && options.date.size() == 8) isa.date = options.date.substr(2);
  if (isa.time.empty()) isa.time = options.time.substr(0, 4);
  std::string out;
  out.reserve(1024);
  InterchangeWriter writer(&out, options.writer);
  writer.BeginInterchange(isa);
  GroupParams gs;
  gs.functional_id = "HR";
  gs.sender = Or(options.application_sender, isa.sender_id);
  gs.receiver = Or(options.application_receiver, isa.receiver_id);
  gs.date = options.date;
  gs.time = options.time.substr(0, 4);
  gs.control_number = options.group_control_number;
  gs.version = std::string(kStatusInquiryGuide);
  writer.BeginGroup(gs);
  writer.BeginTransaction("276", "0001", kStatusInquiryGuide);
  SegmentWriter& w = writer.body();
  const Delimiters& d = w.delimiters();
  std::string reference = options.batch_reference.empty()
                              ? FormatControlNumber(isa.control_number, 9)
                              : options.batch_reference;
  w.Write("BHT", {"0010", "13", reference, options.date, options.time});

  // 2000A/2100A: the payer, as the 837's 2010BB named it.
  w.Write("HL", {"1", "", "20", "1"});
  std::string payer_name = detail::CleanText(Or(e.payer_name, e.receiver.organization_name), d);
  w.Write("NM1", {"PR", "2", payer_name, "", "", "", "", "PI", e.payer_id});
  // 2000B/2100B: who asks, by its ETIN (the 837's submitter).
  w.Write("HL", {"2", "1", "21", "1"});
  std::string receiver_name = detail::CleanText(e.submitter.organization_name, d);
  w.Write("NM1", {"41", "2", receiver_name, "", "", "", "", "46",
                  Or(e.submitter.id, options.interchange.sender_id)});
  // 2000C/2100C: the provider the claim was billed by.
  w.Write("HL", {"3", "2", "19", "1"});
  detail::ClaimWriter names(w, e.type);
  names.ProviderName("1P", e.billing);
  // 2000D/2100D: the subscriber; HL04 says whether a dependent (2000E) follows.
  w.Write("HL", {"4", "3", "22", e.has_dependent ? "1" : "0"});
  if (!e.has_dependent) names.Demographics(e.subscriber);
  names.PersonName("IL", e.subscriber, "MI", e.subscriber.member_id);
  std::string_view clm01 = Or(claim.patient_control_number, e.claim.patient_control_number);
  if (e.has_dependent) {
    // 2000E/2100E: the patient, named and dated, without an id of its own in 5010.
    w.Write("HL", {"5", "4", "23"});
    names.Demographics(e.dependent);
    names.PersonName("QC", e.dependent, "", "");
  }
  WriteClaim(w, e, claim, clm01);
  writer.EndTransaction();
  writer.EndGroup();
  writer.EndInterchange();
  Result<void> done = writer.Finish();
  if (!done) return done.error();
  return out;
}

}  // namespace edi::hipaa
