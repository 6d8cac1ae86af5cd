#include "edi/envelope.hpp"

#include <algorithm>
#include <charconv>

namespace edi {
namespace {

bool ParseCount(std::string_view s, std::uint64_t* out) {
  if (!IsDigits(s) || s.size() > 18) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc();
}

}  // namespace

EnvelopeChecker::EnvelopeChecker(DiagnosticSink& sink, const EnvelopeOptions& options)
    : sink_(sink), options_(options) {}

void EnvelopeChecker::Report(DiagCode code, Severity severity, Position pos,
                             std::string_view segment_id, std::string message,
                             std::string_view value) {
  sink_.Report(
      {code, severity, pos, std::string(segment_id), std::move(message), std::string(value), {}});
}

void EnvelopeChecker::Report(DiagCode code, Severity severity, const Segment& seg,
                             std::uint32_t element, std::string message, std::string_view value) {
  Position pos;
  pos.byte_offset = seg.element_offset(element);
  pos.segment = seg.index();
  pos.segment_in_set = segment_in_set();
  pos.element = element;
  Report(code, severity, pos, seg.id(), std::move(message), value);
}

void EnvelopeChecker::Add(const Segment& seg, const InterchangeHeader& header) {
  just_closed_set_ = false;
  end_.byte_offset = seg.byte_offset() + seg.raw().size();
  end_.segment = seg.index();
  std::string_view id = seg.id();
  // One integer compare per segment instead of a string comparison per envelope id.
  const std::uint32_t key = SegmentIdKey(id);
  if (key == SegmentIdKey("ISA")) return OnIsa(seg, header);
  if (!interchange_open_) {
    // Only reachable when an ISA could not start an interchange; the reader reported why.
    return;
  }
  if (in_set_) ++set_segments_;
  switch (key) {
    case SegmentIdKey("GS"):
      return OnGs(seg);
    case SegmentIdKey("ST"):
      return OnSt(seg);
    case SegmentIdKey("SE"):
      return OnSe(seg);
    case SegmentIdKey("GE"):
      return OnGe(seg);
    case SegmentIdKey("IEA"):
      return OnIea(seg);
    default:
      break;
  }
  if (in_set_) return;
  if (id == "TA1") {
    if (groups_open_ || !interchanges_.back().groups.empty()) {
      Report(DiagCode::kUnexpectedSegment, Severity::kError, seg, 0,
             "a TA1 must come right after the ISA, before any functional group");
    }
    interchanges_.back().ta1s.push_back({std::string(seg.element(1)), std::string(seg.element(2)),
                                         std::string(seg.element(3)), std::string(seg.element(4)),
                                         std::string(seg.element(5))});
    return;
  }
  if (id == "ISB" || id == "ISE" || id == "TA3") return;  // optional interchange services
  Report(DiagCode::kUnexpectedSegment, Severity::kError, seg, 0,
         "segment " + std::string(id) + " is outside a transaction set (no ST before it)");
}

void EnvelopeChecker::OnIsa(const Segment& seg, const InterchangeHeader& header) {
  if (interchange_open_) {
    Position at{seg.byte_offset(), seg.index(), 0, 0, 0, 0};
    CloseInterchange(&at);
  }
  if (!options_.keep_summaries) interchanges_.clear();
  InterchangeSummary& ic = interchanges_.emplace_back();
  ic.header = header;
  ic.first_segment = seg.index();
  ic.byte_offset = seg.byte_offset();
  interchange_open_ = true;
  group_numbers_.clear();
  if (header.version() != "00501") {
    Report(DiagCode::kVersionNote, Severity::kWarning, seg, 12,
           "ISA12 is not 00501: this interchange is not HIPAA 5010", header.version());
  }
}

void EnvelopeChecker::OnGs(const Segment& seg) {
  if (groups_open_) {
    Position at{seg.byte_offset(), seg.index(), 0, 0, 0, 0};
    CloseGroup(&at);
  }
  InterchangeSummary& ic = interchanges_.back();
  if (!options_.keep_summaries) ic.groups.clear();
  GroupSummary& g = ic.groups.emplace_back();
  ++ic.group_count;
  g.functional_id = seg.element(1);
  g.sender = seg.element(2);
  g.receiver = seg.element(3);
  g.date = seg.element(4);
  g.time = seg.element(5);
  g.control_number = seg.element(6);
  g.version = seg.element(8);
  g.first_segment = seg.index();
  g.byte_offset = seg.byte_offset();
  groups_open_ = true;
  group_sets_ = 0;
  group_version_ = g.version;
  set_numbers_.clear();
  for (std::uint32_t e : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
    if (seg.element(e).empty()) {
      Report(DiagCode::kElementMissing, Severity::kError, seg, e,
             "GS0" + std::to_string(e) + " is required");
    }
  }
  if (!seg.element(4).empty() && (seg.element(4).size() != 8 || !IsValidDate(seg.element(4)))) {
    Report(DiagCode::kEnvelopeFieldValue, Severity::kError, seg, 4,
           "GS04 is not a real date (CCYYMMDD)", seg.element(4));
  }
  if (!seg.element(5).empty() && !IsValidTime(seg.element(5))) {
    Report(DiagCode::kEnvelopeFieldValue, Severity::kError, seg, 5,
           "GS05 is not a real time (HHMM[SS])", seg.element(5));
  }
  if (!g.control_number.empty()) {
    if (!IsDigits(g.control_number) || g.control_number.size() > 9) {
      Report(DiagCode::kControlNumberInvalid, Severity::kError, seg, 6,
             "GS06 (group control number) must be 1 to 9 digits", g.control_number);
    } else if (group_numbers_.size() < options_.max_tracked_control_numbers &&
               !group_numbers_.insert(g.control_number).second) {
      Report(DiagCode::kDuplicateControlNumber, Severity::kError, seg, 6,
             "GS06 repeats the control number of an earlier group in this interchange",
             g.control_number);
    }
  }
  if (!g.version.empty() && g.version.rfind("005010", 0) != 0) {
    Report(DiagCode::kVersionNote, Severity::kWarning, seg, 8,
           "GS08 does not name a 005010 implementation guide", g.version);
  }
}

void EnvelopeChecker::OnSt(const Segment& seg) {
  if (in_set_) {
    Position at{seg.byte_offset(), seg.index(), 0, 0, 0, 0};
    --set_segments_;  // the ST belongs to the next set, not the unclosed one
    CloseSet(&at);
  }
  if (!groups_open_) {
    Report(DiagCode::kUnexpectedSegment, Severity::kError, seg, 0,
           "ST outside a functional group (no GS before it)");
  }
  in_set_ = true;
  set_segments_ = 1;
  set_control_ = seg.element(2);
  ++group_sets_;
  ++transaction_sets_;
  if (GroupSummary* g = group()) {
    if (!options_.keep_summaries) g->transaction_sets.clear();
    TransactionSetSummary& ts = g->transaction_sets.emplace_back();
    ts.id = seg.element(1);
    ts.control_number = seg.element(2);
    ts.implementation = seg.element(3);
    ts.first_segment = seg.index();
    ts.byte_offset = seg.byte_offset();
    ++g->transaction_count;
    if (!ts.implementation.empty() && !g->version.empty() && ts.implementation != g->version) {
      Report(DiagCode::kVersionNote, Severity::kWarning, seg, 3,
             "ST03 names a different implementation guide than GS08", ts.implementation);
    }
  }
  if (seg.element(1).empty()) {
    Report(DiagCode::kElementMissing, Severity::kError, seg, 1,
           "ST01 (transaction set id) is required");
  }
  std::string_view control = seg.element(2);
  if (control.size() < 4 || control.size() > 9) {
    Report(DiagCode::kControlNumberInvalid, Severity::kError, seg, 2,
           "ST02 (transaction set control number) must be 4 to 9 characters", control);
  } else if (set_numbers_.size() < options_.max_tracked_control_numbers &&
             !set_numbers_.insert(std::string(control)).second) {
    Report(DiagCode::kDuplicateControlNumber, Severity::kError, seg, 2,
           "ST02 repeats the control number of an earlier transaction set in this group", control);
  }
}

void EnvelopeChecker::OnSe(const Segment& seg) {
  if (!in_set_) {
    Report(DiagCode::kUnexpectedSegment, Severity::kError, seg, 0, "SE without an ST before it");
    return;
  }
  std::uint64_t declared = 0;
  if (!ParseCount(seg.element(1), &declared)) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "SE01 (number of segments) must be a number", seg.element(1));
  } else if (declared != set_segments_) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "SE01 says " + std::to_string(declared) + " segments but the transaction set has " +
               std::to_string(set_segments_) + " (ST and SE included)",
           seg.element(1));
  }
  if (seg.element(2) != set_control_) {
    Report(DiagCode::kControlNumberMismatch, Severity::kError, seg, 2,
           "SE02 does not match ST02 (" + set_control_ + ")", seg.element(2));
  }
  if (GroupSummary* g = group(); g != nullptr && !g->transaction_sets.empty()) {
    g->transaction_sets.back().declared_segments = declared;
  }
  CloseSet(nullptr);
  just_closed_set_ = true;
}

