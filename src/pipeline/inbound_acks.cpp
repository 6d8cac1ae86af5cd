// The importer for acknowledgments: TA1 -> the interchange by ISA13 (TA1_REJECTED and every
// claim kTa1Rejected on R; a status record per claim on A/E); 999 -> the interchange holding the
// acknowledged group (AK1 GS06), each set (AK2 ST02) -> the CLM01 of that set in the stored bytes
// -> the claim; IK5 A/E accepted, R/M/W/X rejected with the IK3/IK4 errors in words (codes and
// positions only, never IK404's bad value, which may be PHI).
#include <charconv>
#include <map>
#include <optional>
#include <utility>

#include "edi/hipaa/ack_records.hpp"
#include "edi/segment_reader.hpp"
#include "src/pipeline/inbound_internal.hpp"

namespace claimgate::pipeline::inbound_detail {
namespace {

using edi::hipaa::AckCodeList;
using edi::hipaa::DescribeAckCode;

std::optional<int64_t> ParseControlNumber(std::string_view text) {
  std::string t = Trim(text);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < 0) return std::nullopt;
  return v;
}

std::string StripZeros(std::string_view text) {
  std::string t = Trim(text);
  size_t nz = t.find_first_not_of('0');
  return nz == std::string::npos ? "0" : t.substr(nz);
}

std::string Coded(std::string_view element, std::string_view code, AckCodeList list) {
  return std::string(element) + " " + std::string(code) + " (" + DescribeAckCode(list, code) + ")";
}

// GS06 -> (ST02 without leading zeros -> CLM01) of one stored interchange.
using GroupMap = std::map<int64_t, std::map<std::string, std::string>>;

GroupMap MapGroups(std::string_view bytes) {
  GroupMap out;
  edi::DiagnosticList ignored(0);
  edi::SegmentReader reader(bytes, ignored);
  edi::Segment s;
  std::map<std::string, std::string>* group = nullptr;
  std::string st02;
  while (reader.Next(&s)) {
    if (s.Is("GS")) {
      auto gs06 = ParseControlNumber(s.element(6));
      group = gs06 ? &out[*gs06] : nullptr;
    } else if (s.Is("ST")) {
      st02 = StripZeros(s.element(2));
    } else if (s.Is("CLM") && group != nullptr && !st02.empty()) {
      group->emplace(st02, std::string(s.element(1)));  // the first CLM of the set: ours
    }
  }
  return out;
}

struct InterchangeTally {
  store::Interchange interchange;
  int accepted = 0, rejected = 0;
};

class AckApplier {
 public:
  explicit AckApplier(ImportRun& run) : run_(run) {}

  void Apply(const edi::hipaa::AckRecord& ack) {
    ++run_.records_read;
    auto gs06 = ParseControlNumber(ack.group_control_number);
    const store::Interchange* icn = nullptr;
    const std::map<std::string, std::string>* group = nullptr;
    if (gs06) std::tie(icn, group) = FindGroup(*gs06);
    std::string group_words = "group GS06 " + ack.group_control_number;
    if (icn == nullptr) {
      int n = std::max<int>(1, static_cast<int>(ack.sets.size()));
      Unmatched(ack.sets.empty() ? ack.status : ack.sets.front().status, "",
                "999 for " + group_words + ": no interchange of payer " + run_.source.payer_id +
                    " holds this group",
                n);
      return;
    }
    InterchangeTally& tally = tallies_[icn->id];
    if (ack.sets.empty()) {  // group-level answer only: it applies to every set of the group
      for (const auto& [st02, pcn] : *group) {
        std::string detail = "999 " + Coded("AK901", ack.status, AckCodeList::kGroupStatus) +
                             " for the whole " + group_words + " (no set-level answer)";
        for (const std::string& code : ack.error_codes) {
          detail += "; " + Coded("AK905", code, AckCodeList::kGroupError);
        }
        ApplySet(*icn, tally, pcn, st02, ack.status, {}, detail);
      }
      return;
    }
    for (const edi::hipaa::SetAcknowledgment& set : ack.sets) {
      auto it = group->find(StripZeros(set.control_number));
      if (it == group->end()) {
        Unmatched(set.status, "",
                  "999 for " + group_words + " ST02 " + set.control_number + ": interchange " +
                      icn->id + " has no such transaction set",
                  1);
        continue;
      }
      ApplySet(*icn, tally, it->second, set.control_number, set.status, set.error_codes,
               SetDetail(set, group_words));
    }
  }

