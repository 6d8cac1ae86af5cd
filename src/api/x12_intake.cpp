#include "src/api/x12_intake.hpp"

#include <map>
#include <memory>
#include <utility>

#include "edi/hipaa/claim_reader.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace claimgate::api {
namespace {

// The built-in guides, loaded once; null only for a build defect (then envelope checks only, and
// every 837 set is rejected with "not supported").
const edi::schema::SchemaRegistry* Registry() {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  return registry ? registry->get() : nullptr;
}

struct Range {
  std::uint64_t begin, end;  // segment indices [begin, end)
  bool Holds(std::uint64_t segment) const { return segment >= begin && segment < end; }
};

// The first interchange-level problem of an interchange (a TA1 note code), or "".
std::string EnvelopeNote(const edi::InterchangeSummary& ic, std::uint64_t end,
                         const std::vector<edi::Diagnostic>& findings) {
  Range range{ic.first_segment, end};
  for (const edi::Diagnostic& d : findings) {
    bool mine = range.Holds(d.pos.segment) || (d.segment_id == "IEA" && d.pos.segment == end) ||
                (d.pos.segment == 0 && ic.first_segment == 1);
    if (!mine) continue;
    std::string note = edi::Ta1NoteCode(d);
    if (!note.empty()) return note;
  }
  return "";
}

std::string SetReason(const std::string& ik502) {
  static const std::map<std::string, std::string> kWords = {
      {"1", "IK502 1: transaction set not supported (only 837 claims with a known guide)"},
      {"2", "IK502 2: transaction set trailer (SE) missing"},
      {"3", "IK502 3: SE02 does not match ST02"},
      {"4", "IK502 4: SE01 does not match the number of segments"},
      {"5", "IK502 5: one or more segments in error"},
      {"7", "IK502 7: ST02 missing or not valid"},
      {"23", "IK502 23: ST02 is not unique within the group"}};
  auto it = kWords.find(ik502);
  return it != kWords.end() ? it->second : "IK502 " + ik502;
}

std::string GroupReason(const std::string& ak905) {
  static const std::map<std::string, std::string> kWords = {
      {"3", "AK905 3: functional group trailer (GE) missing"},
      {"4", "AK905 4: GE02 does not match GS06"},
      {"5", "AK905 5: GE01 does not match the number of transaction sets"},
      {"6", "AK905 6: GS06 missing or not valid"},
      {"19", "AK905 19: GS06 is not unique within the interchange"}};
  auto it = kWords.find(ak905);
  return it != kWords.end() ? it->second : "AK905 " + ak905;
}

}  // namespace

