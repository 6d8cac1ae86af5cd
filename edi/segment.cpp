#include "edi/segment.hpp"

namespace edi {

std::string_view NthPart(std::string_view text, char sep, std::size_t index) {
  if (index == 0) return {};
  // Values are short (a qualifier, a code): a plain loop beats memchr's call.
  const char* p = text.data();
  const char* end = p + text.size();
  for (std::size_t n = 1; n < index; ++n) {
    while (p != end && *p != sep) ++p;
    if (p == end) return {};
    ++p;
  }
  const char* start = p;
  while (p != end && *p != sep) ++p;
  return {start, static_cast<std::size_t>(p - start)};
}

std::size_t PartCount(std::string_view text, char sep) {
  std::size_t n = 1;
  for (char c : text) n += (c == sep);
  return n;
}

}  // namespace edi
