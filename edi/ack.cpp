#include "edi/ack.hpp"

#include <algorithm>
#include <map>

namespace edi {
namespace {

struct Range {
  std::uint64_t begin, end;  // segment indices [begin, end)
  bool Holds(std::uint64_t segment) const { return segment >= begin && segment < end; }
};

// IK304 for findings about a whole segment; "" when the finding is not one.
std::string SegmentCode(DiagCode c) {
  switch (c) {
    case DiagCode::kSegmentUnrecognized:
      return "1";
    case DiagCode::kSegmentUnexpected:
      return "2";
    case DiagCode::kSegmentMissing:
    case DiagCode::kLoopMissing:
      return "3";
    case DiagCode::kLoopTooMany:
      return "4";
    case DiagCode::kSegmentTooMany:
      return "5";
    case DiagCode::kSegmentNotUsed:
      return "I4";
    case DiagCode::kSegmentIdInvalid:
      return "1";
    case DiagCode::kDependentMissing:
      return "I6";
    case DiagCode::kDependentNotUsed:
      return "I9";
    default:
      return "";
  }
}

// IK403 for findings about an element; "" when the finding is not one.
std::string ElementCode(DiagCode c) {
  switch (c) {
    case DiagCode::kRequiredElementMissing:
      return "1";
    case DiagCode::kConditionalMissing:
      return "2";
    case DiagCode::kTooManyDataElements:
      return "3";
    case DiagCode::kElementTooShort:
      return "4";
    case DiagCode::kElementTooLong:
      return "5";
    case DiagCode::kInvalidCharacter:
      return "6";
    case DiagCode::kInvalidCode:
    case DiagCode::kHierarchy:
      return "7";
    case DiagCode::kInvalidDate:
      return "8";
    case DiagCode::kInvalidTime:
      return "9";
    case DiagCode::kExclusionViolated:
      return "10";
    case DiagCode::kTooManyRepetitions:
      return "12";
    case DiagCode::kTooManyComponents:
      return "13";
    case DiagCode::kElementNotUsed:
      return "I10";
    case DiagCode::kSituationalValue:
    case DiagCode::kClaimOutOfBalance:
      return "I12";
    default:
      return "";
  }
}

void AddOnce(std::vector<std::string>* codes, const std::string& code) {
  if (codes->size() < 5 && std::find(codes->begin(), codes->end(), code) == codes->end()) {
    codes->push_back(code);
  }
}

// A copy of a bad value fit for IK404: no delimiters, only X12 characters, at most 99.
std::string CleanCopy(std::string_view value, const Delimiters& d) {
  std::string out;
  for (char c : value) {
    if (out.size() == 99) break;
    out += IsExtendedChar(c) && !d.IsDelimiter(c) ? c : ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Trim(std::string_view s) {
  auto e = s.find_last_not_of(' ');
  return e == std::string_view::npos ? std::string() : std::string(s.substr(0, e + 1));
}

Range GroupRange(const InterchangeSummary& ic, std::size_t gi, std::uint64_t end) {
  std::uint64_t next = gi + 1 < ic.groups.size() ? ic.groups[gi + 1].first_segment : end;
  return {ic.groups[gi].first_segment, next};
}

}  // namespace

std::vector<GroupAck> DecideGroupAcks(const InterchangeSummary& ic, std::uint64_t end,
                                      const std::vector<Diagnostic>& findings) {
  std::vector<GroupAck> acks;
  for (std::size_t gi = 0; gi < ic.groups.size(); ++gi) {
    const GroupSummary& g = ic.groups[gi];
    Range group = GroupRange(ic, gi, end);
    GroupAck ack{g.functional_id,
                 g.control_number,
                 g.version,
                 'A',
                 g.transaction_count,
                 g.transaction_sets.size(),
                 0,
                 {},
                 {}};
    if (!g.closed) AddOnce(&ack.group_errors, "3");
    for (const TransactionSetSummary& ts : g.transaction_sets) {
      SetAck set{ts.id, ts.control_number, ts.implementation, 'A', {}};
      Range range{ts.first_segment, ts.first_segment + std::max<std::uint64_t>(ts.segments, 1)};
      bool segment_errors = false;
      for (const Diagnostic& d : findings) {
        if (d.severity == Severity::kInfo && d.code == DiagCode::kNoSchema &&
            range.Holds(d.pos.segment)) {
          AddOnce(&set.set_errors, "1");
        }
        if (d.severity != Severity::kError || !range.Holds(d.pos.segment)) continue;
        if (!SegmentCode(d.code).empty() || !ElementCode(d.code).empty()) segment_errors = true;
        if (d.segment_id == "SE" && d.code == DiagCode::kControlNumberMismatch)
          AddOnce(&set.set_errors, "3");
        if (d.segment_id == "SE" && d.code == DiagCode::kCountMismatch)
          AddOnce(&set.set_errors, "4");
        if (d.segment_id == "ST" && d.code == DiagCode::kDuplicateControlNumber)
          AddOnce(&set.set_errors, "23");
        if (d.segment_id == "ST" && d.code == DiagCode::kControlNumberInvalid)
          AddOnce(&set.set_errors, "7");
      }
      if (!ts.closed) AddOnce(&set.set_errors, "2");
      if (segment_errors) AddOnce(&set.set_errors, "5");
      set.code = set.set_errors.empty() ? 'A' : 'R';
      if (set.code != 'R') ++ack.accepted;
      ack.sets.push_back(std::move(set));
    }
    for (const Diagnostic& d : findings) {
      if (d.severity != Severity::kError ||
          !(group.Holds(d.pos.segment) || d.pos.segment == group.end))
        continue;
      if (d.segment_id == "GE" && d.code == DiagCode::kControlNumberMismatch)
        AddOnce(&ack.group_errors, "4");
      if (d.segment_id == "GE" && d.code == DiagCode::kCountMismatch)
        AddOnce(&ack.group_errors, "5");
      if (d.segment_id == "GS" && d.code == DiagCode::kDuplicateControlNumber)
        AddOnce(&ack.group_errors, "19");
      if (d.segment_id == "GS" && d.code == DiagCode::kControlNumberInvalid)
        AddOnce(&ack.group_errors, "6");
    }
    if (!ack.group_errors.empty() || ack.accepted == 0) {
      ack.code = 'R';
    } else if (ack.accepted < ack.received) {
      ack.code = 'P';
    }
    acks.push_back(std::move(ack));
  }
  return acks;
}

namespace {

void BeginAckInterchange(InterchangeWriter& w, const InterchangeSummary& ic, const AckOptions& o,
                         const std::string& gs_sender, const std::string& gs_receiver) {
  InterchangeParams isa;
  isa.sender_qualifier = std::string(ic.header.receiver_qualifier());
  isa.sender_id = Trim(ic.header.receiver_id());
  isa.receiver_qualifier = std::string(ic.header.sender_qualifier());
  isa.receiver_id = Trim(ic.header.sender_id());
  isa.date = o.date.size() == 8 ? o.date.substr(2) : o.date;
  isa.time = o.time;
  isa.control_number = o.interchange_control_number;
  isa.usage = o.usage;
  w.BeginInterchange(isa);
  (void)gs_sender;
  (void)gs_receiver;
}

}  // namespace

Result<std::string> Build999(const InterchangeSummary& ic, std::uint64_t end,
                             const std::vector<Diagnostic>& findings, const AckOptions& o) {
  std::vector<GroupAck> acks = DecideGroupAcks(ic, end, findings);
  if (acks.empty())
    return Error{"no_groups", "the interchange has no functional group to acknowledge"};
  std::string out;
  InterchangeWriter w(&out, o.writer);
  const Delimiters& d = o.writer.delimiters;
  BeginAckInterchange(w, ic, o, {}, {});
  GroupParams gs;
  gs.functional_id = "FA";
  gs.sender = ic.groups[0].receiver;
  gs.receiver = ic.groups[0].sender;
  gs.date = o.date;
  gs.time = o.time;
  gs.control_number = o.group_control_number;
  gs.version = "005010X231A1";
  w.BeginGroup(gs);
  std::uint64_t st = 0;
  for (std::size_t gi = 0; gi < acks.size(); ++gi) {
    const GroupAck& ack = acks[gi];
    const GroupSummary& g = ic.groups[gi];
    w.BeginTransaction("999", FormatControlNumber(++st, 4), "005010X231A1");
    SegmentWriter& b = w.body();
    b.Write("AK1", {ack.functional_id, ack.control_number, ack.version});
    for (std::size_t si = 0; si < ack.sets.size(); ++si) {
      const SetAck& set = ack.sets[si];
      const TransactionSetSummary& ts = g.transaction_sets[si];
      Range range{ts.first_segment, ts.first_segment + std::max<std::uint64_t>(ts.segments, 1)};
      b.Write("AK2", {set.id, set.control_number, set.implementation});
      // IK3 per segment in error, IK4 per element in error, in file order.
      std::uint64_t open_segment = 0;
      std::string open_code;
      for (const Diagnostic& f : findings) {
        if (f.severity != Severity::kError || !range.Holds(f.pos.segment)) continue;
        std::string seg_code = SegmentCode(f.code);
        std::string el_code = ElementCode(f.code);
        if (seg_code.empty() && el_code.empty()) continue;
        std::string position =
            std::to_string(f.pos.segment_in_set != 0 ? f.pos.segment_in_set : ts.segments);
        std::string seg_id = f.segment_id.empty() || f.segment_id.size() > 3 ? "SE" : f.segment_id;
        // IK303 is data element 447, AN 1/4 in 5010: a guide loop id such as 2010AA is sent as
        // its numeric part (2010), the longest form the element can hold.
        std::string loop = f.loop.substr(0, 4);
        if (!seg_code.empty()) {
          b.Write("IK3", {seg_id, position, loop, seg_code});
          open_segment = 0;
          continue;
        }
        if (open_segment != f.pos.segment) {
          b.Write("IK3", {seg_id, position, loop, "8"});
          open_segment = f.pos.segment;
        }
        std::string element = std::to_string(f.pos.element);
        std::string component = f.pos.component ? std::to_string(f.pos.component) : "";
        std::string repetition = f.pos.repetition ? std::to_string(f.pos.repetition) : "";
        b.Begin("IK4").AddComposite({element, component, repetition}).Add("").Add(el_code);
        std::string copy = CleanCopy(f.value, d);
        if (!copy.empty() && el_code != "1") b.Add(copy);
        b.End();
      }
      std::vector<std::string_view> ik5 = {std::string_view(&set.code, 1)};
      for (const std::string& c : set.set_errors) ik5.push_back(c);
      b.Begin("IK5");
      for (std::string_view v : ik5) b.Add(v);
      b.End();
    }
    b.Begin("AK9")
        .Add(std::string(1, ack.code))
        .Add(std::to_string(ack.included))
        .Add(std::to_string(ack.received))
        .Add(std::to_string(ack.accepted));
    for (const std::string& c : ack.group_errors) b.Add(c);
    b.End();
    w.EndTransaction();
  }
  w.EndGroup();
  w.EndInterchange();
  auto status = w.Finish();
  if (!status) return status.error();
  return out;
}

std::string Ta1NoteCode(const Diagnostic& d) {
  static const std::map<std::uint32_t, std::string> kIsaField = {
      {1, "010"},  {2, "011"},  {3, "012"},  {4, "013"},  {5, "005"},  {6, "006"},
      {7, "007"},  {8, "008"},  {9, "014"},  {10, "015"}, {11, "026"}, {12, "017"},
      {13, "018"}, {14, "019"}, {15, "020"}, {16, "027"}};
  if (d.severity != Severity::kError) return "";
  switch (d.code) {
    case DiagCode::kIsaFieldWidth:
    case DiagCode::kIsaFieldValue: {
      auto it = kIsaField.find(d.pos.element);
      return it == kIsaField.end() ? "024" : it->second;
    }
    case DiagCode::kIsaLength:
      return "024";
    case DiagCode::kDelimiterInvalid:
      return d.pos.element == 16 ? "027" : "004";
    case DiagCode::kControlNumberMismatch:
      return d.segment_id == "IEA" ? "001" : "";
    case DiagCode::kCountMismatch:
      return d.segment_id == "IEA" ? "021" : "";
    case DiagCode::kControlNumberInvalid:
      return d.segment_id == "IEA" ? "018" : "";
    case DiagCode::kMissingTrailer:
      return d.segment_id == "IEA" ? "023" : "";
    case DiagCode::kIsaTruncated:
    case DiagCode::kUnterminatedSegment:
      return "023";
    default:
      return "";
  }
}

Result<std::string> BuildTa1(const InterchangeSummary& ic, std::uint64_t end,
                             const std::vector<Diagnostic>& findings, const AckOptions& o) {
  Range range{ic.first_segment, end};
  std::string note = "000";
  bool later_errors = false;
  for (const Diagnostic& d : findings) {
    bool mine = range.Holds(d.pos.segment) || (d.segment_id == "IEA" && d.pos.segment == end) ||
                (d.pos.segment == 0 && ic.first_segment == 1);
    if (!mine || d.severity != Severity::kError) continue;
    std::string code = Ta1NoteCode(d);
    if (!code.empty() && note == "000") note = code;
    if (code.empty()) later_errors = true;
  }
  std::string ack = note != "000" ? "R" : later_errors ? "E" : "A";
  std::string out;
  InterchangeWriter w(&out, o.writer);
  BeginAckInterchange(w, ic, o, {}, {});
  w.body().Write("TA1",
                 {ic.header.control_number(), ic.header.date(), ic.header.time(), ack, note});
  // A TA1-only interchange has no group: IEA01 is 0.
  w.EndInterchange();
  auto status = w.Finish();
  if (!status) return status.error();
  return out;
}

}  // namespace edi
