#include "edi/segment.hpp"

namespace edi {

std::string_view NthPart(std::string_view text, char sep, std::size_t index) {
  if (index == 0) return {};
  std::size_t start = 0;
  for (std::size_t n = 1; n < index; ++n) {
    std::size_t at = text.find(sep, start);
    if (at == std::string_view::npos) return {};
    start = at + 1;
  }
  std::size_t end = text.find(sep, start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::size_t PartCount(std::string_view text, char sep) {
  std::size_t n = 1;
  for (char c : text) n += (c == sep);
  return n;
}

}  // namespace edi
