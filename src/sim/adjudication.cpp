#include "src/sim/adjudication.hpp"

#include <algorithm>

namespace claimgate::sim {
namespace {

using edi::hipaa::ClaimType;
using edi::hipaa::Encounter;
using edi::hipaa::ServiceLine;

bool StartsWith(const std::string& text, const std::string& prefix) {
  return !prefix.empty() && text.rfind(prefix, 0) == 0;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

LineDecision Describe(const ServiceLine& line, ClaimType type) {
  LineDecision d;
  if (type == ClaimType::kDental) {
    d.qualifier = "AD";
    d.code = line.procedure.value;
  } else if (!line.procedure.value.empty()) {
    d.qualifier = "HC";
    d.code = line.procedure.value;
    if (type == ClaimType::kInstitutional) d.revenue_code = line.revenue_code;
  } else {
    d.qualifier = "NU";
    d.code = line.revenue_code;
  }
  d.modifiers = line.modifiers;
  d.units = line.units.empty() ? "1" : line.units;
  d.service_date = line.service_date;
  d.control_number = line.control_number;
  d.charge = line.charge_cents;
  return d;
}

}  // namespace

Cents PercentOf(Cents cents, int percent) {
  Cents scaled = cents * percent;
  return scaled >= 0 ? (scaled + 50) / 100 : -((-scaled + 50) / 100);
}

ClaimDecision Adjudicate(const Encounter& e, const AdjudicationRules& rules,
                         const std::string& payer_claim_number) {
  ClaimDecision d;
  const auto& claim = e.claim;
  d.patient_control_number = claim.patient_control_number;
  d.type = e.type;
  d.charge = claim.charge_cents;
  if (!claim.has_charge) {
    for (const ServiceLine& line : claim.service_lines) d.charge += line.charge_cents;
  }
  d.facility_code = claim.place_of_service;
  d.frequency = claim.frequency_code;
  d.submitter_name = e.submitter.organization_name;
  d.submitter_id = e.submitter.id;
  d.billing_name =
      e.billing.is_organization() ? e.billing.organization_name : e.billing.last_name;
  d.billing_npi = e.billing.npi;
  const edi::hipaa::Person& patient =
      e.has_dependent ? static_cast<const edi::hipaa::Person&>(e.dependent) : e.subscriber;
  d.patient_last = patient.last_name;
  d.patient_first = patient.first_name;
  d.member_id = e.subscriber.member_id;
  d.payer_claim_number = payer_claim_number;
  for (const ServiceLine& line : claim.service_lines) {
    if (line.service_date.empty()) continue;
    const std::string& end = line.service_date_end.empty() ? line.service_date
                                                           : line.service_date_end;
    if (d.service_date_from.empty() || line.service_date < d.service_date_from)
      d.service_date_from = line.service_date;
    if (d.service_date_to.empty() || end > d.service_date_to) d.service_date_to = end;
  }
  if (d.service_date_from.empty()) {
    d.service_date_from = claim.statement_begin_date;
    d.service_date_to = claim.statement_end_date;
  }

  // 277CA: front-end rejections first; a rejected claim never reaches the 835.
  if (StartsWith(d.member_id, rules.reject_member_prefix)) {
    d.accepted = false;
    d.category = "A3";
    d.status = "21";
    d.entity = "IL";
    d.reason = "SUBSCRIBER ID NOT ON FILE";
    return d;
  }
  if (Contains(rules.reject_billing_npis, d.billing_npi)) {
    d.accepted = false;
    d.category = "A7";
    d.status = "562";
    d.entity = "85";
    d.reason = "BILLING PROVIDER NPI NOT ENROLLED";
    return d;
  }

  // 835.
  const bool member_denied = StartsWith(d.member_id, rules.deny_member_prefix);
  for (const ServiceLine& source : claim.service_lines) {
    LineDecision line = Describe(source, e.type);
    if (member_denied) {
      line.adjustments.push_back({"CO", "31", line.charge});
    } else if (Contains(rules.deny_procedures, line.code)) {
      line.adjustments.push_back({"CO", "96", line.charge});
      line.remark = "N130";
    } else {
      line.allowed = PercentOf(line.charge, rules.allowed_percent);
      line.patient_responsibility = PercentOf(line.allowed, rules.coinsurance_percent);
      line.paid = line.allowed - line.patient_responsibility;
      if (line.charge != line.allowed)
        line.adjustments.push_back({"CO", "45", line.charge - line.allowed});
      if (line.patient_responsibility != 0)
        line.adjustments.push_back({"PR", "2", line.patient_responsibility});
    }
    d.paid += line.paid;
    d.patient_responsibility += line.patient_responsibility;
    d.lines.push_back(std::move(line));
  }
  bool any_allowed = std::any_of(d.lines.begin(), d.lines.end(),
                                 [](const LineDecision& l) { return l.allowed > 0; });
  d.clp02 = any_allowed ? "1" : "4";
  return d;
}

}  // namespace claimgate::sim
