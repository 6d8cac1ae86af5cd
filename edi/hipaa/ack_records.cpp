#include "edi/hipaa/ack_records.hpp"

#include <charconv>
#include <utility>

namespace edi::hipaa {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// The 999/TA1 code lists in our own words. The builder in edi/ack.cpp maps findings to these
// codes; the words live here, where acknowledgments are read.
constexpr Entry kSegmentErrors[] = {
    {"1", "segment id not recognized"},
    {"2", "segment not expected here"},
    {"3", "required segment missing"},
    {"4", "loop repeats more often than allowed"},
    {"5", "segment repeats more often than allowed"},
    {"6", "segment not defined in this transaction set"},
    {"7", "segment out of order"},
    {"8", "segment has element errors"},
    {"I4", "segment the implementation guide marks \"not used\" is present"},
    {"I6", "segment the implementation guide requires in this situation is missing"},
    {"I7", "loop occurs fewer times than the implementation guide requires"},
    {"I8", "segment occurs fewer times than the implementation guide requires"},
    {"I9", "segment the implementation guide marks \"not used\" in this situation is present"},
};

constexpr Entry kElementErrors[] = {
    {"1", "required element missing"},
    {"2", "conditionally required element missing"},
    {"3", "too many elements"},
    {"4", "element too short"},
    {"5", "element too long"},
    {"6", "invalid character in element"},
    {"7", "code value not allowed"},
    {"8", "invalid date"},
    {"9", "invalid time"},
    {"10", "element present although another one excludes it"},
    {"12", "too many repetitions"},
    {"13", "too many components"},
    {"I6", "code value not used by the implementation guide"},
    {"I9", "element the implementation guide requires in this situation is missing"},
    {"I10", "element the implementation guide marks \"not used\" is present"},
    {"I11", "fewer repetitions than the implementation guide requires"},
    {"I12", "value does not match the pattern the implementation guide requires"},
    {"I13", "element the implementation guide marks \"not used\" in this situation is present"},
};

constexpr Entry kSetStatuses[] = {
    {"A", "accepted"},
    {"E", "accepted with errors noted"},
    {"M", "rejected: message authentication code failed"},
    {"R", "rejected"},
    {"W", "rejected: assurance failed validity tests"},
    {"X", "rejected: content could not be analysed after decryption"},
};

constexpr Entry kSetErrors[] = {
    {"1", "transaction set not supported"},
    {"2", "transaction set trailer (SE) missing"},
    {"3", "ST02 and SE02 control numbers differ"},
    {"4", "SE01 segment count differs from the segments counted"},
    {"5", "one or more segments in error"},
    {"6", "transaction set identifier missing or invalid"},
    {"7", "transaction set control number missing or invalid"},
    {"8", "authentication key name unknown"},
    {"9", "encryption key name unknown"},
    {"10", "requested service not available"},
    {"11", "unknown security recipient"},
    {"12", "incorrect message length"},
    {"13", "message authentication code failed"},
    {"15", "unknown security originator"},
    {"16", "syntax error in decrypted text"},
    {"17", "security not supported"},
    {"18", "transaction set not inside a functional group"},
    {"19", "implementation convention reference (ST03) invalid"},
    {"23", "transaction set control number repeated within the group"},
    {"24", "security end segment S3E missing"},
    {"25", "security start segment S3S missing"},
    {"26", "security end segment S4E missing"},
    {"27", "security start segment S4S missing"},
    {"I5", "one or more segments in error against the implementation guide"},
    {"I6", "implementation convention not supported"},
};

constexpr Entry kGroupStatuses[] = {
    {"A", "accepted"},
    {"E", "accepted with errors noted"},
    {"M", "rejected: message authentication code failed"},
    {"P", "partially accepted: at least one transaction set was rejected"},
    {"R", "rejected"},
    {"W", "rejected: assurance failed validity tests"},
    {"X", "rejected: content could not be analysed after decryption"},
};

constexpr Entry kGroupErrors[] = {
    {"1", "functional group not supported"},
    {"2", "functional group version not supported"},
    {"3", "functional group trailer (GE) missing"},
    {"4", "GS06 and GE02 control numbers differ"},
    {"5", "GE01 transaction set count differs from the sets counted"},
    {"6", "group control number is not valid"},
    {"10", "authentication key name unknown"},
    {"11", "encryption key name unknown"},
    {"12", "requested service not available"},
    {"13", "unknown security recipient"},
    {"14", "unknown security originator"},
    {"15", "syntax error in decrypted text"},
    {"16", "security not supported"},
    {"17", "incorrect message length"},
    {"18", "message authentication code failed"},
    {"19", "group control number repeated within the interchange"},
    {"23", "security end segment S3E missing"},
    {"24", "security start segment S3S missing"},
    {"25", "security end segment S4E missing"},
    {"26", "security start segment S4S missing"},
};

constexpr Entry kInterchangeAcks[] = {
    {"A", "accepted with no errors"},
    {"E", "accepted with errors noted"},
    {"R", "rejected"},
};

constexpr Entry kInterchangeNotes[] = {
    {"000", "no error"},
    {"001", "ISA13 and IEA02 control numbers differ"},
    {"002", "control standard (ISA11) not supported"},
    {"003", "control version (ISA12) not supported"},
    {"004", "segment terminator is invalid"},
    {"005", "sender id qualifier (ISA05) invalid"},
    {"006", "sender id (ISA06) invalid"},
    {"007", "receiver id qualifier (ISA07) invalid"},
    {"008", "receiver id (ISA08) invalid"},
    {"009", "receiver id (ISA08) unknown"},
    {"010", "authorization information qualifier (ISA01) invalid"},
    {"011", "authorization information (ISA02) invalid"},
    {"012", "security information qualifier (ISA03) invalid"},
    {"013", "security information (ISA04) invalid"},
    {"014", "interchange date (ISA09) invalid"},
    {"015", "interchange time (ISA10) invalid"},
    {"016", "standards identifier (ISA11) invalid"},
    {"017", "version (ISA12) invalid"},
    {"018", "interchange control number (ISA13) invalid"},
    {"019", "acknowledgment requested flag (ISA14) invalid"},
    {"020", "usage indicator (ISA15) invalid"},
    {"021", "IEA01 group count invalid"},
    {"022", "control structure invalid"},
    {"023", "file ended early (premature end of transmission)"},
    {"024", "interchange content invalid (for example a bad GS segment)"},
    {"025", "interchange control number already received (duplicate)"},
    {"026", "element separator invalid"},
    {"027", "component separator invalid"},
    {"028", "deferred delivery date invalid"},
    {"029", "deferred delivery time invalid"},
    {"030", "deferred delivery time code invalid"},
    {"031", "grade of service code invalid"},
};

template <std::size_t N>
std::string_view Find(const Entry (&table)[N], std::string_view code) {
  for (const auto& [k, v] : table) {
    if (k == code) return v;
  }
  return {};
}

std::uint32_t SmallNumber(std::string_view text) {
  std::uint32_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && p == text.data() + text.size() ? n : 0;
}

}  // namespace

