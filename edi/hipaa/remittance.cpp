#include "edi/hipaa/remittance.hpp"

#include <utility>

namespace edi::hipaa {
namespace {

constexpr std::uint32_t kIsa = SegmentIdKey("ISA");
constexpr std::uint32_t kGs = SegmentIdKey("GS");
constexpr std::uint32_t kSt = SegmentIdKey("ST");
constexpr std::uint32_t kSe = SegmentIdKey("SE");
constexpr std::uint32_t kGe = SegmentIdKey("GE");
constexpr std::uint32_t kIea = SegmentIdKey("IEA");
constexpr std::uint32_t kBpr = SegmentIdKey("BPR");
constexpr std::uint32_t kTrn = SegmentIdKey("TRN");
constexpr std::uint32_t kRef = SegmentIdKey("REF");
constexpr std::uint32_t kDtm = SegmentIdKey("DTM");
constexpr std::uint32_t kN1 = SegmentIdKey("N1");
constexpr std::uint32_t kLx = SegmentIdKey("LX");
constexpr std::uint32_t kClp = SegmentIdKey("CLP");
constexpr std::uint32_t kCas = SegmentIdKey("CAS");
constexpr std::uint32_t kNm1 = SegmentIdKey("NM1");
constexpr std::uint32_t kMia = SegmentIdKey("MIA");
constexpr std::uint32_t kMoa = SegmentIdKey("MOA");
constexpr std::uint32_t kAmt = SegmentIdKey("AMT");
constexpr std::uint32_t kSvc = SegmentIdKey("SVC");
constexpr std::uint32_t kLq = SegmentIdKey("LQ");
constexpr std::uint32_t kPlb = SegmentIdKey("PLB");

void ResetClaim(ClaimPayment* c) {
  // Field by field so that strings keep their capacity from claim to claim.
  c->patient_control_number.clear();
  c->status.clear();
  c->reversal = false;
  c->billed = c->paid = c->patient_responsibility = 0;
  c->has_patient_responsibility = false;
  c->filing_indicator.clear();
  c->payer_claim_control_number.clear();
  c->facility_type.clear();
  c->frequency.clear();
  c->drg.clear();
  c->drg_weight.clear();
  c->header_number.clear();
  c->adjustments.clear();
  c->names.clear();
  c->statement_from.clear();
  c->statement_to.clear();
  c->received_date.clear();
  c->coverage_expiration.clear();
  c->references.clear();
  c->amounts.clear();
  c->remarks.clear();
  c->services.clear();
  c->segment = 0;
}

}  // namespace

const RemitName* ClaimPayment::Name(std::string_view entity) const {
  for (const auto& n : names) {
    if (n.entity == entity) return &n;
  }
  return nullptr;
}

RemittanceReader::RemittanceReader(RemittanceCallback on_remittance, ClaimCallback on_claim,
                                   const RemittanceOptions& options)
    : on_remittance_(std::move(on_remittance)), on_claim_(std::move(on_claim)), options_(options) {}

void RemittanceReader::Add(const Segment& s) {
  const std::uint32_t key = SegmentIdKey(s.id());
  if (key == kIsa || key == kGs || key == kSt || key == kGe || key == kIea) {
    // An envelope segment inside an open set: its SE never came; deliver what was read.
    if (in_set_) OnSe();
    envelope_.Add(s);
    if (key == kSt) OnSt(s);
    return;
  }
  if (!in_set_) return;
  switch (key) {
    case kSe:
      remit_.closed = true;
      OnSe();
      break;
    case kBpr:
      OnBpr(s);
      break;
    case kTrn:
      if (loop_ == Loop::kHeader) {
        remit_.trace_number.assign(s.element(2));
        remit_.trace_payer_id.assign(s.element(3));
      }
      break;
    case kRef:
      OnRef(s);
      break;
    case kDtm:
      OnDtm(s);
      break;
    case kN1:
      OnN1(s);
      break;
    case kLx:
      CloseClaim();
      loop_ = Loop::kHeader;
      header_number_.assign(s.element(1));
      break;
    case kClp:
      OnClp(s);
      break;
    case kCas:
      OnCas(s);
      break;
    case kNm1:
      OnNm1(s);
      break;
    case kMia:
      if (in_claim_) {
        for (std::uint32_t e : {5u, 20u, 21u, 22u, 23u}) {
          if (!s.element(e).empty()) claim_.remarks.push_back({"MIA", std::string(s.element(e))});
        }
      }
      break;
    case kMoa:
      if (in_claim_) {
        for (std::uint32_t e = 3; e <= 7; ++e) {
          if (!s.element(e).empty()) claim_.remarks.push_back({"MOA", std::string(s.element(e))});
        }
      }
      break;
    case kAmt:
      OnAmt(s);
      break;
    case kSvc:
      OnSvc(s);
      break;
    case kLq:
      if (loop_ == Loop::kService) {
        claim_.services.back().remarks.push_back(
            {std::string(s.element(1)), std::string(s.element(2))});
      }
      break;
    case kPlb:
      OnPlb(s);
      break;
    default:
      break;  // N3, N4, PER, TS3, TS2, QTY, CUR, RDM: not needed in the records
  }
}

void RemittanceReader::Finish() {
  if (in_set_) OnSe();
}

void RemittanceReader::OnSt(const Segment& s) {
  if (s.element(1) != "835") return;
  in_set_ = true;
  remit_ = Remittance{};
  remit_.keys = envelope_.keys();
  remit_.segment = s.index();
  loop_ = Loop::kHeader;
  in_claim_ = false;
  header_number_.clear();
}

void RemittanceReader::OnSe() {
  CloseClaim();
  if (options_.check_balancing) CheckRemittanceBalance(remit_, &remit_.findings);
  in_set_ = false;
  loop_ = Loop::kNone;
  ++sets_;
  if (on_remittance_) on_remittance_(std::move(remit_));
  remit_ = Remittance{};
}

void RemittanceReader::OnBpr(const Segment& s) {
  remit_.payment_segment = s.index();
  remit_.handling.assign(s.element(1));
  ReadAmount(s, 2, &remit_.payment_amount, &remit_.findings);
  remit_.credit_debit.assign(s.element(3));
  remit_.method.assign(s.element(4));
  remit_.format.assign(s.element(5));
  remit_.payment_date.assign(s.element(16));
}

void RemittanceReader::OnN1(const Segment& s) {
  std::string_view entity = s.element(1);
  if (entity == "PR") {
    CloseClaim();
    loop_ = Loop::kPayer;
    remit_.payer_name.assign(s.element(2));
    remit_.payer_id_qualifier.assign(s.element(3));
    remit_.payer_id.assign(s.element(4));
  } else if (entity == "PE") {
    CloseClaim();
    loop_ = Loop::kPayee;
    remit_.payee_name.assign(s.element(2));
    remit_.payee_id_qualifier.assign(s.element(3));
    remit_.payee_id.assign(s.element(4));
    if (s.element(3) == "XX") remit_.payee_npi.assign(s.element(4));
    if (s.element(3) == "FI") remit_.payee_tax_id.assign(s.element(4));
  }
}

void RemittanceReader::OnRef(const Segment& s) {
  std::string_view q = s.element(1);
  switch (loop_) {
    case Loop::kHeader:
      if (q == "EV") remit_.receiver_id.assign(s.element(2));
      break;
    case Loop::kPayer:
      if (q == "2U" && remit_.payer_id.empty()) remit_.payer_id.assign(s.element(2));
      break;
    case Loop::kPayee:
      if (q == "TJ" && remit_.payee_tax_id.empty()) remit_.payee_tax_id.assign(s.element(2));
      break;
    case Loop::kClaim:
      claim_.references.push_back({std::string(q), std::string(s.element(2))});
      break;
    case Loop::kService: {
      ServicePayment& line = claim_.services.back();
      if (q == "6R") {
        line.line_control_number.assign(s.element(2));
      } else {
        line.references.push_back({std::string(q), std::string(s.element(2))});
      }
      break;
    }
    case Loop::kNone:
      break;
  }
}

void RemittanceReader::OnDtm(const Segment& s) {
  std::string_view q = s.element(1);
  std::string_view date = s.element(2);
  if (loop_ == Loop::kHeader) {
    if (q == "405") remit_.production_date.assign(date);
  } else if (loop_ == Loop::kClaim) {
    if (q == "232") claim_.statement_from.assign(date);
    if (q == "233") claim_.statement_to.assign(date);
    if (q == "050") claim_.received_date.assign(date);
    if (q == "036") claim_.coverage_expiration.assign(date);
  } else if (loop_ == Loop::kService) {
    ServicePayment& line = claim_.services.back();
    if (q == "472") line.service_date.assign(date);
    if (q == "150") line.period_start.assign(date);
    if (q == "151") line.period_end.assign(date);
  }
}

void RemittanceReader::OnAmt(const Segment& s) {
  if (loop_ != Loop::kClaim && loop_ != Loop::kService) return;
  Cents amount = 0;
  auto& findings = remit_.findings;
  ReadAmount(s, 2, &amount, &findings);
  std::string_view q = s.element(1);
  if (loop_ == Loop::kService) {
    ServicePayment& line = claim_.services.back();
    if (q == "B6") {
      line.has_allowed = true;
      line.allowed = amount;
    } else {
      line.amounts.push_back({std::string(q), amount});
    }
  } else {
    claim_.amounts.push_back({std::string(q), amount});
  }
}

void RemittanceReader::OnNm1(const Segment& s) {
  if (loop_ != Loop::kClaim) return;
  RemitName n;
  n.entity.assign(s.element(1));
  n.last_or_organization.assign(s.element(3));
  n.first.assign(s.element(4));
  n.middle.assign(s.element(5));
  n.suffix.assign(s.element(7));
  n.id_qualifier.assign(s.element(8));
  n.id.assign(s.element(9));
  claim_.names.push_back(std::move(n));
}

void RemittanceReader::OnClp(const Segment& s) {
  CloseClaim();
  ResetClaim(&claim_);
  in_claim_ = true;
  loop_ = Loop::kClaim;
  auto* findings = &remit_.findings;
  claim_.segment = s.index();
  claim_.patient_control_number.assign(s.element(1));
  claim_.status.assign(s.element(2));
  claim_.reversal = s.element(2) == "22";
  ReadAmount(s, 3, &claim_.billed, findings);
  ReadAmount(s, 4, &claim_.paid, findings);
  claim_.has_patient_responsibility = ReadAmount(s, 5, &claim_.patient_responsibility, findings);
  claim_.filing_indicator.assign(s.element(6));
  claim_.payer_claim_control_number.assign(s.element(7));
  claim_.facility_type.assign(s.element(8));
  claim_.frequency.assign(s.element(9));
  claim_.drg.assign(s.element(11));
  claim_.drg_weight.assign(s.element(12));
  claim_.header_number = header_number_;
}

void RemittanceReader::OnSvc(const Segment& s) {
  if (!in_claim_) {
    AddFinding(&remit_.findings, s, 0, "service_outside_claim",
               "service line before any claim payment (CLP); it was ignored");
    return;
  }
  loop_ = Loop::kService;
  auto* findings = &remit_.findings;
  ServicePayment& line = claim_.services.emplace_back();
  line.segment = s.index();
  ReadProcedure(s, 1, &line.procedure);
  ReadAmount(s, 2, &line.charge, findings);
  ReadAmount(s, 3, &line.paid, findings);
  line.revenue_code.assign(s.element(4));
  line.units_paid.assign(s.element(5));
  if (!s.element(6).empty()) {
    ReadProcedure(s, 6, &line.billed_procedure);
    if (line.billed_procedure == line.procedure) line.billed_procedure = Procedure{};
  }
  line.original_units.assign(s.element(7));
}

void RemittanceReader::OnCas(const Segment& s) {
  std::vector<RemitAdjustment>* into = nullptr;
  if (loop_ == Loop::kClaim) into = &claim_.adjustments;
  if (loop_ == Loop::kService) into = &claim_.services.back().adjustments;
  if (into == nullptr) {
    AddFinding(&remit_.findings, s, 0, "adjustment_outside_claim",
               "adjustment (CAS) outside a claim or service line; it was ignored");
    return;
  }
  std::string_view group = s.element(1);
  for (std::uint32_t e = 2; e <= 17; e += 3) {
    std::string_view reason = s.element(e);
    std::string_view amount = s.element(e + 1);
    if (reason.empty() && amount.empty()) continue;
    if (reason.empty() || amount.empty()) {
      AddFinding(&remit_.findings, s, reason.empty() ? e : e + 1, "adjustment_incomplete",
                 "adjustment needs both a reason code and an amount");
    }
    RemitAdjustment& a = into->emplace_back();
    a.group.assign(group);
    a.reason.assign(reason);
    ReadAmount(s, e + 1, &a.amount, &remit_.findings);
    a.quantity.assign(s.element(e + 2));
    a.segment = s.index();
  }
}

void RemittanceReader::OnPlb(const Segment& s) {
  CloseClaim();
  loop_ = Loop::kNone;
  ProviderAdjustment plb;
  plb.segment = s.index();
  plb.provider_id.assign(s.element(1));
  plb.fiscal_period.assign(s.element(2));
  for (std::uint32_t e = 3; e <= 13; e += 2) {
    if (s.element(e).empty() && s.element(e + 1).empty()) continue;
    ProviderAdjustmentItem item;
    item.reason.assign(s.component(e, 1));
    item.reference.assign(s.component(e, 2));
    if (!ReadAmount(s, e + 1, &item.amount, &remit_.findings)) {
      AddFinding(&remit_.findings, s, e + 1, "adjustment_incomplete",
                 "provider adjustment reason without an amount");
    }
    remit_.total_provider_adjustments += item.amount;
    plb.items.push_back(std::move(item));
  }
  remit_.provider_adjustments.push_back(std::move(plb));
}

void RemittanceReader::CloseClaim() {
  if (!in_claim_) return;
  in_claim_ = false;
  if (options_.check_balancing) CheckClaimBalance(claim_, &remit_.findings);
  ++remit_.claim_count;
  remit_.total_billed += claim_.billed;
  remit_.total_paid += claim_.paid;
  if (on_claim_) on_claim_(remit_, claim_);
  if (options_.keep_claims) {
    remit_.claims.push_back(std::move(claim_));
    claim_ = ClaimPayment{};
  }
}

std::vector<Remittance> ReadRemittances(std::string_view input, DiagnosticSink* diagnostics,
                                        const RemittanceOptions& options) {
  std::vector<Remittance> out;
  RemittanceReader remits([&out](Remittance&& r) { out.push_back(std::move(r)); }, {}, options);
  ForEachSegment(input, diagnostics, [&remits](const Segment& s) { remits.Add(s); });
  remits.Finish();
  return out;
}

}  // namespace edi::hipaa
