#include "edi/writer.hpp"

#include "edi/isa.hpp"

namespace edi {

namespace {

std::string ElementName(std::string_view id, std::uint32_t element) {
  std::string name(id);
  name += element < 10 ? "0" : "";
  name += std::to_string(element);
  return name;
}

}  // namespace

std::string FormatControlNumber(std::uint64_t n, std::size_t width) {
  std::string digits = std::to_string(n);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

SegmentWriter::SegmentWriter(std::string* out, const WriterOptions& options)
    : out_(out), options_(options) {}

void SegmentWriter::Fail(std::string code, std::string message) {
  segment_failed_ = true;
  if (status_) status_ = Error{std::move(code), std::move(message)};
}

bool SegmentWriter::Check(std::string_view value, bool allow_component, bool allow_repetition) {
  const Delimiters& d = options_.delimiters;
  // The common case first: one pass with no allocation; the message is built only on failure.
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool is_term =
        c == d.segment() &&
        (d.terminator_length == 1 || value.substr(i, d.terminator_length) == d.terminator_view());
    bool delimiter = c == d.element || is_term || (!allow_component && c == d.component) ||
                     (!allow_repetition && d.has_repetition && c == d.repetition);
    if (!delimiter && IsExtendedChar(c)) continue;
    std::string where = ElementName(id_, element_) +
                        (component_ != 0 ? "-" + std::to_string(component_) : std::string());
    if (delimiter) {
      Fail("delimiter_in_data", where + " contains the delimiter " +
                                    DescribeDelimiter(std::string_view(&c, 1)) +
                                    "; X12 has no escape, so the value must change");
    } else {
      Fail("character_not_allowed",
           where + " contains a character outside the X12 extended character set (byte " +
               std::to_string(static_cast<unsigned char>(c)) + " at offset " + std::to_string(i) +
               ")");
    }
    return false;
  }
  return true;
}

SegmentWriter& SegmentWriter::Begin(std::string_view id) {
  segment_start_ = out_->size();
  id_ = id;
  element_ = 0;
  component_ = 0;
  open_ = true;
  segment_failed_ = false;
  bool valid = id.size() >= 2 && id.size() <= 3 && id[0] >= 'A' && id[0] <= 'Z';
  for (char c : id) valid = valid && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!valid) Fail("segment_id_invalid", "segment id must be 2-3 upper-case letters or digits");
  out_->append(id);
  return *this;
}

SegmentWriter& SegmentWriter::Add(std::string_view value) {
  ++element_;
  component_ = 0;
  Check(value, false, false);
  out_->push_back(options_.delimiters.element);
  out_->append(value);
  return *this;
}

SegmentWriter& SegmentWriter::AddRaw(std::string_view value) {
  ++element_;
  component_ = 0;
  Check(value, true, true);
  out_->push_back(options_.delimiters.element);
  out_->append(value);
  return *this;
}

SegmentWriter& SegmentWriter::AddComposite(std::span<const std::string_view> components) {
  ++element_;
  std::size_t n = components.size();
  while (n > 0 && components[n - 1].empty()) --n;
  out_->push_back(options_.delimiters.element);
  for (std::size_t i = 0; i < n; ++i) {
    component_ = static_cast<std::uint32_t>(i + 1);
    Check(components[i], false, false);
    if (i > 0) out_->push_back(options_.delimiters.component);
    out_->append(components[i]);
  }
  component_ = 0;
  return *this;
}

SegmentWriter& SegmentWriter::End() {
  open_ = false;
  if (segment_failed_) {
    out_->resize(segment_start_);
    return *this;
  }
  while (out_->size() > segment_start_ + id_.size() &&
         out_->back() == options_.delimiters.element) {
    out_->pop_back();
  }
  out_->append(options_.delimiters.terminator_view());
  if (options_.line_break) out_->push_back('\n');
  ++count_;
  return *this;
}

SegmentWriter& SegmentWriter::Write(std::string_view id,
                                    std::initializer_list<std::string_view> elements) {
  Begin(id);
  for (std::string_view e : elements) Add(e);
  return End();
}

SegmentWriter& SegmentWriter::Write(const Segment& segment) {
  const Delimiters& from = segment.delimiters();
  const Delimiters& to = options_.delimiters;
  Begin(segment.id());
  if ((segment.Is("BIN") && segment.element_count() == 2) ||
      (segment.Is("BDS") && segment.element_count() == 3)) {
    // Binary data is counted, not delimited: it is written as it is.
    for (std::size_t i = 1; i < segment.element_count(); ++i) Add(segment.element(i));
    ++element_;
    out_->push_back(to.element);
    out_->append(segment.element(segment.element_count()));
    return End();
  }
  for (std::size_t i = 1; i <= segment.element_count(); ++i) {
    ++element_;
    out_->push_back(to.element);
    Element element = segment.element_at(i);
    std::size_t repetitions = element.repetition_count();
    if (repetitions > 1 && !to.has_repetition) {
      Fail("delimiter_in_data",
           ElementName(id_, element_) + " repeats but the output has no repetition separator");
    }
    for (std::size_t r = 1; r <= repetitions; ++r) {
      if (r > 1) out_->push_back(to.repetition);
      std::string_view value = element.repetition(r).value();
      std::size_t components = PartCount(value, from.component);
      for (std::size_t c = 1; c <= components; ++c) {
        if (c > 1) out_->push_back(to.component);
        component_ = components > 1 ? static_cast<std::uint32_t>(c) : 0;
        std::string_view part = components > 1 ? NthPart(value, from.component, c) : value;
        Check(part, false, false);
        out_->append(part);
      }
    }
    component_ = 0;
  }
  return End();
}

