#include "edi/isa.hpp"

#include <algorithm>
#include <initializer_list>

namespace edi {
namespace {

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool OneOf(std::string_view v, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}
std::string Trim(std::string_view s) {
  auto b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

// Length in bytes of the UTF-8 sequence that starts with `lead`, or 0 if `lead` cannot start one.
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

class IsaReporter {
 public:
  IsaReporter(DiagnosticSink& sink, std::uint64_t base, std::uint64_t index)
      : sink_(sink), base_(base), index_(index) {}
  void Report(DiagCode code, Severity sev, std::size_t offset, std::uint32_t element,
              std::string message, std::string_view value = {}) {
    Position pos;
    pos.byte_offset = base_ + offset;
    pos.segment = index_;
    pos.element = element;
    sink_.Report({code, sev, pos, "ISA", std::move(message), std::string(value), {}});
  }

 private:
  DiagnosticSink& sink_;
  std::uint64_t base_;
  std::uint64_t index_;
};

std::string IsaName(std::size_t i) {
  return std::string("ISA") + (i < 10 ? "0" : "") + std::to_string(i);
}

}  // namespace

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool LooksLikeIsa(std::string_view text) {
  return text.size() >= 4 && text.substr(0, 3) == "ISA" && !IsAlnum(text[3]) && text[3] != ' ' &&
         text[3] != '\r' && text[3] != '\n';
}

bool IsValidDate(std::string_view t) {
  if (!IsDigits(t) || (t.size() != 6 && t.size() != 8)) return false;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + (t[at + i] - '0');
    return v;
  };
  std::size_t y = t.size() == 8 ? 4 : 2;
  int year = num(0, y);
  if (t.size() == 6) year += 2000;  // leap years only matter for Feb 29; 2000 and 1900 differ once
  int month = num(y, 2);
  int day = num(y + 2, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

bool IsValidTime(std::string_view t) {
  if (!IsDigits(t) || t.size() < 4 || t.size() > 8) return false;
  int hh = (t[0] - '0') * 10 + (t[1] - '0');
  int mm = (t[2] - '0') * 10 + (t[3] - '0');
  if (hh > 23 || mm > 59) return false;
  if (t.size() >= 6) {
    int ss = (t[4] - '0') * 10 + (t[5] - '0');
    if (ss > 59) return false;
  } else if (t.size() == 5) {
    return false;
  }
  return true;
}

std::optional<InterchangeHeader> ParseIsa(std::string_view text, std::uint64_t base_offset,
                                          std::uint64_t segment_index, DiagnosticSink& sink) {
  IsaReporter rep(sink, base_offset, segment_index);
  if (text.size() < 4) {
    rep.Report(DiagCode::kIsaTruncated, Severity::kError, 0, 0,
               "the input ends inside the ISA interchange header");
    return std::nullopt;
  }
  InterchangeHeader h;
  const char elem = text[3];
  if (IsAlnum(elem) || elem == ' ' || elem == '\r' || elem == '\n') {
    rep.Report(DiagCode::kDelimiterInvalid, Severity::kError, 3, 0,
               "the element separator (the character after \"ISA\") is a letter, digit, space "
               "or line break",
               std::string_view(&text[3], 1));
    return std::nullopt;
  }
  // Find the 16 element separators; field i runs from sep[i-1]+1 to sep[i] (ISA16 is one byte).
  std::array<std::size_t, 17> sep{};
  sep[0] = 3;
  std::size_t window = std::min(text.size(), kIsaSearchWindow);
  std::size_t found = 0;
  for (std::size_t i = 4; i < window && found < 15; ++i) {
    if (text[i] == elem) sep[++found] = i;
  }
  if (found < 15) {
    rep.Report(DiagCode::kIsaTruncated, Severity::kError, 0, 0,
               "the ISA has " + std::to_string(found + 1) +
                   " element(s) before the data ends; it needs 16");
    return std::nullopt;
  }
  const std::size_t isa16_at = sep[15] + 1;
  if (isa16_at + 1 >= text.size()) {
    rep.Report(DiagCode::kIsaTruncated, Severity::kError, isa16_at, 16,
               "the input ends before ISA16 and the segment terminator");
    return std::nullopt;
  }
  for (std::size_t i = 1; i <= 15; ++i) {
    h.fields[i] = std::string(text.substr(sep[i - 1] + 1, sep[i] - sep[i - 1] - 1));
  }
  h.fields[16] = std::string(1, text[isa16_at]);

  // A line break inside the ISA means the file was wrapped at a fixed column.
  for (std::size_t i = 0; i < isa16_at; ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      rep.Report(DiagCode::kWrappedLine, Severity::kError, i, 0,
                 "a line break inside the ISA: the file looks hard-wrapped at a fixed width; "
                 "X12 segments may not be split across lines");
      return std::nullopt;
    }
  }

  Delimiters& d = h.delimiters;
  d.element = elem;
  d.component = text[isa16_at];
  const std::size_t term_at = isa16_at + 1;
  auto lead = static_cast<unsigned char>(text[term_at]);
  std::size_t term_len = 1;
  if (lead >= 0x80) {
    term_len = Utf8Length(lead);
    bool ok = term_len != 0 && term_at + term_len <= text.size();
    for (std::size_t i = 1; ok && i < term_len; ++i) {
      ok = (static_cast<unsigned char>(text[term_at + i]) & 0xc0) == 0x80;
    }
    if (!ok) {
      rep.Report(DiagCode::kDelimiterInvalid, Severity::kError, term_at, 0,
                 "the segment terminator after ISA16 is neither an ASCII character nor a whole "
                 "UTF-8 character");
      return std::nullopt;
    }
    rep.Report(DiagCode::kDelimiterNote, Severity::kWarning, term_at, 0,
               "the segment terminator " + DescribeDelimiter(text.substr(term_at, term_len)) +
                   " is not an ASCII character; X12 expects a single byte");
  }
  for (std::size_t i = 0; i < term_len; ++i) d.terminator[i] = text[term_at + i];
  d.terminator_length = static_cast<std::uint8_t>(term_len);
  h.length = term_at + term_len;

  if (IsAlnum(d.component) || d.component == elem) {
    rep.Report(DiagCode::kDelimiterInvalid, Severity::kError, isa16_at, 16,
               "the component separator (ISA16) is a letter or digit, or equals the element "
               "separator",
               h.fields[16]);
    return std::nullopt;
  }
  if (IsAlnum(d.segment()) || d.segment() == elem || d.segment() == d.component) {
    rep.Report(DiagCode::kDelimiterInvalid, Severity::kError, term_at, 0,
               "the segment terminator (after ISA16) is a letter or digit, or equals another "
               "delimiter",
               text.substr(term_at, term_len));
    return std::nullopt;
  }

  // ISA11 is the repetition separator from version 00402 on; before that it is the standards id.
  const std::string& isa11 = h.fields[11];
  const std::string& version = h.fields[12];
  d.has_repetition = false;
  if (version >= "00402" && isa11.size() == 1) {
    char r = isa11[0];
    if (IsAlnum(r) || r == ' ' || r == elem || r == d.component || r == d.segment()) {
      rep.Report(DiagCode::kDelimiterNote, Severity::kWarning, sep[10] + 1, 11,
                 "ISA11 is not usable as a repetition separator (a letter, digit, space or "
                 "another delimiter); the interchange is read without repetitions",
                 isa11);
    } else {
      d.repetition = r;
      d.has_repetition = true;
    }
  }

  // Fixed widths: name every field that is off, then the whole.
  std::string off;
  for (std::size_t i = 1; i <= 16; ++i) {
    if (h.fields[i].size() != kIsaWidths[i]) {
      rep.Report(DiagCode::kIsaFieldWidth, Severity::kError, sep[i - 1] + 1,
                 static_cast<std::uint32_t>(i),
                 IsaName(i) + " is " + std::to_string(h.fields[i].size()) +
                     " character(s) wide; it must be exactly " + std::to_string(kIsaWidths[i]),
                 h.fields[i]);
      off += (off.empty() ? "" : ", ") + IsaName(i) + " has " + std::to_string(h.fields[i].size()) +
             " instead of " + std::to_string(kIsaWidths[i]);
    }
  }
  // 106 characters with a one-character terminator; a multi-byte terminator is one character.
  if (term_at + 1 != kIsaLength) {
    rep.Report(DiagCode::kIsaLength, Severity::kError, 0, 0,
               "the ISA is " + std::to_string(term_at + 1) + " characters long, not 106" +
                   (off.empty() ? std::string() : ": " + off));
  }

  // Values.
  auto value_error = [&](std::size_t i, std::string message) {
    rep.Report(DiagCode::kIsaFieldValue, Severity::kError, sep[i - 1] + 1,
               static_cast<std::uint32_t>(i), IsaName(i) + " " + std::move(message), h.fields[i]);
  };
  // HIPAA 5010 allows 00 and 03 in ISA01; earlier X12 versions define 00 to 08.
  if (h.fields[12] == "00501"
          ? !OneOf(h.fields[1], {"00", "03"})
          : !OneOf(h.fields[1], {"00", "01", "02", "03", "04", "05", "06", "07", "08"})) {
    value_error(1, h.fields[12] == "00501" ? "must be 00 or 03 (authorization qualifier)"
                                           : "is not an authorization qualifier (00 to 08)");
  }
  if (!OneOf(h.fields[3], {"00", "01"})) value_error(3, "must be 00 or 01 (security qualifier)");
  auto id_qualifier = [](std::string_view v) {
    return OneOf(v, {"01", "14", "20", "27", "28", "29", "30", "33", "ZZ"});
  };
  if (!id_qualifier(h.fields[5])) value_error(5, "is not an interchange id qualifier");
  if (!id_qualifier(h.fields[7])) value_error(7, "is not an interchange id qualifier");
  if (Trim(h.fields[6]).empty()) value_error(6, "(sender id) is blank");
  if (Trim(h.fields[8]).empty()) value_error(8, "(receiver id) is blank");
  if (!IsValidDate(h.fields[9]) || h.fields[9].size() != 6)
    value_error(9, "is not a real date (YYMMDD)");
  if (!IsValidTime(h.fields[10]) || h.fields[10].size() != 4)
    value_error(10, "is not a real time (HHMM)");
  if (!IsDigits(h.fields[12])) value_error(12, "(version) must be digits, e.g. 00501");
  if (!IsDigits(h.fields[13])) value_error(13, "(interchange control number) must be digits");
  if (!OneOf(h.fields[14], {"0", "1"}))
    value_error(14, "(acknowledgment requested) must be 0 or 1");
  if (!OneOf(h.fields[15], {"P", "T", "I"})) value_error(15, "(usage) must be P, T or I");
  return h;
}

}  // namespace edi
