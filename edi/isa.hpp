// The ISA interchange header: where the delimiters of an interchange come from. ParseIsa reads
// the delimiters from the structure of the segment itself (element separator after "ISA", the
// 16th element separator, ISA16, then the terminator), so a short or long ISA can still be read
// and every field that is off is named. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edi/delimiters.hpp"
#include "edi/diagnostics.hpp"

namespace edi {

// Fixed widths of ISA01..ISA16 (index 0 is unused); the whole ISA with its terminator is 106.
inline constexpr std::array<std::uint8_t, 17> kIsaWidths = {0, 2, 10, 2, 10, 2, 15, 2, 15,
                                                            6, 4, 1,  5, 9,  1, 1,  1};
inline constexpr std::size_t kIsaLength = 106;
// How far ParseIsa looks for the end of the ISA before it gives up.
inline constexpr std::size_t kIsaSearchWindow = 1024;

struct InterchangeHeader {
  Delimiters delimiters;
  std::array<std::string, 17> fields;  // fields[1] = ISA01 ... fields[16] = ISA16, as written
  std::size_t length = 0;              // bytes from the 'I' through the terminator

  std::string_view sender_qualifier() const { return fields[5]; }
  std::string_view sender_id() const { return fields[6]; }
  std::string_view receiver_qualifier() const { return fields[7]; }
  std::string_view receiver_id() const { return fields[8]; }
  std::string_view date() const { return fields[9]; }
  std::string_view time() const { return fields[10]; }
  std::string_view version() const { return fields[12]; }
  std::string_view control_number() const { return fields[13]; }
  std::string_view ack_requested() const { return fields[14]; }
  std::string_view usage() const { return fields[15]; }
};

// Parses the ISA that starts at text[0] ('I'). `text` should hold at least kIsaSearchWindow
// bytes unless the input ends sooner. Reports every finding about the ISA to `sink` with
// positions relative to `base_offset` (the input offset of text[0]) and segment index
// `segment_index`. Returns nothing when the ISA cannot be delimited at all (truncated, invalid
// delimiters, line breaks inside it); a header with findings is still returned when it can be read.
std::optional<InterchangeHeader> ParseIsa(std::string_view text, std::uint64_t base_offset,
                                          std::uint64_t segment_index, DiagnosticSink& sink);

// True when `text` starts like an ISA: "ISA" followed by a character that could be a separator.
bool LooksLikeIsa(std::string_view text);

// Calendar checks used by ISA, GS and later the validator: CCYYMMDD / YYMMDD / HHMM[SS[d..]].
bool IsValidDate(std::string_view text);
// True when `text` is one or more ASCII digits.
bool IsDigits(std::string_view text);
bool IsValidTime(std::string_view text);

}  // namespace edi