InterchangeWriter::InterchangeWriter(std::string* out, const WriterOptions& options)
    : out_(out), options_(options), segments_(out, options) {}

void InterchangeWriter::Fail(std::string code, std::string message) {
  if (status_) status_ = Error{std::move(code), std::move(message)};
}

void InterchangeWriter::BeginInterchange(const InterchangeParams& p) {
  if (in_interchange_) Fail("envelope_order", "BeginInterchange while an interchange is open");
  const Delimiters& d = options_.delimiters;
  if (!d.has_repetition && p.version >= "00402") {
    Fail("isa_field", "version 00402 and later need a repetition separator in ISA11");
  }
  auto field = [&](std::size_t n, const std::string& value, char pad) {
    if (value.size() > kIsaWidths[n]) {
      Fail("isa_field", "ISA" + std::string(n < 10 ? "0" : "") + std::to_string(n) +
                            " is longer than " + std::to_string(kIsaWidths[n]) + " characters");
    }
    std::string v = value.substr(0, kIsaWidths[n]);
    if (pad == '0')
      v.insert(0, kIsaWidths[n] - v.size(), '0');
    else
      v.append(kIsaWidths[n] - v.size(), ' ');
    return v;
  };
  if (p.control_number == 0 || p.control_number > 999999999) {
    Fail("isa_field", "ISA13 must be between 1 and 999999999");
  }
  if (p.date.size() != 6 || !IsValidDate(p.date))
    Fail("isa_field", "ISA09 must be a real YYMMDD date");
  if (p.time.size() != 4 || !IsValidTime(p.time))
    Fail("isa_field", "ISA10 must be a real HHMM time");
  if (p.usage != 'P' && p.usage != 'T' && p.usage != 'I')
    Fail("isa_field", "ISA15 must be P, T or I");
  isa13_ = FormatControlNumber(p.control_number % 1000000000, 9);
  std::string isa11 = d.has_repetition ? std::string(1, d.repetition) : std::string("U");
  segments_.Begin("ISA");
  // ISA fields keep their padding: write them raw (AddRaw would check delimiters too).
  for (const std::string& v :
       {field(1, p.authorization_qualifier, ' '), field(2, p.authorization_info, ' '),
        field(3, p.security_qualifier, ' '), field(4, p.security_info, ' '),
        field(5, p.sender_qualifier, ' '), field(6, p.sender_id, ' '),
        field(7, p.receiver_qualifier, ' '), field(8, p.receiver_id, ' '), field(9, p.date, ' '),
        field(10, p.time, ' ')}) {
    segments_.Add(v);
  }
  segments_.AddRaw(isa11);
  segments_.Add(field(12, p.version, '0'));
  segments_.Add(isa13_);
  segments_.Add(p.ack_requested ? "1" : "0");
  segments_.Add(std::string(1, p.usage));
  segments_.AddRaw(std::string(1, d.component));
  segments_.End();
  if (!segments_.ok()) Fail(segments_.status().error().code, segments_.status().error().message);
  in_interchange_ = true;
  groups_ = 0;
}

void InterchangeWriter::BeginGroup(const GroupParams& p) {
  if (!in_interchange_ || in_group_) Fail("envelope_order", "BeginGroup outside an interchange");
  if (p.control_number == 0 || p.control_number > 999999999) {
    Fail("gs_field", "GS06 must be between 1 and 999999999");
  }
  if (p.date.size() != 8 || !IsValidDate(p.date))
    Fail("gs_field", "GS04 must be a real CCYYMMDD date");
  if (!IsValidTime(p.time)) Fail("gs_field", "GS05 must be a real HHMM[SS] time");
  gs06_ = std::to_string(p.control_number);
  segments_.Write("GS",
                  {p.functional_id, p.sender, p.receiver, p.date, p.time, gs06_, "X", p.version});
  in_group_ = true;
  sets_ = 0;
  ++groups_;
}

void InterchangeWriter::BeginTransaction(std::string_view id, std::string_view control_number,
                                         std::string_view implementation) {
  if (!in_group_ || in_set_) Fail("envelope_order", "BeginTransaction outside a functional group");
  if (control_number.size() < 4 || control_number.size() > 9) {
    Fail("st_field", "ST02 must be 4 to 9 characters");
  }
  st02_ = control_number;
  st_start_count_ = segments_.count();
  segments_.Write("ST", {id, control_number, implementation});
  in_set_ = true;
  ++sets_;
}

void InterchangeWriter::EndTransaction() {
  if (!in_set_) Fail("envelope_order", "EndTransaction without BeginTransaction");
  std::uint64_t n = segments_.count() - st_start_count_ + 1;  // SE counts itself
  segments_.Write("SE", {std::to_string(n), st02_});
  in_set_ = false;
}

void InterchangeWriter::EndGroup() {
  if (!in_group_ || in_set_) Fail("envelope_order", "EndGroup with a transaction set open");
  segments_.Write("GE", {std::to_string(sets_), gs06_});
  in_group_ = false;
}

void InterchangeWriter::EndInterchange() {
  if (!in_interchange_ || in_group_) Fail("envelope_order", "EndInterchange with a group open");
  segments_.Write("IEA", {std::to_string(groups_), isa13_});
  in_interchange_ = false;
}

Result<void> InterchangeWriter::Finish() const {
  if (!status_) return status_;
  if (!segments_.ok()) return segments_.status();
  if (in_interchange_ || in_group_ || in_set_) {
    return Error{"envelope_open", "an interchange, group or transaction set was not ended"};
  }
  return {};
}

}  // namespace edi
