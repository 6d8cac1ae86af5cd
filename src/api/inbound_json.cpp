#include "src/api/inbound_json.hpp"

#include <set>
#include <string>

#include "edi/hipaa/remittance.hpp"
#include "src/api/api_common.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;

json Payment(const store::ClaimPayment& cp) {
  std::string_view meaning = edi::hipaa::ClaimStatusMeaning(cp.status_code);
  json j = {{"patientControlNumber", cp.patient_control_number},
            {"status", cp.status_code},
            {"statusDescription", std::string(meaning)},
            {"charge", Money(cp.charge_cents)},
            {"paid", Money(cp.paid_cents)},
            {"patientResponsibility", Money(cp.patient_responsibility_cents)},
            {"adjustments", AdjustmentsJson(cp.adjustments)}};
  if (!cp.remarks.empty()) j["remarks"] = RemarksJson(cp.remarks);
  if (!cp.claim_id.empty()) j["claimId"] = cp.claim_id;
  if (!cp.payer_claim_control_number.empty()) {
    j["payerClaimControlNumber"] = cp.payer_claim_control_number;
  }
  json patient = json::parse(cp.patient_json, nullptr, /*allow_exceptions=*/false);
  if (!patient.is_discarded() && !patient.empty()) j["names"] = std::move(patient);
  json services = json::array();
  for (const store::ServicePayment& sp : cp.services) {
    json s = {{"procedure", sp.procedure},
              {"charge", Money(sp.charge_cents)},
              {"paid", Money(sp.paid_cents)},
              {"adjustments", AdjustmentsJson(sp.adjustments)}};
    if (!sp.remarks.empty()) s["remarks"] = RemarksJson(sp.remarks);
    if (!sp.units.empty()) s["units"] = sp.units;
    if (!sp.line_control_number.empty()) s["lineControlNumber"] = sp.line_control_number;
    if (!sp.service_date.empty()) s["serviceDate"] = sp.service_date;
    services.push_back(std::move(s));
  }
  j["services"] = std::move(services);
  return j;
}

}  // namespace

json AdjustmentsJson(const std::vector<store::Adjustment>& adjustments) {
  json out = json::array();
  for (const store::Adjustment& a : adjustments) {
    json j = {{"group", a.group_code},
              {"groupDescription", edi::hipaa::DescribeAdjustmentGroup(a.group_code)},
              {"reason", a.reason_code},
              {"reasonDescription", edi::hipaa::DescribeCarc(a.reason_code)},
              {"amount", Money(a.amount_cents)}};
    if (!a.quantity.empty()) j["quantity"] = a.quantity;
    out.push_back(std::move(j));
  }
  return out;
}

json RemarksJson(const std::vector<store::RemarkCode>& remarks) {
  json out = json::array();
  for (const store::RemarkCode& r : remarks) {
    json j = {{"qualifier", r.qualifier}, {"code", r.code}};
    // LQ*RX carries NCPDP reject codes, which are not remittance advice remark codes.
    if (r.qualifier != "RX") j["description"] = edi::hipaa::DescribeRarc(r.code);
    out.push_back(std::move(j));
  }
  return out;
}

json ImportReportJson(const pipeline::ImportReport& r) {
  json j = {{"id", r.inbound_file_id},
            {"duplicate", r.duplicate},
            {"kind", r.kind},
            {"state", r.state},
            {"claimsMatched", r.claims_matched},
            {"unmatched", r.unmatched},
            {"remittanceIds", r.remittance_ids},
            {"problems", r.problems}};
  return j;
}

json InboundFileJson(const store::InboundFile& f) {
  json j = {{"id", f.id},
            {"payerId", f.payer_id},
            {"kind", f.kind},
            {"sourceName", f.source_name},
            {"sha256", f.sha256_hex},
            {"state", f.state},
            {"sizeBytes", f.size_bytes},
            {"receivedAt", IsoTime(f.received_ms)},
            {"updatedAt", IsoTime(f.updated_ms)}};
  if (!f.last_error.empty()) j["problems"] = f.last_error;
  return j;
}

json StatusRecordJson(const store::StatusRecord& s) {
  json j = {{"id", s.id},
            {"source", s.source},
            {"payerId", s.payer_id},
            {"inboundFileId", s.inbound_file_id},
            {"createdAt", IsoTime(s.created_ms)}};
  auto put = [&](const char* name, const std::string& v) {
    if (!v.empty()) j[name] = v;
  };
  put("claimId", s.claim_id);
  put("patientControlNumber", s.patient_control_number);
  put("payerClaimControlNumber", s.payer_claim_control_number);
  put("categoryCode", s.category_code);
  put("statusCode", s.status_code);
  put("entityCode", s.entity_code);
  put("effectiveDate", s.effective_date);
  put("detail", s.detail);
  return j;
}

json AlertJson(const pipeline::WatchdogAlert& a) {
  return {{"kind", a.kind},
          {"payerId", a.payer_id},
          {"objectId", a.object_id},
          {"waitingSince", IsoTime(a.waiting_since_ms)},
          {"overdueSeconds", a.overdue_ms / 1000},
          {"message", a.message}};
}

json RemittanceSummaryJson(const store::Remittance& r) {
  std::string_view method = edi::hipaa::PaymentMethodMeaning(r.payment_method);
  return {{"id", r.id},
          {"payerId", r.payer_id},
          {"inboundFileId", r.inbound_file_id},
          {"traceNumber", r.trace_number},
          {"paymentMethod", r.payment_method},
          {"paymentMethodDescription", std::string(method)},
          {"paymentDate", r.payment_date},
          {"totalPaid", Money(r.total_paid_cents)},
          {"createdAt", IsoTime(r.created_ms)}};
}

json RemittanceJson(const store::Remittance& r) {
  json j = RemittanceSummaryJson(r);
  json claims = json::array();
  for (const store::ClaimPayment& cp : r.claims) claims.push_back(Payment(cp));
  j["claims"] = std::move(claims);
  json plb = json::array();
  for (const store::ProviderAdjustment& pa : r.provider_adjustments) {
    plb.push_back({{"providerId", pa.provider_id},
                   {"fiscalPeriodDate", pa.fiscal_period_date},
                   {"reason", pa.reason_code},
                   {"reference", pa.reference},
                   {"amount", Money(pa.amount_cents)}});
  }
  j["providerAdjustments"] = std::move(plb);
  return j;
}

bool OnlyTheseClaims(std::string_view x12, const store::Remittance& remittance) {
  std::multiset<std::string> ours;
  for (const store::ClaimPayment& cp : remittance.claims) ours.insert(cp.patient_control_number);
  std::multiset<std::string> in_file;
  edi::hipaa::RemittanceOptions options;
  options.check_balancing = false;
  for (const auto& rm : edi::hipaa::ReadRemittances(x12, nullptr, options)) {
    for (const auto& cp : rm.claims) in_file.insert(cp.patient_control_number);
  }
  return !in_file.empty() && in_file == ours;
}

}  // namespace claimgate::api