  // Interchange states from what this file said about their sets.
  void Finish() {
    for (auto& [id, t] : tallies_) {
      if (t.accepted + t.rejected == 0) continue;
      std::string state = t.rejected == 0 ? "ACCEPTED" : (t.accepted == 0 ? "REJECTED" : "PARTIAL");
      std::string note = "999: " + std::to_string(t.accepted) + " of " +
                         std::to_string(t.accepted + t.rejected) + " transaction sets accepted";
      store::InterchangeUpdate update;
      update.state = state;
      update.last_error = note;
      run_.store.UpdateInterchange(
          id, std::move(update),
          run_.writes.Track<store::Interchange>("interchange " + id + " state " + state));
    }
  }

 private:
  std::pair<const store::Interchange*, const std::map<std::string, std::string>*> FindGroup(
      int64_t gs06) {
    auto candidates = run_.store.ListInterchangesUpToGs06(run_.source.payer_id, gs06, 8);
    if (!candidates) {
      run_.Problem("finding the interchange of GS06 " + std::to_string(gs06) + ": " +
                   candidates.error().message);
      return {nullptr, nullptr};
    }
    for (const store::Interchange& c : *candidates) {
      auto cached = groups_.find(c.id);
      if (cached == groups_.end()) {
        auto full = run_.store.GetInterchange(c.id, /*with_bytes=*/true);
        if (!full) {
          run_.Problem("reading interchange " + c.id + ": " + full.error().message);
          continue;
        }
        GroupMap map = MapGroups(full->bytes);
        full->bytes.clear();
        cached = groups_.emplace(c.id, std::make_pair(std::move(*full), std::move(map))).first;
      }
      auto g = cached->second.second.find(gs06);
      if (g != cached->second.second.end()) return {&cached->second.first, &g->second};
    }
    return {nullptr, nullptr};
  }

  static std::string SetDetail(const edi::hipaa::SetAcknowledgment& set,
                               const std::string& group_words) {
    bool accepted = set.status == "A" || set.status == "E";
    std::string d = std::string("999 ") + (accepted ? "accepted" : "rejected") +
                    " transaction set " + set.set_id + " ST02 " + set.control_number + " of " +
                    group_words + " (" + Coded("IK501", set.status, AckCodeList::kSetStatus);
    for (const std::string& code : set.error_codes) {
      d += "; " + Coded("IK502", code, AckCodeList::kSetError);
    }
    d += ")";
    if (!set.segment_errors.empty()) d += ". Errors:";
    for (const edi::hipaa::SegmentError& e : set.segment_errors) {
      d += " segment " + e.segment_id + " at position " + std::to_string(e.position);
      if (!e.loop.empty()) d += " in loop " + e.loop;
      if (!e.code.empty()) d += ": " + Coded("IK304", e.code, AckCodeList::kSegmentError);
      for (const edi::hipaa::ElementError& el : e.elements) {
        d += "; element " + std::to_string(el.position);
        if (el.component > 0) d += " component " + std::to_string(el.component);
        if (!el.reference_number.empty()) d += " (data element " + el.reference_number + ")";
        d += ": " + Coded("IK403", el.code, AckCodeList::kElementError);
      }
      d += ".";
    }
    return d;
  }

  void ApplySet(const store::Interchange& icn, InterchangeTally& tally, const std::string& pcn,
                const std::string& st02, const std::string& status,
                const std::vector<std::string>& error_codes, const std::string& detail) {
    std::optional<ClaimEventKind> event;
    if (status == "A" || status == "E") {
      event = ClaimEventKind::kAckAccepted;
      ++tally.accepted;
    } else if (status == "R" || status == "M" || status == "W" || status == "X") {
      event = ClaimEventKind::kAckRejected;
      ++tally.rejected;
    } else {
      run_.Problem("999 ST02 " + st02 + ": status code '" + status + "' is not a 999 outcome");
    }
    auto claim = run_.store.FindClaimByControlNumber(icn.payer_id, pcn);
    if (!claim) {
      Unmatched(status, pcn, detail + " (claim not found: " + claim.error().message + ")", 1);
      return;
    }
    if (event) run_.ApplyClaimEvent(claim->id, *event, detail);
    store::StatusRecord r;
    r.tenant_id = claim->tenant_id;
    r.claim_id = claim->id;
    r.source = "999";
    r.patient_control_number = pcn;
    r.category_code = status;
    for (const std::string& c : error_codes) {
      r.status_code += (r.status_code.empty() ? "" : " ") + c;
    }
    r.detail = detail;
    run_.AddStatus(std::move(r));
  }

