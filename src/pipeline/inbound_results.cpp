// The importer for payer results: 277CA / 277 -> a status record per claim (TRN02 = CLM01, else
// REF*EJ) and 277CA A1/A2 accepted, A3/A4/A6/A7/A8 rejected, 277 P* pending; 835 -> each CLP by
// CLP01 -> a claim payment in one remittance record per (transaction set, tenant), and the
// event of RemitEventFor(). Unmatched claims go to the unmatched queue as status records
// (source "277CA"/"277"/"835", claim empty) with their codes and amounts in the encrypted detail.
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "edi/hipaa/claim_status.hpp"
#include "edi/hipaa/remittance.hpp"
#include "edi/hipaa/status_codes.hpp"
#include "src/pipeline/inbound_internal.hpp"

namespace claimgate::pipeline::inbound_detail {
namespace {

namespace hipaa = edi::hipaa;

bool IsOneOf(std::string_view v, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (v == s) return true;
  }
  return false;
}

// "A3:21:85 (category A3: ...; status 21: ...; entity 85: ...)" for every code of every STC.
std::string StatusWords(const hipaa::StatusRecord& rec) {
  std::string out;
  for (const hipaa::StatusEntry& e : rec.statuses) {
    for (const hipaa::StatusCode& c : e.codes) {
      if (!out.empty()) out += "; ";
      out += "STC " + c.category + ":" + c.status + (c.entity.empty() ? "" : ":" + c.entity);
      out += " (category " + c.category + ": " + hipaa::DescribeStatusCategory(c.category);
      if (!c.status.empty())
        out += "; status " + c.status + ": " + hipaa::DescribeClaimStatus(c.status);
      if (!c.entity.empty()) out += "; entity " + c.entity + ": " + hipaa::DescribeEntity(c.entity);
      out += ")";
    }
    if (!e.action_code.empty()) out += " action " + e.action_code;
  }
  return out.empty() ? "no STC status" : out;
}

std::optional<ClaimEventKind> StatusEvent(const hipaa::StatusRecord& rec) {
  bool accepted = false, rejected = false, pending = false;
  for (const hipaa::StatusEntry& e : rec.statuses) {
    for (const hipaa::StatusCode& c : e.codes) {
      accepted |= IsOneOf(c.category, {"A1", "A2"});
      rejected |= IsOneOf(c.category, {"A3", "A4", "A6", "A7", "A8"});
      pending |= c.category.starts_with("P");
    }
  }
  if (rec.claim_acknowledgment) {
    if (rejected) return ClaimEventKind::kPayerRejected;
    if (accepted) return ClaimEventKind::kPayerAccepted;
    return std::nullopt;
  }
  if (pending) return ClaimEventKind::kPending;
  return std::nullopt;
}

store::StatusRecord BaseRecord(const hipaa::StatusRecord& rec, const std::string& source) {
  store::StatusRecord r;
  r.source = source;
  r.patient_control_number = rec.trace_number;
  r.payer_claim_control_number = rec.payer_claim_control_number;
  if (!rec.statuses.empty() && !rec.statuses.front().codes.empty()) {
    const hipaa::StatusCode& c = rec.statuses.front().codes.front();
    r.category_code = c.category;
    r.status_code = c.status;
    r.entity_code = c.entity;
    r.effective_date = rec.statuses.front().effective_date;
  }
  return r;
}

std::string AdjustmentWords(const std::vector<hipaa::RemitAdjustment>& adjustments) {
  std::string out;
  for (const hipaa::RemitAdjustment& a : adjustments) {
    if (!out.empty()) out += ", ";
    out += a.group + " " + a.reason + " " + hipaa::FormatCents(a.amount) + " (" +
           hipaa::DescribeCarc(a.reason) + ")";
  }
  return out;
}

std::string PaymentWords(const hipaa::ClaimPayment& cp) {
  std::string_view meaning = hipaa::ClaimStatusMeaning(cp.status);
  std::string d = "835 CLP02 " + cp.status + " (" +
                  (meaning.empty() ? "code without a shipped meaning" : std::string(meaning)) +
                  "): charge " + hipaa::FormatCents(cp.billed) + ", paid " +
                  hipaa::FormatCents(cp.paid);
  if (cp.has_patient_responsibility) {
    d += ", patient responsibility " + hipaa::FormatCents(cp.patient_responsibility);
  }
  if (!cp.payer_claim_control_number.empty()) {
    d += "; payer claim number " + cp.payer_claim_control_number;
  }
  if (!cp.adjustments.empty()) d += "; claim adjustments " + AdjustmentWords(cp.adjustments);
  for (size_t i = 0; i < cp.services.size(); ++i) {
    if (cp.services[i].adjustments.empty()) continue;
    d += "; line " + std::to_string(i + 1) + " adjustments " +
         AdjustmentWords(cp.services[i].adjustments);
  }
  return d;
}

std::vector<store::Adjustment> ToStore(const std::vector<hipaa::RemitAdjustment>& in) {
  std::vector<store::Adjustment> out;
  for (const auto& a : in) out.push_back({a.group, a.reason, a.amount, a.quantity});
  return out;
}

std::string PatientJson(const hipaa::ClaimPayment& cp) {
  nlohmann::json j = nlohmann::json::object();
  for (const hipaa::RemitName& n : cp.names) {
    nlohmann::json p = {{"entity", n.entity}, {"last", n.last_or_organization}};
    if (!n.first.empty()) p["first"] = n.first;
    if (!n.middle.empty()) p["middle"] = n.middle;
    if (!n.id.empty()) p["id"] = n.id, p["idQualifier"] = n.id_qualifier;
    j[n.entity == "QC" ? "patient" : (n.entity == "IL" ? "insured" : "name" + n.entity)] = p;
  }
  return j.dump();
}

std::vector<store::RemarkCode> ToStore(const std::vector<hipaa::Remark>& remarks) {
  std::vector<store::RemarkCode> out;
  for (const hipaa::Remark& r : remarks) out.push_back({r.qualifier, r.code});
  return out;
}

store::ClaimPayment ToStore(const hipaa::ClaimPayment& cp, const std::string& claim_id) {
  store::ClaimPayment out;
  out.patient_control_number = cp.patient_control_number;
  out.claim_id = claim_id;
  out.status_code = cp.status;
  out.charge_cents = cp.billed;
  out.paid_cents = cp.paid;
  out.patient_responsibility_cents = cp.patient_responsibility;
  out.payer_claim_control_number = cp.payer_claim_control_number;
  out.patient_json = PatientJson(cp);
  out.adjustments = ToStore(cp.adjustments);
  out.remarks = ToStore(cp.remarks);
  for (const hipaa::ServicePayment& sp : cp.services) {
    store::ServicePayment s;
    s.procedure = hipaa::FormatProcedure(sp.procedure);
    s.charge_cents = sp.charge;
    s.paid_cents = sp.paid;
    s.units = sp.units_paid;
    s.line_control_number = sp.line_control_number;
    s.service_date = sp.service_date.empty() ? sp.period_start : sp.service_date;
    s.adjustments = ToStore(sp.adjustments);
    s.remarks = ToStore(sp.remarks);
    out.services.push_back(std::move(s));
  }
  return out;
}

bool HasPatientResponsibility(const hipaa::ClaimPayment& cp) {
  auto any = [](const std::vector<hipaa::RemitAdjustment>& list) {
    for (const auto& a : list) {
      if (a.group == "PR" && a.amount != 0) return true;
    }
    return false;
  };
  if (any(cp.adjustments)) return true;
  for (const auto& sp : cp.services) {
    if (any(sp.adjustments)) return true;
  }
  return false;
}

// One 835 transaction set: payments grouped by tenant, events queued after the records.
void ApplySet(ImportRun& run, const hipaa::Remittance& rm) {
  struct Matched {
    std::string claim_id;
    std::optional<ClaimEventKind> event;
    std::string detail;
  };
  std::map<std::string, store::NewRemittance> by_tenant;
  std::map<std::string, int> claims_per_tenant;
  std::vector<Matched> events;
  for (const hipaa::ClaimPayment& cp : rm.claims) {
    ++run.records_read;
    std::string words = PaymentWords(cp);
    auto claim = run.store.FindClaimByControlNumber(run.source.payer_id, cp.patient_control_number);
    if (!claim) {
      store::StatusRecord r;
      r.source = "835";
      r.patient_control_number = cp.patient_control_number;
      r.payer_claim_control_number = cp.payer_claim_control_number;
      r.status_code = cp.status;
      r.effective_date = rm.payment_date;
      r.detail = words + "; check/EFT trace " + rm.trace_number + "; " + claim.error().message;
      run.AddStatus(std::move(r));
      ++run.report->unmatched;
      continue;
    }
    store::NewRemittance& nr = by_tenant[claim->tenant_id];
    ++claims_per_tenant[claim->tenant_id];
    nr.claims.push_back(ToStore(cp, claim->id));
    nr.total_paid_cents += cp.paid;
    events.push_back(
        {claim->id, RemitEventFor(cp.status, cp.paid, HasPatientResponsibility(cp)), words});
  }
  std::string plb_tenant;
  for (const auto& [tenant, n] : claims_per_tenant) {
    if (plb_tenant.empty() || n > claims_per_tenant[plb_tenant]) plb_tenant = tenant;
  }
  if (!rm.provider_adjustments.empty()) {
    if (plb_tenant.empty()) {
      run.Problem("835 ST02 " + rm.keys.transaction_control_number +
                  ": provider adjustments (PLB) not recorded: no claim of the set matched");
    } else if (claims_per_tenant.size() > 1) {
      run.Problem("835 ST02 " + rm.keys.transaction_control_number +
                  ": claims of several tenants; provider adjustments (PLB) recorded with tenant " +
                  plb_tenant + ", which has the most claims");
    }
  }
  for (auto& [tenant, nr] : by_tenant) {
    nr.tenant_id = tenant;
    nr.payer_id = run.source.payer_id;
    nr.inbound_file_id = run.file_id;
    nr.trace_number = rm.trace_number;
    nr.payment_method = rm.method;
    nr.payment_date = rm.payment_date;
    if (tenant == plb_tenant) {
      for (const hipaa::ProviderAdjustment& pa : rm.provider_adjustments) {
        for (const hipaa::ProviderAdjustmentItem& item : pa.items) {
          nr.provider_adjustments.push_back(
              {pa.provider_id, pa.fiscal_period, item.reason, item.reference, item.amount});
          nr.total_paid_cents -= item.amount;
        }
      }
    }
    run.store.InsertRemittance(
        std::move(nr),
        run.writes.Track<store::Remittance>(
            "remittance for tenant " + tenant, [&run](const store::Remittance& r) {
              run.report->remittance_ids.push_back(r.id);  // under the tracker's lock
            }));
  }
  for (Matched& m : events) {
    if (m.event) {
      run.ApplyClaimEvent(m.claim_id, *m.event, std::move(m.detail));
    } else {
      run.writes.Locked([&] { run.matched_claims.insert(m.claim_id); });
    }
  }
}

}  // namespace

