// The delimiters of one interchange, read from its ISA (never hard-coded), and the X12 character
// classes. A plain value type; thread-safe to share once built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace edi {

struct Delimiters {
  char element = '*';
  char component = ':';
  char repetition = '^';  // meaningful only when has_repetition
  bool has_repetition = true;
  // The segment terminator: one byte almost always; a whole UTF-8 sequence when a file uses a
  // non-ASCII character (seen in the wild: U+2026). terminator[0] is what scans look for.
  std::array<char, 4> terminator = {'~', 0, 0, 0};
  std::uint8_t terminator_length = 1;

  char segment() const { return terminator[0]; }
  std::string_view terminator_view() const { return {terminator.data(), terminator_length}; }
  bool IsDelimiter(char c) const {
    return c == element || c == component || c == segment() || (has_repetition && c == repetition);
  }

  // The HIPAA defaults: * : ^ ~
  static Delimiters Default() { return {}; }
};

// X12 basic character set: upper-case letters, digits, space and ! " & ' ( ) * + , - . / : ; ? =
bool IsBasicChar(char c);
// X12 extended character set (5010): the basic set plus lower case and % @ [ ] _ { } \ | < > # $
// ~ ^ `: every printable ASCII character. Control characters and bytes >= 0x80 are outside it.
inline bool IsExtendedChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u <= 0x7e;
}

// Describes a delimiter for people: "'*'", "LF", "CR", "U+001D", "U+2026".
std::string DescribeDelimiter(std::string_view bytes);

}  // namespace edi