X12Read ReadX12(std::string_view body) {
  X12Read out;
  const edi::schema::SchemaRegistry* registry = Registry();
  edi::SegmentReader reader(body, out.findings);
  edi::X12Validator validator(registry, out.findings);
  edi::DiagnosticList reader_notes;  // the claim reader's "not carried" notes: see not_carried
  struct Read {
    std::uint64_t st_segment;
    edi::hipaa::Encounter encounter;
  };
  std::vector<Read> claims;
  std::uint64_t current_st = 0;
  std::unique_ptr<edi::hipaa::ClaimReader> claim_reader;
  if (registry != nullptr) {
    claim_reader = std::make_unique<edi::hipaa::ClaimReader>(
        *registry, reader_notes, [&](edi::hipaa::Encounter&& e) {
          claims.push_back({current_st, std::move(e)});
        });
  }
  edi::Segment segment;
  while (reader.Next(&segment)) {
    validator.Add(segment, reader.header());
    if (segment.id() == "ST" && segment.element(1) != "837") {
      // Only claims are taken here: the 999 answers "not supported" (IK502 1) for anything else.
      edi::Diagnostic d{edi::DiagCode::kNoSchema,
                        edi::Severity::kInfo,
                        {},
                        "ST",
                        "only 837 claim transaction sets are accepted here",
                        "",
                        ""};
      d.pos.segment = segment.index();
      d.pos.byte_offset = segment.byte_offset();
      d.pos.segment_in_set = 1;
      d.pos.element = 1;
      out.findings.Report(std::move(d));
    }
    if (claim_reader) {
      // A claim is handed out when the next CLM, the SE or the next ST is read: before this ST
      // is counted, a claim still belongs to the set before it.
      claim_reader->Add(segment, reader.header());
      if (segment.id() == "ST") current_st = segment.index();
    }
  }
  validator.Finish();
  if (claim_reader) {
    claim_reader->Finish();
    for (const auto& [key, u] : claim_reader->unsupported()) {
      out.not_carried.push_back(u.segment + " in loop " + (u.loop.empty() ? "header" : u.loop));
    }
  }
  out.interchanges = validator.envelope().interchanges();
  if (out.interchanges.empty() || !reader.has_header()) {
    out.no_interchange = true;
    return out;
  }
  const std::vector<edi::Diagnostic>& findings = out.findings.items();
  std::map<std::uint64_t, std::size_t> set_by_st;  // ST segment index -> index in out.sets
  for (std::size_t i = 0; i < out.interchanges.size(); ++i) {
    const edi::InterchangeSummary& ic = out.interchanges[i];
    std::uint64_t end = i + 1 < out.interchanges.size() ? out.interchanges[i + 1].first_segment
                                                        : reader.segments_read() + 1;
    out.interchange_ends.push_back(end);
    std::string note = EnvelopeNote(ic, end, findings);
    if (!note.empty()) out.envelope_rejected = true;
    std::vector<edi::GroupAck> acks = edi::DecideGroupAcks(ic, end, findings);
    for (std::size_t g = 0; g < acks.size() && g < ic.groups.size(); ++g) {
      const edi::GroupAck& group = acks[g];
      for (std::size_t s = 0; s < group.sets.size(); ++s) {
        const edi::SetAck& ack = group.sets[s];
        const edi::TransactionSetSummary& ts = ic.groups[g].transaction_sets[s];
        X12Set set;
        set.st02 = ack.control_number;
        set.implementation = ack.implementation.empty() ? group.version : ack.implementation;
        set.code = ack.code;
        set.first_segment = ts.first_segment;
        for (const std::string& c : ack.set_errors) set.reasons.push_back(SetReason(c));
        if (group.code == 'R' && !group.group_errors.empty()) {
          set.code = 'R';
          for (const std::string& c : group.group_errors) set.reasons.push_back(GroupReason(c));
        }
        if (!note.empty()) {
          set.code = 'R';
          set.reasons.push_back("TA1 note " + note + ": the interchange envelope was rejected");
        }
        Range range{ts.first_segment, ts.first_segment + std::max<std::uint64_t>(ts.segments, 1)};
        for (const edi::Diagnostic& d : findings) {
          if (d.severity == edi::Severity::kError && range.Holds(d.pos.segment)) {
            set.errors.push_back(d);
          }
        }
        set_by_st[ts.first_segment] = out.sets.size();
        out.sets.push_back(std::move(set));
      }
    }
  }
  for (Read& c : claims) {
    auto it = set_by_st.find(c.st_segment);
    if (it == set_by_st.end() || out.sets[it->second].code == 'R') continue;
    out.claims.push_back({it->second, std::move(c.encounter)});
  }
  return out;
}

edi::Result<X12Acks> BuildX12Acks(const X12Read& read, edi::AckOptions options) {
  X12Acks acks;
  const std::vector<edi::Diagnostic>& findings = read.findings.items();
  for (std::size_t i = 0; i < read.interchanges.size(); ++i) {
    const edi::InterchangeSummary& ic = read.interchanges[i];
    std::uint64_t end = read.interchange_ends[i];
    options.usage = ic.header.usage() == "P" ? 'P' : 'T';
    if (!EnvelopeNote(ic, end, findings).empty()) {
      auto ta1 = edi::BuildTa1(ic, end, findings, options);
      if (!ta1) return ta1.error();
      acks.ta1 += *ta1;
    } else if (!ic.groups.empty()) {
      auto ack = edi::Build999(ic, end, findings, options);
      if (!ack) return ack.error();
      acks.ack999 += *ack;
    }
    ++options.interchange_control_number;
    ++options.group_control_number;
  }
  return acks;
}

}  // namespace claimgate::api