  void Unmatched(const std::string& status, const std::string& pcn, std::string detail, int n) {
    store::StatusRecord r;
    r.source = "999";
    r.patient_control_number = pcn;
    r.category_code = status;
    r.detail = std::move(detail);
    run_.AddStatus(std::move(r));
    run_.report->unmatched += n;
  }

  ImportRun& run_;
  std::map<std::string, std::pair<store::Interchange, GroupMap>> groups_;
  std::map<std::string, InterchangeTally> tallies_;
};

}  // namespace

void AddDiagnostics(ImportRun& run, const edi::DiagnosticList& diagnostics,
                    const std::vector<edi::hipaa::Finding>& findings) {
  for (const edi::Diagnostic& d : diagnostics.items()) {
    if (d.severity != edi::Severity::kError) continue;
    run.Problem(edi::DescribePosition(d.pos, d.segment_id) + ": " + d.message + " [" +
                std::string(edi::DiagCodeName(d.code)) + "]");
  }
  for (const edi::hipaa::Finding& f : findings) {
    if (f.severity == edi::Severity::kError) run.Problem(DescribeFinding(f));
  }
}

void ApplyTa1(ImportRun& run) {
  edi::DiagnosticList diagnostics(200);
  edi::hipaa::AckFile file = edi::hipaa::ReadAcks(run.bytes, &diagnostics);
  if (run.report->kind == "TA1") AddDiagnostics(run, diagnostics, file.findings);
  for (const edi::hipaa::InterchangeAck& ta1 : file.interchange_acks) {
    ++run.records_read;
    std::string words = Coded("TA104", ta1.ack_code, AckCodeList::kInterchangeAck);
    if (!ta1.note_code.empty()) {
      words += "; " + Coded("TA105", ta1.note_code, AckCodeList::kInterchangeNote);
    }
    auto isa13 = ParseControlNumber(ta1.control_number);
    auto icn = isa13 ? run.store.FindInterchangeByIsa13(run.isa_receiver, run.isa_sender, *isa13)
                     : store::Result<store::Interchange>(store::Error{"invalid", "TA101"});
    if (!icn) {
      store::StatusRecord r;
      r.source = "TA1";
      r.category_code = ta1.ack_code;
      r.status_code = ta1.note_code;
      r.detail = "TA1 for ISA13 " + ta1.control_number + " (" + words +
                 "): no interchange of ours from " + run.isa_receiver + " to " + run.isa_sender +
                 " has this control number";
      run.AddStatus(std::move(r));
      ++run.report->unmatched;
      continue;
    }
    std::string detail = "TA1 " + std::string(ta1.ack_code == "R" ? "rejected" : "acknowledged") +
                         " interchange ISA13 " + ta1.control_number + " (" + words + ")";
    if (ta1.ack_code == "R") {
      store::InterchangeUpdate update;
      update.state = "TA1_REJECTED";
      update.last_error = detail;
      run.store.UpdateInterchange(icn->id, std::move(update),
                                  run.writes.Track<store::Interchange>("interchange " + icn->id));
      for (const std::string& claim_id : icn->claim_ids) {
        run.ApplyClaimEvent(claim_id, ClaimEventKind::kTa1Rejected, detail);
      }
      continue;
    }
    // A / E: recorded per claim, found by the CLM01s of the stored interchange.
    auto full = run.store.GetInterchange(icn->id, /*with_bytes=*/true);
    if (!full) {
      run.Problem("reading interchange " + icn->id + ": " + full.error().message);
      continue;
    }
    for (const auto& [gs06, sets] : MapGroups(full->bytes)) {
      for (const auto& [st02, pcn] : sets) {
        auto claim = run.store.FindClaimByControlNumber(icn->payer_id, pcn);
        if (!claim) continue;
        store::StatusRecord r;
        r.tenant_id = claim->tenant_id;
        r.claim_id = claim->id;
        r.source = "TA1";
        r.patient_control_number = pcn;
        r.category_code = ta1.ack_code;
        r.status_code = ta1.note_code;
        r.detail = detail;
        run.AddStatus(std::move(r));
        run.writes.Locked([&] { run.matched_claims.insert(claim->id); });
      }
    }
  }
}

void Apply999(ImportRun& run) {
  edi::DiagnosticList diagnostics(200);
  edi::hipaa::AckFile file = edi::hipaa::ReadAcks(run.bytes, &diagnostics);
  AddDiagnostics(run, diagnostics, file.findings);
  AckApplier applier(run);
  for (const edi::hipaa::AckRecord& ack : file.acks) applier.Apply(ack);
  applier.Finish();
}

}  // namespace claimgate::pipeline::inbound_detail