std::string_view AckCodeMeaning(AckCodeList list, std::string_view code) {
  switch (list) {
    case AckCodeList::kSegmentError:
      return Find(kSegmentErrors, code);
    case AckCodeList::kElementError:
      return Find(kElementErrors, code);
    case AckCodeList::kSetStatus:
      return Find(kSetStatuses, code);
    case AckCodeList::kSetError:
      return Find(kSetErrors, code);
    case AckCodeList::kGroupStatus:
      return Find(kGroupStatuses, code);
    case AckCodeList::kGroupError:
      return Find(kGroupErrors, code);
    case AckCodeList::kInterchangeAck:
      return Find(kInterchangeAcks, code);
    case AckCodeList::kInterchangeNote:
      return Find(kInterchangeNotes, code);
  }
  return {};
}

std::string DescribeAckCode(AckCodeList list, std::string_view code) {
  std::string_view meaning = AckCodeMeaning(list, code);
  if (!meaning.empty()) return std::string(meaning);
  return "code " + std::string(code) + " (no description shipped)";
}

AckReader::AckReader(AckCallback on_ack, InterchangeAckCallback on_interchange_ack)
    : on_ack_(std::move(on_ack)), on_interchange_ack_(std::move(on_interchange_ack)) {}

void AckReader::Add(const Segment& s) {
  std::string_view id = s.id();
  if (id == "ISA" || id == "GS" || id == "ST" || id == "GE" || id == "IEA") {
    if (in_set_) CloseSet();
    envelope_.Add(s);
    if (id == "ST" && s.element(1) == "999") {
      in_set_ = true;
      ack_ = AckRecord{};
      ack_.keys = envelope_.keys();
      ack_.segment = s.index();
    }
    return;
  }
  if (id == "TA1") {
    OnTa1(s);
    return;
  }
  if (!in_set_) return;
  if (id == "SE") {
    ack_.closed = true;
    CloseSet();
  } else if (id == "AK1") {
    ack_.functional_id.assign(s.element(1));
    ack_.group_control_number.assign(s.element(2));
    ack_.version.assign(s.element(3));
  } else if (id == "AK2") {
    SetAcknowledgment& set = ack_.sets.emplace_back();
    set.set_id.assign(s.element(1));
    set.control_number.assign(s.element(2));
    set.implementation.assign(s.element(3));
    set.segment = s.index();
  } else if (id == "IK3") {
    OnIk3(s);
  } else if (id == "IK4") {
    OnIk4(s);
  } else if (id == "IK5") {
    if (ack_.sets.empty()) {
      AddFinding(&findings_, s, 0, "ack_structure",
                 "transaction set response trailer (IK5) without a response header (AK2)");
      return;
    }
    SetAcknowledgment& set = ack_.sets.back();
    set.status.assign(s.element(1));
    for (std::uint32_t e = 2; e <= 6; ++e) {
      if (!s.element(e).empty()) set.error_codes.emplace_back(s.element(e));
    }
  } else if (id == "AK9") {
    OnAk9(s);
  }
}

