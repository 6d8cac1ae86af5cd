#include "src/cli/response_print.hpp"

#include <string>
#include <vector>

#include "edi/hipaa/status_codes.hpp"

namespace claimgate::cli::response {
namespace {

using edi::hipaa::AckCodeList;
using edi::hipaa::DescribeAckCode;
using edi::hipaa::FormatCents;
using nlohmann::json;

json KeysJson(const edi::hipaa::EnvelopeKeys& k) {
  return {{"interchangeControlNumber", k.interchange_control_number},
          {"groupControlNumber", k.group_control_number},
          {"transactionControlNumber", k.transaction_control_number},
          {"version", k.version}};
}

json AdjustmentsJson(const std::vector<edi::hipaa::RemitAdjustment>& adjustments) {
  json a = json::array();
  for (const auto& x : adjustments) {
    json j = {{"group", x.group},
              {"reason", x.reason},
              {"amount", FormatCents(x.amount)},
              {"description", edi::hipaa::DescribeCarc(x.reason)}};
    if (!x.quantity.empty()) j["quantity"] = x.quantity;
    a.push_back(std::move(j));
  }
  return a;
}

json ProcedureJson(const edi::hipaa::Procedure& p) {
  json mods = json::array();
  for (const auto& m : p.modifiers) {
    if (!m.empty()) mods.push_back(m);
  }
  return {{"qualifier", p.qualifier}, {"code", p.code}, {"modifiers", mods}};
}

json ClaimJson(const edi::hipaa::ClaimPayment& c) {
  json lines = json::array();
  for (const auto& l : c.services) {
    json remarks = json::array();
    for (const auto& r : l.remarks) {
      remarks.push_back({{"qualifier", r.qualifier},
                         {"code", r.code},
                         {"description",
                          r.qualifier == "HE" ? edi::hipaa::DescribeRarc(r.code) : std::string()}});
    }
    json j = {{"segment", l.segment},
              {"procedure", ProcedureJson(l.procedure)},
              {"charge", FormatCents(l.charge)},
              {"paid", FormatCents(l.paid)},
              {"unitsPaid", l.units_paid},
              {"serviceDate", l.service_date},
              {"lineControlNumber", l.line_control_number},
              {"adjustments", AdjustmentsJson(l.adjustments)},
              {"remarks", remarks}};
    if (!l.billed_procedure.empty()) j["billedProcedure"] = ProcedureJson(l.billed_procedure);
    if (!l.original_units.empty()) j["originalUnits"] = l.original_units;
    if (!l.revenue_code.empty()) j["revenueCode"] = l.revenue_code;
    if (l.has_allowed) j["allowed"] = FormatCents(l.allowed);
    if (!l.period_start.empty()) j["periodStart"] = l.period_start;
    if (!l.period_end.empty()) j["periodEnd"] = l.period_end;
    lines.push_back(std::move(j));
  }
  json names = json::array();
  for (const auto& n : c.names) {
    names.push_back({{"entity", n.entity},
                     {"last", n.last_or_organization},
                     {"first", n.first},
                     {"idQualifier", n.id_qualifier},
                     {"id", n.id}});
  }
  json remarks = json::array();
  for (const auto& r : c.remarks) {
    remarks.push_back({{"source", r.qualifier},
                       {"code", r.code},
                       {"description", edi::hipaa::DescribeRarc(r.code)}});
  }
  json j = {{"segment", c.segment},
            {"patientControlNumber", c.patient_control_number},
            {"status", c.status},
            {"statusMeaning", edi::hipaa::ClaimStatusMeaning(c.status)},
            {"reversal", c.reversal},
            {"billed", FormatCents(c.billed)},
            {"paid", FormatCents(c.paid)},
            {"filingIndicator", c.filing_indicator},
            {"payerClaimControlNumber", c.payer_claim_control_number},
            {"names", names},
            {"adjustments", AdjustmentsJson(c.adjustments)},
            {"remarks", remarks},
            {"serviceLines", lines}};
  if (c.has_patient_responsibility) {
    j["patientResponsibility"] = FormatCents(c.patient_responsibility);
  }
  if (!c.drg.empty()) j["drg"] = c.drg;
  if (!c.statement_from.empty()) j["statementFrom"] = c.statement_from;
  if (!c.statement_to.empty()) j["statementTo"] = c.statement_to;
  if (!c.received_date.empty()) j["receivedDate"] = c.received_date;
  return j;
}

json CodesJson(const std::vector<std::string>& codes, AckCodeList list) {
  json a = json::array();
  for (const auto& c : codes) a.push_back({{"code", c}, {"meaning", DescribeAckCode(list, c)}});
  return a;
}

}  // namespace

json FindingJson(const edi::hipaa::Finding& f) {
  json j = {{"severity", edi::SeverityName(f.severity)},
            {"code", f.code},
            {"message", f.message},
            {"segment", f.segment},
            {"segmentId", f.segment_id}};
  if (f.element != 0) j["element"] = f.element;
  if (!f.value.empty()) j["value"] = f.value;
  return j;
}

json RemittanceJson(const edi::hipaa::Remittance& r) {
  json claims = json::array();
  for (const auto& c : r.claims) claims.push_back(ClaimJson(c));
  json plbs = json::array();
  for (const auto& p : r.provider_adjustments) {
    json items = json::array();
    for (const auto& i : p.items) {
      items.push_back(
          {{"reason", i.reason}, {"reference", i.reference}, {"amount", FormatCents(i.amount)}});
    }
    plbs.push_back({{"providerId", p.provider_id},
                    {"fiscalPeriod", p.fiscal_period},
                    {"segment", p.segment},
                    {"items", items}});
  }
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(FindingJson(f));
  return {{"keys", KeysJson(r.keys)},
          {"payment",
           {{"amount", FormatCents(r.payment_amount)},
            {"creditDebit", r.credit_debit},
            {"method", r.method},
            {"methodMeaning", edi::hipaa::PaymentMethodMeaning(r.method)},
            {"date", r.payment_date},
            {"traceNumber", r.trace_number},
            {"payerTraceId", r.trace_payer_id},
            {"productionDate", r.production_date}}},
          {"payer",
           {{"name", r.payer_name}, {"idQualifier", r.payer_id_qualifier}, {"id", r.payer_id}}},
          {"payee", {{"name", r.payee_name}, {"npi", r.payee_npi}, {"taxId", r.payee_tax_id}}},
          {"claims", claims},
          {"providerAdjustments", plbs},
          {"totals",
           {{"claims", r.claim_count},
            {"billed", FormatCents(r.total_billed)},
            {"paid", FormatCents(r.total_paid)},
            {"providerAdjustments", FormatCents(r.total_provider_adjustments)}}},
          {"balanced", edi::hipaa::IsBalanced(r)},
          {"findings", findings}};
}

json StatusJson(const edi::hipaa::StatusRecord& r) {
  json statuses = json::array();
  for (const auto& e : r.statuses) {
    json codes = json::array();
    for (const auto& c : e.codes) {
      json j = {{"category", c.category},
                {"categoryMeaning", edi::hipaa::DescribeStatusCategory(c.category)},
                {"status", c.status},
                {"statusMeaning", edi::hipaa::DescribeClaimStatus(c.status)}};
      if (!c.entity.empty()) {
        j["entity"] = c.entity;
        j["entityMeaning"] = edi::hipaa::DescribeEntity(c.entity);
      }
      codes.push_back(std::move(j));
    }
    json j = {{"codes", codes}, {"effectiveDate", e.effective_date}, {"segment", e.segment}};
    if (!e.action_code.empty()) j["actionCode"] = e.action_code;
    if (e.has_amount) j["amount"] = FormatCents(e.amount);
    if (e.has_paid) j["paid"] = FormatCents(e.paid);
    if (!e.check_number.empty()) j["checkNumber"] = e.check_number;
    if (!e.message.empty()) j["message"] = e.message;
    statuses.push_back(std::move(j));
  }
  json j = {{"level", edi::hipaa::StatusLevelName(r.level)},
            {"kind", r.claim_acknowledgment ? "277CA" : "277"},
            {"source", edi::hipaa::StatusSourceName(r.source_kind)},
            {"sourceName", r.source.last_or_organization},
            {"keys", KeysJson(r.keys)},
            {"segment", r.segment},
            {"traceNumber", r.trace_number},
            {"statuses", statuses}};
  if (!r.payer_claim_control_number.empty()) {
    j["payerClaimControlNumber"] = r.payer_claim_control_number;
  }
  if (!r.clearinghouse_trace.empty()) j["clearinghouseTrace"] = r.clearinghouse_trace;
  if (!r.service_date_from.empty()) {
    j["serviceDateFrom"] = r.service_date_from;
    j["serviceDateTo"] = r.service_date_to;
  }
  if (r.level == edi::hipaa::StatusLevel::kServiceLine) {
    j["procedure"] = ProcedureJson(r.procedure);
    j["charge"] = FormatCents(r.charge);
    j["lineControlNumber"] = r.line_control_number;
  }
  return j;
}

json AckJson(const edi::hipaa::AckRecord& a) {
  json sets = json::array();
  for (const auto& s : a.sets) {
    json errors = json::array();
    for (const auto& e : s.segment_errors) {
      json elements = json::array();
      for (const auto& x : e.elements) {
        elements.push_back({{"position", x.position},
                            {"component", x.component},
                            {"repetition", x.repetition},
                            {"referenceNumber", x.reference_number},
                            {"code", x.code},
                            {"meaning", DescribeAckCode(AckCodeList::kElementError, x.code)},
                            {"badValue", x.bad_value}});
      }
      errors.push_back(
          {{"segmentId", e.segment_id},
           {"position", e.position},
           {"loop", e.loop},
           {"code", e.code},
           {"meaning",
            e.code.empty() ? std::string() : DescribeAckCode(AckCodeList::kSegmentError, e.code)},
           {"elements", elements}});
    }
    sets.push_back({{"setId", s.set_id},
                    {"controlNumber", s.control_number},
                    {"status", s.status},
                    {"statusMeaning", DescribeAckCode(AckCodeList::kSetStatus, s.status)},
                    {"errors", CodesJson(s.error_codes, AckCodeList::kSetError)},
                    {"segmentErrors", errors}});
  }
  return {{"type", "999"},
          {"keys", KeysJson(a.keys)},
          {"functionalId", a.functional_id},
          {"groupControlNumber", a.group_control_number},
          {"version", a.version},
          {"status", a.status},
          {"statusMeaning", DescribeAckCode(AckCodeList::kGroupStatus, a.status)},
          {"included", a.included},
          {"received", a.received},
          {"accepted", a.accepted},
          {"errors", CodesJson(a.error_codes, AckCodeList::kGroupError)},
          {"sets", sets}};
}

json Ta1Json(const edi::hipaa::InterchangeAck& t) {
  return {{"type", "TA1"},
          {"interchangeControlNumber", t.control_number},
          {"date", t.date},
          {"time", t.time},
          {"ackCode", t.ack_code},
          {"ackMeaning", DescribeAckCode(AckCodeList::kInterchangeAck, t.ack_code)},
          {"noteCode", t.note_code},
          {"noteMeaning", DescribeAckCode(AckCodeList::kInterchangeNote, t.note_code)}};
}

}  // namespace claimgate::cli::response