void ApplyStatus(ImportRun& run) {
  edi::DiagnosticList diagnostics(200);
  std::vector<hipaa::Finding> findings;
  std::vector<hipaa::StatusRecord> records =
      hipaa::ReadStatusRecords(run.bytes, &diagnostics, &findings);
  AddDiagnostics(run, diagnostics, findings);
  for (const hipaa::StatusRecord& rec : records) {
    const std::string source = rec.claim_acknowledgment ? "277CA" : "277";
    if (rec.level == hipaa::StatusLevel::kServiceLine) continue;  // the claim level decides
    if (rec.level != hipaa::StatusLevel::kClaim) {
      // A receiver or provider level status matters when it rejects everything under it.
      bool rejects = false;
      for (const auto& e : rec.statuses) {
        for (const auto& c : e.codes) rejects |= hipaa::IsRejectionCategory(c.category);
      }
      if (!rejects) continue;
      ++run.records_read;
      store::StatusRecord r = BaseRecord(rec, source);
      r.detail = source + " " + std::string(hipaa::StatusLevelName(rec.level)) +
                 " level rejection: " + StatusWords(rec);
      run.AddStatus(std::move(r));
      ++run.report->unmatched;
      continue;
    }
    ++run.records_read;
    std::string words = source + " " + StatusWords(rec);
    auto claim = run.store.FindClaimByControlNumber(run.source.payer_id, rec.trace_number);
    if (!claim) {
      for (const hipaa::Reference& ref : rec.references) {
        if (ref.qualifier != "EJ" || ref.value.empty()) continue;
        claim = run.store.FindClaimByControlNumber(run.source.payer_id, ref.value);
        if (claim) break;
      }
    }
    if (!claim && !rec.payer_claim_control_number.empty()) {
      // Only the payer's own number (REF*1K): the claim an earlier 277CA or 835 tied it to.
      claim = run.store.FindClaimByPayerClaimNumber(run.source.payer_id,
                                                    rec.payer_claim_control_number);
    }
    store::StatusRecord r = BaseRecord(rec, source);
    std::string message;
    for (const auto& e : rec.statuses) {
      if (!e.message.empty()) message += (message.empty() ? "" : " | ") + e.message;
    }
    r.detail = words + (message.empty() ? "" : "; payer message: " + message);
    if (!claim) {
      run.AddStatus(std::move(r));
      ++run.report->unmatched;
      continue;
    }
    r.tenant_id = claim->tenant_id;
    r.claim_id = claim->id;
    r.patient_control_number = claim->patient_control_number;
    run.AddStatus(std::move(r));
    if (auto event = StatusEvent(rec)) {
      run.ApplyClaimEvent(claim->id, *event, std::move(words));
    } else {
      run.writes.Locked([&] { run.matched_claims.insert(claim->id); });
    }
  }
}

void ApplyRemittance(ImportRun& run) {
  edi::DiagnosticList diagnostics(200);
  std::vector<hipaa::Remittance> remits = hipaa::ReadRemittances(run.bytes, &diagnostics);
  std::vector<hipaa::Finding> findings;
  for (const hipaa::Remittance& rm : remits) {
    findings.insert(findings.end(), rm.findings.begin(), rm.findings.end());
  }
  AddDiagnostics(run, diagnostics, findings);
  for (const hipaa::Remittance& rm : remits) {
    if (rm.claims.empty()) ++run.records_read;  // a payment without claims (PLB only) is read
    ApplySet(run, rm);
  }
}

}  // namespace claimgate::pipeline::inbound_detail