void EnvelopeChecker::OnGe(const Segment& seg) {
  Position at{seg.byte_offset(), seg.index(), 0, 0, 0, 0};
  if (in_set_) {
    --set_segments_;
    CloseSet(&at);
  }
  if (!groups_open_) {
    Report(DiagCode::kUnexpectedSegment, Severity::kError, seg, 0, "GE without a GS before it");
    return;
  }
  std::uint64_t declared = 0;
  if (!ParseCount(seg.element(1), &declared)) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "GE01 (number of transaction sets) must be a number", seg.element(1));
  } else if (declared != group_sets_) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "GE01 says " + std::to_string(declared) + " transaction set(s) but the group has " +
               std::to_string(group_sets_),
           seg.element(1));
  }
  if (!IsDigits(seg.element(2)) || seg.element(2).size() > 9) {
    Report(DiagCode::kControlNumberInvalid, Severity::kError, seg, 2,
           "GE02 (group control number) must be 1 to 9 digits", seg.element(2));
  }
  if (seg.element(2) != group()->control_number) {
    Report(DiagCode::kControlNumberMismatch, Severity::kError, seg, 2,
           "GE02 does not match GS06 (" + group()->control_number + ")", seg.element(2));
  }
  CloseGroup(nullptr);
}

void EnvelopeChecker::OnIea(const Segment& seg) {
  Position at{seg.byte_offset(), seg.index(), 0, 0, 0, 0};
  if (in_set_) {
    --set_segments_;
    CloseSet(&at);
  }
  if (groups_open_) CloseGroup(&at);
  InterchangeSummary& ic = interchanges_.back();
  std::uint64_t declared = 0;
  if (!ParseCount(seg.element(1), &declared)) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "IEA01 (number of functional groups) must be a number", seg.element(1));
  } else if (declared != ic.group_count) {
    Report(DiagCode::kCountMismatch, Severity::kError, seg, 1,
           "IEA01 says " + std::to_string(declared) +
               " functional group(s) but the interchange has " + std::to_string(ic.group_count),
           seg.element(1));
  }
  if (!IsDigits(seg.element(2)) || seg.element(2).size() != 9) {
    Report(DiagCode::kControlNumberInvalid, Severity::kError, seg, 2,
           "IEA02 (interchange control number) must be exactly 9 digits", seg.element(2));
  }
  if (seg.element(2) != ic.header.control_number()) {
    Report(DiagCode::kControlNumberMismatch, Severity::kError, seg, 2,
           "IEA02 does not match ISA13 (" + std::string(ic.header.control_number()) + ")",
           seg.element(2));
  }
  CloseInterchange(nullptr);
}

