#include "edi/hipaa/claim_status.hpp"

#include <utility>

namespace edi::hipaa {
namespace {

StatusParty ReadParty(const Segment& s) {
  StatusParty p;
  p.entity.assign(s.element(1));
  p.last_or_organization.assign(s.element(3));
  p.first.assign(s.element(4));
  p.middle.assign(s.element(5));
  p.id_qualifier.assign(s.element(8));
  p.id.assign(s.element(9));
  return p;
}

bool IsPersonLevel(std::string_view hl03) { return hl03 == "22" || hl03 == "23" || hl03 == "PT"; }

}  // namespace

std::string_view StatusLevelName(StatusLevel level) {
  switch (level) {
    case StatusLevel::kReceiver:
      return "receiver";
    case StatusLevel::kProvider:
      return "provider";
    case StatusLevel::kClaim:
      return "claim";
    case StatusLevel::kServiceLine:
      return "line";
  }
  return "claim";
}

std::string_view StatusSourceName(StatusSource source) {
  switch (source) {
    case StatusSource::kPayer:
      return "payer";
    case StatusSource::kClearinghouse:
      return "clearinghouse";
    case StatusSource::kUnknown:
      break;
  }
  return "unknown";
}

ClaimStatusReader::ClaimStatusReader(RecordCallback on_record) : on_record_(std::move(on_record)) {}

void ClaimStatusReader::Add(const Segment& s) {
  std::string_view id = s.id();
  if (id == "ISA" || id == "GS" || id == "ST" || id == "GE" || id == "IEA") {
    if (in_set_) CloseSet();
    envelope_.Add(s);
    if (id == "ST" && s.element(1) == "277") {
      in_set_ = true;
      std::string_view impl =
          s.element(3).empty() ? std::string_view(envelope_.keys().version) : s.element(3);
      claim_ack_ = impl.find("X214") != std::string_view::npos;
      hl_level_.clear();
      source_kind_ = StatusSource::kUnknown;
      source_ = receiver_ = provider_ = subscriber_ = patient_ = StatusParty{};
    }
    return;
  }
  if (!in_set_) return;
  if (id == "SE") {
    CloseSet();
  } else if (id == "HL") {
    OnHl(s);
  } else if (id == "NM1") {
    OnNm1(s);
  } else if (id == "TRN") {
    OnTrn(s);
  } else if (id == "STC") {
    OnStc(s);
  } else if (id == "SVC") {
    OnSvc(s);
  } else if (id == "REF") {
    OnRef(s);
  } else if (id == "DTP") {
    OnDtp(s);
  } else if (id == "QTY" && open_) {
    record_.quantities.push_back({std::string(s.element(1)), std::string(s.element(2))});
  } else if (id == "AMT" && open_) {
    Cents amount = 0;
    ReadAmount(s, 2, &amount, &findings_);
    record_.amounts.push_back({std::string(s.element(1)), amount});
  }
}

void ClaimStatusReader::Finish() {
  if (in_set_) CloseSet();
}

void ClaimStatusReader::CloseSet() {
  Emit();
  in_set_ = false;
  ++sets_;
}

StatusRecord ClaimStatusReader::Blank() const {
  StatusRecord r;
  r.keys = envelope_.keys();
  r.claim_acknowledgment = claim_ack_;
  r.source_kind = source_kind_;
  r.source = source_;
  r.receiver = receiver_;
  r.provider = provider_;
  r.subscriber = subscriber_;
  r.patient = patient_;
  return r;
}

void ClaimStatusReader::Open(StatusLevel level, const Segment& s) {
  Emit();
  record_ = Blank();
  record_.level = level;
  record_.segment = s.index();
  open_ = true;
}

void ClaimStatusReader::Emit() {
  if (!open_) return;
  open_ = false;
  // Receiver and provider levels become records only when they carry a status of their own.
  bool keep = record_.level == StatusLevel::kClaim || record_.level == StatusLevel::kServiceLine ||
              !record_.statuses.empty();
  if (record_.level == StatusLevel::kClaim) {
    claim_trace_ = record_.trace_number;
    claim_payer_number_ = record_.payer_claim_control_number;
  }
  if (keep && on_record_) on_record_(std::move(record_));
  record_ = StatusRecord{};
}

void ClaimStatusReader::OnHl(const Segment& s) {
  Emit();
  hl_level_.assign(s.element(3));
  if (hl_level_ == "21") {
    receiver_ = provider_ = subscriber_ = patient_ = StatusParty{};
    Open(StatusLevel::kReceiver, s);
  } else if (hl_level_ == "19") {
    provider_ = subscriber_ = patient_ = StatusParty{};
    Open(StatusLevel::kProvider, s);
  } else if (hl_level_ == "22") {
    subscriber_ = patient_ = StatusParty{};
  } else if (hl_level_ == "23" || hl_level_ == "PT") {
    patient_ = StatusParty{};
  } else if (hl_level_ == "20") {
    source_ = receiver_ = provider_ = subscriber_ = patient_ = StatusParty{};
    source_kind_ = StatusSource::kUnknown;
  }
}

void ClaimStatusReader::OnNm1(const Segment& s) {
  StatusParty p = ReadParty(s);
  if (hl_level_ == "20") {
    source_kind_ = p.entity == "AY"   ? StatusSource::kClearinghouse
                   : p.entity == "PR" ? StatusSource::kPayer
                                      : StatusSource::kUnknown;
    source_ = std::move(p);
  } else if (hl_level_ == "21") {
    receiver_ = std::move(p);
    if (open_) record_.receiver = receiver_;
  } else if (hl_level_ == "19") {
    provider_ = std::move(p);
    if (open_) record_.provider = provider_;
  } else if (IsPersonLevel(hl_level_)) {
    if (p.entity == "IL") {
      subscriber_ = std::move(p);
    } else {
      patient_ = std::move(p);
    }
  }
}

void ClaimStatusReader::OnTrn(const Segment& s) {
  if (IsPersonLevel(hl_level_)) {
    // Each claim status tracking loop starts with its TRN (several may share one patient).
    Open(StatusLevel::kClaim, s);
  }
  if (open_) record_.trace_number.assign(s.element(2));
}

void ClaimStatusReader::OnStc(const Segment& s) {
  if (!open_) {
    AddFinding(&findings_, s, 0, "status_outside_record",
               "status (STC) before any claim trace (TRN); a claim record was opened for it", {},
               Severity::kWarning);
    Open(StatusLevel::kClaim, s);
  }
  StatusEntry e;
  e.segment = s.index();
  for (std::uint32_t el : {1u, 10u, 11u}) {
    if (s.element(el).empty()) continue;
    StatusCode c;
    c.category.assign(s.component(el, 1));
    c.status.assign(s.component(el, 2));
    c.entity.assign(s.component(el, 3));
    c.code_list.assign(s.component(el, 4));
    e.codes.push_back(std::move(c));
  }
  e.effective_date.assign(s.element(2));
  e.action_code.assign(s.element(3));
  e.has_amount = ReadAmount(s, 4, &e.amount, &findings_);
  e.has_paid = ReadAmount(s, 5, &e.paid, &findings_);
  e.adjudication_date.assign(s.element(6));
  e.payment_method.assign(s.element(7));
  e.check_date.assign(s.element(8));
  e.check_number.assign(s.element(9));
  e.message.assign(s.element(12));
  record_.statuses.push_back(std::move(e));
}

void ClaimStatusReader::OnSvc(const Segment& s) {
  if (!open_ ||
      (record_.level != StatusLevel::kClaim && record_.level != StatusLevel::kServiceLine)) {
    AddFinding(&findings_, s, 0, "service_outside_claim",
               "service line (SVC) outside a claim; it was read as a line without a claim", {},
               Severity::kWarning);
  }
  Open(StatusLevel::kServiceLine, s);
  record_.trace_number = claim_trace_;
  record_.payer_claim_control_number = claim_payer_number_;
  ReadProcedure(s, 1, &record_.procedure);
  ReadAmount(s, 2, &record_.charge, &findings_);
  ReadAmount(s, 3, &record_.paid, &findings_);
  record_.revenue_code.assign(s.element(4));
  record_.units.assign(s.element(7));
}

void ClaimStatusReader::OnRef(const Segment& s) {
  if (!open_) return;
  std::string_view q = s.element(1);
  std::string_view v = s.element(2);
  if (record_.level == StatusLevel::kServiceLine && q == "FJ") {
    record_.line_control_number.assign(v);
  } else if (q == "1K") {
    record_.payer_claim_control_number.assign(v);
  } else if (q == "D9") {
    record_.clearinghouse_trace.assign(v);
  } else if (q == "BLT") {
    record_.bill_type.assign(v);
  } else {
    record_.references.push_back({std::string(q), std::string(v)});
  }
}

void ClaimStatusReader::OnDtp(const Segment& s) {
  if (!open_ || s.element(1) != "472") return;
  std::string_view v = s.element(3);
  std::size_t dash = v.find('-');
  if (s.element(2) == "RD8" && dash != std::string_view::npos) {
    record_.service_date_from.assign(v.substr(0, dash));
    record_.service_date_to.assign(v.substr(dash + 1));
  } else {
    record_.service_date_from.assign(v);
    record_.service_date_to.assign(v);
  }
}

std::vector<StatusRecord> ReadStatusRecords(std::string_view input, DiagnosticSink* diagnostics,
                                            std::vector<Finding>* findings) {
  std::vector<StatusRecord> out;
  ClaimStatusReader status([&out](StatusRecord&& r) { out.push_back(std::move(r)); });
  ForEachSegment(input, diagnostics, [&status](const Segment& s) { status.Add(s); });
  status.Finish();
  if (findings != nullptr) *findings = status.findings();
  return out;
}

}  // namespace edi::hipaa