void AckReader::Finish() {
  if (in_set_) CloseSet();
}

void AckReader::CloseSet() {
  in_set_ = false;
  if (on_ack_) on_ack_(std::move(ack_));
  ack_ = AckRecord{};
}

void AckReader::OnTa1(const Segment& s) {
  InterchangeAck a;
  a.carrier_control_number = envelope_.keys().interchange_control_number;
  a.control_number.assign(s.element(1));
  a.date.assign(s.element(2));
  a.time.assign(s.element(3));
  a.ack_code.assign(s.element(4));
  a.note_code.assign(s.element(5));
  a.segment = s.index();
  if (on_interchange_ack_) on_interchange_ack_(std::move(a));
}

void AckReader::OnIk3(const Segment& s) {
  if (ack_.sets.empty()) {
    AddFinding(&findings_, s, 0, "ack_structure",
               "segment error (IK3) outside a transaction set response (AK2)");
    return;
  }
  SegmentError& e = ack_.sets.back().segment_errors.emplace_back();
  e.segment_id.assign(s.element(1));
  e.position = Count(s, 2);
  e.loop.assign(s.element(3));
  e.code.assign(s.element(4));
  e.segment = s.index();
}

void AckReader::OnIk4(const Segment& s) {
  if (ack_.sets.empty() || ack_.sets.back().segment_errors.empty()) {
    AddFinding(&findings_, s, 0, "ack_structure",
               "element error (IK4) without the segment error (IK3) it belongs to");
    return;
  }
  ElementError& e = ack_.sets.back().segment_errors.back().elements.emplace_back();
  e.position = SmallNumber(s.component(1, 1));
  e.component = SmallNumber(s.component(1, 2));
  e.repetition = SmallNumber(s.component(1, 3));
  e.reference_number.assign(s.element(2));
  e.code.assign(s.element(3));
  e.bad_value.assign(s.element(4));
  e.segment = s.index();
}

void AckReader::OnAk9(const Segment& s) {
  ack_.status.assign(s.element(1));
  ack_.included = Count(s, 2);
  ack_.received = Count(s, 3);
  ack_.accepted = Count(s, 4);
  for (std::uint32_t e = 5; e <= 9; ++e) {
    if (!s.element(e).empty()) ack_.error_codes.emplace_back(s.element(e));
  }
  // A 999 may answer only the sets in error; the count names what the group held, so a
  // difference is worth a warning, not an error.
  if (ack_.received != ack_.sets.size()) {
    AddFinding(&findings_, s, 3, "ack_count_mismatch",
               "AK903 (sets received) differs from the number of set responses (AK2)",
               std::string(s.element(3)), Severity::kWarning);
  }
}

std::uint64_t AckReader::Count(const Segment& s, std::uint32_t element) {
  std::string_view text = s.element(element);
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size()) {
    AddFinding(&findings_, s, element, "count_invalid", "count is not a whole number",
               std::string(text));
    return 0;
  }
  return n;
}

AckFile ReadAcks(std::string_view input, DiagnosticSink* diagnostics) {
  AckFile out;
  AckReader acks([&out](AckRecord&& a) { out.acks.push_back(std::move(a)); },
                 [&out](InterchangeAck&& a) { out.interchange_acks.push_back(std::move(a)); });
  ForEachSegment(input, diagnostics, [&acks](const Segment& s) { acks.Add(s); });
  acks.Finish();
  out.findings = acks.findings();
  return out;
}

}  // namespace edi::hipaa