void EnvelopeChecker::CloseSet(const Position* missing_at) {
  if (!in_set_) return;
  if (missing_at != nullptr) {
    Report(DiagCode::kMissingTrailer, Severity::kError, *missing_at, "SE",
           "transaction set " + set_control_ + " has no SE trailer");
  }
  if (GroupSummary* g = group(); g != nullptr && !g->transaction_sets.empty()) {
    g->transaction_sets.back().segments = set_segments_;
    g->transaction_sets.back().closed = missing_at == nullptr;
  }
  in_set_ = false;
}

void EnvelopeChecker::CloseGroup(const Position* missing_at) {
  CloseSet(missing_at);
  if (!groups_open_) return;
  if (missing_at != nullptr) {
    Report(DiagCode::kMissingTrailer, Severity::kError, *missing_at, "GE",
           "functional group " + group()->control_number + " has no GE trailer");
  }
  group()->closed = missing_at == nullptr;
  groups_open_ = false;
  group_version_.clear();
}

void EnvelopeChecker::CloseInterchange(const Position* missing_at) {
  CloseGroup(missing_at);
  if (!interchange_open_) return;
  InterchangeSummary& ic = interchanges_.back();
  if (missing_at != nullptr) {
    Report(DiagCode::kMissingTrailer, Severity::kError, *missing_at, "IEA",
           "interchange " + std::string(ic.header.control_number()) + " has no IEA trailer");
  }
  ic.closed = missing_at == nullptr;
  interchange_open_ = false;
}

void EnvelopeChecker::Finish() {
  if (interchange_open_) CloseInterchange(&end_);
}

}  // namespace edi
