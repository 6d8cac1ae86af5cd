#include "edi/hipaa/response_common.hpp"

#include <utility>

#include "edi/envelope.hpp"
#include "edi/segment_reader.hpp"

namespace edi::hipaa {
namespace {

std::string TrimRight(std::string_view s) {
  auto e = s.find_last_not_of(' ');
  return e == std::string_view::npos ? std::string() : std::string(s.substr(0, e + 1));
}

}  // namespace

void AddFinding(std::vector<Finding>* out, const Segment& segment, std::uint32_t element,
                std::string code, std::string message, std::string value, Severity severity) {
  Finding f;
  f.code = std::move(code);
  f.severity = severity;
  f.message = std::move(message);
  f.segment = segment.index();
  f.segment_id = std::string(segment.id());
  f.element = element;
  f.value = std::move(value);
  out->push_back(std::move(f));
}

AmountStatus ParseCents(std::string_view text, Cents* out) {
  *out = 0;
  if (text.empty()) return AmountStatus::kEmpty;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  Cents whole = 0;
  int int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (++int_digits > 15) return AmountStatus::kInvalid;
    whole = whole * 10 + (text[i] - '0');
  }
  Cents fraction = 0;
  int frac_digits = 0;
  bool lost = false;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (frac_digits < 2) {
        fraction = fraction * 10 + (text[i] - '0');
      } else if (text[i] != '0') {
        lost = true;
      }
      ++frac_digits;
    }
  }
  if (i != text.size() || int_digits + frac_digits == 0) return AmountStatus::kInvalid;
  if (frac_digits == 1) fraction *= 10;
  Cents value = whole * 100 + fraction;
  *out = negative ? -value : value;
  return lost ? AmountStatus::kTooPrecise : AmountStatus::kOk;
}

std::string FormatCents(Cents cents) {
  // Built from the magnitude as unsigned so INT64_MIN cannot overflow.
  std::uint64_t m =
      cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string digits = std::to_string(m / 100);
  unsigned frac = static_cast<unsigned>(m % 100);
  std::string out = cents < 0 ? "-" : "";
  out += digits;
  out += '.';
  out += static_cast<char>('0' + frac / 10);
  out += static_cast<char>('0' + frac % 10);
  return out;
}

bool ReadAmount(const Segment& segment, std::uint32_t element, Cents* out,
                std::vector<Finding>* findings) {
  std::string_view text = segment.element(element);
  switch (ParseCents(text, out)) {
    case AmountStatus::kOk:
      return true;
    case AmountStatus::kEmpty:
      return false;
    case AmountStatus::kTooPrecise:
      AddFinding(findings, segment, element, "amount_precision",
                 "amount has more than two decimals; it was truncated to cents", std::string(text));
      return true;
    case AmountStatus::kInvalid:
      AddFinding(findings, segment, element, "amount_invalid",
                 "amount is not a decimal number; it was read as zero", std::string(text));
      return true;
  }
  return false;
}

void ForEachSegment(std::string_view input, DiagnosticSink* diagnostics,
                    const std::function<void(const Segment&)>& each) {
  DiagnosticList dropped(0);
  DiagnosticSink& sink = diagnostics != nullptr ? *diagnostics : dropped;
  SegmentReader reader(input, sink);
  EnvelopeChecker envelope(sink, EnvelopeOptions{.keep_summaries = false});
  Segment segment;
  while (reader.Next(&segment)) {
    envelope.Add(segment, reader.header());
    each(segment);
  }
  envelope.Finish();
}

bool EnvelopeTracker::Add(const Segment& segment) {
  std::string_view id = segment.id();
  if (id == "ISA") {
    keys_ = EnvelopeKeys{};
    keys_.interchange_control_number = std::string(segment.element(13));
    keys_.interchange_sender = TrimRight(segment.element(6));
    keys_.interchange_receiver = TrimRight(segment.element(8));
    return true;
  }
  if (id == "GS") {
    keys_.functional_id = std::string(segment.element(1));
    keys_.group_control_number = std::string(segment.element(6));
    keys_.version = std::string(segment.element(8));
    keys_.transaction_control_number.clear();
    keys_.implementation.clear();
    return true;
  }
  if (id == "ST") {
    keys_.transaction_control_number = std::string(segment.element(2));
    keys_.implementation = std::string(segment.element(3));
    keys_.segment = segment.index();
    return true;
  }
  return false;
}

int Procedure::modifier_count() const {
  int n = 0;
  for (const auto& m : modifiers) n += m.empty() ? 0 : 1;
  return n;
}

void ReadProcedure(const Segment& segment, std::uint32_t element, Procedure* out) {
  // One pass over the composite: components 1-2 are qualifier and code, 3-6 modifiers, 7 the
  // description.
  std::string_view text = segment.element(element);
  const char sep = segment.delimiters().component;
  out->qualifier.clear();
  out->code.clear();
  for (auto& m : out->modifiers) m.clear();
  out->description.clear();
  std::size_t start = 0;
  for (int part = 1; start <= text.size() && part <= 7; ++part) {
    std::size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view v = text.substr(start, end - start);
    if (part == 1) {
      out->qualifier.assign(v);
    } else if (part == 2) {
      out->code.assign(v);
    } else if (part <= 6) {
      out->modifiers[static_cast<std::size_t>(part - 3)].assign(v);
    } else {
      out->description.assign(v);
    }
    start = end + 1;
  }
}

Procedure ReadProcedure(const Segment& segment, std::uint32_t element) {
  Procedure p;
  ReadProcedure(segment, element, &p);
  return p;
}

std::string FormatProcedure(const Procedure& p) {
  std::string out = p.qualifier;
  out += ':';
  out += p.code;
  for (const auto& m : p.modifiers) {
    if (m.empty()) continue;
    out += ':';
    out += m;
  }
  return out;
}

}  // namespace edi::hipaa
