#include "edi/diagnostics.hpp"

#include <array>

namespace edi {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string_view DiagCodeName(DiagCode c) {
  static constexpr std::array<std::string_view, 55> kNames = {
      "no_interchange",
      "leading_junk",
      "trailing_junk",
      "utf16_input",
      "wrapped_line",
      "isa_truncated",
      "isa_length",
      "isa_field_width",
      "isa_field_value",
      "delimiter_invalid",
      "delimiter_note",
      "segment_id_invalid",
      "segment_too_long",
      "too_many_elements",
      "empty_segment",
      "unterminated_segment",
      "file_too_large",
      "binary_length",
      "unexpected_segment",
      "missing_trailer",
      "control_number_mismatch",
      "count_mismatch",
      "control_number_invalid",
      "duplicate_control_number",
      "version_note",
      "element_missing",
      "too_many_findings",
      "envelope_field_value",
      "no_schema",
      "schema_version_note",
      "segment_unrecognized",
      "segment_unexpected",
      "segment_missing",
      "loop_too_many",
      "segment_too_many",
      "segment_not_used",
      "loop_missing",
      "hierarchy",
      "required_element_missing",
      "conditional_missing",
      "too_many_data_elements",
      "element_too_short",
      "element_too_long",
      "invalid_character",
      "invalid_code",
      "invalid_date",
      "invalid_time",
      "exclusion_violated",
      "too_many_repetitions",
      "too_many_components",
      "element_not_used",
      "dependent_missing",
      "dependent_not_used",
      "situational_value",
      "claim_out_of_balance",
  };
  static_assert(kNames.size() == static_cast<std::size_t>(DiagCode::kClaimOutOfBalance) + 1);
  auto i = static_cast<std::size_t>(c);
  return i < kNames.size() && !kNames[i].empty() ? kNames[i] : std::string_view("unknown");
}

void DiagnosticList::Report(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  if (items_.size() < limit_) {
    items_.push_back(std::move(d));
    return;
  }
  if (dropped_++ == 0) {
    items_.push_back(Diagnostic{DiagCode::kTooManyFindings,
                                Severity::kWarning,
                                d.pos,
                                {},
                                "too many findings; the rest are counted but not listed",
                                {},
                                {}});
  }
}

void DiagnosticList::Clear() {
  items_.clear();
  errors_ = warnings_ = dropped_ = 0;
}

std::string DescribePosition(const Position& pos, std::string_view segment_id) {
  std::string out;
  if (pos.segment != 0) {
    out += "segment " + std::to_string(pos.segment);
    if (!segment_id.empty()) out += " (" + std::string(segment_id) + ")";
    if (pos.segment_in_set != 0) {
      out += ", #" + std::to_string(pos.segment_in_set) + " in its transaction set";
    }
  } else if (!segment_id.empty()) {
    out += std::string(segment_id);
  }
  if (pos.element != 0) {
    out += (out.empty() ? "" : " ") + std::string("element ") + std::to_string(pos.element);
  }
  if (pos.repetition != 0) out += " repetition " + std::to_string(pos.repetition);
  if (pos.component != 0) out += " component " + std::to_string(pos.component);
  out += (out.empty() ? "" : " ") + std::string("at byte ") + std::to_string(pos.byte_offset);
  return out;
}

}  // namespace edi
